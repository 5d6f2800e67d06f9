//! The place form of a case (issue 16): where, who, what and when instead of the figures, with any of the person's
//! own figures. Read like the neutral form (`domain::form`: serde derives, the field path of a problem, amounts as
//! strings never through a float, the same names for the filing, item kinds and ways of counting) and settled by
//! the same [`evaluate`](super::evaluate) as the page, so the command and the page always agree.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Value, json};

use super::read::{self, kind_code, percent_text};
use super::{
    Amount, Basis, EstimateError, Field, Input, ItemInput, ItemPart, Outcome, ReductionMethod,
    Scope, Span,
};
use crate::domain::case::{CaseFiling, amount_json, result_json};
use crate::domain::form::{self, FormError, plain_decimal};
use crate::domain::lang::Lang;
use crate::domain::money::{Money, Ratio};
use crate::domain::settle::{BandBasis, BandsCounted, DeductiblePer, ItemKind};

/// One case of the place form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceCase {
    pub id: String,
    #[serde(default)]
    pub source: Option<String>,
    pub filing: CaseFiling,
    pub items: Vec<PlaceItem>,
    pub place: Place,
    /// The person's own figures, each narrowing a figure the data lacks (or replacing one it has).
    #[serde(default)]
    pub policy: OwnPolicy,
    /// The person's own temporary reduction, in percentage points (`"10"`).
    #[serde(default)]
    pub filing_reduction_points: Option<Points>,
    /// What the person already had this year; each figure 0 when absent.
    #[serde(default)]
    pub year_to_date: PlaceYearToDate,
}

/// 年度累计: what was paid and spent earlier this year, each optional (unlike the neutral form, where the first two
/// are required together).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceYearToDate {
    #[serde(default)]
    pub deductible_paid: Option<Amt>,
    #[serde(default)]
    pub fund_paid: Option<Amt>,
    /// 今年已发生的政策范围内费用, for bands counted over the year.
    #[serde(default)]
    pub in_scope_paid: Option<Amt>,
}

/// `{"examples": [...]}` of place cases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceCases {
    #[serde(default)]
    pub about: Option<String>,
    pub examples: Vec<PlaceCase>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemeName {
    EmployeeInService,
    EmployeeRetired,
    Resident,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CareName {
    Inpatient,
    GeneralOutpatient,
    ChronicOutpatient,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelName {
    Tertiary,
    Secondary,
    Primary,
}

/// Where, who, what and when. Codes and the date are checked by the estimator, which names the field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// 参保地: a city's 6-digit code (or a municipality's).
    pub insured: String,
    /// 就医地: a city's or a province's 6-digit code.
    pub treatment: String,
    pub scheme: SchemeName,
    pub care: CareName,
    /// Inpatient and general outpatient care only.
    #[serde(default)]
    pub level: Option<LevelName>,
    /// Chronic outpatient care only: the pilot code (`M01600`).
    #[serde(default)]
    pub disease: Option<String>,
    /// `YYYY-MM-DD`
    pub date: String,
    /// Inpatient only: `false` for the year's second or later stay.
    #[serde(default)]
    pub first_stay: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceItem {
    #[serde(default)]
    pub name: Option<String>,
    pub kind: ItemKind,
    pub amount: Amt,
    #[serde(default)]
    pub first_self_pay_share: Option<Share>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnPolicy {
    #[serde(default)]
    pub deductible: Option<Amt>,
    #[serde(default)]
    pub deductible_per: Option<DeductiblePer>,
    #[serde(default)]
    pub ratio_bands: Option<Vec<Band>>,
    #[serde(default)]
    pub band_basis: Option<BandBasis>,
    /// `per_year` or `per_settlement`; absent: whatever the data says, and where it says nothing, both are tried.
    #[serde(default)]
    pub bands_counted: Option<BandsCounted>,
    /// Absent: not given; `null`: no cap; an amount: the cap.
    #[serde(default, deserialize_with = "given")]
    pub annual_cap: Option<Option<Amt>>,
    #[serde(default)]
    pub class_b_first_self_pay_share: Option<Share>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(default)]
    pub up_to: Option<Amt>,
    pub ratio: Share,
}

/// Reads one place case, or `{"examples": [...]}` of them (then `true`).
// Read by the `estimate` command (native only).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) fn parse_place_cases(text: &str) -> Result<(Vec<PlaceCase>, bool), FormError> {
    let collection = serde_json::from_str::<BTreeMap<String, IgnoredAny>>(text)
        .is_ok_and(|top| top.contains_key("examples"));
    if collection {
        form::read::<PlaceCases>(text).map(|file| (file.examples, true))
    } else {
        form::read::<PlaceCase>(text).map(|case| (vec![case], false))
    }
}

/// A present field, `null` included: tells "no cap" (`null`) from "not given" (absent).
fn given<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A yuan amount as a decimal string (`"12.50"`): at most two places, not negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amt(pub Money);

impl<'de> Deserialize<'de> for Amt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match (plain_decimal(s.trim()), read::amount(&s)) {
            (Some(_), Ok(Some(m))) => Ok(Amt(m)),
            _ => Err(serde::de::Error::custom(
                "amount must be a decimal string like \"12.50\": not negative, at most two places, \
                 at most 99999999",
            )),
        }
    }
}

