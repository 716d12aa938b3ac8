//! The user's settings and the storage keys every part shares. Pure.
use super::dates::Date;
use super::json::Json;

/// `storage.local` keys (the popup, options page and background use the same ones).
pub const SETTINGS_KEY: &str = "ltg.settings";
pub const GUIDE_KEY: &str = "ltg.guide";
pub const RESETS_KEY: &str = "ltg.resets";
/// The migration tracker: every token seen (`core::tracker`).
pub const TOKENS_KEY: &str = "ltg.tokens";
/// Stored entries that could not be read, kept aside instead of dropped (see `core::resets`).
pub const QUARANTINE_KEY: &str = "ltg.quarantine";

/// `ltg.settings`, validated: wrong-typed values read as absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// Legacy cut-off as `YYYY-MM-DD` (default 2025-04-01).
    pub cutoff: Option<String>,
    /// UI language ("auto" or absent: the page's, then the browser's).
    pub lang: Option<String>,
    /// Cover Auth Token values until Reveal (absent: on).
    pub mask: Option<bool>,
}

impl Settings {
    pub fn from_json(v: &Json) -> Settings {
        Settings {
            cutoff: v.opt_string("cutoff"),
            lang: v.opt_string("lang"),
            mask: v.get("mask").bool(),
        }
    }

    /// Secret masking is on unless switched off.
    pub fn mask(&self) -> bool {
        self.mask != Some(false)
    }

    /// The cut-off (validated; the default 2025-04-01 otherwise).
    pub fn cutoff(&self) -> Date {
        super::flags::cutoff_from(self.cutoff.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::parse;

    #[test]
    fn bad_values_fall_back() {
        let s = Settings::from_json(&parse(r#"{"cutoff": 5, "lang": "de"}"#).unwrap());
        assert_eq!(s.cutoff, None);
        assert_eq!(s.lang.as_deref(), Some("de"));
        assert_eq!(s.cutoff(), crate::core::flags::cutoff_from(None));
        assert!(s.mask(), "masking is on by default");
        assert!(!Settings::from_json(&parse(r#"{"mask": false}"#).unwrap()).mask());
        assert!(Settings::from_json(&parse(r#"{"mask": "no"}"#).unwrap()).mask());
        let s = Settings::from_json(&parse(r#"{"cutoff": "2024-01-31"}"#).unwrap());
        assert_eq!(s.cutoff().iso(), "2024-01-31");
        assert_eq!(
            Settings::from_json(&parse("[1]").unwrap()),
            Settings::default()
        );
    }
}
