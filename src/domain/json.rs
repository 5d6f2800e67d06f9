//! A small JSON reader for the browser: the text is parsed once into a [`Json`] tree by code that is not generic,
//! and each type reads itself from the tree ([`FromJson`]), field by field.
//!
//! Serde's derived `Deserialize` plus `serde_json` generate a parser loop and visitors for every type they read,
//! which was about a third of the code each page's wasm carried (docs/benchmarks.md, issue 17). The server and the
//! data checks keep serde, whose error messages name the field a data author got wrong; the browser reads files and
//! answers the server has already checked, so here a value that does not fit is simply `None`. Tests read the
//! same texts both ways and compare.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::day;

/// A parsed JSON value. A number keeps its text, so that a decimal is read exactly.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// How deep arrays and objects may nest: the browser reads its own data and answers, far shallower.
const MAX_DEPTH: usize = 64;

impl Json {
    /// Parses a whole text; `None` when it is not one JSON value (with only white space around it).
    pub fn parse(text: &str) -> Option<Json> {
        let mut parser = Parser {
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = parser.value(0)?;
        parser.space();
        (parser.at == parser.bytes.len()).then_some(value)
    }

    /// The value at `key` of an object: `None` when this is not an object or has no such key.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// Reads the field `key` of an object, which must be there.
    pub fn field<T: FromJson>(&self, key: &str) -> Option<T> {
        T::from_json(self.get(key)?)
    }

    /// Reads the field `key` of an object; `absent` when the object has no such key.
    pub fn field_or<T: FromJson>(&self, key: &str, absent: T) -> Option<T> {
        match self {
            Json::Object(_) => self.get(key).map_or(Some(absent), T::from_json),
            _ => None,
        }
    }

    /// Reads the field `key` of an object; its default when the object has no such key (serde's `default`).
    /// Not written as `field_or(key, T::default())`: with the policy reader's many fields that made the estimator's
    /// download 0.6 KB larger (measured in session 20).
    pub fn field_or_default<T: FromJson + Default>(&self, key: &str) -> Option<T> {
        match self {
            Json::Object(_) => self.get(key).map_or(Some(T::default()), T::from_json),
            _ => None,
        }
    }
}

/// A type read from a [`Json`] tree, as serde reads it from the same text.
pub trait FromJson: Sized {
    fn from_json(json: &Json) -> Option<Self>;
}

/// Parses `text` and reads a `T` from it.
pub fn from_str<T: FromJson>(text: &str) -> Option<T> {
    T::from_json(&Json::parse(text)?)
}

impl FromJson for Json {
    fn from_json(json: &Json) -> Option<Self> {
        Some(json.clone())
    }
}

impl FromJson for String {
    fn from_json(json: &Json) -> Option<Self> {
        json.as_str().map(str::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::Bool(value) => Some(*value),
            _ => None,
        }
    }
}

/// A number as serde_json reads it into each of these types: `f64` for the card's times, in milliseconds.
macro_rules! numbers {
    ($($number:ty),*) => {$(
        impl FromJson for $number {
            fn from_json(json: &Json) -> Option<Self> {
                match json {
                    Json::Number(text) => text.parse().ok(),
                    _ => None,
                }
            }
        }
    )*};
}

numbers!(u32, u64, f64);

/// A decimal as the data files write it: a string (`"0.85"`), as `rust_decimal`'s `serde-str` reads it, but exact.
/// Serde also takes an exponent (`"85e-2"`) and rounds what has more digits than a decimal holds; the files the
/// browser reads never have either (serde writes them, or a test reads them both ways), and leaving the exponent
/// and rounding parser out of the estimator saves it about 0.9 KB brotli.
impl FromJson for Decimal {
    fn from_json(json: &Json) -> Option<Self> {
        Decimal::from_str_exact(json.as_str()?).ok()
    }
}

/// A day written `YYYY-MM-DD`, as [`day::de`] reads it.
impl FromJson for NaiveDate {
    fn from_json(json: &Json) -> Option<Self> {
        day::parse_iso(json.as_str()?)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::Null => Some(None),
            _ => T::from_json(json).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::Array(items) => items.iter().map(T::from_json).collect(),
            _ => None,
        }
    }
}

/// An object read as a map (the later of two equal keys wins, as with serde_json).
impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::Object(fields) => fields
                .iter()
                .map(|(key, value)| Some((key.clone(), T::from_json(value)?)))
                .collect(),
            _ => None,
        }
    }
}

