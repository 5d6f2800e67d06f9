//! The neutral case form (`examples.json`): a bill with the parameters to settle it, read and written by the
//! `estimate` command and the browser estimator alike. Documented in `docs/policy-data.md`.
//!
//! Read with serde derives through [`form::read`], so every error names the field path
//! (`examples[2].items[0].amount`), and amounts are decimal strings read without ever passing through a float (a JSON
//! number is refused). What one field cannot say alone (a Class B item's share against the policy's, bands that
//! ascend, one reduction rather than two) is checked after, at the same paths. Written back through the same types.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use rust_decimal::Decimal;
use serde::de::value::StringDeserializer;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Value, json};

use crate::domain::category::FilingCategory;
use crate::domain::form::{self, FormError, plain_decimal};
use crate::domain::lang::Lang;
use crate::domain::money::{Money, Ratio};
use crate::domain::settle::{
    BandBasis, BandsCounted, BillItem, Breakdown, Deductible, DeductiblePer, ItemKind,
    NotFiledRule, Param, Points, RatioBand, RatioBands, Reduction, SettleError, SettlementParams,
    YearToDate, settle,
};

/// The largest amount a case may carry (just under a trillion yuan), so sums can never overflow.
const MAX_AMOUNT: Decimal = Decimal::from_parts(276_447_231, 23_283, 0, false, 2);

/// How the case was filed (备案): the neutral form's `filing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "FilingName", into = "FilingName")]
pub enum CaseFiling {
    /// Some long-term category, not said which (`long_term`).
    LongTerm,
    Filed(FilingCategory),
    /// 未备案 and not an emergency: not settled directly.
    NotFiled,
}

/// The names of [`CaseFiling`] in the form, in the order an error lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum FilingName {
    LongTerm,
    ResettledRetiree,
    LongTermResident,
    ResidentStaff,
    OtherLongTerm,
    Referral,
    Emergency,
    OtherTemporary,
    NotFiled,
}

impl From<FilingName> for CaseFiling {
    fn from(name: FilingName) -> CaseFiling {
        match name {
            FilingName::LongTerm => CaseFiling::LongTerm,
            FilingName::ResettledRetiree => CaseFiling::Filed(FilingCategory::ResettledRetiree),
            FilingName::LongTermResident => CaseFiling::Filed(FilingCategory::LongTermResident),
            FilingName::ResidentStaff => CaseFiling::Filed(FilingCategory::ResidentStaff),
            FilingName::OtherLongTerm => CaseFiling::Filed(FilingCategory::OtherLongTerm),
            FilingName::Referral => CaseFiling::Filed(FilingCategory::Referral),
            FilingName::Emergency => CaseFiling::Filed(FilingCategory::Emergency),
            FilingName::OtherTemporary => CaseFiling::Filed(FilingCategory::OtherTemporary),
            FilingName::NotFiled => CaseFiling::NotFiled,
        }
    }
}

impl From<CaseFiling> for FilingName {
    fn from(filing: CaseFiling) -> FilingName {
        match filing {
            CaseFiling::LongTerm => FilingName::LongTerm,
            CaseFiling::Filed(FilingCategory::ResettledRetiree) => FilingName::ResettledRetiree,
            CaseFiling::Filed(FilingCategory::LongTermResident) => FilingName::LongTermResident,
            CaseFiling::Filed(FilingCategory::ResidentStaff) => FilingName::ResidentStaff,
            CaseFiling::Filed(FilingCategory::OtherLongTerm) => FilingName::OtherLongTerm,
            CaseFiling::Filed(FilingCategory::Referral) => FilingName::Referral,
            CaseFiling::Filed(FilingCategory::Emergency) => FilingName::Emergency,
            CaseFiling::Filed(FilingCategory::OtherTemporary) => FilingName::OtherTemporary,
            CaseFiling::NotFiled => FilingName::NotFiled,
        }
    }
}

impl CaseFiling {
    /// The form's name (`resettled_retiree`), which is also the estimator's form code.
    pub fn name(self) -> &'static str {
        match self {
            CaseFiling::LongTerm => "long_term",
            CaseFiling::Filed(FilingCategory::ResettledRetiree) => "resettled_retiree",
            CaseFiling::Filed(FilingCategory::LongTermResident) => "long_term_resident",
            CaseFiling::Filed(FilingCategory::ResidentStaff) => "resident_staff",
            CaseFiling::Filed(FilingCategory::OtherLongTerm) => "other_long_term",
            CaseFiling::Filed(FilingCategory::Referral) => "referral",
            CaseFiling::Filed(FilingCategory::Emergency) => "emergency",
            CaseFiling::Filed(FilingCategory::OtherTemporary) => "other_temporary",
            CaseFiling::NotFiled => "not_filed",
        }
    }
}

/// The insured place's parameters as the case gives them (already resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePolicy {
    pub deductible: Deductible,
    pub ratio_bands: RatioBands,
    pub annual_cap: Option<Money>,
    /// The treatment place's Class B share, for items without their own.
    pub class_b_first_self_pay_share: Option<Ratio>,
}

/// The published results a case expects, each optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Expected {
    pub total: Option<Money>,
    pub class_b_first_self_pay: Option<Money>,
    pub in_scope: Option<Money>,
    pub deductible: Option<Money>,
    pub fund: Option<Money>,
    pub personal: Option<Money>,
}

/// One case of the neutral form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: String,
    pub source: Option<String>,
    pub items: Vec<BillItem>,
    pub policy: CasePolicy,
    pub filing: CaseFiling,
    /// The filing category's reduction (`filing_reduction_points`, or `filing_reduction` for other methods).
    pub reduction: Reduction,
    pub year_to_date: YearToDate,
    pub expect: Option<Expected>,
}

