//! `cargo +nightly fuzz run parse_date`: the date reader must never panic and only ever
//! return real calendar dates in the supported range.
#![no_main]

use legacy_token_guide::core::dates::{classify, order_for_lang, parse, Date, Order, Parsed};
use libfuzzer_sys::fuzz_target;

fn check(d: Date) {
    assert!((1970..=2100).contains(&d.year), "{d:?}");
    assert_eq!(Date::new(d.year, d.month, d.day), Some(d));
    assert_eq!(Date::parse_iso(&d.iso()), Some(d));
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cutoff = Date::new(2025, 4, 1).unwrap();
    for order in [Order::MonthFirst, Order::DayFirst, Order::Unknown] {
        let parsed = parse(text, order);
        match parsed {
            Parsed::Date(d) => check(d),
            Parsed::Ambiguous(a, b) => {
                assert_eq!(order, Order::Unknown, "a known order never stays ambiguous");
                assert_ne!(a, b);
                check(a);
                check(b);
            }
            Parsed::Unreadable => {}
        }
        let _ = classify(&parsed, cutoff);
    }
    if let Some(d) = Date::parse_iso(text) {
        assert_eq!(d.iso(), text);
    }
    let _ = order_for_lang(text);
});
