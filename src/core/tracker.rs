//! The migration tracker (issue 12): every token seen on the accounts the user visits, kept in
//! `ltg.tokens` — account, name, created date, verdict, first and last seen. The options page
//! lists it (with each token's resets and open integrations from `ltg.resets`) and exports it.
//! Never a secret: names come from the page walk (key-like text replaced), no values at all.
use super::account::Seen;
use super::json::{self, Json};

pub const SCHEMA: u32 = 1;
/// At most this many tokens are kept (the longest unseen go first).
pub const MAX: usize = 1000;

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub account: Seen,
    pub name: String,
    /// `YYYY-MM-DD` or empty (no certain date).
    pub created: String,
    /// "legacy", "current" or "unknown".
    pub verdict: String,
    /// First and last seen (ms since the epoch).
    pub first: f64,
    pub last: f64,
}

/// One token as a flags pass saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sighting {
    pub name: String,
    pub created: String,
    pub verdict: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tracker {
    pub items: Vec<Entry>,
    /// Written by a newer version: shown, never written back.
    pub newer: bool,
    /// Unreadable entries (skipped).
    pub dropped: usize,
}

fn text(v: &Json, key: &str) -> String {
    v.string(key).chars().take(80).collect()
}

/// Read `ltg.tokens` leniently: unreadable entries are skipped and counted.
pub fn recover(v: &Json) -> Tracker {
    let mut t = Tracker {
        newer: v.get("schema").num().is_some_and(|n| n > f64::from(SCHEMA)),
        ..Tracker::default()
    };
    for x in v.get("items").arr().unwrap_or_default() {
        let name = text(x, "name");
        if x.obj().is_none() || name.trim().is_empty() {
            t.dropped += 1;
            continue;
        }
        t.items.push(Entry {
            account: Seen::from_json(x.get("account")),
            name,
            created: text(x, "created"),
            verdict: text(x, "verdict"),
            first: x.get("first").num().unwrap_or(0.0),
            last: x.get("last").num().unwrap_or(0.0),
        });
    }
    t
}

impl Tracker {
    /// Record what one page showed of `account`: known tokens get their latest facts and
    /// `last`, new ones are added. Nameless tokens cannot be told apart and are not recorded.
    pub fn saw(&mut self, account: &Seen, tokens: &[Sighting], now: f64) {
        let key = account.key();
        // This account's entries by name (sorted, for a binary search: a page may show
        // thousands of tokens; no insertion into it below, the names seen are distinct).
        let mut index: Vec<(String, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, e)| e.account.key() == key)
            .map(|(i, e)| (e.name.clone(), i))
            .collect();
        super::sort::natural(&mut index);
        // Each name once (a page may repeat one), at most MAX of them.
        let mut news: Vec<&Sighting> = tokens
            .iter()
            .filter(|s| !s.name.trim().is_empty())
            .collect();
        super::sort::by(&mut news, |a, b| a.name.cmp(&b.name));
        news.dedup_by(|a, b| a.name == b.name);
        news.truncate(MAX);
        for s in news {
            match index.binary_search_by(|(n, _)| n.as_str().cmp(s.name.as_str())) {
                Ok(k) => {
                    let e = &mut self.items[index[k].1];
                    e.created = s.created.clone();
                    e.verdict = s.verdict.clone();
                    e.last = now;
                    // The page named the account this time: keep the fuller record.
                    if account.named() {
                        e.account = account.clone();
                    }
                }
                Err(_) => self.items.push(Entry {
                    account: account.clone(),
                    name: s.name.clone(),
                    created: s.created.clone(),
                    verdict: s.verdict.clone(),
                    first: now,
                    last: now,
                }),
            }
        }
        if self.items.len() > MAX {
            super::sort::by(&mut self.items, |a, b| {
                b.last
                    .partial_cmp(&a.last)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            self.items.truncate(MAX);
        }
    }

    pub fn to_json(&self) -> Json {
        let items = self.items.iter().map(|e| {
            json::obj([
                ("account", e.account.to_json()),
                ("name", e.name.as_str().into()),
                ("created", e.created.as_str().into()),
                ("verdict", e.verdict.as_str().into()),
                ("first", e.first.into()),
                ("last", e.last.into()),
            ])
        });
        json::obj([
            ("schema", f64::from(SCHEMA).into()),
            ("items", Json::Arr(items.collect())),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(name: &str, created: &str, verdict: &str) -> Sighting {
        Sighting {
            name: name.into(),
            created: created.into(),
            verdict: verdict.into(),
        }
    }

    #[test]
    fn tokens_per_account_first_and_last_seen() {
        let acme = Seen {
            kind: "agency".into(),
            name: "Acme".into(),
            id: "1".into(),
        };
        let beta = Seen {
            kind: "agency".into(),
            name: "Beta".into(),
            id: "2".into(),
        };
        let mut t = recover(&Json::Null);
        t.saw(
            &acme,
            &[s("Reporting", "2025-01-05", "legacy"), s("", "", "unknown")],
            10.0,
        );
        t.saw(&beta, &[s("Reporting", "2025-06-30", "current")], 20.0);
        t.saw(&acme, &[s("Reporting", "2025-01-05", "legacy")], 30.0);
        assert_eq!(
            t.items.len(),
            2,
            "one per account and name; nameless not kept"
        );
        t.saw(
            &acme,
            &[s("Twice", "", "unknown"), s("Twice", "", "unknown")],
            40.0,
        );
        assert_eq!(
            t.items.iter().filter(|e| e.name == "Twice").count(),
            1,
            "a repeated name once"
        );
        t.items.retain(|e| e.name != "Twice");
        assert_eq!((t.items[0].first, t.items[0].last), (10.0, 30.0));
        assert_eq!(t.items[1].account.name, "Beta");
        // Round trip; bad entries skipped and counted; newer flagged.
        let back = recover(&t.to_json());
        assert_eq!(back.items, t.items);
        let v = json::parse(
            r#"{"schema": 1, "items": [5, {"name": ""}, {"name": "X", "first": "y"}]}"#,
        )
        .unwrap();
        let r = recover(&v);
        assert_eq!((r.items.len(), r.dropped), (1, 2));
        assert!(recover(&json::parse(r#"{"schema": 9}"#).unwrap()).newer);
    }

    #[test]
    fn at_most_max_kept_newest_first() {
        let a = Seen {
            kind: "brand".into(),
            ..Seen::default()
        };
        let mut t = Tracker::default();
        let many: Vec<Sighting> = (0..MAX + 5)
            .map(|i| s(&format!("t{i}"), "", "unknown"))
            .collect();
        t.saw(&a, &many[..5], 1.0);
        t.saw(&a, &many[5..], 2.0);
        assert_eq!(t.items.len(), MAX);
        assert!(t.items.iter().all(|e| e.last == 2.0));
    }
}