/// What is wrong with one field of a case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseProblem {
    #[error("not valid JSON: {0}")]
    InvalidJson(String),
    #[error("is required")]
    Missing,
    /// What it must be instead (`a string`, `an array of items`).
    #[error("must be {0}")]
    WrongType(String),
    #[error("is not a field of the case form")]
    UnknownField,
    #[error("is given more than once")]
    Duplicate,
    /// The names it may be, comma-separated.
    #[error("must be one of: {0}")]
    UnknownValue(String),
    #[error("amount must be a decimal string like \"12.50\"")]
    NotAnAmount,
    #[error("must be a decimal string like \"0.80\"")]
    NotARatio,
    #[error("must not be negative")]
    Negative,
    #[error("must have at most two decimal places (fen)")]
    TooPrecise,
    #[error("must be at most 999999999999.99")]
    TooLarge,
    #[error("must be between 0 and 1")]
    RatioOutOfRange,
    #[error("must be between 0 and 100")]
    PointsOutOfRange,
    #[error(
        "bands must ascend: each up_to above the one before, above 0, and only the last band without up_to"
    )]
    BandsNotAscending,
    #[error("there must be at least one band")]
    NoBands,
    #[error("only Class B items have a first self-pay share")]
    ShareOnNonClassB,
    #[error("is required for a Class B item unless policy.class_b_first_self_pay_share is given")]
    MissingShare,
    #[error("give filing_reduction_points or filing_reduction, not both")]
    TwoReductions,
    #[error(
        "is required when year_to_date.in_scope_paid is not 0 and the bands have different ratios: per_year (年度累计) or per_settlement (按次)"
    )]
    BandsCountedMissing,
    /// Anything else serde refuses, in its words.
    #[error("is not valid: {0}")]
    Invalid(String),
}

impl CaseProblem {
    /// The problems the form's own readers raise, found again by their message in serde's error.
    const RAISED: [CaseProblem; 8] = [
        CaseProblem::Missing,
        CaseProblem::NotAnAmount,
        CaseProblem::NotARatio,
        CaseProblem::Negative,
        CaseProblem::TooPrecise,
        CaseProblem::TooLarge,
        CaseProblem::RatioOutOfRange,
        CaseProblem::PointsOutOfRange,
    ];

    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            CaseProblem::InvalidJson(_) => "invalid_json",
            CaseProblem::Missing => "missing",
            CaseProblem::WrongType(_) => "wrong_type",
            CaseProblem::UnknownField => "unknown_field",
            CaseProblem::Duplicate => "duplicate_field",
            CaseProblem::UnknownValue(_) => "unknown_value",
            CaseProblem::NotAnAmount | CaseProblem::NotARatio => "not_a_decimal",
            CaseProblem::Negative => "negative",
            CaseProblem::TooPrecise => "too_precise",
            CaseProblem::TooLarge => "too_large",
            CaseProblem::RatioOutOfRange => "ratio_out_of_range",
            CaseProblem::PointsOutOfRange => "points_out_of_range",
            CaseProblem::BandsNotAscending => "bands_not_ascending",
            CaseProblem::NoBands => "no_bands",
            CaseProblem::ShareOnNonClassB => "share_on_non_class_b",
            CaseProblem::MissingShare => "missing_class_b_share",
            CaseProblem::TwoReductions => "two_reductions",
            CaseProblem::BandsCountedMissing => "bands_counted_missing",
            CaseProblem::Invalid(_) => "invalid_value",
        }
    }

    /// The problem a message of this type's `Display` names: one the readers raise, a list of names
    /// (`must be one of: …`), or what a value must be (`must be a string`).
    fn from_message(text: &str) -> Option<CaseProblem> {
        CaseProblem::RAISED
            .into_iter()
            .find(|p| p.to_string() == text)
            .or_else(|| {
                text.strip_prefix("must be one of: ")
                    .map(|names| CaseProblem::UnknownValue(names.to_owned()))
            })
            .or_else(|| {
                text.strip_prefix("must be ")
                    .map(|what| CaseProblem::WrongType(what.to_owned()))
            })
    }
}

/// A case that cannot be read or settled, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {problem}", if field.is_empty() { "input" } else { field.as_str() })]
pub struct CaseError {
    /// The field path, e.g. `examples[2].items[0].amount`; empty for the input as a whole.
    pub field: String,
    pub problem: CaseProblem,
}

impl CaseError {
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }

    /// serde's refusal as the form's problem at its path. serde names a missing field beside the path of its object,
    /// an unknown one at its own path, and says what a value of the wrong type should have been.
    fn from_form(e: FormError) -> CaseError {
        if !e.error.is_data() {
            return CaseError {
                field: String::new(),
                problem: CaseProblem::InvalidJson(e.error.to_string()),
            };
        }
        let message = e.message();
        let named = |prefix: &str| {
            message
                .strip_prefix(prefix)
                .and_then(|rest| rest.split('`').next())
        };
        let (field, problem) = if let Some(name) = named("missing field `") {
            (at(&e.path, name), CaseProblem::Missing)
        } else if let Some(name) = named("duplicate field `") {
            (at(&e.path, name), CaseProblem::Duplicate)
        } else if named("unknown field `").is_some() {
            (e.path, CaseProblem::UnknownField)
        } else if let Some(rest) = message.strip_prefix("invalid type: ") {
            let expected = rest.rsplit_once(", expected ").map_or(rest, |(_, x)| x);
            let problem = CaseProblem::from_message(expected)
                .unwrap_or_else(|| CaseProblem::WrongType(expected.to_owned()));
            (e.path, problem)
        } else {
            let problem =
                CaseProblem::from_message(&message).unwrap_or(CaseProblem::Invalid(message));
            (e.path, problem)
        };
        CaseError { field, problem }
    }
}

fn err<T>(field: impl Into<String>, problem: CaseProblem) -> Result<T, CaseError> {
    Err(CaseError {
        field: field.into(),
        problem,
    })
}

/// The path of `field` inside the object at `path` (`examples[0]` and `policy` make `examples[0].policy`).
fn at(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// The cases of one input, and whether it was the `{"examples": [...]}` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    pub cases: Vec<Case>,
    pub collection: bool,
}

impl CaseFile {
    /// The field path of case `index`, the prefix of its errors.
    pub fn path(&self, index: usize) -> String {
        if self.collection {
            format!("examples[{index}]")
        } else {
            String::new()
        }
    }
}

/// Reads one case or `{"examples": [...]}` from JSON text.
pub fn parse_cases(text: &str) -> Result<Vec<Case>, CaseError> {
    parse_case_file(text).map(|f| f.cases)
}

