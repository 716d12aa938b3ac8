//! Reset guard decisions and the `ltg.resets` store. Pure: no browser types.
//!
//! - [`classify`]: is a control's name one of the reset items (in any language)?
//! - [`looks_like_credential`]: refuse checklist entries that look like a secret.
//! - [`Resets`] / [`recover`]: the stored reminders, read permissively (what is readable is
//!   kept, unreadable items are dropped and counted, never silently).
use super::json::{self, Json};
use super::text::{self, Match};

/// The stored shape's version.
pub const SCHEMA: u32 = 1;
/// Reminders kept in storage (oldest finished ones go first).
pub const MAX_ITEMS: usize = 30;
/// Integrations per checklist.
pub const MAX_INTEGRATIONS: usize = 50;
/// Longest integration name / note kept.
pub const MAX_TEXT: usize = 120;

/// The guard kinds, in the order they are tried (specific labels before the bare "Reset").
pub const KINDS: [&str; 4] = ["reset-rw", "reset-ro", "reset-token", "reset"];

/// Which reset item a control is, from its normalised accessible name. `labels` holds each
/// kind's normalised labels. "Reset (Read/Write)", "Reset (Read-Only)" and "Reset Token" match
/// exactly or as a short prefix; the bare "Reset" only exactly, so "Reset filters…" or
/// "Reset (Read/Write)" never count as the scoped tokens' "Reset".
pub fn classify<'a>(name_norm: &str, labels: &[(&'a str, Vec<String>)]) -> Option<&'a str> {
    if name_norm.is_empty() {
        return None;
    }
    let mut prefix = None;
    for (kind, l) in labels {
        match text::match_labels(name_norm, l) {
            Match::Exact => return Some(kind),
            Match::Prefix if *kind != "reset" && prefix.is_none() => prefix = Some(*kind),
            _ => {}
        }
    }
    prefix
}

fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '=' | '_' | '-' | '~')
}

/// Runs of credential alphabet characters (hex, base64url; `/`, `+` and `.` split runs so
/// that URLs and sentences do not look like keys).
fn runs(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !token_char(c))
        .map(|r| r.trim_matches(|c| c == '-' || c == '_' || c == '='))
        .filter(|r| !r.is_empty())
}

/// Changes between lower case, upper case and digits: keys change often, words rarely.
fn transitions(r: &str) -> usize {
    let class = |c: char| {
        if c.is_ascii_digit() {
            1
        } else if c.is_ascii_uppercase() {
            2
        } else if c.is_ascii_lowercase() {
            3
        } else {
            0
        }
    };
    let mut n = 0;
    let mut last = 0;
    for c in r.chars().map(class).filter(|&k| k != 0) {
        if last != 0 && c != last {
            n += 1;
        }
        last = c;
    }
    n
}

/// Key-like: hex (or digits) with a digit in it, or mixed case and digits that change often.
fn key_like(r: &str, min: usize) -> bool {
    if r.len() < min {
        return false;
    }
    let digit = r.chars().any(|c| c.is_ascii_digit());
    let hex = r.chars().all(|c| c.is_ascii_hexdigit());
    (hex && digit) || transitions(r) >= if r.len() >= 40 { 3 } else { 5 }
}

/// Does an entry look like a credential? A hex/base64-like run of ≥ 20 characters, or a run of
/// ≥ 12 that is (or is part of, or holds) a key-like value shown on the page right now (e.g. an
/// Auth Token displayed there). `page_text` is only compared here, never kept.
pub fn looks_like_credential(entry: &str, page_text: &str) -> bool {
    let page_runs: Vec<&str> = runs(page_text).filter(|r| key_like(r, 12)).collect();
    runs(entry).any(|r| {
        key_like(r, 20)
            || (r.len() >= 12 && page_runs.iter().any(|p| p.contains(r) || r.contains(p)))
    }) || base64_runs(entry).any(|r| {
        r.len() >= 24
            && r.contains(['+', '/'])
            && r.contains(|c: char| c.is_ascii_digit())
            && transitions(r) >= 6
    })
}

