//! Calendar days as text: `2026-12-06` (ISO 8601's calendar date, the API's and the data files' form) and
//! `20261206` (an ID number's birth date, iCalendar's DATE).
//!
//! Read and written here rather than by chrono's `parse_from_str`, `format` or its serde `Deserialize` (which reads
//! through `FromStr`): those bring chrono's whole format machinery, about 22 KB of wasm on every page that reads a
//! date (docs/benchmarks.md). Date fields read through [`de`] and [`de_opt`]; writing stays chrono's `Display`,
//! which is already `2026-12-06`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, de::Error};

/// `YYYY-MM-DD`, four-digit year, a real day; nothing else (no sign, spaces or one-digit month).
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    day(digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// `YYYYMMDD`, a real day.
pub fn parse_compact(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 8 {
        return None;
    }
    day(digits(&b[0..4])?, digits(&b[4..6])?, digits(&b[6..8])?)
}

/// `YYYYMMDD`.
pub fn compact(day: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", day.year(), day.month(), day.day())
}

/// Reads a date field (`#[serde(deserialize_with = "day::de")]`).
pub fn de<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_iso(&text).ok_or_else(|| D::Error::custom(not_a_day(&text)))
}

/// Reads an optional date field; with `#[serde(default)]` when it may be left out.
pub fn de_opt<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => parse_iso(&text)
            .map(Some)
            .ok_or_else(|| D::Error::custom(not_a_day(&text))),
    }
}

fn not_a_day(text: &str) -> String {
    format!("`{text}` is not a day written YYYY-MM-DD, such as 2026-12-06")
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

fn day(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reads_real_days_only() {
        assert_eq!(parse_iso("2026-12-06"), Some(d(2026, 12, 6)));
        assert_eq!(parse_iso("2028-02-29"), Some(d(2028, 2, 29)));
        for refused in [
            "",
            "2026-2-06",
            "2026-02-6",
            "2027-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-12-32",
            " 2026-12-06",
            "2026-12-06 ",
            "+2026-12-06",
            "2026/12/06",
            "20261206",
            "２０２６-12-06",
            "2026-1２-06",
            "-026-12-06",
        ] {
            assert_eq!(parse_iso(refused), None, "{refused:?}");
        }
        assert_eq!(parse_compact("19491231"), Some(d(1949, 12, 31)));
        for refused in ["19490231", "1949123", "194912311", "1949-1-1", "19491300"] {
            assert_eq!(parse_compact(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn dates_are_iso_only() {
        assert_eq!(
            parse_iso("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse_iso("2023-02-29"), None);
        assert_eq!(parse_iso("2024-2-29"), None);
        assert_eq!(parse_iso("2024/02/29"), None);
        assert_eq!(parse_iso("2024-02-29-1"), None);
        assert_eq!(parse_iso(""), None);
    }

    #[test]
    fn agrees_with_chrono_on_every_day_of_four_years() {
        let mut day = d(2024, 1, 1);
        while day < d(2028, 1, 1) {
            assert_eq!(parse_iso(&day.to_string()), Some(day));
            assert_eq!(compact(day), day.format("%Y%m%d").to_string());
            assert_eq!(parse_compact(&compact(day)), Some(day));
            day = day.succ_opt().unwrap();
        }
        assert_eq!(compact(d(987, 6, 5)), "09870605");
    }

    #[derive(Debug, Deserialize)]
    struct Dates {
        #[serde(deserialize_with = "de")]
        from: NaiveDate,
        #[serde(default, deserialize_with = "de_opt")]
        to: Option<NaiveDate>,
    }

    #[test]
    fn serde_fields_read_and_name_a_bad_day() {
        let read = |json: &str| serde_json::from_str::<Dates>(json);
        let both = read(r#"{"from":"2026-12-06","to":"2027-06-05"}"#).unwrap();
        assert_eq!((both.from, both.to), (d(2026, 12, 6), Some(d(2027, 6, 5))));
        assert_eq!(read(r#"{"from":"2026-12-06"}"#).unwrap().to, None);
        assert_eq!(read(r#"{"from":"2026-12-06","to":null}"#).unwrap().to, None);
        let error = read(r#"{"from":"2026-02-30"}"#).unwrap_err().to_string();
        assert!(
            error.starts_with("`2026-02-30` is not a day written YYYY-MM-DD"),
            "{error}"
        );
        assert!(read(r#"{"from":20261206}"#).is_err());
        let escaped = serde_json::from_value::<Dates>(serde_json::json!({"from": "2026-12-06"}));
        assert_eq!(
            escaped.unwrap().from,
            d(2026, 12, 6),
            "read from a Value too"
        );
    }
}
