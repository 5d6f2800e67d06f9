//! Reading what people type on the estimator's form (amounts, percentages, ratio bands, dates, the form's codes),
//! and writing figures back in the same forms for an imported case.

use rust_decimal::Decimal;

use super::error::Problem;
use crate::domain::case::CaseFiling;
use crate::domain::category::{FilingCategory, Scheme};
use crate::domain::money::{Money, Ratio};
use crate::domain::settle::{BandBasis, BandsCounted, ItemKind, RatioBand, RatioBands};
use crate::domain::text::half_width;

/// One settlement above this is taken for a typing slip, not a bill.
const MAX_AMOUNT: Decimal = Decimal::from_parts(99_999_999, 0, 0, false, 0);

/// A yuan amount as people type it: grouping commas, spaces and a `¥` are fine, and so are full-width digits, as a
/// Chinese input method types them (`１２８０．５０`, read as the filing's ID numbers are); empty is `None`.
pub(super) fn amount(raw: &str) -> Result<Option<Money>, Problem> {
    let s: String = raw
        .chars()
        .map(half_width)
        .filter(|c| !matches!(c, ',' | ' ' | '¥' | '￥' | '元'))
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !plain(whole) || !plain(fraction) {
        return Err(Problem::NotANumber);
    }
    if negative {
        return Err(Problem::Negative);
    }
    if fraction.len() > 2 {
        return Err(Problem::TooPrecise);
    }
    let value = Decimal::from_str_exact(digits).map_err(|_| Problem::TooLarge)?;
    if value > MAX_AMOUNT {
        return Err(Problem::TooLarge);
    }
    Ok(Some(Money::new(value)))
}

/// A percentage 0–100 with at most two decimals (`10`, `10%`, `12.5`, full-width `１０％`), as a ratio.
///
/// A fraction below one without the sign (`0.85`) is refused, not read as 0.85%: it is how a ratio of 85% is
/// often written, and a fund's share a hundred times too small would pass unnoticed. `0.85%` is read.
pub(super) fn percent(raw: &str) -> Result<Ratio, Problem> {
    let s: String = raw.chars().map(half_width).collect();
    let s = s.trim();
    let bare = s.trim_end_matches('%').trim();
    let signed = bare.len() < s.len();
    let (whole, fraction) = bare.split_once('.').unwrap_or((bare, ""));
    let plain = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !plain(whole) || !plain(fraction) || fraction.len() > 2 {
        return Err(Problem::PercentInvalid);
    }
    let value = Decimal::from_str_exact(bare).map_err(|_| Problem::PercentInvalid)?;
    if value > Decimal::ONE_HUNDRED {
        return Err(Problem::PercentTooHigh);
    }
    if !signed && value > Decimal::ZERO && value < Decimal::ONE {
        return Err(Problem::PercentFraction);
    }
    Ratio::new(value / Decimal::ONE_HUNDRED).map_err(|_| Problem::PercentInvalid)
}

/// A ratio as a percentage without trailing zeros (`0.125` → `12.5`), as [`percent`] reads it: with the sign
/// below 1% (`0.5%`), which [`percent`] would otherwise ask about.
pub(super) fn percent_text(r: Ratio) -> String {
    let value = (r.value() * Decimal::ONE_HUNDRED).normalize();
    if value > Decimal::ZERO && value < Decimal::ONE {
        format!("{value}%")
    } else {
        value.to_string()
    }
}