/// Runs of the standard base64 alphabet (`+`, `/`, `=` padding kept), e.g. a pasted secret
/// `aGVsbG8+d29y/bGQ...`. Only counted when long and mixed like a key (see
/// [`looks_like_credential`]): URL paths are split by `.` and rarely mix case and digits.
fn base64_runs(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
        .map(|r| r.trim_end_matches('='))
        .filter(|r| !r.is_empty())
}

/// An entry split over the two fields of a checklist row: each field alone, and the end of
/// the name joined to the start of the note (a secret pasted half here, half there).
pub fn row_looks_like_credential(name: &str, note: &str, page_text: &str) -> bool {
    looks_like_credential(name, page_text)
        || looks_like_credential(note, page_text)
        || looks_like_credential(
            &format!("{}{}", name.trim_end(), note.trim_start()),
            page_text,
        )
}

/// One integration on a checklist.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Integration {
    /// Stable within its reminder (edits name it, never a list position).
    pub id: String,
    pub name: String,
    pub note: String,
    pub updated: bool,
    /// When it was ticked as updated (ms since the epoch), else when it was added.
    pub at: f64,
}

/// One confirmed reset and its checklist.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reminder {
    pub id: String,
    /// The guard kind: reset-rw | reset-ro | reset | reset-token.
    pub kind: String,
    /// The token's name as the page shows it (never its value).
    pub token: String,
    /// When the reset was confirmed (ms since the epoch).
    pub at: f64,
    pub dismissed: bool,
    pub integrations: Vec<Integration>,
    /// The account the page showed (`core::account::Seen` as JSON; Null when not recorded).
    pub account: Json,
}

/// `ltg.resets`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resets {
    pub schema: u32,
    pub items: Vec<Reminder>,
    /// Filled by [`recover`]: entries that could not be read (not stored).
    pub dropped: usize,
    /// Filled by [`recover`]: written by a newer version (schema above ours). Shown, never
    /// rewritten in our older shape.
    pub newer: bool,
    /// Filled by [`recover`]: the unreadable entries themselves, to keep aside (see
    /// [`quarantined`]) rather than drop with the next save. Never credential-like ones.
    pub bad: Vec<Json>,
}

fn num(v: &Json, key: &str) -> f64 {
    v.get(key).num().unwrap_or(0.0)
}

/// The entries of a stored list, each read by `read` (None: unreadable, kept in `bad`). A
/// present field that is not a list is one unreadable entry.
fn entries<T>(v: &Json, bad: &mut Vec<Json>, read: impl Fn(&Json) -> Option<T>) -> Vec<T> {
    match v {
        Json::Null => Vec::new(),
        Json::Arr(list) => {
            let mut out = Vec::new();
            for x in list {
                match read(x) {
                    Some(t) => out.push(t),
                    None => bad.push(x.clone()),
                }
            }
            out
        }
        other => {
            bad.push(other.clone());
            Vec::new()
        }
    }
}

impl Integration {
    /// An object (wrong-typed fields fall back to defaults) or, in an older shape, a plain
    /// name. Nameless entries are unreadable.
    fn from_json(v: &Json) -> Option<Integration> {
        let i = match v {
            Json::Str(s) => Integration {
                name: s.clone(),
                ..Default::default()
            },
            Json::Obj(_) => Integration {
                id: v.string("id"),
                name: v.string("name"),
                note: v.string("note"),
                updated: v.flag("updated"),
                at: num(v, "at"),
            },
            _ => return None,
        };
        (!i.name.trim().is_empty()).then_some(i)
    }

    fn to_json(&self) -> Json {
        json::obj([
            ("id", self.id.as_str().into()),
            ("name", self.name.as_str().into()),
            ("note", self.note.as_str().into()),
            ("updated", self.updated.into()),
            ("at", self.at.into()),
        ])
    }
}

