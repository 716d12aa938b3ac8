//! Token creation dates: read the date shown on the page and compare it with the legacy cut-off.
//! Pure: "today" and the page language are arguments, so it behaves the same in wasm and tests.
//!
//! The reader is a small hand-written scanner instead of a regex or a date crate, to keep the
//! wasm small. It splits the text into tokens (digit runs, words, punctuation, spaces, CJK
//! 年/月/日 markers) without allocating, and at every number or month name tries the few date
//! shapes that can start there. The first shape that matches decides: if it is not a real
//! calendar date (31 Feb, year outside 1970..=2100) the answer is [`Parsed::Unreadable`], never a
//! guess from text further on.

/// Calendar date (proleptic Gregorian). `Ord` is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Years a token creation date can plausibly have; anything else on the page is not one.
const MIN_YEAR: u16 = 1970;
const MAX_YEAR: u16 = 2100;

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// `None` unless `month`/`day` exist in `year` (no 31 Feb, month 13, 29 Feb 2023).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (1..=days_in_month(year, month))
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil: years start in March so the leap day is last.
        let m = i64::from(self.month);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Strict `YYYY-MM-DD` (settings values), any valid calendar date.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u16, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
            })
        };
        Date::new(i32::from(num(0..4)?), num(5..7)? as u8, num(8..10)? as u8)
    }
}

/// Numeric day/month order implied by a page language tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    MonthFirst,
    DayFirst,
    Unknown,
}

/// Languages whose numeric dates put the day first. Languages that write numeric dates year
/// first (zh, ja, ko, sv, hu, lt...) are left out: their dates are read without an order.
const DAY_FIRST_LANGS: &[&str] = &[
    "de", "it", "es", "fr", "pt", "nl", "ru", "pl", "uk", "cs", "sk", "da", "nb", "nn", "no", "fi",
    "tr", "el", "ro", "id", "vi",
];

/// Bare `en` is [`Order::Unknown`]: the app's English may be US or British. Only `en-US` is
/// month-first; other English regions are day-first when they reliably are, else unknown.
pub fn order_for_lang(lang: &str) -> Order {
    let mut parts = lang.trim().split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    // Region: first 2-letter (or 3-digit UN M.49) subtag; 4-letter script subtags are skipped.
    let region =
        parts.find(|p| p.len() == 2 || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit())));
    if primary.eq_ignore_ascii_case("en") {
        let Some(region) = region else {
            return Order::Unknown;
        };
        let is = |r: &str| region.eq_ignore_ascii_case(r);
        if is("us") {
            Order::MonthFirst
        } else if ["gb", "uk", "au", "ie", "in", "nz"].into_iter().any(is) {
            Order::DayFirst
        } else {
            Order::Unknown
        }
    } else if DAY_FIRST_LANGS
        .iter()
        .any(|l| l.eq_ignore_ascii_case(primary))
    {
        Order::DayFirst
    } else {
        Order::Unknown
    }
}

/// What a string says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// One certain date.
    Date(Date),
    /// Numeric d/m vs m/d order unknown: both readings are valid dates (first = month-first
    /// reading).
    Ambiguous(Date, Date),
    /// Not a date we can read.
    Unreadable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Legacy,
    Current,
    Unknown,
}

/// Legacy when created strictly before the cut-off. For Ambiguous: classify only if both
/// readings fall on the same side, else Unknown. Unreadable → Unknown.
pub fn classify(parsed: &Parsed, cutoff: Date) -> Class {
    let side = |d: &Date| {
        if *d < cutoff {
            Class::Legacy
        } else {
            Class::Current
        }
    };
    match parsed {
        Parsed::Date(d) => side(d),
        Parsed::Ambiguous(a, b) if side(a) == side(b) => side(a),
        _ => Class::Unknown,
    }
}

/// Age in whole days from `created` to `today` (negative if `created` is in the future).
pub fn age_days(created: Date, today: Date) -> i64 {
    today.days_since_epoch() - created.days_since_epoch()
}