/// A share between 0 and 1 as a decimal string (`"0.10"`), at most four places (two of a percentage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share(pub Ratio);

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        plain_decimal(s.trim())
            .filter(|v| v.normalize().scale() <= 4)
            .and_then(|v| Ratio::new(v).ok())
            .map(Share)
            .ok_or_else(|| {
                serde::de::Error::custom(
                    "must be a decimal string between 0 and 1 like \"0.10\", with at most four places",
                )
            })
    }
}

/// Percentage points between 0 and 100 as a decimal string (`"10"`), at most two places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Points(pub rust_decimal::Decimal);

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        plain_decimal(s.trim())
            .filter(|v| v.normalize().scale() <= 2 && *v <= rust_decimal::Decimal::ONE_HUNDRED)
            .map(Points)
            .ok_or_else(|| {
                serde::de::Error::custom("must be a decimal string between 0 and 100 like \"10\"")
            })
    }
}

/// An amount as the form's input holds it (empty: not given).
fn amount_text(amount: Option<Amt>) -> String {
    amount.map(|a| a.0.to_string()).unwrap_or_default()
}

/// A choice's name in the case form, which is also the estimator's form code (`employee_retired`, `tertiary`).
fn name<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(name)) => name,
        _ => String::new(),
    }
}

impl PlaceCase {
    /// The estimator's input this case gives: as if typed on the page, item by item.
    pub fn input(&self) -> Input {
        let p = &self.place;
        let province = |code: &str| format!("{}0000", code.get(..2).unwrap_or_default());
        let own = &self.policy;
        let my_reduction = match self.filing_reduction_points {
            None => String::new(),
            Some(Points(v)) if v.is_zero() => ReductionMethod::None.as_str().to_owned(),
            Some(_) => ReductionMethod::SubtractPoints.as_str().to_owned(),
        };
        Input {
            insured_province: province(&p.insured),
            insured_city: p.insured.clone(),
            scheme: name(p.scheme),
            treatment_province: province(&p.treatment),
            treatment_city: p.treatment.clone(),
            setting: name(p.care),
            level: p.level.map(name).unwrap_or_default(),
            disease: p.disease.clone().unwrap_or_default(),
            // The page names a long-term category; which one does not change the figures.
            filing: match self.filing {
                CaseFiling::LongTerm => "other_long_term",
                other => other.name(),
            }
            .to_owned(),
            date: p.date.clone(),
            first_stay: if p.first_stay == Some(false) {
                "0"
            } else {
                "1"
            }
            .to_owned(),
            mode: "items".to_owned(),
            items: self
                .items
                .iter()
                .map(|item| ItemInput {
                    name: item.name.clone().unwrap_or_default(),
                    kind: kind_code(item.kind).to_owned(),
                    amount: item.amount.0.to_string(),
                    share: item
                        .first_self_pay_share
                        .map(|s| percent_text(s.0))
                        .unwrap_or_default(),
                })
                .collect(),
            my_deductible: own.deductible.map(|a| a.0.to_string()).unwrap_or_default(),
            my_deductible_per: own.deductible_per.map(name).unwrap_or_default(),
            my_bands: own
                .ratio_bands
                .as_ref()
                .map(|bands| {
                    bands
                        .iter()
                        .map(|b| match b.up_to {
                            Some(up_to) => format!("{} {}", up_to.0, percent_text(b.ratio.0)),
                            None => percent_text(b.ratio.0),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
            my_band_basis: own.band_basis.map(name).unwrap_or_default(),
            my_bands_counted: own.bands_counted.map(name).unwrap_or_default(),
            ytd_deductible: amount_text(self.year_to_date.deductible_paid),
            ytd_fund: amount_text(self.year_to_date.fund_paid),
            ytd_in_scope: amount_text(self.year_to_date.in_scope_paid),
            my_cap: match own.annual_cap {
                None => String::new(),
                Some(None) => "none".to_owned(),
                Some(Some(cap)) => cap.0.to_string(),
            },
            my_reduction,
            my_reduction_value: self
                .filing_reduction_points
                .map(|p| p.0.normalize().to_string())
                .unwrap_or_default(),
            my_class_b: own
                .class_b_first_self_pay_share
                .map(|s| percent_text(s.0))
                .unwrap_or_default(),
            ..Input::default()
        }
    }
}

/// The place form's path of a field of the estimator's form, for a message that names what to change.
pub fn field_path(field: Field) -> String {
    match field {
        Field::InsuredCity => "place.insured".to_owned(),
        Field::TreatmentCity => "place.treatment".to_owned(),
        Field::Scheme => "place.scheme".to_owned(),
        Field::Setting => "place.care".to_owned(),
        Field::Level => "place.level".to_owned(),
        Field::Disease => "place.disease".to_owned(),
        Field::Date => "place.date".to_owned(),
        Field::Filing => "filing".to_owned(),
        Field::ClassA | Field::ClassB | Field::ClassC | Field::Services => "items".to_owned(),
        Field::YtdDeductible => "year_to_date.deductible_paid".to_owned(),
        Field::YtdFund => "year_to_date.fund_paid".to_owned(),
        Field::YtdInScope => "year_to_date.in_scope_paid".to_owned(),
        Field::MyDeductible => "policy.deductible".to_owned(),
        Field::MyBands => "policy.ratio_bands".to_owned(),
        Field::MyCap => "policy.annual_cap".to_owned(),
        Field::MyReductionValue => "filing_reduction_points".to_owned(),
        Field::MyClassB | Field::MyClassBAmount => "policy.class_b_first_self_pay_share".to_owned(),
        Field::Item { index, part } => format!(
            "items[{index}].{}",
            match part {
                ItemPart::Kind => "kind",
                ItemPart::Amount => "amount",
                ItemPart::Share => "first_self_pay_share",
            }
        ),
    }
}

/// The first problem of an evaluation, as `path: code`.
pub fn problem_text(prefix: &str, e: &EstimateError) -> String {
    let path = field_path(e.field);
    let path = if prefix.is_empty() {
        path
    } else {
        format!("{prefix}.{path}")
    };
    format!("{path}: {}", e.code())
}

fn amount_value(a: Amount) -> Value {
    match a {
        Amount::Exact(m) => amount_json(m),
        Amount::Range { low, high } => json!({"low": amount_json(low), "high": amount_json(high)}),
    }
}

/// The values a missing figure ran between, as the form writes them: amounts with two places, ratios and points
/// as decimals, no cap as `null`, ways of counting by name (`low` the one that gave the fund's lowest payment).
fn span_json(span: Span) -> Value {
    let ratio = |r: Ratio| json!(r.value().normalize().to_string());
    let (low, high) = match span {
        Span::Amount { low, high } => (amount_json(low), amount_json(high)),
        Span::Ratios { low, high } | Span::Share { low, high } => (ratio(low), ratio(high)),
        Span::Cap { low, high } => (amount_json(low), high.map_or(Value::Null, amount_json)),
        Span::Cut { low, high } => (
            json!(low.value().normalize().to_string()),
            json!(high.value().normalize().to_string()),
        ),
        Span::Counted { low, high } => (json!(name(low)), json!(name(high))),
    };
    json!({"low": low, "high": high})
}

fn basis_json(b: &Basis) -> Value {
    match b {
        Basis::AmongPlaces { places, scope } => json!({
            "kind": "among_places",
            "places": places,
            "scope": match scope {
                Scope::SameSchemeAndCare => "same_scheme_and_care",
                Scope::SameKindOfCare => "same_kind_of_care",
                Scope::AnyRule => "any_rule",
            },
        }),
        Basis::AmongTreatmentPlaces { places } => {
            json!({"kind": "among_treatment_places", "places": places})
        }
        Basis::NationalMaximumCut { points, source } => json!({
            "kind": "national_maximum_cut",
            "points": points.value().normalize().to_string(),
            "source": source,
        }),
        Basis::NoCut => json!({"kind": "no_cut"}),
        Basis::Widest => json!({"kind": "widest"}),
    }
}

/// One answer of the place form: the fields of the neutral form's result (at the end where the fund pays most),
/// with `fund`, `personal` and `class_b_first_self_pay` as a string when determined, else `{"low", "high"}`, and
/// the missing figures with what each end rests on.
pub fn answer_json(id: &str, o: &Outcome, lang: Lang) -> Value {
    let mut case = o.case.clone();
    id.clone_into(&mut case.id);
    let mut out = result_json(&case, &o.breakdown, lang);
    out["fund"] = amount_value(o.fund);
    out["personal"] = amount_value(o.personal);
    out["class_b_first_self_pay"] = amount_value(o.class_b_first_self_pay);
    out["flagged_params"] = serde_json::to_value(o.params.flagged()).unwrap_or(Value::Null);
    out["missing"] = o.missing.iter().map(|m| json!(m.name())).collect();
    out["bounds"] = o
        .bounds
        .iter()
        .map(|b| {
            json!({
                "figure": b.figure.name(),
                "fund_low": basis_json(&b.fund_low),
                "fund_high": basis_json(&b.fund_high),
                "span": span_json(b.span),
            })
        })
        .collect();
    out
}