impl Reminder {
    fn from_json(v: &Json, bad: &mut Vec<Json>) -> Option<Reminder> {
        v.obj()?;
        let id = v.string("id");
        let mut lost = Vec::new();
        let mut integrations = entries(v.get("integrations"), &mut lost, Integration::from_json);
        // Entries stored without an id (older shape) get one from their place, once.
        for (k, i) in integrations.iter_mut().enumerate() {
            if i.id.is_empty() {
                i.id = format!("n{k}");
            }
        }
        for x in lost {
            bad.push(json::obj([
                ("reminder", id.as_str().into()),
                ("integration", x),
            ]));
        }
        Some(Reminder {
            id,
            kind: v.string("kind"),
            token: v.string("token"),
            at: num(v, "at"),
            dismissed: v.flag("dismissed"),
            integrations,
            account: match v.get("account") {
                a @ Json::Obj(_) => super::account::Seen::from_json(a).to_json(),
                _ => Json::Null,
            },
        })
    }

    fn to_json(&self) -> Json {
        json::obj([
            ("id", self.id.as_str().into()),
            ("kind", self.kind.as_str().into()),
            ("token", self.token.as_str().into()),
            ("at", self.at.into()),
            ("dismissed", self.dismissed.into()),
            (
                "integrations",
                Json::Arr(self.integrations.iter().map(Integration::to_json).collect()),
            ),
            ("account", self.account.clone()),
        ])
    }
}

impl Resets {
    /// The stored shape (what the popup and the background read too).
    pub fn to_json(&self) -> Json {
        json::obj([
            ("schema", f64::from(self.schema).into()),
            (
                "items",
                Json::Arr(self.items.iter().map(Reminder::to_json).collect()),
            ),
        ])
    }
}

/// Read stored data. Whatever is readable is kept; unreadable entries are counted in `dropped`
/// and kept in `bad` (to be set aside, not lost). Entries that look like a credential (stored
/// by an older version) are dropped and counted, never kept anywhere. A schema above ours sets
/// `newer`: the caller shows the data but never writes it back.
pub fn recover(v: &Json) -> Resets {
    let mut r = Resets::default();
    match v {
        Json::Obj(_) => {
            let mut bad = Vec::new();
            let cell = std::cell::RefCell::new(Vec::new());
            r.items = entries(v.get("items"), &mut bad, |x| {
                Reminder::from_json(x, &mut cell.borrow_mut())
            });
            bad.extend(cell.into_inner());
            r.newer = v.get("schema").num().is_some_and(|n| n > f64::from(SCHEMA));
            r.bad = bad;
        }
        Json::Null => {}
        other => r.bad.push(other.clone()),
    }
    r.dropped = r.bad.len();
    for it in &mut r.items {
        let before = it.integrations.len();
        it.integrations
            .retain(|i| !row_looks_like_credential(&i.name, &i.note, ""));
        r.dropped += before - it.integrations.len();
        if looks_like_credential(&it.token, "") {
            it.token.clear();
        }
    }
    r.schema = SCHEMA;
    r
}

/// Entries kept aside at most (the oldest go first).
pub const MAX_QUARANTINE: usize = 50;

/// `ltg.quarantine` with unreadable entries of `from` added: `{schema, entries: [{from, at,
/// value}]}`. They are kept for the user (and a later version) instead of being dropped.
pub fn quarantined(existing: &Json, from: &str, bad: &[Json], at: f64) -> Json {
    let mut entries: Vec<Json> = existing
        .get("entries")
        .arr()
        .map(<[Json]>::to_vec)
        .unwrap_or_default();
    for b in bad {
        entries.push(json::obj([
            ("from", from.into()),
            ("at", at.into()),
            ("value", b.clone()),
        ]));
    }
    let skip = entries.len().saturating_sub(MAX_QUARANTINE);
    json::obj([
        ("schema", f64::from(SCHEMA).into()),
        (
            "entries",
            Json::Arr(entries.into_iter().skip(skip).collect()),
        ),
    ])
}

