//! Resolving (就医地目录，参保地政策): from the policy data and who, where, what and when, one settlement's parameters.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BenefitRule, InsuredPlace, PolicyData};
use crate::domain::category::{CareSetting, FilingCategory, FilingStatus, Scheme};
use crate::domain::money::{Money, Ratio};
use crate::domain::regions::crosses_provinces;
use crate::domain::settle::{
    Deductible, DeductiblePer, NotFiledRule, Param, Points, Provenance, RatioBands, Reduction,
    SettlementParams,
};

/// Everything resolve needs to know about one settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolveRequest {
    /// 参保地, a 6-digit region code.
    pub insured_place: String,
    pub scheme: Scheme,
    /// 就医地, a 6-digit region code.
    pub treatment_place: String,
    pub setting: CareSetting,
    /// Emergency care counts as filed (异地急诊抢救人员视同已备案): pass `Filed(Emergency)` for it.
    pub filing: FilingStatus,
    /// The date of care (for inpatient care, of admission), which picks the rules in force.
    pub date: NaiveDate,
    /// Inpatient only: whether this is the year's first stay, where the place sets a lower deductible for later ones.
    pub first_stay_of_year: bool,
}

/// Why no parameters can be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("insured place {0} is not in the policy data")]
    UnknownInsuredPlace(String),
    #[error(
        "the insured place and the treatment place are in the same province: this is not cross-provincial care"
    )]
    NotCrossProvincial,
    #[error("{date} is outside the dates the policy data covers")]
    OutsideData { date: NaiveDate },
    #[error(
        "the policy data has no published figures for this scheme and setting at {place} on {date}: not found, so not estimated"
    )]
    NoRule { place: String, date: NaiveDate },
}

impl ResolveError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ResolveError::UnknownInsuredPlace(_) => "unknown_insured_place",
            ResolveError::NotCrossProvincial => "not_cross_provincial",
            ResolveError::OutsideData { .. } => "outside_data",
            ResolveError::NoRule { .. } => "no_rule",
        }
    }

    /// The request field the error belongs beside.
    pub fn field(&self) -> &'static str {
        match self {
            ResolveError::UnknownInsuredPlace(_) => "insured_place",
            ResolveError::NotCrossProvincial => "treatment_place",
            ResolveError::OutsideData { .. } => "date",
            ResolveError::NoRule { .. } => "setting",
        }
    }
}

/// Care in the insured place's own province: the one request no figure can settle as cross-provincial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the insured place and the treatment place are in the same province: this is not cross-provincial care"
)]
pub struct NotCrossProvincial;

/// The parameters of one settlement, each carrying its source; figures not in the data are marked missing.
pub fn resolve(data: &PolicyData, req: &ResolveRequest) -> Result<SettlementParams, ResolveError> {
    if !crosses_provinces(&req.insured_place, &req.treatment_place) {
        return Err(ResolveError::NotCrossProvincial);
    }
    if req.date < data.effective_from || data.effective_to.is_some_and(|to| req.date > to) {
        return Err(ResolveError::OutsideData { date: req.date });
    }
    let place = data
        .insured_place(&req.insured_place)
        .ok_or_else(|| ResolveError::UnknownInsuredPlace(req.insured_place.clone()))?;
    let rule = place
        .rules
        .iter()
        .find(|r| {
            r.schemes.contains(&req.scheme)
                && r.setting.matches(req.setting)
                && r.in_force_on(req.date)
        })
        .ok_or_else(|| ResolveError::NoRule {
            place: place.name.en.clone(),
            date: req.date,
        })?;

    let (reduction, reduction_limit, not_filed) = place_figures(data, Some(place), req);
    Ok(SettlementParams {
        deductible: deductible(rule, req),
        ratio_bands: rule.ratio_bands.param(),
        annual_cap: rule
            .annual_cap
            .as_ref()
            .map_or_else(|| missing(None), |cap| cap.param()),
        reduction,
        reduction_limit,
        class_b_share: class_b_share(data, req),
        not_filed,
    })
}

