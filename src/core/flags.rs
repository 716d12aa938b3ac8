//! Token flags: which "created" label/value pair gives a token's creation date, how the token is
//! classified against the cut-off (with the Legacy Account Tokens card as a second signal), and
//! what its badge and tooltip say. Pure: the DOM layer passes in plain strings.
use super::dates::{self, Class, Date, Order, Parsed};
use super::guide::fill;
use super::text;

/// Longest piece of text that can be a "created" label with its value in one element.
pub const MAX_LABEL_TEXT: usize = 160;

/// If `text` starts with one of the (normalised) "created" labels, the rest after the label and
/// its colon ("Created On: Jan 5, 2025" → "Jan 5, 2025"; "创建日期：2025年1月5日" → "2025年1月5日";
/// "Created On" → ""). The longest label wins, so "Created" does not cut "Created On" short.
/// Text that goes on with a word after the label ("Created by Ann") is not a created label,
/// unless that word starts a date ("Created Jan 5, 2025").
pub fn strip_label<'a, S: AsRef<str>>(text: &'a str, labels_norm: &[S]) -> Option<&'a str> {
    if text.len() > MAX_LABEL_TEXT {
        return None;
    }
    let max = labels_norm
        .iter()
        .map(|l| l.as_ref().len())
        .max()
        .unwrap_or(0);
    let mut norm = String::with_capacity(max + 8);
    let mut best: Option<usize> = None;
    let mut first = true;
    for (i, c) in text.char_indices() {
        let before = norm.len();
        text::push_norm(&mut norm, c);
        text::trim_end(&mut norm, before);
        if first && norm.is_empty() {
            continue;
        }
        first = false;
        if norm.len() > max {
            break;
        }
        if norm.len() != before {
            // Stop as soon as no label goes on like this (most page text: at the first letter).
            let mut ahead = false;
            for l in labels_norm.iter().map(|l| l.as_ref()) {
                if !l.is_empty() && l.starts_with(norm.as_str()) {
                    ahead = true;
                    if l.len() == norm.len() {
                        best = Some(i + c.len_utf8());
                    }
                }
            }
            if !ahead {
                break;
            }
        }
    }
    let rest = text[best?..]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '\u{200b}'));
    let rest = rest.trim_end();
    match rest.chars().next() {
        Some(c) if c.is_alphabetic() && !is_cjk(c) => {
            // "Created by Ann" is not a created label; "Created Jan 5, 2025" is.
            (dates::parse(rest, Order::Unknown) != Parsed::Unreadable).then_some(rest)
        }
        _ => Some(rest),
    }
}

/// Does a value start with a label of its own ("Last used: Jan 5, 2025", "Expires：…")? Then it
/// is another fact and must not be read as a created date. Times ("10:05") do not count.
pub fn starts_with_label(value: &str) -> bool {
    for c in value.chars() {
        if c.is_ascii_digit() {
            return false;
        }
        if c == ':' || c == '：' {
            return true;
        }
    }
    false
}

fn is_cjk(c: char) -> bool {
    ('\u{3040}'..='\u{9fff}').contains(&c) || ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// The default legacy cut-off: "created before April 2025".
pub const DEFAULT_CUTOFF: Date = Date {
    year: 2025,
    month: 4,
    day: 1,
};

/// The cut-off a settings value (`ltg.settings.cutoff`) asks for: a real `YYYY-MM-DD` date, else
/// the default.
pub fn cutoff_from(setting: Option<&str>) -> Date {
    setting.and_then(Date::parse_iso).unwrap_or(DEFAULT_CUTOFF)
}

/// What the page says about one token, decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub class: Class,
    /// What the created value says (Unreadable when there was none).
    pub parsed: Parsed,
    /// The token sits in the Legacy Account Tokens card.
    pub in_card: bool,
}

impl Verdict {
    /// The verdict as a number, equal exactly when [`describe`] says the same (class, card, the
    /// date or dates), for one cut-off and day: a big page describes each distinct verdict once.
    pub fn key(&self) -> u64 {
        let day = |d: Date| {
            (d.year.clamp(0, 9999) as u64) << 9 | u64::from(d.month) << 5 | u64::from(d.day)
        };
        let (kind, a, b) = match self.parsed {
            Parsed::Date(d) => (1, day(d), 0),
            Parsed::Ambiguous(x, y) => (2, day(x), day(y)),
            Parsed::Unreadable => (0, 0, 0),
        };
        let class = match self.class {
            Class::Legacy => 0,
            Class::Current => 1,
            Class::Unknown => 2,
        };
        kind | class << 2 | u64::from(self.in_card) << 4 | a << 5 | b << 28
    }