/// One change to the stored reminders. Applied to the latest stored value (read, apply,
/// write), so what other tabs and frames wrote meanwhile is kept; it names reminders and
/// integrations by id, never by list position, and applying it twice changes nothing more.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Confirm {
        id: String,
        kind: String,
        token: String,
        at: f64,
        /// The account the page showed (`core::account::Seen::to_json`), or Null.
        account: Json,
    },
    Add {
        reminder: String,
        id: String,
        name: String,
        note: String,
        at: f64,
    },
    Set {
        reminder: String,
        id: String,
        updated: bool,
        at: f64,
    },
    Remove {
        reminder: String,
        id: String,
    },
    Dismiss {
        reminder: String,
    },
}

impl Reminder {
    /// Integrations not yet updated.
    pub fn pending(&self) -> usize {
        self.integrations.iter().filter(|i| !i.updated).count()
    }
    /// Still shown: not dismissed, and nothing listed yet or something left to update.
    pub fn active(&self) -> bool {
        !self.dismissed && (self.integrations.is_empty() || self.pending() > 0)
    }
}

/// Why an entry was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    Credential,
    Full,
}

impl Resets {
    pub fn active(&self) -> impl Iterator<Item = (usize, &Reminder)> {
        self.items.iter().enumerate().filter(|(_, r)| r.active())
    }

    /// Integrations not yet updated over all shown reminders.
    pub fn pending(&self) -> usize {
        self.active().map(|(_, r)| r.pending()).sum()
    }

    /// Integrations listed earlier for a token (by its name), without duplicates.
    pub fn integrations_for(&self, token: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in self
            .items
            .iter()
            .filter(|r| !token.is_empty() && r.token == token)
        {
            for i in &r.integrations {
                if !out.iter().any(|o| o.eq_ignore_ascii_case(&i.name)) {
                    out.push(i.name.clone());
                }
            }
        }
        out
    }

    /// A confirmed reset: a new reminder whose checklist starts from the integrations listed
    /// for that token before (all "not updated": they all need the new value).
    pub fn confirm(&mut self, id: String, kind: &str, token: &str, now: f64) {
        let integrations = self
            .integrations_for(token)
            .into_iter()
            .enumerate()
            .map(|(k, name)| Integration {
                id: format!("c{k}"),
                name,
                at: now,
                ..Default::default()
            })
            .collect();
        self.items.push(Reminder {
            id,
            kind: kind.into(),
            token: token.into(),
            at: now,
            dismissed: false,
            integrations,
            account: Json::Null,
        });
        // Keep the newest; drop finished reminders first.
        while self.items.len() > MAX_ITEMS {
            let i = self.items.iter().position(|r| !r.active()).unwrap_or(0);
            self.items.remove(i);
        }
        self.schema = SCHEMA;
    }

    /// Apply one change (see [`Op`]). A reminder or integration that is gone is no error.
    pub fn apply(&mut self, op: &Op) -> Result<(), Refusal> {
        let find = |items: &mut Vec<Reminder>, id: &str| items.iter().position(|r| r.id == id);
        match op {
            Op::Confirm {
                id,
                kind,
                token,
                at,
                account,
            } => {
                if find(&mut self.items, id).is_none() {
                    self.confirm(id.clone(), kind, token, *at);
                    if let Some(r) = self.items.iter_mut().find(|r| r.id == *id) {
                        r.account = account.clone();
                    }
                }
            }
            Op::Add {
                reminder,
                id,
                name,
                note,
                at,
            } => {
                let Some(i) = find(&mut self.items, reminder) else {
                    return Ok(());
                };
                if self.items[i].integrations.iter().any(|x| x.id == *id) {
                    return Ok(());
                }
                self.add_entry(i, id, name, note, "", *at)?;
            }
            Op::Set {
                reminder,
                id,
                updated,
                at,
            } => {
                if let Some(i) = find(&mut self.items, reminder) {
                    if let Some(x) = self.items[i].integrations.iter_mut().find(|x| x.id == *id) {
                        x.updated = *updated;
                        x.at = *at;
                    }
                }
            }
            Op::Remove { reminder, id } => {
                if let Some(i) = find(&mut self.items, reminder) {
                    self.items[i].integrations.retain(|x| x.id != *id);
                }
            }
            Op::Dismiss { reminder } => {
                if let Some(i) = find(&mut self.items, reminder) {
                    self.items[i].dismissed = true;
                }
            }
        }
        self.schema = SCHEMA;
        Ok(())
    }

