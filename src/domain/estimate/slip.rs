//! 乙类先行自付 copied from a settlement slip: the Class B share it implies, so a person who has a slip but not the
//! treatment place's rule still gets one amount.

use super::error::Problem;
use crate::domain::money::{Money, Ratio};
use crate::domain::settle::{BillItem, ItemKind};

/// The most decimal places of a percentage tried (a share of 12.3456% has four).
const PERCENT_PLACES: u32 = 4;

/// The shortest share that, applied to every Class B item without its own share and rounded per item as settling
/// does, adds up to exactly `amount`. `Ok(None)` when the bill has no such item, so the amount changes nothing.
pub fn share_from_slip(amount: Money, bill: &[BillItem]) -> Result<Option<Ratio>, Problem> {
    let taking: Vec<Money> = bill
        .iter()
        .filter(|i| i.kind == ItemKind::ClassB && i.first_self_pay_share.is_none())
        .map(|i| i.amount)
        .collect();
    let base: Money = taking.iter().copied().sum();
    if base == Money::ZERO {
        return Ok(None);
    }
    if amount > base {
        return Err(Problem::ClassBAmountTooLarge);
    }
    let exact = amount.amount() / base.amount();
    (0..=PERCENT_PLACES + 2)
        .filter_map(|places| Ratio::new(exact.round_dp(places)).ok())
        .find(|share| {
            taking
                .iter()
                .map(|a| a.times(*share).round_cent())
                .sum::<Money>()
                == amount
        })
        .map(Some)
        .ok_or(Problem::ClassBAmountNoShare)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    fn b(amount: &str, share: Option<&str>) -> BillItem {
        BillItem {
            name: None,
            kind: ItemKind::ClassB,
            amount: m(amount),
            first_self_pay_share: share.map(|s| Ratio::new(s.parse::<Decimal>().unwrap()).unwrap()),
        }
    }

    #[test]
    fn a_round_share_is_found_from_its_amount() {
        // The Langfang Q&A: 31.77 of Class B, 3.18 first self-pay at 10% (3.177 rounded).
        let share = share_from_slip(m("3.18"), &[b("31.77", None)])
            .unwrap()
            .unwrap();
        assert_eq!(share.to_string(), "10%");
        let share = share_from_slip(m("200"), &[b("1000", None), b("1000", None)])
            .unwrap()
            .unwrap();
        assert_eq!(share.to_string(), "10%");
        let share = share_from_slip(m("15.5"), &[b("100", None)])
            .unwrap()
            .unwrap();
        assert_eq!(share.to_string(), "15.5%");
    }

    #[test]
    fn items_with_their_own_share_are_left_out() {
        let bill = [b("31.77", None), b("500", Some("0.2"))];
        let share = share_from_slip(m("3.18"), &bill).unwrap().unwrap();
        assert_eq!(share.to_string(), "10%");
        assert_eq!(
            share_from_slip(m("3.18"), &[b("500", Some("0.2"))]),
            Ok(None)
        );
    }

    #[test]
    fn an_amount_no_share_can_give_is_refused() {
        assert_eq!(
            share_from_slip(m("1000.01"), &[b("1000", None)]),
            Err(Problem::ClassBAmountTooLarge)
        );
        // Three items of 0.01: any share gives 0.00 or 0.01 on each, so 0.02 needs two to round up and one not.
        let tiny = [b("0.01", None), b("0.01", None), b("0.01", None)];
        assert_eq!(
            share_from_slip(m("0.02"), &tiny),
            Err(Problem::ClassBAmountNoShare)
        );
    }
}
