//! How a bill divides between the fund and the person, for the result's bar and its words: the fund's part, the
//! part that goes to either while figures are missing, and the person's part.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::range::Amount;
use crate::domain::money::Money;

/// The fund's and the person's parts of a bill. Per mille of the total (the bar's widths, summing to 1000) and in
/// whole percent (the words), each rounded from the amounts, half away from zero. Percent is not rounded from per
/// mille, which would round twice (76.45 % is 76 %, not 765 ‰ then 77 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Division {
    /// The fund's sure part: what it pays at least.
    pub fund: u32,
    /// The part either may pay, until the missing figures are known: the fund's range (0 for an exact estimate).
    pub open: u32,
    /// The person's sure part: what they pay at least.
    pub person: u32,
    /// The fund's share in whole percent, at its low and high ends (equal for an exact estimate). The person's
    /// share is the rest: `100 − high` to `100 − low`.
    pub fund_percent: (u32, u32),
}

impl Division {
    /// The division of `total` given what the fund pays; `None` for a bill of nothing, which has nothing to divide.
    pub fn of(fund: Amount, total: Money) -> Option<Division> {
        let share = |part: Money, whole: u32| {
            let scaled = part.amount() * Decimal::from(whole) / total.amount();
            let rounded = scaled.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
            rounded.to_u32().map_or(0, |n| n.min(whole))
        };
        if total <= Money::ZERO {
            return None;
        }
        let (low, high) = (share(fund.low(), 1000), share(fund.high(), 1000));
        Some(Division {
            fund: low,
            open: high - low,
            person: 1000 - high,
            fund_percent: (share(fund.low(), 100), share(fund.high(), 100)),
        })
    }

    /// The person's share in whole percent, at its low and high ends.
    pub fn person_percent(self) -> (u32, u32) {
        (100 - self.fund_percent.1, 100 - self.fund_percent.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn an_exact_estimate_divides_the_whole_bill_between_the_two() {
        // The national Q&A's Langfang case: the fund 48.89 of 64.29 is 76.046 %.
        let d = Division::of(Amount::Exact(m("48.89")), m("64.29")).unwrap();
        assert_eq!((d.fund, d.open, d.person), (760, 0, 240));
        assert_eq!(d.fund_percent, (76, 76));
        assert_eq!(d.person_percent(), (24, 24));
    }

    #[test]
    fn a_range_leaves_open_the_part_either_may_pay() {
        let d = Division::of(Amount::between(m("2000"), m("6000")), m("10000")).unwrap();
        assert_eq!((d.fund, d.open, d.person), (200, 400, 400));
        assert_eq!(d.fund_percent, (20, 60));
        assert_eq!(d.person_percent(), (40, 80));
    }

    #[test]
    fn percent_is_rounded_from_the_amounts_not_from_per_mille() {
        // 76.45 %: 765 ‰ on the bar, but 76 % in words, where rounding 765 ‰ again would say 77 %.
        let d = Division::of(Amount::Exact(m("76.45")), m("100")).unwrap();
        assert_eq!(d.fund, 765);
        assert_eq!(d.fund_percent, (76, 76));
        // Half away from zero, as the product rounds money: 12.5 % is 13 %.
        let d = Division::of(Amount::Exact(m("12.5")), m("100")).unwrap();
        assert_eq!(d.fund_percent, (13, 13));
    }

    #[test]
    fn nothing_paid_and_everything_paid_are_whole_parts() {
        let none = Division::of(Amount::Exact(Money::ZERO), m("980.00")).unwrap();
        assert_eq!((none.fund, none.open, none.person), (0, 0, 1000));
        assert_eq!(none.person_percent(), (100, 100));
        let all = Division::of(Amount::Exact(m("980.00")), m("980.00")).unwrap();
        assert_eq!((all.fund, all.open, all.person), (1000, 0, 0));
    }

    #[test]
    fn a_bill_of_nothing_has_nothing_to_divide() {
        assert_eq!(Division::of(Amount::Exact(Money::ZERO), Money::ZERO), None);
    }
}