    /// Add an integration to a reminder by position, unless it is empty or looks like a
    /// credential (tests; the extension adds by [`Op::Add`] after [`Resets::check`]).
    #[cfg(test)]
    pub fn add(
        &mut self,
        item: usize,
        name: &str,
        note: &str,
        page_text: &str,
        now: f64,
    ) -> Result<(), Refusal> {
        let n = self.items.get(item).map_or(0, |r| r.integrations.len());
        self.add_entry(item, &format!("a{n}"), name, note, page_text, now)
    }

    /// Is this entry refused (empty, or looks like a credential, also against the page)?
    pub fn check(name: &str, note: &str, page_text: &str) -> Result<(), Refusal> {
        let (name, note) = (name.trim(), note.trim());
        if name.is_empty() {
            return Err(Refusal::Empty);
        }
        if row_looks_like_credential(name, note, page_text) {
            return Err(Refusal::Credential);
        }
        Ok(())
    }

    fn add_entry(
        &mut self,
        item: usize,
        id: &str,
        name: &str,
        note: &str,
        page_text: &str,
        now: f64,
    ) -> Result<(), Refusal> {
        let (name, note) = (name.trim(), note.trim());
        if name.is_empty() {
            return Err(Refusal::Empty);
        }
        if row_looks_like_credential(name, note, page_text) {
            return Err(Refusal::Credential);
        }
        let r = self.items.get_mut(item).ok_or(Refusal::Empty)?;
        if r.integrations.len() >= MAX_INTEGRATIONS {
            return Err(Refusal::Full);
        }
        r.integrations.push(Integration {
            id: id.to_string(),
            name: name.chars().take(MAX_TEXT).collect(),
            note: note.chars().take(MAX_TEXT).collect(),
            updated: false,
            at: now,
        });
        Ok(())
    }
}

