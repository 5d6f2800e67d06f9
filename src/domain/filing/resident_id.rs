//! 居民身份证号码: the 18-character resident ID number, checked and normalised at the edge.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{ErrorCode, Field, FilingError};
use crate::domain::day;
use crate::domain::text::half_width;

/// A resident ID number whose length, birth date and ISO 7064 MOD 11-2 check digit are right.
/// A lowercase `x` typed as the check digit is accepted and stored as `X`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

/// The province-level codes of GB/T 2260 (and Taiwan, Hong Kong and Macao's), as an ID number's first two digits.
const PROVINCES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

impl ResidentId {
    pub fn parse(input: &str) -> Result<ResidentId, FilingError> {
        let field = Field::ResidentId;
        let normalised: String = input
            .chars()
            .map(half_width)
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if normalised.is_empty() {
            return Err(FilingError::new(ErrorCode::ResidentIdMissing, field));
        }
        let chars: Vec<char> = normalised.chars().collect();
        if chars.len() != 18 {
            return Err(FilingError::new(ErrorCode::ResidentIdLength, field));
        }
        let body_is_digits = chars[..17].iter().all(char::is_ascii_digit);
        let last_ok = chars[17].is_ascii_digit() || chars[17] == 'X';
        if !body_is_digits || !last_ok {
            return Err(FilingError::new(ErrorCode::ResidentIdCharacters, field));
        }
        // GB/T 2260's province-level codes: the first two digits name where the number was issued.
        if !PROVINCES.contains(&&normalised[..2]) {
            return Err(FilingError::new(ErrorCode::ResidentIdRegion, field));
        }
        let birth: String = chars[6..14].iter().collect();
        if day::parse_compact(&birth).is_none() {
            return Err(FilingError::new(ErrorCode::ResidentIdBirthDate, field));
        }
        if check_char(&chars[..17]) != chars[17] {
            return Err(FilingError::new(ErrorCode::ResidentIdCheckDigit, field));
        }
        Ok(ResidentId(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The date of birth it carries (characters 7 to 14), checked as a date when parsed.
    pub fn birth_date(&self) -> Option<chrono::NaiveDate> {
        day::parse_compact(&self.0[6..14])
    }

    /// For display only: the first four and last four characters (`1101**********123X`).
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..4], "*".repeat(10), &self.0[14..])
    }
}

fn check_char(body: &[char]) -> char {
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Never prints the number: a debug log of a filing must not leak it.
impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

impl Serialize for ResidentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ResidentId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        ResidentId::parse(&raw).map_err(|err| serde::de::Error::custom(err.code))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a valid number from 17 digits by computing its check character.
    pub(crate) fn valid_id(body: &str) -> String {
        let chars: Vec<char> = body.chars().collect();
        format!("{body}{}", check_char(&chars))
    }

    /// A Chinese input method in full-width mode types `１１０１…` and `ｘ`; the number is the same.
    #[test]
    fn full_width_digits_and_spaces_read_as_the_number() {
        let id = valid_id("11010519491231002");
        assert!(id.ends_with('X'));
        let full: String = id
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 + 0xfee0).unwrap(),
                _ => 'ｘ',
            })
            .collect();
        let spaced = format!("{}\u{3000}{}", &full[..18], &full[18..]);
        assert_eq!(ResidentId::parse(&spaced).unwrap().as_str(), id);
        assert_eq!(
            super::super::Phone::parse("１３８\u{3000}００１３－８０００")
                .map(|p| p.as_str().to_owned()),
            Ok("13800138000".to_owned())
        );
    }

    #[test]
    fn accepts_a_valid_number() {
        let id = valid_id("11010519491231002");
        assert_eq!(ResidentId::parse(&id).unwrap().as_str(), id);
    }

    #[test]
    fn known_published_sample_with_x() {
        // The GB 11643 example number 11010519491231002X ends in X.
        let id = ResidentId::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn rejects_each_kind_of_mistake_with_its_own_code() {
        let code = |s: &str| ResidentId::parse(s).unwrap_err().code;
        assert_eq!(code(""), ErrorCode::ResidentIdMissing);
        assert_eq!(code("1101051949123100"), ErrorCode::ResidentIdLength);
        assert_eq!(code("1101051949123100AX"), ErrorCode::ResidentIdCharacters);
        assert_eq!(code("110105194913310021"), ErrorCode::ResidentIdBirthDate);
        assert_eq!(code("110105194912310021"), ErrorCode::ResidentIdCheckDigit);
        // A valid check digit does not make 99 or 10 a province.
        assert_eq!(
            code(&valid_id("99010519491231002")),
            ErrorCode::ResidentIdRegion
        );
        assert_eq!(
            code(&valid_id("10010519491231002")),
            ErrorCode::ResidentIdRegion
        );
        for province in ["11", "46", "65", "71", "81", "82"] {
            let id = valid_id(&format!("{province}010519491231002"));
            assert!(ResidentId::parse(&id).is_ok(), "{id}");
        }
    }

    #[test]
    fn the_birth_date_is_read_from_the_number() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(
            id.birth_date(),
            chrono::NaiveDate::from_ymd_opt(1949, 12, 31)
        );
    }

    #[test]
    fn masks_all_but_the_ends() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(format!("{id:?}"), "ResidentId(1101**********002X)");
    }

    #[test]
    fn every_single_digit_change_is_caught() {
        let id = valid_id("44030119900307123");
        for position in 0..17 {
            let mut chars: Vec<char> = id.chars().collect();
            let digit = chars[position].to_digit(10).unwrap();
            chars[position] = char::from_digit((digit + 1) % 10, 10).unwrap();
            let changed: String = chars.into_iter().collect();
            assert!(ResidentId::parse(&changed).is_err(), "{changed} passed");
        }
    }
}
