//! A small JSON reader and writer for the guide pack and the stored values. Pure.
//!
//! Why not serde: serde's derived code, serde-wasm-bindgen and the float formatting its error
//! messages pull in were about a fifth of the wasm core. Every stored value is read leniently
//! by hand anyway (a wrong-typed field falls back to its default, an unreadable entry is counted,
//! never fatal), which serde only did with untagged-enum tricks. Numbers are read and written
//! without float parsing or formatting: the values we store are whole milliseconds and counts.

/// A parsed JSON value. Objects keep their key order.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Json {
    #[default]
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

pub static NULL: Json = Json::Null;

impl Json {
    /// A field of an object (`Null` when absent or not an object).
    pub fn get(&self, key: &str) -> &Json {
        match self {
            Json::Obj(v) => v.iter().find(|(k, _)| k == key).map_or(&NULL, |(_, v)| v),
            _ => &NULL,
        }
    }
    pub fn str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn num(&self) -> Option<f64> {
        match self {
            Json::Num(n) => Some(*n),
            _ => None,
        }
    }
    pub fn arr(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(v) => Some(v),
            _ => None,
        }
    }
    pub fn obj(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Obj(v) => Some(v),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }
    /// A string field, or "" (lenient reading).
    pub fn string(&self, key: &str) -> String {
        self.get(key).str().unwrap_or_default().to_string()
    }
    /// An optional string field (a wrong type reads as absent).
    pub fn opt_string(&self, key: &str) -> Option<String> {
        self.get(key).str().map(str::to_string)
    }
    /// A boolean field, or false.
    pub fn flag(&self, key: &str) -> bool {
        self.get(key).bool().unwrap_or(false)
    }
    /// A list of strings (other entries skipped), or empty.
    pub fn strings(&self, key: &str) -> Vec<String> {
        strings(self.get(key))
    }

    /// The JSON text of this value.
    pub fn write(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    fn write_to(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => write_num(*n, out),
            Json::Str(s) => write_str(s, out),
            Json::Arr(v) => {
                out.push('[');
                for (i, x) in v.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    x.write_to(out);
                }
                out.push(']');
            }
            Json::Obj(v) => {
                out.push('{');
                for (i, (k, x)) in v.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    x.write_to(out);
                }
                out.push('}');
            }
        }
    }
}

/// The strings of a list (other entries skipped).
pub fn strings(v: &Json) -> Vec<String> {
    v.arr()
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s.str().map(str::to_string))
        .collect()
}

/// Build an object from pairs.
pub fn obj<const N: usize>(pairs: [(&str, Json); N]) -> Json {
    Json::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}
impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}
impl From<f64> for Json {
    fn from(n: f64) -> Json {
        Json::Num(n)
    }
}
impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(o: Option<T>) -> Json {
        o.map_or(Json::Null, Into::into)
    }
}
impl From<Vec<String>> for Json {
    fn from(v: Vec<String>) -> Json {
        Json::Arr(v.into_iter().map(Json::Str).collect())
    }
}
impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