/// Reads one case or `{"examples": [...]}` from JSON text, remembering which form it was.
pub fn parse_case_file(text: &str) -> Result<CaseFile, CaseError> {
    // Broken JSON is named as such before anything in it, and the shape is found from the keys alone: both passes
    // skip every value unread.
    if let Err(e) = serde_json::from_str::<IgnoredAny>(text) {
        return err("", CaseProblem::InvalidJson(e.to_string()));
    }
    let Ok(top) = serde_json::from_str::<BTreeMap<String, IgnoredAny>>(text) else {
        return err(
            "",
            CaseProblem::WrongType("an object: one case, or {\"examples\": [...]}".to_owned()),
        );
    };
    if top.contains_key("examples") {
        let Obj(file): Obj<CasesText> = form::read(text).map_err(CaseError::from_form)?;
        let cases = file
            .examples
            .into_iter()
            .enumerate()
            .map(|(i, case)| case.0.into_case(&format!("examples[{i}]")))
            .collect::<Result<_, _>>()?;
        Ok(CaseFile {
            cases,
            collection: true,
        })
    } else {
        let Obj(case): Obj<CaseText> = form::read(text).map_err(CaseError::from_form)?;
        Ok(CaseFile {
            cases: vec![case.into_case("")?],
            collection: false,
        })
    }
}

/// `{"examples": [...]}`; `about` says what the file holds and is not read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CasesText {
    #[serde(default, rename = "about")]
    _about: IgnoredAny,
    #[serde(deserialize_with = "examples")]
    examples: Vec<Obj<CaseText>>,
}

/// One case as the form spells it. Fields are declared in the order a missing one is reported.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseText {
    #[serde(deserialize_with = "required")]
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(deserialize_with = "required")]
    policy: Obj<PolicyText>,
    #[serde(deserialize_with = "items")]
    items: Vec<Obj<ItemText>>,
    #[serde(deserialize_with = "required")]
    filing: Choice<CaseFiling>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    filing_reduction_points: Option<PointsText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    filing_reduction: Option<Obj<ReductionText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year_to_date: Option<Obj<YearToDateText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expect: Option<Obj<ExpectedText>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemText {
    #[serde(deserialize_with = "required")]
    kind: Choice<ItemKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_self_pay_share: Option<RatioText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(deserialize_with = "required")]
    amount: AmountText,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyText {
    /// Absent or `null`: `year`.
    #[serde(default)]
    deductible_per: Option<Choice<DeductiblePer>>,
    /// Absent or `null`: `expense`.
    #[serde(default)]
    band_basis: Option<Choice<BandBasis>>,
    #[serde(deserialize_with = "bands")]
    ratio_bands: Vec<Obj<BandText>>,
    /// Absent or `null`: not known (then a case with earlier spending this year and banded ratios is not settled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bands_counted: Option<Choice<BandsCounted>>,
    #[serde(deserialize_with = "required")]
    deductible: AmountText,
    /// Absent or `null`: no cap (written as `null`).
    #[serde(default)]
    annual_cap: Option<AmountText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    class_b_first_self_pay_share: Option<RatioText>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    up_to: Option<AmountText>,
    #[serde(deserialize_with = "required")]
    ratio: RatioText,
}

/// A reduction by its method, with the one figure that method takes.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReductionText {
    #[serde(deserialize_with = "required")]
    method: Choice<Method>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    points: Option<PointsText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    factor: Option<RatioText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    share: Option<RatioText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deductible: Option<AmountText>,
}

/// The names of the reduction methods ([`Reduction`]'s `method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Method {
    None,
    SubtractPoints,
    MultiplyRatio,
    AddFirstSelfPay,
    HigherDeductible,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearToDateText {
    #[serde(deserialize_with = "required")]
    deductible_paid: AmountText,
    #[serde(deserialize_with = "required")]
    fund_paid: AmountText,
    /// Absent or `null`: 0 (and 0 is not written, so files without it read and write as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    in_scope_paid: Option<AmountText>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total: Option<AmountText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    class_b_first_self_pay: Option<AmountText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    in_scope: Option<AmountText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deductible: Option<AmountText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fund: Option<AmountText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    personal: Option<AmountText>,
}

/// A JSON object, and only an object: a derived struct alone would also take an array of its fields in order.
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Fields<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(Fields(PhantomData)).map(Obj)
    }
}

impl<T: Serialize> Serialize for Obj<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// A field that must be given: absent or `null` is [`CaseProblem::Missing`].
fn required<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Option::<T>::deserialize(d)?.ok_or_else(|| de::Error::custom(CaseProblem::Missing))
}

/// A JSON array, called `what` when something else is given; `null` is missing when read as an option.
struct Seq<T> {
    what: &'static str,
    marker: PhantomData<T>,
}

impl<T> Seq<T> {
    fn of(what: &'static str) -> Self {
        Seq {
            what,
            marker: PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Seq<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)
    }

    fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
        Err(E::custom(CaseProblem::Missing))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(element) = seq.next_element()? {
            list.push(element);
        }
        Ok(list)
    }
}

/// `examples`: `null` is the wrong type here, as the file says it has examples.
fn examples<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Obj<CaseText>>, D::Error> {
    d.deserialize_seq(Seq::of("an array of cases"))
}

fn items<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Obj<ItemText>>, D::Error> {
    d.deserialize_option(Seq::of("an array of items"))
}

fn bands<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Obj<BandText>>, D::Error> {
    d.deserialize_option(Seq::of("an array of bands"))
}

/// One of a type's serde names (`class_b`, `referral`): a string, and one the type knows.
#[derive(Clone, Copy)]
struct Choice<T>(T);

/// Why a string is not one of a type's names; serde's `unknown_variant` hands over the names it knows.
#[derive(Debug)]
struct NotAChoice(&'static [&'static str]);

impl fmt::Display for NotAChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "must be one of: {}", self.0.join(", "))
    }
}

impl std::error::Error for NotAChoice {}

impl de::Error for NotAChoice {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotAChoice(&[])
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Self {
        NotAChoice(expected)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Choice<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        T::deserialize(StringDeserializer::<NotAChoice>::new(name))
            .map(Choice)
            .map_err(|e| de::Error::custom(CaseProblem::UnknownValue(e.0.join(", "))))
    }
}

impl<T: Serialize> Serialize for Choice<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// A decimal string, optionally negative (refused later with its own message); any other JSON value, a number
/// included, is the wrong type, named by the problem given.
struct DecimalText(CaseProblem);