    /// `legacy`, `current`, `unknown`: the contract's `data-ltg-token` value.
    pub fn kind(&self) -> &'static str {
        match self.class {
            Class::Legacy => "legacy",
            Class::Current => "current",
            Class::Unknown => "unknown",
        }
    }

    /// The certain creation date (`data-ltg-created`); None for ambiguous or missing dates.
    pub fn created(&self) -> Option<Date> {
        match self.parsed {
            Parsed::Date(d) => Some(d),
            _ => None,
        }
    }
}

/// Classify one token. Being in the legacy card makes it legacy whatever the date says (the
/// tooltip then says both); a date is read with the page language's day/month order.
pub fn decide(value: Option<&str>, order: Order, in_card: bool, cutoff: Date) -> Verdict {
    let parsed = value.map_or(Parsed::Unreadable, |v| dates::parse(v, order));
    decide_parsed(parsed, in_card, cutoff)
}

/// [`decide`] for a date already read (the token model combines a token's facts first).
pub fn decide_parsed(parsed: Parsed, in_card: bool, cutoff: Date) -> Verdict {
    let by_date = dates::classify(&parsed, cutoff);
    let class = if in_card { Class::Legacy } else { by_date };
    Verdict {
        class,
        parsed,
        in_card,
    }
}

/// A date in the user's language: `flag.date` pattern (`{d}`, `{m}`, `{mon}`, `{y}`) and the
/// comma-separated `flag.months` names.
pub fn format_date(d: Date, pattern: &str, months: &str) -> String {
    let mon = months
        .split(',')
        .nth(usize::from(d.month.max(1) - 1))
        .unwrap_or("")
        .trim();
    fill(
        pattern,
        &[
            ("d", &d.day.to_string()),
            ("m", &d.month.to_string()),
            ("mon", mon),
            ("y", &d.year.to_string()),
        ],
    )
}

