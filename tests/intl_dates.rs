//! The Intl oracle (issue 9): every date string the JS engine's ICU writes in the app's locales
//! and styles (short/medium/long/full, with and without a time) is read as exactly its date —
//! never a wrong one, never unread. Strings come from `node tools/intl-dates.mjs`.
#![cfg(not(target_arch = "wasm32"))]
use legacy_token_guide::core::dates::{self, Parsed};

#[test]
fn every_intl_format_reads_exactly() {
    let out = std::process::Command::new("node")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tools/intl-dates.mjs"))
        .output()
        .expect("node must be installed to generate the Intl oracle (tools/intl-dates.mjs)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let (mut n, mut bad) = (0, Vec::new());
    for line in text.lines() {
        let mut f = line.splitn(3, '\t');
        let (locale, iso, s) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        n += 1;
        let got = dates::parse(s, dates::order_for_lang(locale));
        let ok = matches!(&got, Parsed::Date(d) if d.iso() == iso);
        if !ok {
            bad.push(format!("{locale} {s:?}: want {iso}, got {got:?}"));
        }
    }
    assert!(n > 30_000, "only {n} oracle strings");
    assert!(
        bad.is_empty(),
        "{} of {n} misread, e.g.:\n{}",
        bad.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}
