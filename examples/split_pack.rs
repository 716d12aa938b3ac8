//! Writes the guide pack as the extension ships it (`build.sh`): `pack.json` without the UI
//! messages, and `messages-<lang>.json` per language, so a frame loads one language, not eight.
//! The source (`extension/guides/pack.json`) stays one file, edited by people.
//!   cargo run --quiet --example split_pack -- extension/guides/pack.json <outdir>
use legacy_token_guide::core::guide::Pack;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (src, out) = (&args[1], std::path::Path::new(&args[2]));
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let (rest, per) = Pack::split(&text).unwrap_or_else(|e| panic!("{src}: {e}"));
    std::fs::create_dir_all(out).unwrap();
    std::fs::write(out.join("pack.json"), rest).unwrap();
    for (lang, messages) in per {
        std::fs::write(out.join(format!("messages-{lang}.json")), messages).unwrap();
    }
}
