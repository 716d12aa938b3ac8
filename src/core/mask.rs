//! Secret masking (issue 12): which elements show an Auth Token value, so the DOM layer can cover
//! them until the user clicks Reveal. The value itself never reaches this module: the page walk
//! replaces key-like text by [`KEY_MARK`] before it crosses (see `extension/core-bridge.js`), and
//! of a read-only `<input>` only "holds a value" is known ([`VALUE`]).
//!
//! A value is masked when it sits right after an Auth Token label (any language, a trailing
//! colon allowed): the next element after the label's element with nothing but white space
//! between (`dt`/`dd`, label and value cells or spans, `<label>` and its `<input>`), or the
//! element right after the label's text inside one element ("Auth Token: <code>…</code>"). The
//! value element must hold a key-like value and nothing else. A heading or a sentence that names
//! the Auth Token is no label: it is never the whole text of its element, or words stand between
//! it and the next element.
use super::text;
use super::tokens::{Kind, Tree, NONE, VALUE};

/// What the page walk puts in place of a key-like run of text (the DOM layer passes it in).
pub const KEY_MARK: &str = "\u{2060}key\u{2060}";

/// The elements holding an Auth Token value, in document order. `labels`: the Auth Token label
/// in every language, normalised ([`text::normalize`]).
pub fn values(tree: &Tree, labels: &[String]) -> Vec<u32> {
    let mut out = Vec::new();
    for t in 0..tree.nodes.len() as u32 {
        let n = tree.n(t);
        if n.kind != Kind::Text || n.name.len() > 60 || !labels.contains(&text::normalize(&n.name))
        {
            continue;
        }
        let p = tree.parent(t);
        if p == NONE || !tree.is_el(p) {
            continue;
        }
        // The label's text inside an element, its value right after it there.
        let after = next_node(tree, p, t);
        let found = match after {
            Some(v) => Some(v),
            // The label is its element's whole text: the value is the next element.
            None if only_text(tree, p, t) => {
                let mut at = p;
                let mut v = next_node(tree, tree.parent(at), at);
                // A label wrapped once (`<th><span>Auth Token</span></th>`): the wrapper's next.
                if v.is_none()
                    && tree.parent(at) != NONE
                    && tree.element_children(tree.parent(at)).count() == 1
                {
                    at = tree.parent(at);
                    if only_text(tree, at, t) {
                        v = next_node(tree, tree.parent(at), at);
                    }
                }
                v
            }
            None => None,
        };
        if let Some(v) = found
            .filter(|&v| tree.is_el(v))
            .and_then(|v| value_el(tree, v))
        {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// The node after `x` among `parent`'s children, skipping white space only (None: none, or
/// words come first).
fn next_node(tree: &Tree, parent: u32, x: u32) -> Option<u32> {
    if parent == NONE {
        return None;
    }
    let mut kids = tree.children(parent).skip_while(|&c| c != x).skip(1);
    kids.find(|&c| !(tree.n(c).kind == Kind::Text && tree.n(c).name.trim().is_empty()))
        .filter(|&c| tree.is_el(c))
}

/// `t` is the only text of element `p`.
fn only_text(tree: &Tree, p: u32, t: u32) -> bool {
    (p..tree.end_of(p))
        .all(|k| k == t || tree.n(k).kind != Kind::Text || tree.n(k).name.trim().is_empty())
}

/// The element holding the value: `v` itself when it is a read-only input with a value or its
/// whole text is one key-like value; else the one such input inside a wrapper without text
/// (`<div><input readonly></div>`).
fn value_el(tree: &Tree, v: u32) -> Option<u32> {
    let is_input = |k: u32| tree.is_el(k) && tree.tag_is(k, &["input"]);
    if is_input(v) {
        return (tree.n(v).bits & VALUE != 0).then_some(v);
    }
    let text = tree.text(v, 200);
    if text.trim() == KEY_MARK {
        return Some(v);
    }
    if !text.trim().is_empty() {
        return None;
    }
    let mut inputs = (v + 1..tree.end_of(v)).filter(|&k| is_input(k));
    match (inputs.next(), inputs.next()) {
        (Some(i), None) if tree.n(i).bits & VALUE != 0 => Some(i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::tokens::Node;

    /// A tree from a tiny notation: `(tag child…)`, `"text"`, `(input!)` a read-only input with
    /// a value.
    fn tree(src: &str) -> Tree {
        let mut t = Tree::default();
        let mut stack: Vec<u32> = Vec::new();
        let mut chars = src.chars().peekable();
        let el = |t: &mut Tree, parent: u32, tag: &str, bits: u8| {
            t.push(Node {
                parent,
                kind: Kind::Element,
                tag: tag.into(),
                role: String::new(),
                class: String::new(),
                name: String::new(),
                bits,
            })
        };
        while let Some(c) = chars.next() {
            match c {
                '(' => {
                    let mut tag = String::new();
                    while let Some(&c) = chars.peek() {
                        if c == ' ' || c == ')' {
                            break;
                        }
                        tag.push(c);
                        chars.next();
                    }
                    let bits = if tag.ends_with('!') {
                        tag.pop();
                        VALUE
                    } else {
                        0
                    };
                    let parent = stack.last().copied().unwrap_or(NONE);
                    let i = el(&mut t, parent, &tag, bits);
                    stack.push(i);
                }
                ')' => {
                    stack.pop();
                }
                '"' => {
                    let mut s = String::new();
                    for c in chars.by_ref() {
                        if c == '"' {
                            break;
                        }
                        s.push(c);
                    }
                    let s = s.replace("KEY", KEY_MARK);
                    t.push(Node {
                        parent: *stack.last().unwrap(),
                        kind: Kind::Text,
                        tag: String::new(),
                        role: String::new(),
                        class: String::new(),
                        name: s,
                        bits: 0,
                    });
                }
                _ => {}
            }
        }
        t.finish();
        t
    }

    fn tags(t: &Tree, found: &[u32]) -> Vec<String> {
        found
            .iter()
            .map(|&i| t.nodes[i as usize].tag.clone())
            .collect()
    }

    fn labels() -> Vec<String> {
        crate::core::guide::Pack::parse(include_str!("../../extension/guides/pack.json"))
            .unwrap()
            .labels_norm("auth-token")
    }

    #[test]
    fn values_next_to_their_label_in_every_layout() {
        let l = labels();
        let t = tree(
            r#"(dl (dt "Account SID") (dd "KEY") (dt "Auth Token:") (dd "KEY") (dt "Created") (dd "Jan 5, 2025"))"#,
        );
        assert_eq!(values(&t, &l), vec![7]);
        let t = tree(r#"(table (tr (th "Auth-Token") (td "KEY") (td (button "Kopieren"))))"#);
        assert_eq!(tags(&t, &values(&t, &l)), ["td"]);
        let t = tree(r#"(p "認証トークン：" (code "KEY") " " (button "コピー"))"#);
        assert_eq!(tags(&t, &values(&t, &l)), ["code"]);
        let t = tree(r#"(div (label "Token de autenticación") (input!))"#);
        assert_eq!(tags(&t, &values(&t, &l)), ["input"]);
        let t = tree(r#"(div (th (span "认证令牌")) (td (code "KEY")))"#);
        assert_eq!(tags(&t, &values(&t, &l)), ["td"]);
        // A field wrapped in its own box: the input inside it.
        let t = tree(r#"(form (div (label "Auth Token")) (div (input!)))"#);
        assert_eq!(tags(&t, &values(&t, &l)), ["input"]);
        let t = tree(r#"(form (div (label "Auth Token")) (div (input!) (input!)))"#);
        assert!(values(&t, &l).is_empty(), "two fields: not one value");
    }

    #[test]
    fn words_about_the_auth_token_are_no_label() {
        let l = labels();
        // A heading, prose with the bold word and a link later, a button: nothing.
        let t = tree(
            r#"(main (h2 "About the Auth Token") (p "Keep your " (strong "Auth Token") " out of " (a "KEY") ".") (p (strong "Auth Token") (a "KEY")) (button "Reset Auth Token"))"#,
        );
        // Only the <strong> followed directly by a key-like link counts (a label and its value).
        assert_eq!(tags(&t, &values(&t, &l)), ["a"]);
        // Not key-like: a name, a date, bullets, an empty input.
        let t = tree(
            r#"(dl (dt "Auth Token") (dd "Auth Token sync (legacy)") (dt "Auth Token") (dd "••••••") (dt "Auth Token") (dd (input)))"#,
        );
        assert!(values(&t, &l).is_empty());
        // A value with more than the key in it is not covered (its words would go with it).
        let t = tree(r#"(dl (dt "Auth Token") (dd "KEY" (button "Copy"))))"#);
        assert!(values(&t, &l).is_empty());
    }
}