/// Whole numbers are written exactly; others with up to three decimals (we store none).
fn write_num(n: f64, out: &mut String) {
    if !n.is_finite() {
        out.push_str("null");
        return;
    }
    let neg = n < 0.0;
    let a = if neg { -n } else { n };
    if a >= 9.0e15 {
        // Beyond exact integers: no value of ours gets here; keep it valid JSON.
        out.push_str(if neg {
            "-9000000000000000"
        } else {
            "9000000000000000"
        });
        return;
    }
    let milli = (a * 1000.0).round() as u64;
    if neg && milli > 0 {
        out.push('-');
    }
    out.push_str(&(milli / 1000).to_string());
    let frac = milli % 1000;
    if frac > 0 {
        out.push('.');
        let d = [frac / 100, frac / 10 % 10, frac % 10];
        let keep = if d[2] > 0 {
            3
        } else if d[1] > 0 {
            2
        } else {
            1
        };
        for x in &d[..keep] {
            out.push(char::from(b'0' + *x as u8));
        }
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let v = c as u32;
                out.push_str("\\u");
                for sh in [12, 8, 4, 0] {
                    out.push(char::from(b"0123456789abcdef"[((v >> sh) & 15) as usize]));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Why a text is not JSON (no position formatting: a short fixed reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error(pub &'static str);

/// Parse JSON text. Nesting deeper than 64 levels is refused (bad data never overflows).
pub fn parse(text: &str) -> Result<Json, Error> {
    let mut p = Parser {
        b: text.as_bytes(),
        i: 0,
        s: text,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i != p.b.len() {
        return Err(Error("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> Result<(), Error> {
        if self.b[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(Error("unexpected character"))
        }
    }

    fn value(&mut self, depth: u8) -> Result<Json, Error> {
        if depth > 64 {
            return Err(Error("nested too deeply"));
        }
        self.ws();
        match self.b.get(self.i) {
            None => Err(Error("unexpected end")),
            Some(b'n') => self.eat("null").map(|_| Json::Null),
            Some(b't') => self.eat("true").map(|_| Json::Bool(true)),
            Some(b'f') => self.eat("false").map(|_| Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'[') => {
                self.i += 1;
                let mut v = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(v));
                }
                loop {
                    v.push(self.value(depth + 1)?);
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(v));
                        }
                        _ => return Err(Error("expected , or ]")),
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut v = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(v));
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return Err(Error("expected a key"));
                    }
                    let k = self.string()?;
                    self.ws();
                    self.eat(":")?;
                    let x = self.value(depth + 1)?;
                    v.push((k, x));
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(v));
                        }
                        _ => return Err(Error("expected , or }")),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(Error("unexpected character")),
        }
    }

    /// Digits read by hand: mantissa × 10^exponent, exact for whole numbers below 2^53.
    fn number(&mut self) -> Result<Json, Error> {
        let neg = self.b[self.i] == b'-';
        if neg {
            self.i += 1;
        }
        let mut mant: f64 = 0.0;
        let mut exp: i32 = 0;
        let mut digits = 0;
        while let Some(d @ b'0'..=b'9') = self.b.get(self.i) {
            mant = mant * 10.0 + f64::from(d - b'0');
            digits += 1;
            self.i += 1;
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            while let Some(d @ b'0'..=b'9') = self.b.get(self.i) {
                mant = mant * 10.0 + f64::from(d - b'0');
                exp -= 1;
                digits += 1;
                self.i += 1;
            }
        }
        if digits == 0 {
            return Err(Error("bad number"));
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            let eneg = match self.b.get(self.i) {
                Some(b'-') => {
                    self.i += 1;
                    true
                }
                Some(b'+') => {
                    self.i += 1;
                    false
                }
                _ => false,
            };
            let mut e: i32 = 0;
            let mut ed = 0;
            while let Some(d @ b'0'..=b'9') = self.b.get(self.i) {
                e = (e * 10 + i32::from(d - b'0')).min(10_000);
                ed += 1;
                self.i += 1;
            }
            if ed == 0 {
                return Err(Error("bad number"));
            }
            exp += if eneg { -e } else { e };
        }
        let mut v = mant;
        let (mut k, up) = (exp.unsigned_abs(), exp > 0);
        while k > 0 && v != 0.0 && v.is_finite() {
            v = if up { v * 10.0 } else { v / 10.0 };
            k -= 1;
        }
        Ok(Json::Num(if neg { -v } else { v }))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let h = self.s.get(self.i..self.i + 4).ok_or(Error("bad escape"))?;
        let v = u32::from_str_radix(h, 16).map_err(|_| Error("bad escape"))?;
        self.i += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, Error> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.b.len() && !matches!(self.b[self.i], b'"' | b'\\') {
                if self.b[self.i] < 0x20 {
                    return Err(Error("control character in a string"));
                }
                self.i += 1;
            }
            // Split only at ASCII bytes, so these are whole characters.
            out.push_str(&self.s[start..self.i]);
            match self.b.get(self.i) {
                None => return Err(Error("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                _ => {
                    self.i += 1;
                    let c = *self.b.get(self.i).ok_or(Error("bad escape"))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut u = self.hex4()?;
                            if (0xd800..0xdc00).contains(&u) && self.b[self.i..].starts_with(b"\\u")
                            {
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xdc00..0xe000).contains(&lo) {
                                    u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                                }
                            }
                            out.push(char::from_u32(u).unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(Error("bad escape")),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_round_trip() {
        let text = r#"{"a":[1,-2,3.5,true,false,null],"b":"x\"y\\z\n\u00e9\ud83d\ude00","c":{}}"#;
        let v = parse(text).unwrap();
        assert_eq!(v.get("a").arr().unwrap()[2], Json::Num(3.5));
        assert_eq!(v.get("b").str(), Some("x\"y\\z\né😀"));
        assert_eq!(parse(&v.write()).unwrap(), v);
    }

    #[test]
    fn numbers_without_float_parsing() {
        for (t, n) in [
            ("0", 0.0),
            ("1764500000000", 1_764_500_000_000.0),
            ("-12", -12.0),
            ("2.5", 2.5),
            ("1e3", 1000.0),
            ("15E-1", 1.5),
        ] {
            assert_eq!(parse(t).unwrap(), Json::Num(n), "{t}");
        }
        assert_eq!(Json::Num(1_764_500_000_123.0).write(), "1764500000123");
        assert_eq!(Json::Num(-0.25).write(), "-0.25");
        assert_eq!(Json::Num(f64::NAN).write(), "null");
    }

    #[test]
    fn bad_text_is_an_error_never_a_panic() {
        for t in [
            "",
            "{",
            "[1,",
            "{\"a\"}",
            "tru",
            "\"abc",
            "01x",
            "-",
            "1e",
            "\"\\u12\"",
            "[]]",
            "\"\u{1}\"",
        ] {
            assert!(parse(t).is_err(), "{t:?}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn agrees_with_serde_json_on_the_pack() {
        let raw = include_str!("../../extension/guides/pack.json");
        let ours = parse(raw).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(raw).unwrap();
        let back: serde_json::Value = serde_json::from_str(&ours.write()).unwrap();
        assert_eq!(back, theirs);
    }
}
