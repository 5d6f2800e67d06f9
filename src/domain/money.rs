//! Money and ratios: decimal yuan, rounded to the cent in one documented way.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::domain::json::{FromJson, Json};

/// An amount of yuan. Never a float: every figure is a `Decimal`.
///
/// Rounding happens only through [`Money::round_cent`], half away from zero (`1.225` → `1.23`),
/// because `Decimal::round_dp` is banker's rounding and would give `1.22`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    pub const fn new(amount: Decimal) -> Self {
        Money(amount)
    }

    pub const fn amount(self) -> Decimal {
        self.0
    }

    /// The one rounding rule of the product: to the cent, half away from zero.
    pub fn round_cent(self) -> Money {
        Money(
            self.0
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
        )
    }

    /// `self × ratio`, unrounded: callers round where the policy says a step ends.
    pub fn times(self, ratio: Ratio) -> Money {
        Money(self.0 * ratio.value())
    }

    pub fn max(self, other: Money) -> Money {
        if self >= other { self } else { other }
    }

    pub fn min(self, other: Money) -> Money {
        if self <= other { self } else { other }
    }

    /// The part above `floor`, never negative.
    pub fn saturating_sub(self, other: Money) -> Money {
        (self - other).max(Money::ZERO)
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// `¥1,234.56`, how the pages show an amount: the currency sign and comma grouping read the same in Chinese and
    /// English. Amounts shown are already rounded; this rounds only what would not fit two places.
    pub fn yuan(self) -> String {
        let plain = self.round_cent().to_string();
        let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, "00"));
        let (sign, digits) = match whole.strip_prefix('-') {
            Some(d) => ("-", d),
            None => ("", whole),
        };
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        format!("{sign}¥{grouped}.{fraction}")
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// Two decimal places, no grouping: the machine form (`"1234.50"`).
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl FromStr for Money {
    type Err = rust_decimal::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::from_str_exact(s.trim()).map(Money)
    }
}

impl FromJson for Money {
    fn from_json(json: &Json) -> Option<Self> {
        Decimal::from_json(json).map(Money)
    }
}

/// A share between 0 and 1 inclusive (a payment ratio, a first self-pay share).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Ratio(Decimal);

/// A ratio outside 0..=1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a ratio must be between 0 and 1, got {0}")]
pub struct RatioOutOfRange(pub Decimal);

impl Ratio {
    pub const ZERO: Ratio = Ratio(Decimal::ZERO);
    pub const ONE: Ratio = Ratio(Decimal::ONE);

    pub fn new(value: Decimal) -> Result<Self, RatioOutOfRange> {
        if value < Decimal::ZERO || value > Decimal::ONE {
            Err(RatioOutOfRange(value))
        } else {
            Ok(Ratio(value))
        }
    }

    pub const fn value(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for Ratio {
    type Error = RatioOutOfRange;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Ratio::new(value)
    }
}

impl FromJson for Ratio {
    fn from_json(json: &Json) -> Option<Self> {
        Ratio::new(Decimal::from_json(json)?).ok()
    }
}

impl From<Ratio> for Decimal {
    fn from(r: Ratio) -> Decimal {
        r.0
    }
}

/// As a percentage with no trailing zeros (`0.80` → `80%`, `0.925` → `92.5%`).
impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", (self.0 * Decimal::ONE_HUNDRED).normalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero_not_to_even() {
        assert_eq!(m("1.225").round_cent(), m("1.23"));
        assert_eq!(m("0.025").round_cent(), m("0.03"));
        assert_eq!(m("3.177").round_cent(), m("3.18"));
        assert_eq!(m("-1.225").round_cent(), m("-1.23"));
        assert_eq!(m("1.224").round_cent(), m("1.22"));
    }

    #[test]
    fn displays_two_places() {
        assert_eq!(m("10000").to_string(), "10000.00");
        assert_eq!(m("48.8880").round_cent().to_string(), "48.89");
    }

    #[test]
    fn yuan_groups_thousands_with_the_sign() {
        assert_eq!(m("0").yuan(), "¥0.00");
        assert_eq!(m("48.89").yuan(), "¥48.89");
        assert_eq!(m("999").yuan(), "¥999.00");
        assert_eq!(m("1000").yuan(), "¥1,000.00");
        assert_eq!(m("1234567.5").yuan(), "¥1,234,567.50");
        assert_eq!(m("-1234.5").yuan(), "-¥1,234.50");
        assert_eq!(m("1.225").yuan(), "¥1.23");
    }

    #[test]
    fn ratio_rejects_outside_zero_to_one() {
        assert!(Ratio::new(Decimal::new(101, 2)).is_err());
        assert!(Ratio::new(Decimal::new(-1, 2)).is_err());
        assert_eq!(Ratio::new(Decimal::new(80, 2)).unwrap().to_string(), "80%");
    }

    #[test]
    fn saturating_sub_never_goes_negative() {
        assert_eq!(m("100").saturating_sub(m("250")), Money::ZERO);
        assert_eq!(m("300").saturating_sub(m("250")), m("50"));
    }
}