impl Visitor<'_> for DecimalText {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The problem's own message, so a value of another type is found again as this problem.
        write!(f, "{}", self.0)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Decimal, E> {
        let s = s.trim();
        plain_decimal(s.strip_prefix('-').unwrap_or(s))
            .and_then(|_| Decimal::from_str_exact(s).ok())
            .ok_or_else(|| E::custom(self.0))
    }
}

fn decimal<'de, D: Deserializer<'de>>(d: D, problem: CaseProblem) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecimalText(problem))
}

/// An amount in yuan: not negative, at most two places, at most [`MAX_AMOUNT`]. Written with two places.
#[derive(Clone, Copy)]
struct AmountText(Money);

fn amount(d: Decimal) -> Result<Money, CaseProblem> {
    if d.is_sign_negative() && !d.is_zero() {
        Err(CaseProblem::Negative)
    } else if d.normalize().scale() > 2 {
        Err(CaseProblem::TooPrecise)
    } else if d > MAX_AMOUNT {
        Err(CaseProblem::TooLarge)
    } else {
        Ok(Money::new(d))
    }
}

impl<'de> Deserialize<'de> for AmountText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = decimal(d, CaseProblem::NotAnAmount)?;
        amount(value).map(AmountText).map_err(de::Error::custom)
    }
}

impl Serialize for AmountText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A share between 0 and 1 (`"0.80"`). Written without trailing zeros.
#[derive(Clone, Copy)]
struct RatioText(Ratio);

impl<'de> Deserialize<'de> for RatioText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = decimal(d, CaseProblem::NotARatio)?;
        Ratio::new(value)
            .map(RatioText)
            .map_err(|_| de::Error::custom(CaseProblem::RatioOutOfRange))
    }
}

impl Serialize for RatioText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.value().normalize())
    }
}

/// Percentage points between 0 and 100 (`"10"`). Written without trailing zeros.
#[derive(Clone, Copy)]
struct PointsText(Points);

impl<'de> Deserialize<'de> for PointsText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = decimal(
            d,
            CaseProblem::WrongType("a decimal string like \"10\"".to_owned()),
        )?;
        Points::new(value)
            .map(PointsText)
            .map_err(|_| de::Error::custom(CaseProblem::PointsOutOfRange))
    }
}

impl Serialize for PointsText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.value().normalize())
    }
}

impl CaseText {
    /// The case, after the checks that span fields; `path` is the case's own (`examples[0]`, or empty).
    fn into_case(self, path: &str) -> Result<Case, CaseError> {
        let policy = self.policy.0.into_policy(&at(path, "policy"))?;
        let items = self
            .items
            .into_iter()
            .enumerate()
            .map(|(i, item)| item.0.into_item(&at(path, &format!("items[{i}]")), &policy))
            .collect::<Result<Vec<_>, _>>()?;
        let reduction = match (self.filing_reduction_points, self.filing_reduction) {
            (Some(_), Some(_)) => {
                return err(at(path, "filing_reduction"), CaseProblem::TwoReductions);
            }
            (Some(PointsText(points)), None) if points == Points::ZERO => Reduction::None,
            (Some(PointsText(points)), None) => Reduction::SubtractPoints { points },
            (None, Some(Obj(r))) => r.into_reduction(&at(path, "filing_reduction"))?,
            (None, None) => Reduction::None,
        };
        let year_to_date = self
            .year_to_date
            .map_or_else(YearToDate::default, |Obj(y)| YearToDate {
                deductible_paid: y.deductible_paid.0,
                fund_paid: y.fund_paid.0,
                in_scope_paid: y.in_scope_paid.map_or(Money::ZERO, |a| a.0),
            });
        Ok(Case {
            id: self.id,
            source: self.source,
            items,
            policy,
            filing: self.filing.0,
            reduction,
            year_to_date,
            expect: self.expect.map(|Obj(e)| Expected {
                total: e.total.map(|a| a.0),
                class_b_first_self_pay: e.class_b_first_self_pay.map(|a| a.0),
                in_scope: e.in_scope.map(|a| a.0),
                deductible: e.deductible.map(|a| a.0),
                fund: e.fund.map(|a| a.0),
                personal: e.personal.map(|a| a.0),
            }),
        })
    }
}

impl ItemText {
    fn into_item(self, path: &str, policy: &CasePolicy) -> Result<BillItem, CaseError> {
        let kind = self.kind.0;
        let share = self.first_self_pay_share.map(|s| s.0);
        match (kind, share) {
            (ItemKind::ClassB, None) if policy.class_b_first_self_pay_share.is_none() => {
                return err(at(path, "first_self_pay_share"), CaseProblem::MissingShare);
            }
            (ItemKind::ClassA | ItemKind::ClassCOrSelfPay | ItemKind::Service, Some(_)) => {
                return err(
                    at(path, "first_self_pay_share"),
                    CaseProblem::ShareOnNonClassB,
                );
            }
            _ => {}
        }
        Ok(BillItem {
            name: self.name,
            kind,
            amount: self.amount.0,
            first_self_pay_share: share,
        })
    }
}

impl PolicyText {
    fn into_policy(self, path: &str) -> Result<CasePolicy, CaseError> {
        let basis = self.band_basis.map_or(BandBasis::Expense, |b| b.0);
        let bands_path = at(path, "ratio_bands");
        let problem = if self.ratio_bands.is_empty() {
            CaseProblem::NoBands
        } else {
            CaseProblem::BandsNotAscending
        };
        let bands = self
            .ratio_bands
            .into_iter()
            .map(|Obj(b)| RatioBand {
                up_to: b.up_to.map(|a| a.0),
                ratio: b.ratio.0,
            })
            .collect();
        let ratio_bands = RatioBands::new(basis, bands)
            .or_else(|e| match e.index() {
                Some(i) => err(format!("{bands_path}[{i}].up_to"), problem),
                None => err(bands_path, problem),
            })?
            .counted_as(self.bands_counted.map(|c| c.0));
        Ok(CasePolicy {
            deductible: Deductible {
                amount: self.deductible.0,
                per: self.deductible_per.map_or(DeductiblePer::Year, |p| p.0),
            },
            ratio_bands,
            annual_cap: self.annual_cap.map(|a| a.0),
            class_b_first_self_pay_share: self.class_b_first_self_pay_share.map(|s| s.0),
        })
    }
}

