//! 备案号: the number a filing is known by, random so that one number tells nothing about another.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Crockford's base 32: no I, L, O or U, so a number read aloud or retyped is hard to get wrong.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const PREFIX: &str = "YD";
/// 12 characters of 5 bits: 60 random bits, far too many to guess a filing by trying numbers.
const DIGITS: usize = 12;

/// `YD` and 12 Crockford base-32 characters, e.g. `YD7K3M9QX2T4BC`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct FilingNumber(String);

impl FilingNumber {
    /// Characters in a number as kept and shown: the prefix and the digits.
    pub const LENGTH: usize = PREFIX.len() + DIGITS;

    /// Makes a number from random bits (the caller brings the randomness; the top 4 bits are unused).
    pub fn from_random(bits: u64) -> FilingNumber {
        let mut number = String::with_capacity(PREFIX.len() + DIGITS);
        number.push_str(PREFIX);
        for index in (0..DIGITS).rev() {
            let digit = (bits >> (index * 5)) & 0x1f;
            number.push(char::from(ALPHABET[digit as usize]));
        }
        FilingNumber(number)
    }

    /// Reads a number as a person may type it: any case, spaces or hyphens, `O` for zero, `I` or `L` for one.
    pub fn parse(input: &str) -> Option<FilingNumber> {
        let mut normalised = String::with_capacity(PREFIX.len() + DIGITS);
        for c in input.chars().filter(|c| !matches!(c, ' ' | '-')) {
            normalised.push(match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            });
        }
        let digits = normalised.strip_prefix(PREFIX)?;
        let ok = digits.len() == DIGITS && digits.bytes().all(|b| ALPHABET.contains(&b));
        ok.then_some(FilingNumber(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FilingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for FilingNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        FilingNumber::parse(&raw).ok_or_else(|| serde::de::Error::custom("not a filing number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_bits_make_a_number_that_parses_back() {
        for bits in [0, 1, u64::MAX, 0x0123_4567_89ab_cdef] {
            let number = FilingNumber::from_random(bits);
            assert_eq!(number.as_str().len(), 14);
            assert_eq!(FilingNumber::parse(number.as_str()), Some(number));
        }
        assert_eq!(FilingNumber::from_random(0).as_str(), "YD000000000000");
        assert_eq!(FilingNumber::from_random(31).as_str(), "YD00000000000Z");
    }

    #[test]
    fn reads_what_people_type() {
        let number = FilingNumber::parse("yd 7k3m-9qx2-t4bc").unwrap();
        assert_eq!(number.as_str(), "YD7K3M9QX2T4BC");
        assert_eq!(
            FilingNumber::parse("YDoooo0000IL11").unwrap().as_str(),
            "YD000000001111"
        );
    }

    #[test]
    fn refuses_other_shapes() {
        for bad in [
            "",
            "YD",
            "YD7K3M9QX2T4B",
            "YD7K3M9QX2T4BCD",
            "XX7K3M9QX2T4BC",
            "YD7K3M9QX2T4BU",
        ] {
            assert_eq!(FilingNumber::parse(bad), None, "{bad}");
        }
    }
}
