//! Properties of the settlement engine over generated bills and parameters.

use std::cell::Cell;

use proptest::prelude::*;
use rust_decimal::Decimal;
use yidi::domain::case::parse_cases;
use yidi::domain::money::{Money, Ratio};
use yidi::domain::settle::{
    BandBasis, BandsCounted, BillItem, Deductible, DeductiblePer, ItemKind, NotFiledRule, Param,
    Points, RatioBand, RatioBands, Reduction, SettlementParams, YearToDate, settle,
};

fn cents(max: i64) -> impl Strategy<Value = Money> {
    (0..=max).prop_map(|c| Money::new(Decimal::new(c, 2)))
}

/// Ratios with up to three decimals, as policies publish them (92.5%).
fn ratio() -> impl Strategy<Value = Ratio> {
    (0..=1000i64).prop_map(|r| Ratio::new(Decimal::new(r, 3)).unwrap())
}

fn item() -> impl Strategy<Value = BillItem> {
    (
        prop_oneof![
            Just(ItemKind::ClassA),
            Just(ItemKind::ClassB),
            Just(ItemKind::ClassCOrSelfPay),
            Just(ItemKind::Service)
        ],
        cents(5_000_000),
        proptest::option::of(ratio()),
    )
        .prop_map(|(kind, amount, share)| BillItem {
            name: None,
            kind,
            amount,
            first_self_pay_share: share.filter(|_| kind == ItemKind::ClassB),
        })
}

fn bands() -> impl Strategy<Value = RatioBands> {
    (
        prop_oneof![Just(BandBasis::Expense), Just(BandBasis::AboveDeductible)],
        proptest::collection::vec((1..=5_000_000i64, ratio()), 0..4),
        ratio(),
        prop_oneof![
            Just(None),
            Just(Some(BandsCounted::PerSettlement)),
            Just(Some(BandsCounted::PerYear))
        ],
    )
        .prop_map(|(basis, steps, last, counted)| {
            let mut up_to = 0;
            let mut bands: Vec<RatioBand> = steps
                .into_iter()
                .map(|(width, ratio)| {
                    up_to += width;
                    RatioBand {
                        up_to: Some(Money::new(Decimal::new(up_to, 2))),
                        ratio,
                    }
                })
                .collect();
            bands.push(RatioBand {
                up_to: None,
                ratio: last,
            });
            RatioBands::new(basis, bands).unwrap().counted_as(counted)
        })
}

fn reduction() -> impl Strategy<Value = Reduction> {
    prop_oneof![
        Just(Reduction::None),
        (0..=100i64).prop_map(|p| Reduction::SubtractPoints {
            points: Points::new(Decimal::from(p)).unwrap()
        }),
        ratio().prop_map(|factor| Reduction::MultiplyRatio { factor }),
        ratio().prop_map(|share| Reduction::AddFirstSelfPay { share }),
        cents(500_000).prop_map(|deductible| Reduction::HigherDeductible { deductible }),
    ]
}

fn params() -> impl Strategy<Value = SettlementParams> {
    (
        cents(500_000),
        any::<bool>(),
        bands(),
        proptest::option::of(cents(100_000_000)),
        reduction(),
        ratio(),
        proptest::bool::weighted(0.1),
    )
        .prop_map(
            |(deductible, per_settlement, bands, cap, reduction, share, not_filed)| {
                SettlementParams {
                    deductible: Param::from_case(Deductible {
                        amount: deductible,
                        per: if per_settlement {
                            DeductiblePer::Settlement
                        } else {
                            DeductiblePer::Year
                        },
                    }),
                    ratio_bands: Param::from_case(bands),
                    annual_cap: Param::from_case(cap),
                    reduction: Param::from_case(reduction),
                    reduction_limit: None,
                    class_b_share: Param::from_case(Some(share)),
                    not_filed: not_filed
                        .then(|| Param::from_case(NotFiledRule::PayInFullThenClaimAtHome)),
                }
            },
        )
}

