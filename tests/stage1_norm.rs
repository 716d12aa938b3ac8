//! Stage one (extension/start.js) matches page text against labels the core normalised at
//! build time, with its own small normaliser. This checks that normaliser agrees with
//! `core::text::normalize` on every label of the pack and on the spellings the app may show
//! (widths, brackets, spaces, case, 帐/账, dashes, trailing colons), by running it under node.
#![cfg(not(target_arch = "wasm32"))]
use legacy_token_guide::core::{guide::Pack, text};

#[test]
fn stage_one_normaliser_agrees_with_the_core() {
    let js = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/extension/start.js"))
        .unwrap();
    let start = js
        .find("const norm = ")
        .expect("start.js defines `const norm = …`");
    let end = start + js[start..].find(";\n").expect("one statement");
    let norm_src = &js[start..=end];
    let pack = Pack::parse(include_str!("../extension/guides/pack.json")).unwrap();
    let mut samples: Vec<String> = pack.labels.values().flatten().cloned().collect();
    for s in [
        "RESET (READ/WRITE)",
        "Reset（Read/Write）",
        "【Reset】 Token",
        "レガシー　アカウント　トークン",
        "旧版帐户令牌",
        "Created On:",
        "Erstellt am：",
        "Zurücksetzen (Lese‐Schreib)",
        "  Réinitialiser  le   jeton ",
        "Ｒｅｓｅｔ Ｔｏｋｅｎ",
    ] {
        samples.push(s.to_string());
    }
    samples.sort();
    samples.dedup();
    let input = serde_json::to_string(&samples).unwrap();
    let script = format!(
        "{norm_src}\nconst xs = JSON.parse(process.argv[1]);\nprocess.stdout.write(JSON.stringify(xs.map(norm)));"
    );
    let out = std::process::Command::new("node")
        .arg("-e")
        .arg(&script)
        .arg(&input)
        .output()
        .expect("node must be installed (stage one's normaliser runs under it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    let bad: Vec<String> = samples
        .iter()
        .zip(&got)
        .filter(|(s, g)| text::normalize(s) != **g)
        .map(|(s, g)| format!("{s:?}: core {:?}, stage one {g:?}", text::normalize(s)))
        .collect();
    assert!(
        bad.is_empty(),
        "{} of {} differ:\n{}",
        bad.len(),
        samples.len(),
        bad.join("\n")
    );
}