/// `85%` or `30000 85%, 40000 90%, 95%`. A ratio's own problem is said as it is (`0.85`, over 100%); anything
/// else is bands that cannot be read.
pub(super) fn bands(raw: &str, basis: BandBasis) -> Result<RatioBands, Problem> {
    let mut list = Vec::new();
    for segment in raw
        .split([',', '，', ';', '；', '、', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let tokens: Vec<&str> = segment
            .split(|c: char| c.is_whitespace() || c == ':' || c == '：')
            .filter(|t| !t.is_empty())
            .collect();
        let band = match tokens.as_slice() {
            [ratio] => RatioBand {
                up_to: None,
                ratio: percent(ratio)?,
            },
            [up_to, ratio] => RatioBand {
                up_to: Some(amount(up_to).ok().flatten().ok_or(Problem::BandsInvalid)?),
                ratio: percent(ratio)?,
            },
            _ => return Err(Problem::BandsInvalid),
        };
        list.push(band);
    }
    RatioBands::new(basis, list).map_err(|_| Problem::BandsInvalid)
}

/// The text form of bands, as [`bands`] reads it.
pub(super) fn bands_text(bands: &RatioBands) -> String {
    bands
        .bands()
        .iter()
        .map(|b| match b.up_to {
            Some(up_to) => format!("{} {}", up_to.amount().normalize(), b.ratio),
            None => b.ratio.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An item's class by the form's code: `a`, `b`, `c` or `s`.
pub(super) fn kind_of(code: &str) -> Option<ItemKind> {
    Some(match code {
        "a" => ItemKind::ClassA,
        "b" => ItemKind::ClassB,
        "c" => ItemKind::ClassCOrSelfPay,
        "s" => ItemKind::Service,
        _ => return None,
    })
}

pub(super) fn kind_code(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::ClassA => "a",
        ItemKind::ClassB => "b",
        ItemKind::ClassCOrSelfPay => "c",
        ItemKind::Service => "s",
    }
}

pub(super) fn scheme_of(code: &str) -> Option<Scheme> {
    Some(match code {
        "employee_in_service" => Scheme::EmployeeInService,
        "employee_retired" => Scheme::EmployeeRetired,
        "resident" => Scheme::Resident,
        _ => return None,
    })
}

/// How bands count, by the case form's name: `per_year` or `per_settlement`.
pub(super) fn bands_counted_of(code: &str) -> Option<BandsCounted> {
    match code {
        "per_year" => Some(BandsCounted::PerYear),
        "per_settlement" => Some(BandsCounted::PerSettlement),
        _ => None,
    }
}

pub(super) fn bands_counted_code(counted: BandsCounted) -> &'static str {
    match counted {
        BandsCounted::PerYear => "per_year",
        BandsCounted::PerSettlement => "per_settlement",
    }
}

/// The filing choice: one of the case form's names (`resettled_retiree`, ..., `not_filed`).
pub(super) fn filing_of(code: &str) -> Option<CaseFiling> {
    if code == "not_filed" {
        return Some(CaseFiling::NotFiled);
    }
    FilingCategory::ALL
        .into_iter()
        .map(CaseFiling::Filed)
        .find(|f| f.name() == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn amounts_read_as_people_type_them() {
        assert_eq!(amount(""), Ok(None));
        assert_eq!(amount("  "), Ok(None));
        assert_eq!(amount("1,234.50"), Ok(Some(m("1234.50"))));
        assert_eq!(amount("¥ 1 234"), Ok(Some(m("1234"))));
        assert_eq!(amount("１２"), Ok(Some(m("12"))), "full-width digits");
        assert_eq!(amount("１，２８０．５０"), Ok(Some(m("1280.50"))));
        assert_eq!(amount("\u{3000}１２\u{3000}元"), Ok(Some(m("12"))));
        assert_eq!(amount("－３"), Err(Problem::Negative));
        assert_eq!(amount("１２ａ"), Err(Problem::NotANumber));
        assert_eq!(amount("12元"), Ok(Some(m("12"))));
        assert_eq!(amount(".5"), Ok(Some(m("0.5"))));
        assert_eq!(amount("5."), Ok(Some(m("5"))));
        assert_eq!(amount("."), Err(Problem::NotANumber));
        assert_eq!(amount("1e3"), Err(Problem::NotANumber));
        assert_eq!(amount("-3"), Err(Problem::Negative));
        assert_eq!(amount("-x"), Err(Problem::NotANumber));
        assert_eq!(amount("1.005"), Err(Problem::TooPrecise));
        assert_eq!(amount("99999999"), Ok(Some(m("99999999"))));
        assert_eq!(amount("100000000"), Err(Problem::TooLarge));
        assert_eq!(amount(&"9".repeat(40)), Err(Problem::TooLarge));
    }

    #[test]
    fn percentages_read_with_or_without_the_sign() {
        let r = |s: &str| Ratio::new(s.parse().unwrap()).unwrap();
        assert_eq!(percent("10"), Ok(r("0.10")));
        assert_eq!(percent(" 12.5 % "), Ok(r("0.125")));
        assert_eq!(percent("100％"), Ok(Ratio::ONE));
        assert_eq!(percent("１２．５％"), Ok(r("0.125")));
        assert_eq!(percent("0"), Ok(Ratio::ZERO));
        assert_eq!(
            percent("1"),
            Ok(r("0.01")),
            "a whole number is a percentage"
        );
        assert_eq!(percent("100.01"), Err(Problem::PercentTooHigh));
        assert_eq!(percent("150%"), Err(Problem::PercentTooHigh));
        assert_eq!(percent("1.234"), Err(Problem::PercentInvalid));
        assert_eq!(percent(""), Err(Problem::PercentInvalid));
        assert_eq!(percent("-5"), Err(Problem::PercentInvalid));
        assert_eq!(percent("八十"), Err(Problem::PercentInvalid));
        assert_eq!(percent_text(r("0.125")), "12.5");
        assert_eq!(percent_text(r("0.80")), "80");
    }

    #[test]
    fn a_fraction_typed_for_a_percentage_is_asked_about() {
        let r = |s: &str| Ratio::new(s.parse().unwrap()).unwrap();
        assert_eq!(percent("0.85"), Err(Problem::PercentFraction));
        assert_eq!(percent("０．８５"), Err(Problem::PercentFraction));
        assert_eq!(percent("0.5"), Err(Problem::PercentFraction));
        assert_eq!(
            percent("0.85%"),
            Ok(r("0.0085")),
            "with the sign it is what it says"
        );
        assert_eq!(percent("1.5"), Ok(r("0.015")));
        // What the page writes back for an imported share below 1% reads back as it was.
        assert_eq!(percent_text(r("0.005")), "0.5%");
        assert_eq!(percent(&percent_text(r("0.005"))), Ok(r("0.005")));
        assert_eq!(percent_text(Ratio::ZERO), "0");
        assert_eq!(
            bands("30000 0.85, 0.9", BandBasis::Expense),
            Err(Problem::PercentFraction)
        );
        assert_eq!(
            bands("30000 85%, 120%", BandBasis::Expense),
            Err(Problem::PercentTooHigh)
        );
    }

    #[test]
    fn bands_read_back_from_their_own_text() {
        let b = bands("30000 85%，40000：90%; 95%", BandBasis::Expense).unwrap();
        assert_eq!(b.bands().len(), 3);
        assert_eq!(b.bands()[0].up_to, Some(m("30000")));
        assert_eq!(bands(&bands_text(&b), BandBasis::Expense), Ok(b));
        assert_eq!(bands("85", BandBasis::Expense).unwrap().bands().len(), 1);
        let invalid = Err(Problem::BandsInvalid);
        assert_eq!(bands("", BandBasis::Expense), invalid, "no band at all");
        assert_eq!(
            bands("40000 90%, 30000 85%, 95%", BandBasis::Expense),
            invalid
        );
        assert_eq!(
            bands("30000 85%", BandBasis::Expense),
            invalid,
            "last band closed"
        );
        assert_eq!(bands("1 2 3", BandBasis::Expense), invalid);
        assert_eq!(bands("三万 85%, 95%", BandBasis::Expense), invalid);
    }

    #[test]
    fn codes_read_back_from_their_own_names() {
        for kind in [
            ItemKind::ClassA,
            ItemKind::ClassB,
            ItemKind::ClassCOrSelfPay,
            ItemKind::Service,
        ] {
            assert_eq!(kind_of(kind_code(kind)), Some(kind));
        }
        assert_eq!(kind_of("A"), None);
        for category in FilingCategory::ALL {
            let filing = CaseFiling::Filed(category);
            assert_eq!(filing_of(filing.name()), Some(filing));
        }
        assert_eq!(filing_of("not_filed"), Some(CaseFiling::NotFiled));
        assert_eq!(filing_of("long_term"), None, "the page names the category");
        for counted in [BandsCounted::PerYear, BandsCounted::PerSettlement] {
            let code = bands_counted_code(counted);
            assert_eq!(bands_counted_of(code), Some(counted));
            assert_eq!(
                serde_json::to_value(counted).unwrap(),
                code,
                "the case form's name"
            );
        }
        assert_eq!(bands_counted_of(""), None, "not known");
        assert_eq!(scheme_of("resident"), Some(Scheme::Resident));
        assert_eq!(scheme_of(""), None);
    }
}
