//! Reading the JSON forms people and tools hand us (the neutral case form and its place form): serde derives read
//! through `serde_path_to_error`, so a problem names its field path (`examples[2].items[0].amount`), and decimals
//! read from strings, never through a float.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;

/// A plain decimal string: digits, optionally a point and more digits. No sign, exponent, `_` or spaces.
pub(crate) fn plain_decimal(s: &str) -> Option<Decimal> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
    let plain = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    (plain(whole) && plain(fraction))
        .then(|| Decimal::from_str_exact(s).ok())
        .flatten()
}

/// Where reading a form stopped and serde's word for why.
#[derive(Debug)]
pub(crate) struct FormError {
    /// The field path (`examples[0].items[1].amount`); empty for the input as a whole.
    pub path: String,
    pub error: serde_json::Error,
}

impl FormError {
    /// serde's message; for a value, without its ` at line L column C`, since the path says where.
    pub fn message(&self) -> String {
        let text = self.error.to_string();
        if !self.error.is_data() {
            return text;
        }
        let place = format!(
            " at line {} column {}",
            self.error.line(),
            self.error.column()
        );
        text.strip_suffix(&place).unwrap_or(&text).to_owned()
    }
}

/// `path: message`, with `input` for the whole input.
impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "input"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message())
    }
}

/// Reads `T` from the whole of `text` (trailing characters are an error), naming the path of the first problem.
pub(crate) fn read<T: DeserializeOwned>(text: &str) -> Result<T, FormError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        FormError {
            // serde_path_to_error writes the whole input as `.`.
            path: if path == "." { String::new() } else { path },
            error: e.into_inner(),
        }
    })?;
    de.end().map_err(|error| FormError {
        path: String::new(),
        error,
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_only() {
        assert_eq!(plain_decimal("12.50"), Some(Decimal::new(1250, 2)));
        assert_eq!(plain_decimal("7"), Some(Decimal::new(7, 0)));
        for refused in [
            "", ".5", "5.", "-1", "+1", "1e3", "1_000", " 1", "1 ", "0x10", "１",
        ] {
            assert_eq!(plain_decimal(refused), None, "{refused:?}");
        }
        assert_eq!(plain_decimal(&"9".repeat(40)), None, "too many digits");
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        amount: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        items: Vec<Item>,
    }

    #[test]
    fn errors_name_the_path_and_drop_the_line() {
        let doc = read::<Doc>(r#"{"items": [{"amount": "1"}]}"#).unwrap();
        assert_eq!(doc.items[0].amount, "1");
        let e = read::<Doc>(r#"{"items": [{"amount": "1"}, {"amount": 2}]}"#).unwrap_err();
        assert_eq!(e.path, "items[1].amount");
        assert_eq!(
            e.to_string(),
            "items[1].amount: invalid type: integer `2`, expected a string"
        );
        let e = read::<Doc>(r#"{"items": [{"amount": "1", "amuont": "2"}]}"#).unwrap_err();
        assert_eq!(e.path, "items[0].amuont", "an unknown field's own path");
        let e = read::<Doc>("[]").unwrap_err();
        assert_eq!(e.path, "");
        assert!(e.to_string().starts_with("input: "), "{e}");
        let e = read::<Doc>(r#"{"items": []} x"#).unwrap_err();
        assert!(e.error.is_syntax());
        assert_eq!(
            e.to_string(),
            "input: trailing characters at line 1 column 15"
        );
    }
}