/// Read the first date in `text`; `order` only settles numeric `05/01/2025`-style dates.
pub fn parse(text: &str, order: Order) -> Parsed {
    let mut lx = Lexer {
        s: text,
        i: 0,
        ahead: None,
    };
    // The two tokens before the current one, to spot the minutes of a time ("10:05 Jan 2025").
    let mut prev = [Tok::Other; 2];
    while let Some(t) = lx.next() {
        let found = match t {
            Tok::Num(..) if prev[0] == Tok::P(b':') && matches!(prev[1], Tok::Num(..)) => None,
            Tok::Num(..) | Tok::Month(_) => {
                // Peeked once here, shared by the clones and this loop; it also rules out
                // shapes that cannot start with this pair of tokens without trying them.
                let after = lx.peek();
                let sep = matches!(after, Some(Tok::P(b'-' | b'/' | b'.')));
                match t {
                    Tok::Num(y, 4) if sep => year_first(lx.clone(), y),
                    Tok::Num(y, 4) => cjk(lx.clone(), y),
                    Tok::Num(a, 1..=2) => (if sep {
                        numeric(lx.clone(), a, order)
                    } else {
                        None
                    })
                    .or_else(|| day_month_year(lx.clone(), a)),
                    Tok::Month(m) => month_day_year(lx.clone(), m),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(p) = found {
            return p;
        }
        prev = [t, prev[0]];
    }
    Parsed::Unreadable
}

fn checked(y: u16, m: u16, d: u16) -> Option<Date> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return None;
    }
    Date::new(i32::from(y), u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

fn certain(y: u16, m: u16, d: u16) -> Parsed {
    checked(y, m, d).map_or(Parsed::Unreadable, Parsed::Date)
}

/// `2025-01-05`, `2025/1/5`, `2025.01.05`, ko `2025. 1. 5.` (the lexer is after the year).
fn year_first(mut c: Lexer, y: u16) -> Option<Parsed> {
    let sep = c.sep()?;
    let dot = sep == b'.';
    if dot {
        c.eat(Tok::Space);
    }
    let m = c.num(1, 2)?;
    c.expect(Tok::P(sep))?;
    if dot {
        c.eat(Tok::Space);
    }
    let d = c.num(1, 2)?;
    Some(certain(y, m, d))
}

/// zh/ja `2025年1月5日`, ko `2025년 1월 5일`, spaced or not.
fn cjk(mut c: Lexer, y: u16) -> Option<Parsed> {
    c.eat(Tok::Space);
    c.expect(Tok::YearMark)?;
    c.eat(Tok::Space);
    let m = c.num(1, 2)?;
    c.eat(Tok::Space);
    c.expect(Tok::MonthMark)?;
    c.eat(Tok::Space);
    let d = c.num(1, 2)?;
    c.eat(Tok::Space);
    c.expect(Tok::DayMark)?;
    Some(certain(y, m, d))
}

/// `05/01/2025`, `5-1-2025`, `05.01.2025`. A reading that is not a date loses whatever the
/// order; the dotted form is day-first everywhere it is used (de and friends).
fn numeric(mut c: Lexer, a: u16, order: Order) -> Option<Parsed> {
    let sep = c.sep()?;
    let b = c.num(1, 2)?;
    c.expect(Tok::P(sep))?;
    // Short styles write two-digit years (`5/8/24`, `08.05.24`); no token predates 2000.
    let y = match c.next()? {
        Tok::Num(y, 4) => y,
        Tok::Num(y, 2) => 2000 + y,
        _ => return None,
    };
    if sep == b'.' {
        return Some(certain(y, b, a));
    }
    Some(match (checked(y, a, b), checked(y, b, a)) {
        (Some(mf), Some(df)) if mf == df => Parsed::Date(mf),
        (Some(mf), Some(df)) => match order {
            Order::MonthFirst => Parsed::Date(mf),
            Order::DayFirst => Parsed::Date(df),
            Order::Unknown => Parsed::Ambiguous(mf, df),
        },
        (Some(d), None) | (None, Some(d)) => Parsed::Date(d),
        (None, None) => Parsed::Unreadable,
    })
}

/// `5 Jan 2025`, `5. März 2025`, `5 de enero de 2025`, `1er janvier 2025`, `5th of May 2025`.
fn day_month_year(mut c: Lexer, d: u16) -> Option<Parsed> {
    c.eat(Tok::Ordinal);
    c.gap();
    if c.eat(Tok::Filler) {
        c.gap();
    }
    let Tok::Month(m) = c.next()? else {
        return None;
    };
    c.gap();
    if c.eat(Tok::Filler) {
        c.gap();
    }
    let y = c.num(4, 4)?;
    Some(certain(y, u16::from(m), d))
}

/// `Jan 5, 2025`, `Sept. 5 2025`, `January 5th, 2025`.
fn month_day_year(mut c: Lexer, m: u8) -> Option<Parsed> {
    c.gap();
    let d = c.num(1, 2)?;
    c.eat(Tok::Ordinal);
    c.gap();
    let y = c.num(4, 4)?;
    Some(certain(y, u16::from(m), d))
}

#[derive(Debug, Clone, Copy, Eq)]
enum Tok {
    /// Digit run: value of its first four digits and its length (saturating).
    Num(u16, u8),
    Month(u8),
    /// es/pt "de", "del", en "of" between the parts of a written-out date.
    Filler,
    /// "st", "nd", "rd", "th", fr "er" glued to a day number.
    Ordinal,
    Word,
    Space,
    /// ASCII punctuation (full-width and dash variants folded).
    P(u8),
    YearMark,
    MonthMark,
    DayMark,
    Other,
}

// Hand-written so it inlines: derived `eq` stays a call at `opt-level = "z"`.
impl PartialEq for Tok {
    #[inline(always)]
    fn eq(&self, other: &Tok) -> bool {
        use Tok::*;
        match (*self, *other) {
            (Num(a, b), Num(c, d)) => a == c && b == d,
            (Month(a), Month(b)) => a == b,
            (P(a), P(b)) => a == b,
            (a, b) => std::mem::discriminant(&a) == std::mem::discriminant(&b),
        }
    }
}

/// Token reader with one token of lookahead, so trying a shape and backing off does not lex
/// the same text again. Cloning it is how a shape is tried without consuming.
#[derive(Clone)]
struct Lexer<'a> {
    s: &'a str,
    /// Always on a char boundary.
    i: usize,
    /// The token at `i` and where it ends, once peeked.
    ahead: Option<(Tok, usize)>,
}

/// ASCII or full-width (U+FF10..U+FF19) digit at byte `i`: (value, byte length).
#[inline(always)]
fn digit_at(b: &[u8], i: usize) -> Option<(u8, usize)> {
    match *b.get(i)? {
        c @ b'0'..=b'9' => Some((c - b'0', 1)),
        0xEF if b.get(i + 1) == Some(&0xBC) => match *b.get(i + 2)? {
            c @ 0x90..=0x99 => Some((c - 0x90, 3)),
            _ => None,
        },
        _ => None,
    }
}

#[inline(always)]
fn is_space(ch: char) -> bool {
    ch.is_whitespace() || ch == '\u{200b}' || ch == '\u{feff}'
}

/// Combining diacritics, so decomposed "fe\u{301}vrier" stays one word.
#[inline(always)]
fn is_combining(ch: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&ch)
}

/// Non-ASCII characters that are tokens of their own; `None` for letters.
fn non_ascii_tok(ch: char) -> Option<Tok> {
    Some(match ch {
        '年' | '년' => Tok::YearMark,
        '月' | '월' => Tok::MonthMark,
        '日' | '일' => Tok::DayMark,
        '／' => Tok::P(b'/'),
        '－' | '\u{2010}'..='\u{2013}' | '\u{2212}' => Tok::P(b'-'),
        '．' => Tok::P(b'.'),
        '，' | '、' => Tok::P(b','),
        '：' => Tok::P(b':'),
        // Kana, CJK ideographs, Hangul: letters, without the slow Unicode table lookup.
        '\u{3040}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}' => return None,
        c if is_space(c) => Tok::Space,
        c if c.is_alphabetic() || is_combining(c) => return None,
        _ => Tok::Other,
    })
}

/// Latin-1 letter to its unaccented lower-case ASCII base, 0 if it has none.
fn fold_latin1(ch: char) -> u8 {
    match ch as u32 {
        c @ 0xC0..=0xFF => match c | 0x20 {
            0xE0..=0xE5 => b'a',
            0xE7 => b'c',
            0xE8..=0xEB => b'e',
            0xEC..=0xEF => b'i',
            0xF1 => b'n',
            0xF2..=0xF6 => b'o',
            0xF9..=0xFC => b'u',
            _ => 0,
        },
        _ => 0,
    }
}

/// Month names and abbreviations of en, de, it, es, fr, pt, accents folded. No spelling means
/// different months in two languages ("mar" is March in it/es/pt; as the it/es/fr abbreviation
/// of Tuesday it never sits between a day and a year, so it cannot produce a date).
fn classify_word(w: &[u8]) -> Tok {
    Tok::Month(match w {
        b"jan" | b"january" | b"januar" | b"janner" | b"jaenner" | b"gen" | b"gennaio" | b"ene"
        | b"enero" | b"janv" | b"janvier" | b"janeiro" => 1,
        b"feb" | b"february" | b"februar" | b"febbraio" | b"febrero" | b"fev" | b"fevr"
        | b"fevrier" | b"fevereiro" => 2,
        b"mar" | b"march" | b"marz" | b"maerz" | b"mrz" | b"marzo" | b"mars" | b"marco" => 3,
        b"apr" | b"april" | b"aprile" | b"abr" | b"abril" | b"avr" | b"avril" => 4,
        b"may" | b"mai" | b"maggio" | b"mag" | b"mayo" | b"maio" => 5,
        b"jun" | b"june" | b"juni" | b"giugno" | b"giu" | b"junio" | b"juin" | b"junho" => 6,
        b"jul" | b"july" | b"juli" | b"luglio" | b"lug" | b"julio" | b"juil" | b"juillet"
        | b"julho" => 7,
        b"aug" | b"august" | b"agosto" | b"ago" | b"aout" => 8,
        b"sep" | b"sept" | b"september" | b"settembre" | b"set" | b"septiembre" | b"setiembre"
        | b"septembre" | b"setembro" => 9,
        b"oct" | b"october" | b"oktober" | b"okt" | b"ottobre" | b"ott" | b"octubre"
        | b"octobre" | b"outubro" | b"out" => 10,
        b"nov" | b"november" | b"novembre" | b"noviembre" | b"novembro" => 11,
        b"dec" | b"december" | b"dezember" | b"dez" | b"dicembre" | b"dic" | b"diciembre"
        | b"decembre" | b"dezembro" => 12,
        b"de" | b"del" | b"of" => return Tok::Filler,
        b"st" | b"nd" | b"rd" | b"th" | b"er" => return Tok::Ordinal,
        _ => return Tok::Word,
    })
}

/// The token starting at byte `*i` of `s`; advances `*i` past it.
#[inline(always)]
fn lex(s: &str, i: &mut usize) -> Option<Tok> {
    let b = s.as_bytes();
    let c = *b.get(*i)?;
    if c.is_ascii_alphabetic() {
        return Some(word(s, i));
    }
    if c.is_ascii_digit() {
        return Some(number(b, i));
    }
    if c.is_ascii() {
        *i += 1;
        if c.is_ascii_whitespace() {
            // Usually one plain space: skip the call.
            if b.get(*i)
                .is_some_and(|&n| !n.is_ascii() || n.is_ascii_whitespace())
            {
                skip_spaces(s, i);
            }
            return Some(Tok::Space);
        }
        return Some(Tok::P(c));
    }
    if digit_at(b, *i).is_some() {
        return Some(number(b, i));
    }
    let ch = char_at(s, *i)?;
    match non_ascii_tok(ch) {
        None => Some(word(s, i)),
        Some(t) => {
            *i += ch.len_utf8();
            if t == Tok::Space {
                skip_spaces(s, i);
            }
            Some(t)
        }
    }
}

/// The char starting at byte `i` (a char boundary). Hand-decoded: `str::chars` is a call per
/// char at `opt-level = "z"`.
#[inline(always)]
fn char_at(s: &str, i: usize) -> Option<char> {
    let b = s.as_bytes();
    let c0 = u32::from(*b.get(i)?);
    let cont = |k: usize| b.get(i + k).map_or(0, |&c| u32::from(c & 0x3f));
    let c = match c0 {
        0..=0x7f => c0,
        0xc0..=0xdf => (c0 & 0x1f) << 6 | cont(1),
        0xe0..=0xef => (c0 & 0x0f) << 12 | cont(1) << 6 | cont(2),
        _ => (c0 & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3),
    };
    char::from_u32(c)
}

fn skip_spaces(s: &str, i: &mut usize) {
    let b = s.as_bytes();
    while let Some(&c) = b.get(*i) {
        if c.is_ascii_whitespace() {
            *i += 1;
            continue;
        }
        match char_at(s, *i) {
            Some(ch) if !ch.is_ascii() && is_space(ch) => *i += ch.len_utf8(),
            _ => break,
        }
    }
}

#[inline(always)]
fn number(b: &[u8], i: &mut usize) -> Tok {
    let (mut val, mut len) = (0u16, 0u8);
    let mut j = *i;
    loop {
        let (d, w) = match b.get(j) {
            Some(&c) if c.is_ascii_digit() => (c - b'0', 1),
            Some(0xEF) => match digit_at(b, j) {
                Some(dw) => dw,
                None => break,
            },
            _ => break,
        };
        j += w;
        if len < 4 {
            val = val * 10 + u16::from(d);
        }
        len = len.saturating_add(1);
    }
    *i = j;
    Tok::Num(val, len)
}

fn word(s: &str, i: &mut usize) -> Tok {
    let b = s.as_bytes();
    let mut j = *i;
    // Fast path: a plain ASCII word.
    while b.get(j).is_some_and(u8::is_ascii_alphabetic) {
        j += 1;
    }
    if b.get(j).is_none_or(|c| c.is_ascii()) {
        let w = &b[*i..j];
        *i = j;
        if w.len() > 10 {
            return Tok::Word;
        }
        let mut buf = [0u8; 10];
        for (d, c) in buf.iter_mut().zip(w) {
            *d = c | 0x20;
        }
        return classify_word(&buf[..w.len()]);
    }
    j = *i;
    let mut buf = [0u8; 10]; // longest month name: "septiembre"
    let mut n = 0;
    let mut known = true; // false once a letter has no ASCII base or the word is too long
    while let Some(&c) = b.get(j) {
        let f = if c.is_ascii_alphabetic() {
            j += 1;
            c | 0x20
        } else if c.is_ascii() {
            break;
        } else {
            let Some(ch) = char_at(s, j) else { break };
            if is_combining(ch) {
                j += ch.len_utf8();
                continue;
            }
            if non_ascii_tok(ch).is_some() {
                break;
            }
            j += ch.len_utf8();
            fold_latin1(ch)
        };
        if f != 0 && n < buf.len() {
            buf[n] = f;
            n += 1;
        } else {
            known = false;
        }
    }
    *i = j;
    if known {
        classify_word(&buf[..n])
    } else {
        Tok::Word
    }
}

impl Lexer<'_> {
    #[inline(always)]
    fn peek(&mut self) -> Option<Tok> {
        if self.ahead.is_none() {
            let mut end = self.i;
            self.ahead = Some((lex(self.s, &mut end)?, end));
        }
        self.ahead.map(|(t, _)| t)
    }

    #[inline(always)]
    fn next(&mut self) -> Option<Tok> {
        let t = self.peek()?;
        self.bump();
        Some(t)
    }

    /// Consume the peeked token.
    #[inline(always)]
    fn bump(&mut self) {
        if let Some((_, end)) = self.ahead.take() {
            self.i = end;
        }
    }

    #[inline(always)]
    fn eat(&mut self, t: Tok) -> bool {
        let hit = matches!(self.peek(), Some(p) if p == t);
        if hit {
            self.bump();
        }
        hit
    }

    fn expect(&mut self, t: Tok) -> Option<()> {
        self.eat(t).then_some(())
    }

    /// Separator of a numeric date.
    fn sep(&mut self) -> Option<u8> {
        match self.next()? {
            Tok::P(s @ (b'-' | b'/' | b'.')) => Some(s),
            _ => None,
        }
    }

    /// A number of `min..=max` digits.
    fn num(&mut self, min: u8, max: u8) -> Option<u16> {
        match self.next()? {
            Tok::Num(v, len) if (min..=max).contains(&len) => Some(v),
            _ => None,
        }
    }

    /// Spaces and the punctuation between the parts of a written-out date ("Jan. 5, 2025",
    /// "5. März", "05-Jan-2025").
    fn gap(&mut self) {
        while matches!(
            self.peek(),
            Some(Tok::Space | Tok::P(b',' | b'.' | b'-' | b'/'))
        ) {
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn p(y: i32, m: u8, day: u8) -> Parsed {
        Parsed::Date(d(y, m, day))
    }

    const U: Parsed = Parsed::Unreadable;

    #[test]
    fn table() {
        let amb = |a: Date, b: Date| Parsed::Ambiguous(a, b);
        let cases: &[(&str, &str, Parsed)] = &[
            // en-US
            ("en-US", "Created on Jan 5, 2025", p(2025, 1, 5)),
            ("en-US", "January 5, 2025", p(2025, 1, 5)),
            ("en-US", "Jan. 5, 2025", p(2025, 1, 5)),
            ("en-US", "Sept 5, 2025", p(2025, 9, 5)),
            ("en-US", "Jan 5 2025", p(2025, 1, 5)),
            ("en-US", "December 31st, 2024", p(2024, 12, 31)),
            ("en-US", "Mon, Jan 5, 2025 10:00 AM", p(2025, 1, 5)),
            ("en-US", "Created On: 2025-01-05 14:03", p(2025, 1, 5)),
            ("en-US", "01/05/2025", p(2025, 1, 5)),
            ("en-US", "1/5/2025 10:00 AM", p(2025, 1, 5)),
            ("en-US", "13/05/2025", p(2025, 5, 13)),
            ("en-US", "Feb 29, 2023", U),
            ("en-US", "Feb 29, 2024", p(2024, 2, 29)),
            ("en-US", "Last used 3 days ago", U),
            ("en-US", "Marked 5, 2025", U),
            ("en-US", "01/05/25", p(2025, 1, 5)),
            ("en-US", "5/8/24, 12:42 PM", p(2024, 5, 8)),
            ("de", "08.05.24", p(2024, 5, 8)),
            ("es", "27/5/25, 12:42", p(2025, 5, 27)),
            ("en", "5/8/24", amb(d(2024, 5, 8), d(2024, 8, 5))),
            ("en-US", "01/05/025", U),
            ("en-US", "Jan 5, 1969", U),
            ("en-US", "Jan 5, 2101", U),
            ("en-US", "Jan 32, 2025", U),
            ("en-US", "10:05 Jan 2025", U),
            ("en-US", "at 10:05 on 5 Jan 2025", p(2025, 1, 5)),
            ("en-US", "2025-01-05 and 2024-12-31", p(2025, 1, 5)),
            ("en-US", "99999999999999999999/01/2025", U),
            ("en-US", "", U),
            // en-GB
            ("en-GB", "05/01/2025", p(2025, 1, 5)),
            ("en-GB", "5 Jan 2025", p(2025, 1, 5)),
            ("en-GB", "05 Jan 2025", p(2025, 1, 5)),
            ("en-GB", "5 January 2025", p(2025, 1, 5)),
            ("en-GB", "5th of January 2025", p(2025, 1, 5)),
            ("en-GB", "05-Jan-2025", p(2025, 1, 5)),
            ("en-GB", "31/02/2025", U),
            ("en-GB", "12/31/2025", p(2025, 12, 31)),
            // bare en
            ("en", "01/05/2025", amb(d(2025, 1, 5), d(2025, 5, 1))),
            ("en", "05/05/2025", p(2025, 5, 5)),
            ("en", "13/05/2025", p(2025, 5, 13)),
            ("en", "05-01-2025", amb(d(2025, 5, 1), d(2025, 1, 5))),
            ("en", "31/02/2025", U),
            ("en", "13/13/2025", U),
            ("en", "Jan 5, 2025", p(2025, 1, 5)),
            // ISO-ish, any language
            ("en", "2025-01-05T14:03:00Z", p(2025, 1, 5)),
            ("en", "2025-01-05T14:03:00.123+02:00", p(2025, 1, 5)),
            ("en", "2025-01-05 14:03:00", p(2025, 1, 5)),
            ("en", "2025/1/5", p(2025, 1, 5)),
            ("en", "2025.01.05", p(2025, 1, 5)),
            ("en", "2025-02-30", U),
            // zh
            ("zh-CN", "创建日期：2025年1月5日 星期日", p(2025, 1, 5)),
            ("zh-CN", "2025年01月05日", p(2025, 1, 5)),
            ("zh-CN", "2025 年 1 月 5 日", p(2025, 1, 5)),
            ("zh-CN", "２０２５年１月５日", p(2025, 1, 5)),
            ("zh-CN", "2025-01-05 14:03:00", p(2025, 1, 5)),
            ("zh-CN", "01/05/2025", amb(d(2025, 1, 5), d(2025, 5, 1))),
            ("zh-CN", "2025年2月30日", U),
            // ja
            ("ja", "作成日 2025/01/05 10:00", p(2025, 1, 5)),
            ("ja", "2025年1月5日(日)", p(2025, 1, 5)),
            ("ja", "2025／01／05", p(2025, 1, 5)),
            // ko
            ("ko", "2025년 1월 5일", p(2025, 1, 5)),
            ("ko", "2025. 1. 5. 오후 2:03", p(2025, 1, 5)),
            // de
            ("de", "05.01.2025", p(2025, 1, 5)),
            ("de", "5.1.2025", p(2025, 1, 5)),
            ("de", "Erstellt am 05.01.2025, 14:03", p(2025, 1, 5)),
            ("de", "5. Januar 2025", p(2025, 1, 5)),
            ("de", "5. Jan. 2025", p(2025, 1, 5)),
            ("de", "5. März 2025", p(2025, 3, 5)),
            ("de", "5. Maerz 2025", p(2025, 3, 5)),
            ("de", "3. Mai 2025", p(2025, 5, 3)),
            ("de", "5. Okt. 2025", p(2025, 10, 5)),
            ("de", "24. Dez. 2025", p(2025, 12, 24)),
            ("de", "31.02.2025", U),
            // dotted is day-first even for en-US
            ("en-US", "05.01.2025", p(2025, 1, 5)),
            // it
            ("it", "5 gen 2025", p(2025, 1, 5)),
            ("it", "5 gennaio 2025", p(2025, 1, 5)),
            ("it", "05 feb 2025", p(2025, 2, 5)),
            ("it", "mar 5 ago 2025", p(2025, 8, 5)),
            ("it", "12 dic 2025", p(2025, 12, 12)),
            ("it", "05/01/2025", p(2025, 1, 5)),
            // es
            ("es", "5 de enero de 2025", p(2025, 1, 5)),
            ("es", "5 ene 2025", p(2025, 1, 5)),
            ("es", "5 ene. 2025", p(2025, 1, 5)),
            ("es", "mar, 5 de ago. de 2025", p(2025, 8, 5)),
            ("es", "15 de setiembre de 2025", p(2025, 9, 15)),
            ("es", "1 de sept. de 2025", p(2025, 9, 1)),
            ("es", "5 de mayo del 2025", p(2025, 5, 5)),
            // fr
            ("fr", "5 janv. 2025", p(2025, 1, 5)),
            ("fr", "5 janvier 2025", p(2025, 1, 5)),
            ("fr", "1er janvier 2025", p(2025, 1, 1)),
            ("fr", "5 février 2025", p(2025, 2, 5)),
            ("fr", "5 fevrier 2025", p(2025, 2, 5)),
            ("fr", "5 fe\u{301}vr. 2025", p(2025, 2, 5)),
            ("fr", "15 août 2025", p(2025, 8, 15)),
            ("fr", "15 AOUT 2025", p(2025, 8, 15)),
            ("fr", "mar. 5 août 2025", p(2025, 8, 5)),
            ("fr", "24\u{a0}déc.\u{202f}2025", p(2025, 12, 24)),
            ("fr", "5 decembre 2025", p(2025, 12, 5)),
            // pt-BR
            ("pt-BR", "5 de janeiro de 2025", p(2025, 1, 5)),
            ("pt-BR", "05/01/2025", p(2025, 1, 5)),
            ("pt-BR", "5 de jan. de 2025", p(2025, 1, 5)),
            ("pt-BR", "7 de março de 2025", p(2025, 3, 7)),
            ("pt-BR", "5 de out. de 2025", p(2025, 10, 5)),
            ("pt-BR", "5 de dez. de 2025", p(2025, 12, 5)),
        ];
        for (lang, text, want) in cases {
            assert_eq!(parse(text, order_for_lang(lang)), *want, "{lang}: {text:?}");
        }
    }

    #[test]
    fn orders() {
        use Order::*;
        for (lang, want) in [
            ("en-US", MonthFirst),
            ("EN_us", MonthFirst),
            ("en-Latn-US", MonthFirst),
            ("en", Unknown),
            ("en-CA", Unknown),
            ("en-GB", DayFirst),
            ("en-au", DayFirst),
            ("en-IE", DayFirst),
            ("en-IN", DayFirst),
            ("en-NZ", DayFirst),
            ("de", DayFirst),
            ("de-DE", DayFirst),
            ("it", DayFirst),
            ("es-419", DayFirst),
            ("fr", DayFirst),
            ("pt-BR", DayFirst),
            ("pt_br", DayFirst),
            ("nl", DayFirst),
            ("ru", DayFirst),
            ("zh-CN", Unknown),
            ("ja", Unknown),
            ("ko", Unknown),
            ("", Unknown),
        ] {
            assert_eq!(order_for_lang(lang), want, "{lang}");
        }
    }

    #[test]
    fn classify_cases() {
        let cutoff = d(2025, 4, 1);
        let c = |text: &str, order| classify(&parse(text, order), cutoff);
        assert_eq!(
            parse("02/03/2024", Order::Unknown),
            Parsed::Ambiguous(d(2024, 2, 3), d(2024, 3, 2))
        );
        assert_eq!(c("02/03/2024", Order::Unknown), Class::Legacy);
        assert_eq!(c("03/04/2025", Order::Unknown), Class::Unknown);
        assert_eq!(c("03/04/2025", Order::DayFirst), Class::Current);
        assert_eq!(c("03/04/2025", Order::MonthFirst), Class::Legacy);
        assert_eq!(c("05/06/2025", Order::Unknown), Class::Current);
        assert_eq!(c("2025-04-01", Order::Unknown), Class::Current);
        assert_eq!(c("2025-03-31", Order::Unknown), Class::Legacy);
        assert_eq!(c("Last used 3 days ago", Order::Unknown), Class::Unknown);
        assert_eq!(classify(&Parsed::Unreadable, cutoff), Class::Unknown);
    }

    #[test]
    fn date_basics() {
        assert_eq!(Date::new(2025, 2, 29), None);
        assert_eq!(Date::new(2024, 2, 29), Some(d(2024, 2, 29)));
        assert_eq!(Date::new(2000, 2, 29), Some(d(2000, 2, 29)));
        assert_eq!(Date::new(1900, 2, 29), None);
        assert_eq!(Date::new(2025, 13, 1), None);
        assert_eq!(Date::new(2025, 0, 1), None);
        assert_eq!(Date::new(2025, 4, 31), None);
        assert_eq!(Date::new(2025, 1, 0), None);
        assert_eq!(d(2025, 1, 5).iso(), "2025-01-05");
        assert_eq!(d(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(d(1969, 12, 31).days_since_epoch(), -1);
        assert_eq!(d(2000, 3, 1).days_since_epoch(), 11_017);
        assert_eq!(d(2025, 4, 1).days_since_epoch(), 20_179);
        assert_eq!(age_days(d(2024, 12, 31), d(2025, 1, 1)), 1);
        assert_eq!(age_days(d(2025, 1, 1), d(2024, 1, 1)), -366);
        assert_eq!(Date::parse_iso("2025-04-01"), Some(d(2025, 4, 1)));
        for bad in [
            "2025-4-01",
            "2025-02-29",
            "2025-04-01 ",
            "２025-04-01",
            "+025-04-01",
            "",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad:?}");
        }
        // Fields are public, so out-of-range values must not panic.
        let _ = Date {
            year: i32::MIN,
            month: 255,
            day: 255,
        }
        .days_since_epoch();
        let _ = Date {
            year: i32::MAX,
            month: 0,
            day: 0,
        }
        .days_since_epoch();
    }

    #[test]
    fn long_and_hostile_inputs() {
        let n = 200_000;
        for (unit, want) in [
            ("1 ", U),
            ("Jan ", U),
            ("5 de ", U),
            (", ", U),
            ("年", U),
            ("10:05 ", U),
            ("٣", U),
            ("é\u{301}", U),
            ("\u{10FFFF}", U),
        ] {
            let long = unit.repeat(n);
            assert_eq!(parse(&long, Order::Unknown), want, "{unit:?}");
            assert_eq!(
                parse(&format!("{long}5 Jan 2025"), Order::Unknown),
                p(2025, 1, 5)
            );
        }
        let digits = "9".repeat(n);
        assert_eq!(parse(&format!("{digits}-01-05"), Order::Unknown), U);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        const EN_ABBR: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const DE: [&str; 12] = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        const IT: [&str; 12] = [
            "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
        ];
        const ES: [&str; 12] = [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ];
        const FR: [&str; 12] = [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ];
        const PT: [&str; 12] = [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ];

        fn formats(x: Date) -> Vec<(String, Order)> {
            let (y, m, dd) = (x.year, x.month, x.day);
            let i = usize::from(m - 1);
            let fr_day = if dd == 1 {
                "1er".to_string()
            } else {
                dd.to_string()
            };
            let u = Order::Unknown;
            vec![
                (x.iso(), u),
                (format!("{} {dd}, {y}", EN_ABBR[i]), u),
                (format!("{} {dd}, {y}", EN[i]), u),
                (format!("{dd} {} {y}", EN_ABBR[i]), u),
                (format!("{y}年{m}月{dd}日"), u),
                (format!("{y}/{m}/{dd}"), u),
                (format!("{dd:02}.{m:02}.{y}"), u),
                (format!("{dd}. {} {y}", DE[i]), Order::DayFirst),
                (format!("{dd} {} {y}", IT[i]), Order::DayFirst),
                (format!("{dd} de {} de {y}", ES[i]), Order::DayFirst),
                (format!("{fr_day} {} {y}", FR[i]), Order::DayFirst),
                (format!("{dd} de {} de {y}", PT[i]), Order::DayFirst),
                (format!("{dd:02}/{m:02}/{y}"), Order::DayFirst),
                (format!("{m:02}/{dd:02}/{y}"), Order::MonthFirst),
            ]
        }

        fn any_date() -> impl Strategy<Value = Date> {
            (1970i32..=2100, 1u8..=12, 1u8..=31)
                .prop_filter_map("no such day", |(y, m, d)| Date::new(y, m, d))
        }

        fn any_order() -> impl Strategy<Value = Order> {
            prop_oneof![
                Just(Order::MonthFirst),
                Just(Order::DayFirst),
                Just(Order::Unknown)
            ]
        }

        fn sane(p: Parsed) {
            let ok = |d: Date| {
                (1970..=2100).contains(&d.year) && Date::new(d.year, d.month, d.day) == Some(d)
            };
            match p {
                Parsed::Date(d) => assert!(ok(d)),
                Parsed::Ambiguous(a, b) => assert!(ok(a) && ok(b) && a != b),
                Parsed::Unreadable => {}
            }
        }

        proptest! {
            #[test]
            fn never_panics_any(s in ".*", o in any_order()) {
                sane(parse(&s, o));
                let _ = Date::parse_iso(&s);
                let _ = order_for_lang(&s);
            }

            #[test]
            fn never_panics_printable(s in "\\PC*", o in any_order()) {
                sane(parse(&s, o));
            }

            #[test]
            fn never_panics_datelike(
                s in "[0-9０-９/.\\-:, T年月日년월일 ]{0,40}|([0-9]{1,25}[-/. ]){0,6}[0-9]{0,25}",
                o in any_order(),
            ) {
                sane(parse(&s, o));
            }

            #[test]
            fn round_trip(x in any_date()) {
                for (text, order) in formats(x) {
                    prop_assert_eq!(parse(&text, order), Parsed::Date(x), "{:?}", text);
                }
            }

            #[test]
            fn unknown_order_keeps_both_readings(x in any_date()) {
                let text = format!("{:02}/{:02}/{}", x.month, x.day, x.year);
                match parse(&text, Order::Unknown) {
                    Parsed::Date(y) => prop_assert_eq!(y, x),
                    Parsed::Ambiguous(a, b) => prop_assert!(a == x && b != x),
                    Parsed::Unreadable => prop_assert!(false, "{}", text),
                }
            }

            #[test]
            fn epoch_days_are_consecutive(x in any_date()) {
                let next = Date::new(x.year, x.month, x.day + 1)
                    .or_else(|| Date::new(x.year, x.month + 1, 1))
                    .unwrap_or(Date { year: x.year + 1, month: 1, day: 1 });
                prop_assert_eq!(age_days(x, next), 1);
            }
        }
    }
}