impl ReductionText {
    fn into_reduction(self, path: &str) -> Result<Reduction, CaseError> {
        let needed = |key: &str| CaseError {
            field: at(path, key),
            problem: CaseProblem::Missing,
        };
        let (reduction, key) = match self.method.0 {
            Method::None => (Reduction::None, None),
            Method::SubtractPoints => (
                Reduction::SubtractPoints {
                    points: self.points.ok_or_else(|| needed("points"))?.0,
                },
                Some("points"),
            ),
            Method::MultiplyRatio => (
                Reduction::MultiplyRatio {
                    factor: self.factor.ok_or_else(|| needed("factor"))?.0,
                },
                Some("factor"),
            ),
            Method::AddFirstSelfPay => (
                Reduction::AddFirstSelfPay {
                    share: self.share.ok_or_else(|| needed("share"))?.0,
                },
                Some("share"),
            ),
            Method::HigherDeductible => (
                Reduction::HigherDeductible {
                    deductible: self.deductible.ok_or_else(|| needed("deductible"))?.0,
                },
                Some("deductible"),
            ),
        };
        // Another method's figure is no field of this one.
        let given = [
            ("points", self.points.is_some()),
            ("factor", self.factor.is_some()),
            ("share", self.share.is_some()),
            ("deductible", self.deductible.is_some()),
        ];
        match given
            .into_iter()
            .find(|&(name, is)| is && Some(name) != key)
        {
            Some((name, _)) => err(at(path, name), CaseProblem::UnknownField),
            None => Ok(reduction),
        }
    }
}

impl From<&Case> for CaseText {
    fn from(case: &Case) -> CaseText {
        let policy = &case.policy;
        let reduction = |method: Method| ReductionText {
            method: Choice(method),
            points: None,
            factor: None,
            share: None,
            deductible: None,
        };
        CaseText {
            id: case.id.clone(),
            source: case.source.clone(),
            policy: Obj(PolicyText {
                deductible_per: Some(Choice(policy.deductible.per)),
                band_basis: Some(Choice(policy.ratio_bands.basis())),
                bands_counted: policy.ratio_bands.counted().map(Choice),
                ratio_bands: policy
                    .ratio_bands
                    .bands()
                    .iter()
                    .map(|b| {
                        Obj(BandText {
                            up_to: b.up_to.map(AmountText),
                            ratio: RatioText(b.ratio),
                        })
                    })
                    .collect(),
                deductible: AmountText(policy.deductible.amount),
                annual_cap: policy.annual_cap.map(AmountText),
                class_b_first_self_pay_share: policy.class_b_first_self_pay_share.map(RatioText),
            }),
            items: case
                .items
                .iter()
                .map(|item| {
                    Obj(ItemText {
                        kind: Choice(item.kind),
                        first_self_pay_share: item.first_self_pay_share.map(RatioText),
                        name: item.name.clone(),
                        amount: AmountText(item.amount),
                    })
                })
                .collect(),
            filing: Choice(case.filing),
            filing_reduction_points: None,
            // Always the method form, which says every reduction (`filing_reduction_points` only subtracts).
            filing_reduction: Some(Obj(match case.reduction {
                Reduction::None => reduction(Method::None),
                Reduction::SubtractPoints { points } => ReductionText {
                    points: Some(PointsText(points)),
                    ..reduction(Method::SubtractPoints)
                },
                Reduction::MultiplyRatio { factor } => ReductionText {
                    factor: Some(RatioText(factor)),
                    ..reduction(Method::MultiplyRatio)
                },
                Reduction::AddFirstSelfPay { share } => ReductionText {
                    share: Some(RatioText(share)),
                    ..reduction(Method::AddFirstSelfPay)
                },
                Reduction::HigherDeductible { deductible } => ReductionText {
                    deductible: Some(AmountText(deductible)),
                    ..reduction(Method::HigherDeductible)
                },
            })),
            year_to_date: Some(Obj(YearToDateText {
                deductible_paid: AmountText(case.year_to_date.deductible_paid),
                fund_paid: AmountText(case.year_to_date.fund_paid),
                in_scope_paid: Some(case.year_to_date.in_scope_paid)
                    .filter(|&m| m != Money::ZERO)
                    .map(AmountText),
            })),
            expect: case.expect.map(|e| {
                Obj(ExpectedText {
                    total: e.total.map(AmountText),
                    class_b_first_self_pay: e.class_b_first_self_pay.map(AmountText),
                    in_scope: e.in_scope.map(AmountText),
                    deductible: e.deductible.map(AmountText),
                    fund: e.fund.map(AmountText),
                    personal: e.personal.map(AmountText),
                })
            }),
        }
    }
}

pub(crate) fn amount_json(m: Money) -> Value {
    Value::String(m.to_string())
}

impl Case {
    /// The settlement parameters the case gives, each marked as coming from the case.
    pub fn params(&self) -> SettlementParams {
        SettlementParams {
            deductible: Param::from_case(self.policy.deductible),
            ratio_bands: Param::from_case(self.policy.ratio_bands.clone()),
            annual_cap: Param::from_case(self.policy.annual_cap),
            reduction: Param::from_case(self.reduction),
            reduction_limit: None,
            class_b_share: Param::from_case(self.policy.class_b_first_self_pay_share),
            not_filed: (self.filing == CaseFiling::NotFiled)
                .then(|| Param::from_case(NotFiledRule::PayInFullThenClaimAtHome)),
        }
    }

    /// Settles the case, naming the field at fault if it cannot be settled; `index_path` is the case's own path.
    pub fn settle(&self, index_path: &str) -> Result<Breakdown, CaseError> {
        // One figure, not a guess: earlier spending moves the bill along banded ratios only if they count the year.
        let bands = &self.policy.ratio_bands;
        if self.year_to_date.in_scope_paid > Money::ZERO
            && bands.is_banded()
            && bands.counted().is_none()
        {
            return err(
                at(index_path, "policy.bands_counted"),
                CaseProblem::BandsCountedMissing,
            );
        }
        settle(&self.params(), &self.items, self.year_to_date).or_else(|e| match e {
            SettleError::NegativeAmount { item } => err(
                at(index_path, &format!("items[{item}].amount")),
                CaseProblem::Negative,
            ),
            SettleError::MissingClassBShare { item } => err(
                at(index_path, &format!("items[{item}].first_self_pay_share")),
                CaseProblem::MissingShare,
            ),
            SettleError::NegativeYearToDate => {
                err(at(index_path, "year_to_date"), CaseProblem::Negative)
            }
        })
    }

