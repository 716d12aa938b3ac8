//! Which account a page belongs to, as the page shows it (issue 12): the account type from the
//! path, and its name and id where the page shows them with a label ("Account name", "Account
//! ID" in any language; `account-name`, `account-id` in the pack). Reminders and the token
//! tracker record it, so an agency with ten accounts can tell them apart. Never a secret: values
//! come from the page walk, where key-like text is already replaced (see `core::mask`).
use super::json::{self, Json};
use super::tokens::{self, Tree};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seen {
    /// "agency", "brand" or "partner" (empty when unknown).
    pub kind: String,
    pub name: String,
    pub id: String,
}

impl Seen {
    /// Read the page: its name and id where shown. `labels`: the normalised `account-name` and
    /// `account-id` labels.
    pub fn read(kind: &str, tree: &Tree, name_labels: &[String], id_labels: &[String]) -> Seen {
        Seen {
            kind: kind.to_string(),
            name: tokens::label_value(tree, name_labels).unwrap_or_default(),
            id: tokens::label_value(tree, id_labels).unwrap_or_default(),
        }
    }

    /// What tells two accounts apart: the type and the id, else the name ("" when neither is
    /// shown: all such accounts of one type are one).
    pub fn key(&self) -> String {
        let who = if !self.id.is_empty() {
            &self.id
        } else {
            &self.name
        };
        format!("{}:{}", self.kind, who)
    }

    pub fn to_json(&self) -> Json {
        json::obj([
            ("type", self.kind.as_str().into()),
            ("name", self.name.as_str().into()),
            ("id", self.id.as_str().into()),
        ])
    }

    /// Lenient: wrong types read as empty.
    pub fn from_json(v: &Json) -> Seen {
        let cap = |s: String| s.chars().take(80).collect::<String>();
        Seen {
            kind: cap(v.string("type")),
            name: cap(v.string("name")),
            id: cap(v.string("id")),
        }
    }

    /// Does the page show anything about the account beyond its type?
    pub fn named(&self) -> bool {
        !self.name.is_empty() || !self.id.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::guide::Pack;
    use crate::core::mask::KEY_MARK;
    use crate::core::tokens::{Kind, Node, NONE};

    fn labels(key: &str) -> Vec<String> {
        Pack::parse(include_str!("../../extension/guides/pack.json"))
            .unwrap()
            .labels_norm(key)
    }

    fn page(pairs: &[(&str, &str)]) -> Tree {
        let mut t = Tree::default();
        let el = |t: &mut Tree, parent: u32, tag: &str| {
            t.push(Node {
                parent,
                kind: Kind::Element,
                tag: tag.into(),
                role: String::new(),
                class: String::new(),
                name: String::new(),
                bits: 0,
            })
        };
        let text = |t: &mut Tree, parent: u32, s: &str| {
            t.push(Node {
                parent,
                kind: Kind::Text,
                tag: String::new(),
                role: String::new(),
                class: String::new(),
                name: s.into(),
                bits: 0,
            })
        };
        let root = el(&mut t, NONE, "header");
        let dl = el(&mut t, root, "dl");
        for (l, v) in pairs {
            let dt = el(&mut t, dl, "dt");
            text(&mut t, dt, l);
            let dd = el(&mut t, dl, "dd");
            text(&mut t, dd, v);
        }
        t.finish();
        t
    }

    #[test]
    fn name_and_id_as_shown_in_any_language() {
        let (n, i) = (labels("account-name"), labels("account-id"));
        let s = Seen::read(
            "agency",
            &page(&[("Account name", "Acme Media"), ("Account ID:", "4242")]),
            &n,
            &i,
        );
        assert_eq!((s.name.as_str(), s.id.as_str()), ("Acme Media", "4242"));
        assert_eq!(s.key(), "agency:4242");
        let s = Seen::read(
            "brand",
            &page(&[("账户名称", "北京示例"), ("Konto-ID", "77")]),
            &n,
            &i,
        );
        assert_eq!((s.name.as_str(), s.id.as_str()), ("北京示例", "77"));
        // Nothing shown: the type alone. A key-like value is never taken.
        let s = Seen::read("partner", &page(&[("Created", "Jan 5, 2025")]), &n, &i);
        assert_eq!(
            s,
            Seen {
                kind: "partner".into(),
                ..Seen::default()
            }
        );
        assert_eq!(s.key(), "partner:");
        let s = Seen::read("agency", &page(&[("Account ID", KEY_MARK)]), &n, &i);
        assert!(!s.named());
        // Round trip, lenient reading.
        let s = Seen {
            kind: "agency".into(),
            name: "Acme".into(),
            id: "1".into(),
        };
        assert_eq!(Seen::from_json(&s.to_json()), s);
        assert_eq!(
            Seen::from_json(&json::parse("[1]").unwrap()),
            Seen::default()
        );
    }
}