/// Reads a unit enum from its name, as serde reads a unit variant: `names` pairs each name with its value.
pub fn named<T: Copy>(json: &Json, names: &[(&str, T)]) -> Option<T> {
    let name = json.as_str()?;
    names
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, value)| *value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn word(&mut self, word: &str, value: Json) -> Option<Json> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word.as_bytes()).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match self.peek()? {
            b'n' => self.word("null", Json::Null),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        self.eat(b',').then_some(())?;
                    }
                }
                Some(Json::Array(items))
            }
            b'{' => {
                self.at += 1;
                let mut fields = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let key = self.string()?;
                        self.eat(b':').then_some(())?;
                        fields.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        self.eat(b',').then_some(())?;
                    }
                }
                Some(Json::Object(fields))
            }
            _ => self.number(),
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<Json> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.peek().filter(u8::is_ascii_digit)?;
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            self.peek().filter(u8::is_ascii_digit)?;
            self.digits();
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
        Some(Json::Number(text.to_owned()))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    /// A string from its opening quote, escapes resolved; raw control characters are refused, as JSON says.
    fn string(&mut self) -> Option<String> {
        (self.peek()? == b'"').then_some(())?;
        self.at += 1;
        let mut out = String::new();
        loop {
            let run = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The text came from a `&str` and the run stops only at ASCII bytes, so it is whole UTF-8.
            out.push_str(std::str::from_utf8(&self.bytes[run..self.at]).ok()?);
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    let escape = self.peek()?;
                    self.at += 1;
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode()?,
                        _ => return None,
                    });
                }
                _ => return None,
            }
        }
    }

    /// The character of a `\uXXXX` escape (after the `u`), joining a surrogate pair.
    fn unicode(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first);
        }
        (self.bytes.get(self.at..self.at + 2)? == b"\\u").then_some(())?;
        self.at += 2;
        let second = self.hex4()?;
        (0xDC00..0xE000).contains(&second).then_some(())?;
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.bytes.get(self.at..self.at + 4)?).ok()?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        // `from_str_radix` takes a sign; JSON's four hex digits do not.
        digits
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
            .then_some(())?;
        self.at += 4;
        Some(value)
    }
}

/// For tests: `value` written by serde reads back the same through this reader, as serde reads it.
#[cfg(test)]
pub(crate) fn assert_reads_as_serde<T>(value: &T)
where
    T: FromJson + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(value).unwrap();
    assert_eq!(
        serde_json::from_str::<T>(&text).as_ref().ok(),
        Some(value),
        "serde: {text}"
    );
    assert_eq!(
        from_str::<T>(&text).as_ref(),
        Some(value),
        "lean reader: {text}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_json makes of a text, in the reader's own tree, to compare with.
    fn serde_tree(value: &serde_json::Value) -> Json {
        match value {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(*b),
            serde_json::Value::Number(n) => Json::Number(n.to_string()),
            serde_json::Value::String(s) => Json::String(s.clone()),
            serde_json::Value::Array(items) => Json::Array(items.iter().map(serde_tree).collect()),
            serde_json::Value::Object(fields) => Json::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_tree(v)))
                    .collect(),
            ),
        }
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let texts = [
            r#"{"a": [1, -2, 0, 3.25, -0.5e3, 1E+2], "b": {"c": null, "d": true, "e": false}, "f": ""}"#,
            r#" [ "tab\tquote\"slash\/back\\", "\u00e9\u4e2d\ud83d\ude00", "中文 ✓" ] "#,
            "\"\\b\\f\\n\\r\"",
            "[]",
            "{}",
            "0",
        ];
        for text in texts {
            let serde: serde_json::Value = serde_json::from_str(text).unwrap();
            let mut ours = Json::parse(text).unwrap();
            // serde_json writes numbers its own way (1E+2 as 100.0); compare them as numbers.
            fn numbers(json: &mut Json) {
                match json {
                    Json::Number(text) => {
                        *text = serde_json::from_str::<serde_json::Number>(text)
                            .unwrap()
                            .to_string()
                    }
                    Json::Array(items) => items.iter_mut().for_each(numbers),
                    Json::Object(fields) => fields.iter_mut().for_each(|(_, v)| numbers(v)),
                    _ => {}
                }
            }
            numbers(&mut ours);
            assert_eq!(ours, serde_tree(&serde), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_json() {
        let texts = [
            "",
            " ",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "[1 2]",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "\"open",
            "\"bad \\x escape\"",
            "\"raw \n newline\"",
            "\"\\u12\"",
            "\"\\u+123\"",
            "\"\\ud83d alone\"",
            "nul",
            "truth",
            "[1] [2]",
            "{\"a\" 1}",
        ];
        for text in texts {
            assert_eq!(Json::parse(text), None, "{text:?}");
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert_eq!(Json::parse(&deep), None);
        let fine = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(Json::parse(&fine).is_some());
    }

    #[test]
    fn fields_options_and_defaults() {
        let json =
            Json::parse(r#"{"n": 7, "s": "x", "none": null, "days": ["2026-12-06"]}"#).unwrap();
        assert_eq!(json.field::<u32>("n"), Some(7));
        assert_eq!(json.field::<String>("n"), None, "a number is not a string");
        assert_eq!(json.field::<String>("missing"), None);
        assert_eq!(json.field::<Option<String>>("none"), Some(None));
        assert_eq!(
            json.field_or_default::<Vec<String>>("missing"),
            Some(vec![])
        );
        assert_eq!(
            json.field_or_default::<Vec<String>>("s"),
            None,
            "present but not a list"
        );
        assert_eq!(
            json.field::<Vec<NaiveDate>>("days"),
            NaiveDate::from_ymd_opt(2026, 12, 6).map(|d| vec![d])
        );
        assert_eq!(Json::Number("-1".into()).clone().as_str(), None);
        assert_eq!(u32::from_json(&Json::Number("-1".into())), None);
        assert_eq!(
            Decimal::from_json(&Json::String("0.85".into())),
            Some(Decimal::new(85, 2))
        );
        for inexact in ["85e-2", "0.12345678901234567890123456789", "0.85 ", ""] {
            assert_eq!(
                Decimal::from_json(&Json::String(inexact.into())),
                None,
                "{inexact:?}"
            );
        }
    }
}
