//! Label normalisation and matching. Pure: no browser types.
//!
//! The app and the help center write the same label with full- or half-width characters,
//! different brackets (`[ ]`, `【 】`, `［ ］`), optional spaces (`レガシー アカウント トークン`),
//! a trailing colon and mixed case. [`normalize`] folds all of these so two spellings of one
//! label compare equal. It is a targeted subset of NFKC (full-width ASCII, ideographic space,
//! half-width katakana are not needed by any label) to keep the wasm small.

/// Fold a label for comparison: width-fold, lower-case, drop brackets, a trailing colon and
/// every space (CJK labels are spaced inconsistently, Latin ones never differ only by spaces).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_norm(&mut out, c);
    }
    trim_end(&mut out, 0);
    out
}

/// One character of [`normalize`], appended to `out` (no allocation of its own: this runs for
/// every character of a big page's text).
pub fn push_norm(out: &mut String, c: char) {
    if c.is_ascii() {
        // (The common case: no width folding, no multi-character lower case.)
        if !c.is_whitespace() && !matches!(c, '[' | ']') {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    match fold_width(c) {
        '【' | '】' | '〔' | '〕' | '「' | '」' => {}
        c if c.is_whitespace() || c == '\u{200b}' || c == '\u{00a0}' => {}
        c if c.is_ascii() => push_norm(out, c),
        c => out.extend(c.to_lowercase()),
    }
}

/// Drop a trailing colon, full stop or ellipsis from `out`, not before byte `from`.
pub fn trim_end(out: &mut String, from: usize) {
    while out.len() > from && (out.ends_with(':') || out.ends_with('.') || out.ends_with('…')) {
        out.pop();
    }
}

/// Full-width ASCII (U+FF01..U+FF5E) to ASCII, ideographic space to a space.
fn fold_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        // zh writes "account" as both 帐 and 账.
        '帐' => '账',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => '-',
        c => c,
    }
}

/// How a piece of page text relates to a wanted label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// Nothing in common.
    None,
    /// The text starts with the label and goes on ("Reset (Read/Write) token").
    Prefix,
    /// The text is the label.
    Exact,
}

/// Compare already-normalised text with already-normalised labels; the best match wins.
pub fn match_labels<S: AsRef<str>>(text_norm: &str, labels_norm: &[S]) -> Match {
    let mut best = Match::None;
    for l in labels_norm {
        let l = l.as_ref();
        if l.is_empty() {
            continue;
        }
        if text_norm == l {
            return Match::Exact;
        }
        // A prefix only counts when the rest is short, so "Settings" does not match a paragraph
        // that happens to start with that word.
        if text_norm.starts_with(l) && text_norm.len() <= l.len() + 24 {
            best = Match::Prefix;
        }
    }
    best
}

/// True when `haystack_norm` contains any of the normalised labels.
pub fn contains_any<S: AsRef<str>>(haystack_norm: &str, labels_norm: &[S]) -> bool {
    labels_norm
        .iter()
        .any(|l| !l.as_ref().is_empty() && haystack_norm.contains(l.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_widths_brackets_spaces_and_case() {
        assert_eq!(normalize("［More］"), normalize("[More]"));
        assert_eq!(normalize("【更多】"), "更多");
        assert_eq!(normalize("重置（读/写）"), normalize("重置(读/写)"));
        assert_eq!(
            normalize("レガシー アカウント トークン"),
            normalize("レガシーアカウントトークン")
        );
        assert_eq!(normalize("Created On:"), "createdon");
        assert_eq!(normalize("创建日期："), "创建日期");
        assert_eq!(normalize("旧版帐户令牌"), normalize("旧版账户令牌"));
        assert_eq!(
            normalize("ENABLE  Legacy\u{a0}Tokens"),
            "enablelegacytokens"
        );
        assert_eq!(normalize("Nur–Lese"), "nur-lese");
    }

    #[test]
    fn matches_exact_prefix_none() {
        let labels = [normalize("Reset (Read/Write)"), normalize("重置（读/写）")];
        assert_eq!(
            match_labels(&normalize("重置 (读/写)"), &labels),
            Match::Exact
        );
        assert_eq!(
            match_labels(&normalize("Reset (Read/Write) token"), &labels),
            Match::Prefix
        );
        assert_eq!(match_labels(&normalize("Reset"), &labels), Match::None);
        let long = normalize("Reset (Read/Write) then every integration must be updated at once");
        assert_eq!(match_labels(&long, &labels), Match::None);
        assert!(contains_any(
            &normalize("The 旧版账户令牌 card"),
            &[normalize("旧版账户令牌")]
        ));
        assert!(!contains_any("abc", &[String::new()]));
    }
}
