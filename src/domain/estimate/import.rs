//! An imported case (the neutral case form) as the estimator's input, so the page shows it as if typed.

use super::input::ItemInput;
use super::read::{bands_counted_code, bands_text, kind_code, percent_text};
use super::{Input, ReductionMethod};
use crate::domain::case::{Case, CaseFiling};
use crate::domain::settle::{BandBasis, DeductiblePer, Reduction};

impl Input {
    /// The input a case gives: its bill item by item, its filing, and every figure as the person's own; where and
    /// when (which the case form does not carry) are kept from `current`.
    pub fn from_case(case: &Case, current: &Input) -> Input {
        let filing = match case.filing {
            CaseFiling::LongTerm => "other_long_term",
            other => other.name(),
        };
        let (method, value) = match case.reduction {
            Reduction::None => (ReductionMethod::None, String::new()),
            Reduction::SubtractPoints { points } => (
                ReductionMethod::SubtractPoints,
                points.value().normalize().to_string(),
            ),
            Reduction::MultiplyRatio { factor } => {
                (ReductionMethod::MultiplyRatio, percent_text(factor))
            }
            Reduction::AddFirstSelfPay { share } => {
                (ReductionMethod::AddFirstSelfPay, percent_text(share))
            }
            Reduction::HigherDeductible { deductible } => {
                (ReductionMethod::HigherDeductible, deductible.to_string())
            }
        };
        Input {
            filing: filing.to_owned(),
            mode: "items".to_owned(),
            class_a: String::new(),
            class_b: String::new(),
            class_c: String::new(),
            services: String::new(),
            items: case
                .items
                .iter()
                .map(|item| ItemInput {
                    name: item.name.clone().unwrap_or_default(),
                    kind: kind_code(item.kind).to_owned(),
                    amount: item.amount.to_string(),
                    share: item
                        .first_self_pay_share
                        .map(percent_text)
                        .unwrap_or_default(),
                })
                .collect(),
            ytd_deductible: case.year_to_date.deductible_paid.to_string(),
            ytd_fund: case.year_to_date.fund_paid.to_string(),
            ytd_in_scope: case.year_to_date.in_scope_paid.to_string(),
            my_deductible: case.policy.deductible.amount.to_string(),
            my_deductible_per: match case.policy.deductible.per {
                DeductiblePer::Year => "year",
                DeductiblePer::Settlement => "settlement",
            }
            .to_owned(),
            my_bands: bands_text(&case.policy.ratio_bands),
            my_bands_counted: case
                .policy
                .ratio_bands
                .counted()
                .map(bands_counted_code)
                .unwrap_or_default()
                .to_owned(),
            my_band_basis: match case.policy.ratio_bands.basis() {
                BandBasis::Expense => "expense",
                BandBasis::AboveDeductible => "above_deductible",
            }
            .to_owned(),
            my_cap: case
                .policy
                .annual_cap
                .map_or_else(|| "none".to_owned(), |cap| cap.to_string()),
            my_reduction: method.as_str().to_owned(),
            my_reduction_value: value,
            my_class_b: case
                .policy
                .class_b_first_self_pay_share
                .map(percent_text)
                .unwrap_or_default(),
            ..current.clone()
        }
    }
}
