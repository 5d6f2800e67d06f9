//! What matters about an estimate beyond its figures, as typed notes: the page's text tables say them in words.

use rust_decimal::Decimal;

use crate::domain::case::CaseFiling;
use crate::domain::category::FilingCategory;
use crate::domain::money::{Money, Ratio};
use crate::domain::settle::{
    BillItem, Breakdown, Param, Provenance, Reduction, SettlementParams, ShareFrom, Step,
    YearToDate, settle,
};

/// One note on an estimate, in the order the page lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// Not filed: no direct settlement; pay in full, then claim at home.
    NotFiled,
    /// Emergency care counts as filed; file as soon as it is over.
    Emergency,
    /// A temporary trip whose reduction is not in the data: settled without one, though the insured place may lower
    /// the ratio by up to `up_to_points` percentage points.
    TemporaryReductionMissing { up_to_points: Decimal },
    /// A temporary trip settled with the place's reduction; `long_term_fund` is what the fund would pay without it.
    TemporaryReduced { long_term_fund: Option<Money> },
    /// Class B items without a share of their own used the treatment place's.
    ClassBFromTreatmentPlace { share: Ratio },
    /// The annual cap lowered the fund's payment: at most `left` more this year.
    CapReached { left: Money },
    /// Some figure used is unverified or not in the data.
    Unverified,
}

/// The largest reduction national guidance allows a temporary category (other temporary trips: 20 points), said
/// when the data gives no limit.
const WIDEST_LIMIT_POINTS: i64 = 20;

pub(super) fn warnings(
    params: &SettlementParams,
    b: &Breakdown,
    filing: CaseFiling,
    bill: &[BillItem],
    ytd: YearToDate,
) -> Vec<Warning> {
    let mut out = Vec::new();
    match filing {
        CaseFiling::NotFiled => out.push(Warning::NotFiled),
        CaseFiling::Filed(FilingCategory::Emergency) => out.push(Warning::Emergency),
        _ => {}
    }
    let temporary = matches!(filing, CaseFiling::Filed(c) if !c.is_long_term());
    if temporary && b.directly_settled {
        if params.reduction.provenance == Provenance::Missing {
            let up_to_points = params
                .reduction_limit
                .as_ref()
                .map_or(Decimal::from(WIDEST_LIMIT_POINTS), |l| l.value.value());
            out.push(Warning::TemporaryReductionMissing { up_to_points });
        } else if params.reduction.value != Reduction::None {
            let mut long_term = params.clone();
            long_term.reduction = Param::from_case(Reduction::None);
            let long_term_fund = settle(&long_term, bill, ytd).ok().map(|alt| alt.fund);
            out.push(Warning::TemporaryReduced { long_term_fund });
        }
    }
    let place_share = b.steps.iter().find_map(|s| match s {
        Step::ClassBFirstSelfPay {
            share,
            from: ShareFrom::TreatmentPlace,
            ..
        } => Some(*share),
        _ => None,
    });
    // A share that is one end of a range is not the treatment place's rule: the range says what it rests on.
    if let Some(share) =
        place_share.filter(|_| params.class_b_share.provenance != Provenance::Missing)
    {
        out.push(Warning::ClassBFromTreatmentPlace { share });
    }
    if b.cap_limited {
        let left = b.steps.iter().find_map(|s| match s {
            Step::AnnualCap { left, .. } => *left,
            _ => None,
        });
        out.push(Warning::CapReached {
            left: left.unwrap_or_default(),
        });
    }
    if !params.flagged().is_empty() {
        out.push(Warning::Unverified);
    }
    out
}