/// A text that changes whenever anything shown of these reminders changes (to skip redraws).
/// Written by hand: `{:?}` would pull float formatting into the wasm.
pub fn fingerprint(items: &[Reminder]) -> String {
    let mut s = String::new();
    for r in items {
        for f in [r.id.as_str(), r.kind.as_str(), r.token.as_str()] {
            s.push_str(f);
            s.push('\u{1f}');
        }
        s.push_str(&(r.at as i64).to_string());
        s.push(if r.dismissed { '1' } else { '0' });
        for i in &r.integrations {
            s.push('\u{1f}');
            s.push_str(&i.name);
            s.push('\u{1f}');
            s.push_str(&i.note);
            s.push(if i.updated { '1' } else { '0' });
            s.push_str(&(i.at as i64).to_string());
        }
        s.push('\u{1e}');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test data written as JSON text.
    fn json(text: &str) -> Json {
        json::parse(text).unwrap()
    }

    fn labels() -> Vec<(&'static str, Vec<String>)> {
        let raw = include_str!("../../extension/guides/pack.json");
        let pack = crate::core::guide::Pack::parse(raw).unwrap();
        KINDS.iter().map(|k| (*k, pack.labels_norm(k))).collect()
    }

    #[test]
    fn classifies_reset_items_in_every_language() {
        let l = labels();
        let c = |s: &str| classify(&text::normalize(s), &l);
        assert_eq!(c("Reset (Read/Write)"), Some("reset-rw"));
        assert_eq!(c("重置 (读/写)"), Some("reset-rw"));
        assert_eq!(c("重置（只读）"), Some("reset-ro"));
        assert_eq!(c("Zurücksetzen (Nur-Lese)"), Some("reset-ro"));
        assert_eq!(c("Reset"), Some("reset"));
        assert_eq!(c("重置"), Some("reset"));
        assert_eq!(c("Restablecer"), Some("reset"));
        assert_eq!(c("Reset Token"), Some("reset-token"));
        assert_eq!(c("トークンをリセット"), Some("reset-token"));
        assert_eq!(c("Reset filters"), None);
        assert_eq!(c("View Details"), None);
        assert_eq!(c(""), None);
        // The fixture's es/fr/pt spell the scope in lower case: folding makes them equal.
        assert_eq!(c("Restablecer (lectura/escritura)"), Some("reset-rw"));
        assert_eq!(c("Réinitialiser (lecture seule)"), Some("reset-ro"));
        assert_eq!(c("Réinitialiser (lecture/écriture)"), Some("reset-rw"));
        assert_eq!(c("Redefinir (leitura/gravação)"), Some("reset-rw"));
        assert_eq!(c("リセット(読み取り専用)"), Some("reset-ro"));
        assert_eq!(c("Reimposta token"), Some("reset-token"));
        // A longer label that starts with a specific one still counts as that one.
        assert_eq!(c("Reset (Read/Write) token"), Some("reset-rw"));
    }

    #[test]
    fn credentials_are_recognised() {
        // The fixture's fake Auth Tokens and SIDs.
        for s in [
            "Xy9_a8b7C6d5E4f3G2h1I0j9K8l7M6n5",
            "IRa1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6",
            "token: OlGPomMgaaTl_KrQ4ruuFEzu_EhOA17b (prod)",
            "0123456789abcdef0123",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc",
            "12345678901234567890",
        ] {
            assert!(looks_like_credential(s, ""), "{s}");
        }
        for s in [
            "Salesforce sync",
            "Zapier: payouts → Google Sheets",
            "https://hooks.example.com/api/v2/orders",
            "CRM bridge (uses the R/W token)",
            "重置后更新 Shopify 插件",
            "",
        ] {
            assert!(!looks_like_credential(s, ""), "{s}");
        }
        // Standard base64 with `+`, `/` and `=` padding; a secret split over name and note.
        for s in [
            "aGVsbG8+d29ybGQ/Zm9vYmFyQmF6cXV4MTIzNDU2Nzg5MA==",
            "key: Qm9zdG9uIFJlZCBTb3gK+/zZ9YmFzZTY0U2VjcmV0",
        ] {
            assert!(looks_like_credential(s, ""), "{s}");
        }
        for s in [
            "https://hooks.example.com/api/v2/orders/items/all",
            "Shopify/WooCommerce/Magento + BigCommerce",
            "S3 bucket reports/2025/q1/export",
        ] {
            assert!(!looks_like_credential(s, ""), "{s}");
        }
        assert!(row_looks_like_credential(
            "Shopify Xy9_a8b7C6d5",
            "E4f3G2h1I0j9K8l7M6n5",
            ""
        ));
        assert!(!row_looks_like_credential(
            "Shopify",
            "store 2, updated by Ann",
            ""
        ));
        // A shorter value shown on the page counts too (compared, not kept).
        let page = "Auth Token ab12cd34ef56gh Copy";
        assert!(looks_like_credential("uses ab12cd34ef56gh", page));
        assert!(!looks_like_credential("uses ab12cd34", page));
        assert!(!looks_like_credential("Reporting sync", page));
    }

    #[test]
    fn recovers_what_is_readable_and_counts_the_rest() {
        let v = json(
            r#"{
            "schema": 1,
            "items": [
                {"id": "a", "kind": "reset-rw", "token": "Read/Write Token", "at": 1.0,
                 "integrations": [{"name": "Shopify", "updated": true, "at": 2.0},
                                  "Zapier", 42, {"name": ""},
                                  {"name": "Xy9_a8b7C6d5E4f3G2h1I0j9K8l7M6n5"}]},
                "garbage",
                {"id": "b", "dismissed": "yes", "integrations": "nope"}
            ]
        }"#,
        );
        let r = recover(&v);
        assert_eq!(r.items.len(), 2);
        let a = &r.items[0];
        assert_eq!(a.integrations.len(), 2);
        assert_eq!(a.integrations[0].name, "Shopify");
        assert!(a.integrations[0].updated);
        assert_eq!(a.integrations[1].name, "Zapier");
        // A wrong-typed field keeps the rest of its item.
        assert_eq!(r.items[1].id, "b");
        assert!(!r.items[1].dismissed);
        // 42, {"name": ""}, the credential, "garbage", "nope".
        assert_eq!(r.dropped, 5);
        assert_eq!(r.schema, SCHEMA);
        // Absent, wrong top-level type, old shape without schema.
        assert_eq!(recover(&json("{}")).dropped, 0);
        assert_eq!(recover(&json("\"corrupt\"")).dropped, 1);
        assert_eq!(recover(&json("[1, 2]")).dropped, 1);
        let old = recover(&json(
            r#"{"items": [{"token": "T", "integrations": ["A", "B"]}]}"#,
        ));
        assert_eq!(old.items[0].integrations.len(), 2);
        assert_eq!(old.schema, SCHEMA);
    }

    #[test]
    fn round_trips_and_keeps_the_background_shape() {
        let mut r = Resets::default();
        r.confirm("1".into(), "reset-ro", "Read-Only Token", 10.0);
        r.add(0, "Shopify", "store 2", "", 11.0).unwrap();
        let v = r.to_json();
        let item = &v.get("items").arr().unwrap()[0];
        let first = &item.get("integrations").arr().unwrap()[0];
        assert_eq!(first.get("updated"), &Json::Bool(false));
        assert_eq!(item.get("dismissed"), &Json::Bool(false));
        assert!(v.get("dropped").is_null());
        // Through the text, as storage keeps it.
        assert_eq!(recover(&json::parse(&v.write()).unwrap()), r);
    }

    #[test]
    fn checklist_rules() {
        let mut r = Resets::default();
        r.confirm("1".into(), "reset-rw", "Read/Write Token", 1.0);
        // A confirmed reset with nothing listed still shows (pending 0).
        assert!(r.items[0].active());
        assert_eq!(r.pending(), 0);
        assert_eq!(r.add(0, "  ", "", "", 2.0), Err(Refusal::Empty));
        assert_eq!(
            r.add(0, "Xy9_a8b7C6d5E4f3G2h1I0j9K8l7M6n5", "", "", 2.0),
            Err(Refusal::Credential)
        );
        assert_eq!(
            r.add(0, "CRM", "key 0123456789abcdef0123", "", 2.0),
            Err(Refusal::Credential)
        );
        r.add(0, "Shopify", "", "", 2.0).unwrap();
        r.add(0, "Zapier", "payouts", "", 2.0).unwrap();
        assert_eq!(r.pending(), 2);
        let set = |reminder: &str, id: &str| Op::Set {
            reminder: reminder.into(),
            id: id.into(),
            updated: true,
            at: 3.0,
        };
        r.apply(&set("1", "a0")).unwrap();
        assert_eq!(r.pending(), 1);
        r.apply(&set("1", "a1")).unwrap();
        // Every listed integration ticked: the reminder goes away.
        assert!(!r.items[0].active());
        // The next reset of the same token starts from the same list, all to update again.
        r.confirm("2".into(), "reset-rw", "Read/Write Token", 5.0);
        assert_eq!(r.items[1].integrations.len(), 2);
        assert_eq!(r.pending(), 2);
        assert_eq!(
            r.integrations_for("Read/Write Token"),
            ["Shopify", "Zapier"]
        );
        r.apply(&Op::Remove {
            reminder: "2".into(),
            id: "c0".into(),
        })
        .unwrap();
        r.apply(&Op::Dismiss {
            reminder: "2".into(),
        })
        .unwrap();
        assert_eq!(r.active().count(), 0);
        for i in 0..40 {
            r.confirm(format!("x{i}"), "reset", "s1", i as f64);
        }
        assert_eq!(r.items.len(), MAX_ITEMS);
    }

    #[test]
    fn ops_merge_with_what_is_stored() {
        // Two tabs read the same stored reminder, each adds an integration and writes: applied
        // to the latest stored value, both are kept.
        let mut stored = Resets::default();
        stored.confirm("r".into(), "reset-rw", "T", 1.0);
        let text = stored.to_json().write();
        let add = |who: &str, id: &str| Op::Add {
            reminder: "r".into(),
            id: id.into(),
            name: who.into(),
            note: String::new(),
            at: 2.0,
        };
        let mut a = recover(&json(&text));
        a.apply(&add("Shopify", "i1")).unwrap();
        let after_a = a.to_json().write();
        let mut b = recover(&json(&after_a));
        b.apply(&add("Zapier", "i2")).unwrap();
        // Replayed (a retry after a failed write): nothing more.
        b.apply(&add("Zapier", "i2")).unwrap();
        let names: Vec<_> = b.items[0].integrations.iter().map(|i| &i.name).collect();
        assert_eq!(names, ["Shopify", "Zapier"]);
        // By id, not by place: removing the first, then ticking "i2", ticks Zapier.
        b.apply(&Op::Remove {
            reminder: "r".into(),
            id: "i1".into(),
        })
        .unwrap();
        b.apply(&Op::Set {
            reminder: "r".into(),
            id: "i2".into(),
            updated: true,
            at: 3.0,
        })
        .unwrap();
        assert!(b.items[0].integrations[0].updated);
        // A reminder that is gone (dismissed and dropped elsewhere) is no error.
        assert_eq!(b.apply(&add("X", "i3")), Ok(()));
        b.apply(&Op::Dismiss {
            reminder: "r".into(),
        })
        .unwrap();
        assert!(!b.items[0].active());
        // Refusals hold for ops too.
        assert_eq!(b.apply(&add("  ", "i4")), Err(Refusal::Empty));
    }

    #[test]
    fn unreadable_entries_are_kept_aside_and_newer_data_is_flagged() {
        let v =
            json(r#"{"schema": 1, "items": ["junk", {"id": "r", "integrations": [7, "Old"]}]}"#);
        let r = recover(&v);
        assert_eq!(r.dropped, 2);
        assert_eq!(r.bad.len(), 2);
        assert_eq!(
            r.items[0].integrations[0].id, "n0",
            "older entries get an id"
        );
        let q = quarantined(&Json::Null, "ltg.resets", &r.bad, 5.0);
        let entries = q.get("entries").arr().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].get("value"), &Json::Str("junk".into()));
        assert_eq!(entries[1].get("value").get("integration"), &Json::Num(7.0));
        // Added to what is there, oldest dropped past the cap.
        let many: Vec<Json> = (0..60).map(|i| Json::Num(f64::from(i))).collect();
        let q2 = quarantined(&q, "ltg.resets", &many, 6.0);
        assert_eq!(q2.get("entries").arr().unwrap().len(), MAX_QUARANTINE);
        // A whole value that is not an object is kept aside too.
        assert_eq!(
            recover(&json("\"corrupt\"")).bad,
            vec![Json::Str("corrupt".into())]
        );
        // Credential-like entries are dropped, never kept aside.
        let c = recover(&json(
            r#"{"items": [{"id": "r", "integrations": ["Xy9_a8b7C6d5E4f3G2h1I0j9K8l7M6n5"]}]}"#,
        ));
        assert_eq!((c.dropped, c.bad.len()), (1, 0));
        // A newer schema is read (shown) and flagged (never written back).
        let n = recover(&json(
            r#"{"schema": 2, "items": [{"id": "r", "token": "T"}]}"#,
        ));
        assert!(n.newer);
        assert_eq!(n.items.len(), 1);
        assert!(!recover(&json(r#"{"schema": 1}"#)).newer);
    }
}