/// Like [`resolve`], but an insured place, date or rule not in the data is no error: the figures it could not find
/// (deductible, ratio bands, annual cap) are marked missing, with placeholder values for the estimator to bound.
/// Only care within one province is refused, since no figure makes it cross-provincial.
pub fn resolve_with_gaps(
    data: &PolicyData,
    req: &ResolveRequest,
) -> Result<SettlementParams, NotCrossProvincial> {
    match resolve(data, req) {
        Err(ResolveError::NotCrossProvincial) => Err(NotCrossProvincial),
        Ok(params) => Ok(params),
        Err(_) => {
            let (reduction, reduction_limit, not_filed) =
                place_figures(data, data.insured_place(&req.insured_place), req);
            Ok(SettlementParams {
                deductible: missing(no_deductible()),
                ratio_bands: missing(RatioBands::flat(Ratio::ONE)),
                annual_cap: missing(None),
                reduction,
                reduction_limit,
                class_b_share: class_b_share(data, req),
                not_filed,
            })
        }
    }
}

/// The filing's reduction (with the national limit where the place's is missing) and the rule for unfiled care.
fn place_figures(
    data: &PolicyData,
    place: Option<&InsuredPlace>,
    req: &ResolveRequest,
) -> (
    Param<Reduction>,
    Option<Param<Points>>,
    Option<Param<NotFiledRule>>,
) {
    let (reduction, reduction_limit) = match req.filing {
        FilingStatus::Filed(category) if category.is_long_term() => {
            (data.national.long_term_reduction.param(), None)
        }
        FilingStatus::Filed(category) => temporary_reduction(data, place, category),
        // Unfiled care is not settled directly, so no ratio is reduced: the reduction is moot.
        FilingStatus::NotFiled => (Param::from_case(Reduction::None), None),
    };
    let not_filed = (req.filing == FilingStatus::NotFiled).then(|| {
        place
            .and_then(|p| p.not_filed.as_ref())
            .unwrap_or(&data.national.not_filed)
            .param()
    });
    (reduction, reduction_limit, not_filed)
}

/// The treatment place's Class B first self-pay share, marked missing where it is not in the data.
fn class_b_share(data: &PolicyData, req: &ResolveRequest) -> Param<Option<Ratio>> {
    match data
        .treatment_place(&req.treatment_place)
        .and_then(|t| t.class_b_first_self_pay_share.as_ref())
    {
        Some(share) => {
            let p = share.param();
            Param {
                value: Some(p.value),
                provenance: p.provenance,
            }
        }
        None => missing(None),
    }
}

fn missing<T>(value: T) -> Param<T> {
    Param {
        value,
        provenance: Provenance::Missing,
    }
}

/// The first stay's deductible, or for a later stay the later-stay figure with its own way of counting: a per-stay
/// figure is not reduced by what the first stay paid toward the yearly one. Missing where the rule has none.
fn deductible(rule: &BenefitRule, req: &ResolveRequest) -> Param<Deductible> {
    let later = matches!(req.setting, CareSetting::Inpatient { .. }) && !req.first_stay_of_year;
    match (&rule.later_stay_deductible, &rule.deductible) {
        (Some(figure), _) if later => {
            let p = figure.param();
            Param {
                value: p.value.into(),
                provenance: p.provenance,
            }
        }
        (_, Some(figure)) => figure.param(),
        (_, None) => missing(no_deductible()),
    }
}

/// The placeholder a missing deductible carries: the estimator replaces it by its bounds.
fn no_deductible() -> Deductible {
    Deductible {
        amount: Money::ZERO,
        per: DeductiblePer::Year,
    }
}

/// The place's reduction for a temporary category; where it was not found, none, marked missing, with the
/// national limit so the explanation can say how much less the fund might pay.
fn temporary_reduction(
    data: &PolicyData,
    place: Option<&InsuredPlace>,
    category: FilingCategory,
) -> (Param<Reduction>, Option<Param<Points>>) {
    match place
        .and_then(|p| p.temporary_reductions.get(category))
        .and_then(Option::as_ref)
    {
        Some(figure) => (figure.param(), None),
        None => (
            missing(Reduction::None),
            data.national
                .temporary_reduction_limits
                .get(category)
                .map(|f| f.param()),
        ),
    }
}