fn ytd() -> impl Strategy<Value = YearToDate> {
    (
        cents(500_000),
        cents(100_000_000),
        prop_oneof![Just(Money::ZERO), cents(10_000_000)],
    )
        .prop_map(|(deductible_paid, fund_paid, in_scope_paid)| YearToDate {
            deductible_paid,
            fund_paid,
            in_scope_paid,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn fund_and_personal_add_up_to_the_total(
        p in params(), items in proptest::collection::vec(item(), 0..12), y in ytd()
    ) {
        let b = settle(&p, &items, y).unwrap();
        prop_assert_eq!(b.fund + b.personal, b.total);
        prop_assert_eq!(b.total, items.iter().map(|i| i.amount).sum::<Money>());
    }

    #[test]
    fn fund_stays_between_zero_and_in_scope_less_deductible(
        p in params(), items in proptest::collection::vec(item(), 0..12), y in ytd()
    ) {
        let b = settle(&p, &items, y).unwrap();
        prop_assert!(b.fund >= Money::ZERO);
        prop_assert!(b.deductible <= b.in_scope);
        prop_assert!(b.fund <= b.in_scope - b.deductible, "fund {} in scope {} deductible {}", b.fund, b.in_scope, b.deductible);
        prop_assert_eq!(b.fund.round_cent(), b.fund, "the fund's payment is in whole cents");
    }

    #[test]
    fn fund_never_exceeds_what_is_left_of_the_cap(
        p in params(), items in proptest::collection::vec(item(), 0..12), y in ytd()
    ) {
        let b = settle(&p, &items, y).unwrap();
        if let Some(cap) = p.annual_cap.value {
            prop_assert!(b.fund <= cap.saturating_sub(y.fund_paid));
        }
    }

    /// Bands counted per settlement (or not known to count the year) settle as if nothing was spent earlier; counted
    /// over the year, they settle as if the earlier spending were this bill's first part, paid by nobody.
    #[test]
    fn earlier_spending_moves_the_bill_only_where_bands_count_the_year(
        p in params(), items in proptest::collection::vec(item(), 0..12), y in ytd()
    ) {
        let alone = YearToDate { in_scope_paid: Money::ZERO, ..y };
        let b = settle(&p, &items, y).unwrap();
        let without = settle(&p, &items, alone).unwrap();
        if p.ratio_bands.value.counted() != Some(BandsCounted::PerYear) || !p.ratio_bands.value.is_banded() {
            prop_assert_eq!(b.fund, without.fund);
        }
        prop_assert_eq!(b.in_scope, without.in_scope, "earlier spending is not this bill's");
        prop_assert_eq!(b.deductible, without.deductible);
    }

    #[test]
    fn more_spending_never_lowers_the_fund(
        p in params(),
        items in proptest::collection::vec(item(), 1..12),
        extra in item(),
        raise in cents(1_000_000),
        which in any::<proptest::sample::Index>(),
        y in ytd(),
    ) {
        let before = settle(&p, &items, y).unwrap().fund;
        let mut more = items.clone();
        more.push(extra);
        prop_assert!(settle(&p, &more, y).unwrap().fund >= before);
        let mut dearer = items.clone();
        let i = which.index(dearer.len());
        dearer[i].amount = dearer[i].amount + raise;
        prop_assert!(settle(&p, &dearer, y).unwrap().fund >= before);
    }

    /// Settling is one pass over the items plus constant work per band: each item is read exactly once, and the
    /// steps grow by at most one per item. So a bill twice as long costs twice the item work, no more.
    #[test]
    fn settle_reads_each_item_once(
        p in params(), items in proptest::collection::vec(item(), 0..40), y in ytd()
    ) {
        let reads = Cell::new(0usize);
        let b = settle(&p, items.iter().inspect(|_| reads.set(reads.get() + 1)), y).unwrap();
        prop_assert_eq!(reads.get(), items.len());
        let class_b = items.iter().filter(|i| i.kind == ItemKind::ClassB).count();
        let bands = p.ratio_bands.value.bands().len();
        // Total, Class B items, self-pay, in scope, reduction's first self-pay, deductible, reduction, how bands
        // count, bands, rounding, cap, personal.
        prop_assert!(b.steps.len() <= 1 + class_b + 1 + 1 + 1 + 1 + 1 + 1 + bands + 3);
    }

    #[test]
    fn parsing_any_text_never_panics(text in ".{0,200}") {
        let _ = parse_cases(&text);
    }

    #[test]
    fn any_value_in_any_field_is_refused_or_settled_never_a_panic(
        pointer in prop_oneof![
            Just("/items/0/amount"), Just("/items/1/first_self_pay_share"), Just("/policy/deductible"),
            Just("/policy/ratio_bands/0/ratio"), Just("/policy/ratio_bands"), Just("/policy/annual_cap"),
            Just("/filing_reduction_points"), Just("/year_to_date"), Just("/items"), Just("/filing"),
        ],
        value in prop_oneof![
            "[-+0-9.eE_ ]{0,40}".prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            Just(serde_json::Value::Null),
            Just(serde_json::json!([{"up_to": "1", "ratio": "0.5"}, {"ratio": "0.5"}])),
            Just(serde_json::json!({"deductible_paid": "99999999999", "fund_paid": "1"})),
        ],
    ) {
        let mut case = serde_json::json!({
            "id": "fuzz",
            "items": [{"kind": "class_a", "amount": "32.52"}, {"kind": "class_b", "amount": "31.77", "first_self_pay_share": "0.10"}],
            "policy": {"deductible": "0", "ratio_bands": [{"ratio": "0.80"}], "annual_cap": "100"},
            "filing": "referral",
            "filing_reduction_points": "10",
            "year_to_date": {"deductible_paid": "0", "fund_paid": "0"}
        });
        *case.pointer_mut(pointer).unwrap() = value;
        if let Ok(cases) = parse_cases(&case.to_string()) {
            let _ = cases[0].settle("");
        }
    }
}