/// Badge text and tooltip for a verdict. `msg` looks up a message key in the user's language.
pub fn describe(
    v: &Verdict,
    cutoff: Date,
    today: Date,
    msg: &dyn Fn(&str) -> String,
) -> (String, String) {
    let fmt = |d: Date| format_date(d, &msg("flag.date"), &msg("flag.months"));
    let cut = fmt(cutoff);
    let badge = msg(match v.class {
        Class::Legacy => "flag.legacy",
        Class::Current => "flag.current",
        Class::Unknown => "flag.unknown",
    });
    let or = msg("flag.or");
    let (date_text, by_date) = match v.parsed {
        Parsed::Date(d) => (Some(fmt(d)), dates::classify(&v.parsed, cutoff)),
        Parsed::Ambiguous(a, b) => (
            Some(format!("{} {or} {}", fmt(a), fmt(b))),
            dates::classify(&v.parsed, cutoff),
        ),
        Parsed::Unreadable => (None, Class::Unknown),
    };
    let with = |key: &str| {
        fill(
            &msg(key),
            &[
                ("date", date_text.as_deref().unwrap_or("")),
                ("cutoff", &cut),
            ],
        )
    };
    let mut tip = match (by_date, v.in_card) {
        (Class::Legacy, false) => with("flag.tip.legacy"),
        (Class::Legacy, true) => format!("{} {}", with("flag.tip.card"), with("flag.tip.legacy")),
        (Class::Current, false) => with("flag.tip.current"),
        (Class::Current, true) => format!(
            "{} {}",
            with("flag.tip.card"),
            with("flag.tip.card-current")
        ),
        (Class::Unknown, card) => {
            let why = if date_text.is_some() {
                with("flag.tip.ambiguous")
            } else {
                with("flag.tip.unknown")
            };
            if card {
                format!("{} {why}", with("flag.tip.card"))
            } else {
                why
            }
        }
    };
    if let Parsed::Date(d) = v.parsed {
        let days = dates::age_days(d, today);
        if days >= 0 {
            tip.push(' ');
            // The singular has its own message in every language ("1 day", not "1 days").
            let key = if days == 1 {
                "flag.tip.age.one"
            } else {
                "flag.tip.age"
            };
            tip.push_str(&fill(&msg(key), &[("days", &days.to_string())]));
        }
    }
    (badge, tip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_keys_tell_apart_what_describe_tells_apart() {
        let d = |y, m, dd| Date::new(y, m, dd).unwrap();
        let mut all = Vec::new();
        for class in [Class::Legacy, Class::Current, Class::Unknown] {
            for in_card in [false, true] {
                for parsed in [
                    Parsed::Unreadable,
                    Parsed::Date(d(2025, 3, 31)),
                    Parsed::Date(d(2025, 4, 1)),
                    Parsed::Date(d(9999, 12, 31)),
                    Parsed::Ambiguous(d(2025, 3, 4), d(2025, 4, 3)),
                    Parsed::Ambiguous(d(2025, 4, 3), d(2025, 3, 4)),
                ] {
                    all.push(Verdict {
                        class,
                        parsed,
                        in_card,
                    });
                }
            }
        }
        for a in &all {
            for b in &all {
                assert_eq!(a.key() == b.key(), a == b, "{a:?} / {b:?}");
            }
        }
    }
    use crate::core::guide::{message, Pack};

    fn shipped() -> Pack {
        crate::core::guide::Pack::parse(include_str!("../../extension/guides/pack.json")).unwrap()
    }

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn labels() -> Vec<String> {
        shipped().labels_norm("created")
    }

    #[test]
    fn label_and_value_in_one_element() {
        let l = labels();
        for (text, want) in [
            ("Created On: Jan 5, 2025", Some("Jan 5, 2025")),
            ("Created on Jan 5, 2025", Some("Jan 5, 2025")),
            ("  Created On", Some("")),
            ("Created On:", Some("")),
            ("Created On (Read/Write)", Some("(Read/Write)")),
            ("CREATED ON：2025-01-05", Some("2025-01-05")),
            ("创建日期：2025年1月5日", Some("2025年1月5日")),
            ("创建日期 2025年1月5日", Some("2025年1月5日")),
            ("作成日", Some("")),
            ("作成日 2025/01/05", Some("2025/01/05")),
            ("Erstellt am 05.01.2025", Some("05.01.2025")),
            ("Erstellt am: 05.01.2025", Some("05.01.2025")),
            ("Creato il 5 gen 2025", Some("5 gen 2025")),
            ("Creado el 5 de enero de 2025", Some("5 de enero de 2025")),
            ("Créé le 5 janvier 2025", Some("5 janvier 2025")),
            ("Criado em 05/01/2025", Some("05/01/2025")),
            ("Created Jan 5, 2025", Some("Jan 5, 2025")),
            ("Created by Ann", None),
            ("Createdness", None),
            ("Last used: Jan 5, 2025", None),
            ("Expires: Jan 5, 2025", None),
            ("Reporting sync", None),
            ("", None),
        ] {
            assert_eq!(strip_label(text, &l), want, "{text:?}");
        }
        assert_eq!(strip_label(&"Created On ".repeat(40), &l), None);
    }

    #[test]
    fn cutoff_setting_is_validated() {
        assert_eq!(cutoff_from(None), d(2025, 4, 1));
        assert_eq!(cutoff_from(Some("2025-06-01")), d(2025, 6, 1));
        for bad in [
            "",
            "2025-02-30",
            "June 2025",
            "2025-6-1",
            "2025-06-01T00:00",
        ] {
            assert_eq!(cutoff_from(Some(bad)), DEFAULT_CUTOFF, "{bad:?}");
        }
    }

    #[test]
    fn values_with_their_own_label_are_other_facts() {
        assert!(starts_with_label("Last used: Jan 5, 2025"));
        assert!(starts_with_label("上次使用：2025年1月5日"));
        assert!(!starts_with_label("Jan 5, 2025 10:05"));
        assert!(!starts_with_label("2025-01-05T10:05:00Z"));
        assert!(!starts_with_label("—"));
    }

    #[test]
    fn classification_and_card() {
        let cut = d(2025, 4, 1);
        let en = Order::MonthFirst;
        let v = decide(Some("Mar 12, 2024"), en, false, cut);
        assert_eq!((v.kind(), v.created()), ("legacy", Some(d(2024, 3, 12))));
        assert_eq!(
            decide(Some("Jun 2, 2025"), en, false, cut).kind(),
            "current"
        );
        assert_eq!(decide(Some("—"), en, false, cut).kind(), "unknown");
        assert_eq!(decide(None, en, false, cut).kind(), "unknown");
        assert_eq!(decide(None, en, true, cut).kind(), "legacy");
        let v = decide(Some("Jun 2, 2025"), en, true, cut);
        assert_eq!((v.kind(), v.created()), ("legacy", Some(d(2025, 6, 2))));
        // Ambiguous: classified only when both readings agree.
        let u = Order::Unknown;
        assert_eq!(decide(Some("02/03/2024"), u, false, cut).kind(), "legacy");
        assert_eq!(decide(Some("02/03/2024"), u, false, cut).created(), None);
        assert_eq!(decide(Some("03/04/2025"), u, false, cut).kind(), "unknown");
        assert_eq!(
            decide(Some("03/04/2025"), Order::DayFirst, false, cut).kind(),
            "current"
        );
        // Cut-off is exclusive.
        assert_eq!(decide(Some("2025-04-01"), u, false, cut).kind(), "current");
        assert_eq!(decide(Some("2025-03-31"), u, false, cut).kind(), "legacy");
    }

    #[test]
    fn one_day_is_singular_in_every_language() {
        let pack = shipped();
        let cut = d(2025, 4, 1);
        let v = decide(Some("2025-10-14"), Order::Unknown, false, cut);
        for lang in ["en", "zh", "ja", "de", "it", "es", "fr", "pt"] {
            let m = |k: &str| message(&pack, lang, k).to_string();
            let (_, one) = describe(&v, cut, d(2025, 10, 15), &m);
            let (_, two) = describe(&v, cut, d(2025, 10, 16), &m);
            let want_one = fill(&m("flag.tip.age.one"), &[("days", "1")]);
            assert!(one.ends_with(&want_one), "{lang}: {one}");
            assert!(
                two.contains('2') && !two.ends_with(&want_one),
                "{lang}: {two}"
            );
        }
        let en = |k: &str| message(&pack, "en", k).to_string();
        assert!(describe(&v, cut, d(2025, 10, 15), &en)
            .1
            .ends_with("Age: 1 day."));
        assert!(describe(&v, cut, d(2025, 10, 16), &en)
            .1
            .ends_with("Age: 2 days."));
    }

    #[test]
    fn tooltips_in_every_language() {
        let pack = shipped();
        let cut = d(2025, 4, 1);
        let today = d(2025, 10, 15);
        let en = |k: &str| message(&pack, "en", k).to_string();
        let v = decide(Some("Mar 12, 2024"), Order::MonthFirst, false, cut);
        let (badge, tip) = describe(&v, cut, today, &en);
        assert_eq!(badge, "Legacy");
        assert!(
            tip.starts_with(
                "Created 12 Mar 2024, before 1 Apr 2025: legacy tokens have broad access"
            ),
            "{tip}"
        );
        assert!(tip.contains("582 days"), "{tip}");
        let v = decide(Some("Jun 2, 2025"), Order::MonthFirst, true, cut);
        let (badge, tip) = describe(&v, cut, today, &en);
        assert_eq!(badge, "Legacy");
        assert!(
            tip.contains("Legacy Account Tokens") && tip.contains("2 Jun 2025"),
            "{tip}"
        );
        let v = decide(Some("03/04/2025"), Order::Unknown, false, cut);
        let (badge, tip) = describe(&v, cut, today, &en);
        assert_eq!(badge, "Date unknown");
        assert!(
            tip.contains("4 Mar 2025") && tip.contains("3 Apr 2025"),
            "{tip}"
        );
        let (badge, _) = describe(&decide(None, Order::Unknown, false, cut), cut, today, &en);
        assert_eq!(badge, "Date unknown");
        for lang in ["en", "zh", "ja", "de", "it", "es", "fr", "pt"] {
            let m = |k: &str| message(&pack, lang, k).to_string();
            for (value, card) in [
                (Some("2024-03-12"), false),
                (Some("2025-06-02"), true),
                (None, false),
                (Some("03/04/2025"), false),
            ] {
                let v = decide(value, Order::Unknown, card, cut);
                let (badge, tip) = describe(&v, cut, today, &m);
                assert!(!badge.is_empty() && !tip.contains('{'), "{lang}: {tip}");
            }
        }
        let de = |k: &str| message(&pack, "de", k).to_string();
        assert_eq!(
            format_date(d(2024, 3, 12), &de("flag.date"), &de("flag.months")),
            "12. März 2024"
        );
        let zh = |k: &str| message(&pack, "zh", k).to_string();
        assert_eq!(
            format_date(d(2024, 3, 12), &zh("flag.date"), &zh("flag.months")),
            "2024年3月12日"
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn strip_label_never_panics(s in "\\PC{0,200}") {
                let l = labels();
                if let Some(rest) = strip_label(&s, &l) {
                    prop_assert!(s.contains(rest));
                }
            }
        }
    }
}