    /// The case in the neutral form, as `parse_cases` reads it back (keys in alphabetical order, as a JSON object
    /// here keeps them).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(CaseText::from(self)).unwrap_or(Value::Null)
    }
}

impl Expected {
    fn fields(&self) -> [(&'static str, Option<Money>); 6] {
        [
            ("total", self.total),
            ("class_b_first_self_pay", self.class_b_first_self_pay),
            ("in_scope", self.in_scope),
            ("deductible", self.deductible),
            ("fund", self.fund),
            ("personal", self.personal),
        ]
    }

    /// The fields whose published value differs from the breakdown: (field, expected, got).
    pub fn mismatches(&self, b: &Breakdown) -> Vec<(&'static str, Money, Money)> {
        let got = [
            b.total,
            b.class_b_first_self_pay,
            b.in_scope,
            b.deductible,
            b.fund,
            b.personal,
        ];
        self.fields()
            .into_iter()
            .zip(got)
            .filter_map(|((field, expected), got)| {
                expected.filter(|&e| e != got).map(|e| (field, e, got))
            })
            .collect()
    }
}

/// One case's result in the machine form of `estimate`: amounts as two-place strings, steps with their text.
pub fn result_json(case: &Case, b: &Breakdown, lang: Lang) -> Value {
    let params = case.params();
    let steps: Vec<Value> = b
        .steps
        .iter()
        .map(|step| {
            let mut v = serde_json::to_value(step).unwrap_or(Value::Null);
            if let Some(name) = step.param() {
                v["param"] = serde_json::to_value(name).unwrap_or(Value::Null);
                if let Some(p) = params.provenance(name) {
                    v["provenance"] = serde_json::to_value(p).unwrap_or(Value::Null);
                }
            }
            v["text"] = json!(step.text(&params, lang));
            v
        })
        .collect();
    let mut out = json!({
        "id": case.id,
        "directly_settled": b.directly_settled,
        "total": amount_json(b.total),
        "class_b_first_self_pay": amount_json(b.class_b_first_self_pay),
        "self_pay": amount_json(b.self_pay),
        "in_scope": amount_json(b.in_scope),
        "deductible": amount_json(b.deductible),
        "fund": amount_json(b.fund),
        "personal": amount_json(b.personal),
        "cap_limited": b.cap_limited,
        "flagged_params": serde_json::to_value(params.flagged()).unwrap_or(Value::Null),
        "steps": steps,
    });
    if let Some(expect) = &case.expect {
        let mismatches: Vec<Value> = expect
            .mismatches(b)
            .into_iter()
            .map(|(field, e, g)| json!({"field": field, "expected": amount_json(e), "got": amount_json(g)}))
            .collect();
        out["expect"] = json!({"matches": mismatches.is_empty(), "mismatches": mismatches});
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANGFANG: &str = r#"{
        "id": "langfang-2022",
        "items": [
            {"name": "Acarbose tablets", "kind": "class_a", "amount": "32.52"},
            {"name": "Repaglinide tablets", "kind": "class_b", "amount": "31.77", "first_self_pay_share": "0.10"}
        ],
        "policy": {"deductible": "0", "ratio_bands": [{"ratio": "0.80"}], "band_basis": "expense", "annual_cap": null},
        "filing": "long_term",
        "filing_reduction_points": "0",
        "expect": {"total": "64.29", "fund": "48.89", "personal": "15.40"}
    }"#;

    fn error_of(text: &str) -> CaseError {
        parse_cases(text).unwrap_err()
    }

    fn langfang_with(pointer: &str, value: Value) -> String {
        let mut v: Value = serde_json::from_str(LANGFANG).unwrap();
        *v.pointer_mut(pointer).unwrap() = value;
        v.to_string()
    }

    #[test]
    fn reads_and_settles_a_single_case() {
        let cases = parse_cases(LANGFANG).unwrap();
        let b = cases[0].settle("").unwrap();
        assert_eq!(b.fund.to_string(), "48.89");
        assert!(cases[0].expect.unwrap().mismatches(&b).is_empty());
    }

    #[test]
    fn writes_what_it_reads() {
        let mut case = parse_cases(LANGFANG).unwrap().remove(0);
        case.reduction = Reduction::MultiplyRatio {
            factor: Ratio::new("0.8".parse().unwrap()).unwrap(),
        };
        case.year_to_date.fund_paid = "12.30".parse().unwrap();
        let again = parse_cases(&case.to_json().to_string()).unwrap().remove(0);
        assert_eq!(again, case);
    }

    #[test]
    fn errors_name_the_field() {
        let e = error_of(&langfang_with("/items/1/amount", json!("-3")));
        assert_eq!(e.to_string(), "items[1].amount: must not be negative");
        let e = error_of(&format!(
            "{{\"examples\": [{LANGFANG}, {}]}}",
            langfang_with("/policy/ratio_bands/0/ratio", json!("1.5"))
        ));
        assert_eq!(e.field, "examples[1].policy.ratio_bands[0].ratio");
        assert_eq!(e.code(), "ratio_out_of_range");
        let e = error_of(&langfang_with("/items/0/amount", json!(32.52)));
        assert_eq!(
            e.to_string(),
            "items[0].amount: amount must be a decimal string like \"12.50\""
        );
        let e = error_of(&langfang_with("/items/0/amount", json!("1e3")));
        assert_eq!(e.code(), "not_a_decimal");
        let e = error_of(&langfang_with("/items/0/amount", json!("1.005")));
        assert_eq!(e.code(), "too_precise");
        let e = error_of(&langfang_with("/filing", json!("sometimes")));
        assert_eq!(e.field, "filing");
        let e = error_of(&langfang_with("/id", Value::Null));
        assert_eq!(e.to_string(), "id: is required");
        let e = error_of(&langfang_with("/items/1/first_self_pay_share", Value::Null));
        assert_eq!(e.code(), "missing_class_b_share");
        let e = error_of(&langfang_with(
            "/policy/ratio_bands",
            json!([{"up_to": "100", "ratio": "0.5"}, {"up_to": "50", "ratio": "0.6"}, {"ratio": "0.7"}]),
        ));
        assert_eq!(e.field, "policy.ratio_bands[1].up_to");
        assert_eq!(e.code(), "bands_not_ascending");
        let mut v: Value = serde_json::from_str(LANGFANG).unwrap();
        v["policy"]["deductibel"] = json!("1");
        let e = error_of(&v.to_string());
        assert_eq!(e.field, "policy.deductibel");
        assert_eq!(e.code(), "unknown_field");
        assert_eq!(error_of("{").code(), "invalid_json");
        assert_eq!(error_of("[]").code(), "wrong_type");
        assert_eq!(error_of(r#"{"examples": 3}"#).field, "examples");
    }

    const EXAMPLES: &str = include_str!("../../tests/fixtures/examples.json");

    /// The first published example with one field set, as text.
    fn example_with(pointer: &str, value: Value) -> String {
        let mut v: Value = serde_json::from_str(EXAMPLES).unwrap();
        let case = &mut v["examples"][0];
        match case.pointer_mut(pointer) {
            Some(slot) => *slot = value,
            None => {
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                case.pointer_mut(parent).unwrap()[key] = value;
            }
        }
        case.to_string()
    }

    /// What the hand-written writer this replaced gave for the same cases, byte for byte.
    #[test]
    fn to_json_writes_what_it_always_wrote() {
        let head = r#"{"expect":{"class_b_first_self_pay":"3.18","fund":"48.89","in_scope":"61.11","personal":"15.40","total":"64.29"},"filing":"long_term","filing_reduction":"#;
        let items = r#""id":"langfang-2022","items":[{"amount":"32.52","kind":"class_a","name":"Acarbose tablets"},{"amount":"31.77","first_self_pay_share":"0.1","kind":"class_b","name":"Repaglinide tablets"}],"#;
        let source = r#""source":"seed 000 (national Q&A): Langfang retired employee treated in Beijing, outpatient chronic disease, 2022-07-01","#;
        for (pointer, value, middle, tail) in [
            (
                "/policy/ratio_bands",
                json!([{"up_to": "1", "ratio": "0.5"}, {"ratio": "0.6"}]),
                r#"{"method":"none"},"#,
                r#""policy":{"annual_cap":null,"band_basis":"expense","deductible":"0.00","deductible_per":"year","ratio_bands":[{"ratio":"0.5","up_to":"1.00"},{"ratio":"0.6"}]},"#.to_owned()
                    + source
                    + r#""year_to_date":{"deductible_paid":"0.00","fund_paid":"0.00"}}"#,
            ),
            (
                "/year_to_date",
                json!({"deductible_paid": "10", "fund_paid": "5.5"}),
                r#"{"method":"none"},"#,
                r#""policy":{"annual_cap":null,"band_basis":"expense","deductible":"0.00","deductible_per":"year","ratio_bands":[{"ratio":"0.8"}]},"#.to_owned()
                    + source
                    + r#""year_to_date":{"deductible_paid":"10.00","fund_paid":"5.50"}}"#,
            ),
            (
                "/policy/annual_cap",
                json!("40"),
                r#"{"method":"subtract_points","points":"10"},"#,
                r#""policy":{"annual_cap":"40.00","band_basis":"expense","deductible":"0.00","deductible_per":"year","ratio_bands":[{"ratio":"0.8"}]},"#.to_owned()
                    + source
                    + r#""year_to_date":{"deductible_paid":"0.00","fund_paid":"0.00"}}"#,
            ),
        ] {
            let mut text: Value = serde_json::from_str(&example_with(pointer, value)).unwrap();
            if middle.contains("subtract_points") {
                text["filing_reduction_points"] = json!("10");
            }
            let case = parse_cases(&text.to_string()).unwrap().remove(0);
            assert_eq!(
                case.to_json().to_string(),
                format!("{head}{middle}{items}{tail}"),
                "{pointer}"
            );
        }
    }

    #[test]
    fn an_object_is_due_where_an_object_is_named() {
        for (pointer, field) in [
            ("/policy", "policy"),
            ("/items/0", "items[0]"),
            ("/policy/ratio_bands/0", "policy.ratio_bands[0]"),
            ("/expect", "expect"),
            ("/year_to_date", "year_to_date"),
        ] {
            // A derived struct alone would read an array as its fields in order.
            let e = error_of(&example_with(pointer, json!(["0", "0"])));
            assert_eq!(e.field, field);
            assert_eq!(e.to_string(), format!("{field}: must be an object"));
        }
        let e = error_of(&example_with("/items", json!({})));
        assert_eq!(e.to_string(), "items: must be an array of items");
        let e = error_of(&example_with("/policy/ratio_bands", Value::Null));
        assert_eq!(e.to_string(), "policy.ratio_bands: is required");
        let e = error_of(&example_with("/source", json!(3)));
        assert_eq!(e.to_string(), "source: must be a string");
        let e = error_of(&example_with("/filing", json!(3)));
        assert_eq!(e.to_string(), "filing: must be a string");
    }

    #[test]
    fn a_field_given_twice_is_refused_not_guessed() {
        let text = EXAMPLES.replacen(r#""id": "langfang-2022","#, r#""id": "a", "id": "b","#, 1);
        let e = error_of(&text);
        assert_eq!(e.field, "examples[0].id");
        assert_eq!(e.code(), "duplicate_field");
    }

    #[test]
    fn names_are_listed_when_unknown() {
        let e = error_of(&example_with("/filing", json!("sometimes")));
        assert_eq!(
            e.to_string(),
            "filing: must be one of: long_term, resettled_retiree, long_term_resident, resident_staff, \
             other_long_term, referral, emergency, other_temporary, not_filed"
        );
        let e = error_of(&example_with("/items/0/kind", json!("class_d")));
        assert_eq!(
            e.to_string(),
            "items[0].kind: must be one of: class_a, class_b, class_c_or_self_pay, service"
        );
        let e = error_of(&example_with("/policy/deductible_per", json!("month")));
        assert_eq!(
            e.to_string(),
            "policy.deductible_per: must be one of: year, settlement"
        );
        let e = error_of(&example_with(
            "/filing_reduction",
            json!({"method": "halve"}),
        ));
        assert_eq!(e.code(), "unknown_value");
    }

    #[test]
    fn filing_names_are_the_serde_names() {
        let all = std::iter::once(CaseFiling::LongTerm)
            .chain(FilingCategory::ALL.map(CaseFiling::Filed))
            .chain([CaseFiling::NotFiled]);
        for filing in all {
            assert_eq!(serde_json::to_value(filing).unwrap(), json!(filing.name()));
            let back: CaseFiling = serde_json::from_value(json!(filing.name())).unwrap();
            assert_eq!(back, filing);
        }
    }

    #[test]
    fn the_readers_problems_are_found_again_by_their_message() {
        for problem in CaseProblem::RAISED {
            assert_eq!(
                CaseProblem::from_message(&problem.to_string()),
                Some(problem.clone())
            );
        }
        let wrong = CaseProblem::WrongType("a decimal string like \"10\"".to_owned());
        assert_eq!(CaseProblem::from_message(&wrong.to_string()), Some(wrong));
        assert_eq!(CaseProblem::from_message("something else"), None);
    }

    #[test]
    fn a_reduction_takes_its_own_figure_only() {
        let reduction = |r: Value| {
            let mut v: Value = serde_json::from_str(LANGFANG).unwrap();
            v.as_object_mut().unwrap().remove("filing_reduction_points");
            v["filing_reduction"] = r;
            parse_cases(&v.to_string()).map(|mut c| c.remove(0).reduction)
        };
        assert_eq!(
            reduction(json!({"method": "add_first_self_pay", "share": "0.1"})),
            Ok(Reduction::AddFirstSelfPay {
                share: Ratio::new("0.1".parse().unwrap()).unwrap()
            })
        );
        let e = reduction(json!({"method": "subtract_points"})).unwrap_err();
        assert_eq!(e.to_string(), "filing_reduction.points: is required");
        let e = reduction(json!({"method": "none", "factor": "0.8"})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "filing_reduction.factor: is not a field of the case form"
        );
        let e = reduction(json!({"method": "none", "extra": "1"})).unwrap_err();
        assert_eq!(e.field, "filing_reduction.extra");
        let e = error_of(&example_with(
            "/filing_reduction",
            json!({"method": "none"}),
        ));
        assert_eq!(e.code(), "two_reductions");
    }

    #[test]
    fn the_top_level_is_one_case_or_examples_with_a_note() {
        assert_eq!(parse_cases(r#"{"about": 3, "examples": []}"#), Ok(vec![]));
        let e = error_of(r#"{"examples": [], "abuot": "x"}"#);
        assert_eq!((e.field.as_str(), e.code()), ("abuot", "unknown_field"));
        assert_eq!(error_of(r#"{"examples": null}"#).code(), "wrong_type");
        assert_eq!(error_of("null").code(), "wrong_type");
        let e = error_of(r#"{"examples": [] } ,"#);
        assert_eq!((e.field.as_str(), e.code()), ("", "invalid_json"));
    }

    #[test]
    fn earlier_spending_needs_to_know_how_banded_ratios_count() {
        let bands = json!([{"up_to": "30000", "ratio": "0.85"}, {"up_to": "40000", "ratio": "0.90"}, {"ratio": "0.95"}]);
        let case = |counted: Option<&str>| {
            let mut v: Value =
                serde_json::from_str(&example_with("/policy/ratio_bands", bands.clone())).unwrap();
            v["items"] = json!([{"kind": "class_a", "amount": "10000"}]);
            v["year_to_date"] =
                json!({"deductible_paid": "0", "fund_paid": "0", "in_scope_paid": "25000"});
            if let Some(c) = counted {
                v["policy"]["bands_counted"] = json!(c);
            }
            parse_cases(&v.to_string()).unwrap().remove(0)
        };
        let per_year = case(Some("per_year"));
        assert_eq!(
            per_year.year_to_date.in_scope_paid,
            "25000".parse().unwrap()
        );
        assert_eq!(per_year.settle("").unwrap().fund.to_string(), "8750.00");
        assert_eq!(
            case(Some("per_settlement"))
                .settle("")
                .unwrap()
                .fund
                .to_string(),
            "8500.00"
        );
        let e = case(None).settle("examples[3]").unwrap_err();
        assert_eq!(e.field, "examples[3].policy.bands_counted");
        assert_eq!(e.code(), "bands_counted_missing");
        // Written back as read; a single ratio needs no answer.
        let again = parse_cases(&per_year.to_json().to_string())
            .unwrap()
            .remove(0);
        assert_eq!(again, per_year);
        let json = per_year.to_json();
        assert_eq!(json["policy"]["bands_counted"], "per_year");
        assert_eq!(json["year_to_date"]["in_scope_paid"], "25000.00");
        let mut flat: Value = serde_json::from_str(LANGFANG).unwrap();
        flat["year_to_date"] =
            json!({"deductible_paid": "0", "fund_paid": "0", "in_scope_paid": "500"});
        let flat = parse_cases(&flat.to_string()).unwrap().remove(0);
        assert_eq!(flat.settle("").unwrap().fund.to_string(), "48.89");
        let e = error_of(&example_with("/policy/bands_counted", json!("per_month")));
        assert_eq!(
            e.to_string(),
            "policy.bands_counted: must be one of: per_settlement, per_year"
        );
    }

    #[test]
    fn huge_amounts_are_refused_not_overflowed() {
        let e = error_of(&langfang_with(
            "/items/0/amount",
            json!("99999999999999999999999999"),
        ));
        assert_eq!(e.code(), "too_large");
        assert_eq!(MAX_AMOUNT.to_string(), "999999999999.99");
    }

    #[test]
    fn result_json_carries_the_required_fields() {
        let case = parse_cases(LANGFANG).unwrap().remove(0);
        let b = case.settle("").unwrap();
        let out = result_json(&case, &b, Lang::En);
        for key in [
            "id",
            "total",
            "class_b_first_self_pay",
            "in_scope",
            "deductible",
            "fund",
            "personal",
            "steps",
        ] {
            assert!(out.get(key).is_some(), "{key}");
        }
        assert_eq!(out["personal"], "15.40");
        assert_eq!(out["expect"]["matches"], true);
    }
}
