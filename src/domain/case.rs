//! The neutral case form (`examples.json`): a bill with the parameters to settle it, read and written by the
//! `estimate` command and the browser estimator alike. Documented in `docs/policy-data.md`.
//!
//! Input is parsed by hand from a JSON value, not by serde derive, so that every error names the field path
//! (`examples[2].items[0].amount`) and amounts are read from decimal strings without ever passing through a float.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use crate::domain::category::FilingCategory;
use crate::domain::lang::Lang;
use crate::domain::money::{Money, Ratio};
use crate::domain::settle::{
    BandBasis, BillItem, Breakdown, Deductible, DeductiblePer, ItemKind, NotFiledRule, Param,
    Points, RatioBand, RatioBands, Reduction, SettleError, SettlementParams, YearToDate, settle,
};

/// The largest amount a case may carry (just under a trillion yuan), so sums can never overflow.
const MAX_AMOUNT: Decimal = Decimal::from_parts(276_447_231, 23_283, 0, false, 2);

/// How the case was filed (备案): the neutral form's `filing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseFiling {
    /// Some long-term category, not said which (`long_term`).
    LongTerm,
    Filed(FilingCategory),
    /// 未备案 and not an emergency: not settled directly.
    NotFiled,
}

impl CaseFiling {
    const NAMES: &'static str = "long_term, resettled_retiree, long_term_resident, resident_staff, other_long_term, referral, emergency, other_temporary, not_filed";

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "long_term" => CaseFiling::LongTerm,
            "resettled_retiree" => CaseFiling::Filed(FilingCategory::ResettledRetiree),
            "long_term_resident" => CaseFiling::Filed(FilingCategory::LongTermResident),
            "resident_staff" => CaseFiling::Filed(FilingCategory::ResidentStaff),
            "other_long_term" => CaseFiling::Filed(FilingCategory::OtherLongTerm),
            "referral" => CaseFiling::Filed(FilingCategory::Referral),
            "emergency" => CaseFiling::Filed(FilingCategory::Emergency),
            "other_temporary" => CaseFiling::Filed(FilingCategory::OtherTemporary),
            "not_filed" => CaseFiling::NotFiled,
            _ => return None,
        })
    }

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
    #[error("must be {0}")]
    WrongType(&'static str),
    #[error("is not a field of the case form")]
    UnknownField,
    #[error("must be one of: {0}")]
    UnknownValue(&'static str),
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
}

impl CaseProblem {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            CaseProblem::InvalidJson(_) => "invalid_json",
            CaseProblem::Missing => "missing",
            CaseProblem::WrongType(_) => "wrong_type",
            CaseProblem::UnknownField => "unknown_field",
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
        }
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
}

fn err<T>(field: impl Into<String>, problem: CaseProblem) -> Result<T, CaseError> {
    Err(CaseError {
        field: field.into(),
        problem,
    })
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
    let value: Value =
        serde_json::from_str(text).or_else(|e| err("", CaseProblem::InvalidJson(e.to_string())))?;
    let Some(top) = value.as_object() else {
        return err(
            "",
            CaseProblem::WrongType("an object: one case, or {\"examples\": [...]}"),
        );
    };
    if top.contains_key("examples") {
        let obj = Obj::new(&value, String::new())?;
        obj.allow(&["about", "examples"])?;
        let path = obj.path("examples");
        let Some(list) = obj.get("examples").and_then(Value::as_array) else {
            return err(path, CaseProblem::WrongType("an array of cases"));
        };
        let cases = list
            .iter()
            .enumerate()
            .map(|(i, v)| read_case(v, format!("{path}[{i}]")))
            .collect::<Result<_, _>>()?;
        Ok(CaseFile {
            cases,
            collection: true,
        })
    } else {
        Ok(CaseFile {
            cases: vec![read_case(&value, String::new())?],
            collection: false,
        })
    }
}

/// A JSON object being read, with its path for error messages.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Obj<'a> {
    fn new(value: &'a Value, path: String) -> Result<Self, CaseError> {
        match value.as_object() {
            Some(map) => Ok(Obj { map, path }),
            None => err(path, CaseProblem::WrongType("an object")),
        }
    }

    fn path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn allow(&self, keys: &[&str]) -> Result<(), CaseError> {
        match self.map.keys().find(|k| !keys.contains(&k.as_str())) {
            Some(unknown) => err(self.path(unknown), CaseProblem::UnknownField),
            None => Ok(()),
        }
    }

    /// The value, with `null` read as absent.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn required(&self, key: &str) -> Result<&'a Value, CaseError> {
        self.get(key)
            .map_or_else(|| err(self.path(key), CaseProblem::Missing), Ok)
    }

    fn string(&self, key: &str) -> Result<Option<&'a str>, CaseError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => err(self.path(key), CaseProblem::WrongType("a string")),
        }
    }

    fn required_string(&self, key: &str) -> Result<&'a str, CaseError> {
        self.string(key)?
            .map_or_else(|| err(self.path(key), CaseProblem::Missing), Ok)
    }

    fn amount(&self, key: &str) -> Result<Option<Money>, CaseError> {
        self.get(key).map(|v| amount(v, self.path(key))).transpose()
    }

    fn required_amount(&self, key: &str) -> Result<Money, CaseError> {
        amount(self.required(key)?, self.path(key))
    }

    fn ratio(&self, key: &str) -> Result<Option<Ratio>, CaseError> {
        self.get(key).map(|v| ratio(v, self.path(key))).transpose()
    }
}

/// A plain decimal string: an optional minus, digits, optionally a point and more digits. No exponent, no `_`.
fn decimal(value: &Value) -> Option<Decimal> {
    let s = value.as_str()?.trim();
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !plain(whole) || !plain(fraction) {
        return None;
    }
    Decimal::from_str_exact(s).ok()
}

fn amount(value: &Value, path: String) -> Result<Money, CaseError> {
    let Some(d) = decimal(value) else {
        return err(path, CaseProblem::NotAnAmount);
    };
    if d.is_sign_negative() && !d.is_zero() {
        return err(path, CaseProblem::Negative);
    }
    if d.normalize().scale() > 2 {
        return err(path, CaseProblem::TooPrecise);
    }
    if d > MAX_AMOUNT {
        return err(path, CaseProblem::TooLarge);
    }
    Ok(Money::new(d))
}

fn ratio(value: &Value, path: String) -> Result<Ratio, CaseError> {
    let Some(d) = decimal(value) else {
        return err(path, CaseProblem::NotARatio);
    };
    Ratio::new(d).or_else(|_| err(path, CaseProblem::RatioOutOfRange))
}

fn points(value: &Value, path: String) -> Result<Points, CaseError> {
    let Some(d) = decimal(value) else {
        return err(path, CaseProblem::WrongType("a decimal string like \"10\""));
    };
    Points::new(d).or_else(|_| err(path, CaseProblem::PointsOutOfRange))
}

fn read_case(value: &Value, path: String) -> Result<Case, CaseError> {
    let obj = Obj::new(value, path)?;
    obj.allow(&[
        "id",
        "source",
        "items",
        "policy",
        "filing",
        "filing_reduction_points",
        "filing_reduction",
        "year_to_date",
        "expect",
    ])?;
    let id = obj.required_string("id")?.to_owned();
    let source = obj.string("source")?.map(str::to_owned);
    let policy = read_policy(obj.required("policy")?, obj.path("policy"))?;

    let items_path = obj.path("items");
    let Some(raw_items) = obj.required("items")?.as_array() else {
        return err(items_path, CaseProblem::WrongType("an array of items"));
    };
    let items = raw_items
        .iter()
        .enumerate()
        .map(|(i, v)| read_item(v, format!("{items_path}[{i}]"), &policy))
        .collect::<Result<Vec<_>, _>>()?;

    let filing_name = obj.required_string("filing")?;
    let Some(filing) = CaseFiling::parse(filing_name) else {
        return err(
            obj.path("filing"),
            CaseProblem::UnknownValue(CaseFiling::NAMES),
        );
    };
    let reduction = match (
        obj.get("filing_reduction_points"),
        obj.get("filing_reduction"),
    ) {
        (Some(_), Some(_)) => return err(obj.path("filing_reduction"), CaseProblem::TwoReductions),
        (Some(p), None) => match points(p, obj.path("filing_reduction_points"))? {
            p if p == Points::ZERO => Reduction::None,
            points => Reduction::SubtractPoints { points },
        },
        (None, Some(r)) => read_reduction(r, obj.path("filing_reduction"))?,
        (None, None) => Reduction::None,
    };
    let year_to_date = match obj.get("year_to_date") {
        None => YearToDate::default(),
        Some(v) => {
            let ytd = Obj::new(v, obj.path("year_to_date"))?;
            ytd.allow(&["deductible_paid", "fund_paid"])?;
            YearToDate {
                deductible_paid: ytd.required_amount("deductible_paid")?,
                fund_paid: ytd.required_amount("fund_paid")?,
            }
        }
    };
    let expect = obj
        .get("expect")
        .map(|v| read_expected(v, obj.path("expect")))
        .transpose()?;
    Ok(Case {
        id,
        source,
        items,
        policy,
        filing,
        reduction,
        year_to_date,
        expect,
    })
}

fn read_item(value: &Value, path: String, policy: &CasePolicy) -> Result<BillItem, CaseError> {
    let obj = Obj::new(value, path)?;
    obj.allow(&["name", "kind", "amount", "first_self_pay_share"])?;
    let kind = match obj.required_string("kind")? {
        "class_a" => ItemKind::ClassA,
        "class_b" => ItemKind::ClassB,
        "class_c_or_self_pay" => ItemKind::ClassCOrSelfPay,
        "service" => ItemKind::Service,
        _ => {
            return err(
                obj.path("kind"),
                CaseProblem::UnknownValue("class_a, class_b, class_c_or_self_pay, service"),
            );
        }
    };
    let share = obj.ratio("first_self_pay_share")?;
    match (kind, share) {
        (ItemKind::ClassB, None) if policy.class_b_first_self_pay_share.is_none() => {
            return err(obj.path("first_self_pay_share"), CaseProblem::MissingShare);
        }
        (ItemKind::ClassA | ItemKind::ClassCOrSelfPay | ItemKind::Service, Some(_)) => {
            return err(
                obj.path("first_self_pay_share"),
                CaseProblem::ShareOnNonClassB,
            );
        }
        _ => {}
    }
    Ok(BillItem {
        name: obj.string("name")?.map(str::to_owned),
        kind,
        amount: obj.required_amount("amount")?,
        first_self_pay_share: share,
    })
}

fn read_policy(value: &Value, path: String) -> Result<CasePolicy, CaseError> {
    let obj = Obj::new(value, path)?;
    obj.allow(&[
        "deductible",
        "deductible_per",
        "ratio_bands",
        "band_basis",
        "annual_cap",
        "class_b_first_self_pay_share",
    ])?;
    let per = match obj.string("deductible_per")? {
        None | Some("year") => DeductiblePer::Year,
        Some("settlement") => DeductiblePer::Settlement,
        Some(_) => {
            return err(
                obj.path("deductible_per"),
                CaseProblem::UnknownValue("year, settlement"),
            );
        }
    };
    let basis = match obj.string("band_basis")? {
        None | Some("expense") => BandBasis::Expense,
        Some("above_deductible") => BandBasis::AboveDeductible,
        Some(_) => {
            return err(
                obj.path("band_basis"),
                CaseProblem::UnknownValue("expense, above_deductible"),
            );
        }
    };
    let bands_path = obj.path("ratio_bands");
    let Some(raw_bands) = obj.required("ratio_bands")?.as_array() else {
        return err(bands_path, CaseProblem::WrongType("an array of bands"));
    };
    let bands = raw_bands
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let band = Obj::new(v, format!("{bands_path}[{i}]"))?;
            band.allow(&["up_to", "ratio"])?;
            Ok(RatioBand {
                up_to: band.amount("up_to")?,
                ratio: ratio(band.required("ratio")?, band.path("ratio"))?,
            })
        })
        .collect::<Result<Vec<_>, CaseError>>()?;
    let ratio_bands = RatioBands::new(basis, bands).or_else(|e| {
        let problem = if raw_bands.is_empty() {
            CaseProblem::NoBands
        } else {
            CaseProblem::BandsNotAscending
        };
        match e.index() {
            Some(i) => err(format!("{bands_path}[{i}].up_to"), problem),
            None => err(bands_path.clone(), problem),
        }
    })?;
    Ok(CasePolicy {
        deductible: Deductible {
            amount: obj.required_amount("deductible")?,
            per,
        },
        ratio_bands,
        annual_cap: obj.amount("annual_cap")?,
        class_b_first_self_pay_share: obj.ratio("class_b_first_self_pay_share")?,
    })
}

fn read_reduction(value: &Value, path: String) -> Result<Reduction, CaseError> {
    let obj = Obj::new(value, path)?;
    let method = obj.required_string("method")?;
    let (reduction, key) = match method {
        "none" => (Reduction::None, None),
        "subtract_points" => (
            Reduction::SubtractPoints {
                points: points(obj.required("points")?, obj.path("points"))?,
            },
            Some("points"),
        ),
        "multiply_ratio" => (
            Reduction::MultiplyRatio {
                factor: ratio(obj.required("factor")?, obj.path("factor"))?,
            },
            Some("factor"),
        ),
        "add_first_self_pay" => (
            Reduction::AddFirstSelfPay {
                share: ratio(obj.required("share")?, obj.path("share"))?,
            },
            Some("share"),
        ),
        "higher_deductible" => (
            Reduction::HigherDeductible {
                deductible: obj.required_amount("deductible")?,
            },
            Some("deductible"),
        ),
        _ => {
            return err(
                obj.path("method"),
                CaseProblem::UnknownValue(
                    "none, subtract_points, multiply_ratio, add_first_self_pay, higher_deductible",
                ),
            );
        }
    };
    match key {
        Some(key) => obj.allow(&["method", key])?,
        None => obj.allow(&["method"])?,
    }
    Ok(reduction)
}

fn read_expected(value: &Value, path: String) -> Result<Expected, CaseError> {
    let obj = Obj::new(value, path)?;
    obj.allow(&[
        "total",
        "class_b_first_self_pay",
        "in_scope",
        "deductible",
        "fund",
        "personal",
    ])?;
    Ok(Expected {
        total: obj.amount("total")?,
        class_b_first_self_pay: obj.amount("class_b_first_self_pay")?,
        in_scope: obj.amount("in_scope")?,
        deductible: obj.amount("deductible")?,
        fund: obj.amount("fund")?,
        personal: obj.amount("personal")?,
    })
}

fn ratio_json(r: Ratio) -> Value {
    Value::String(r.value().normalize().to_string())
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

    /// Settles the case, naming the field at fault if it cannot be settled.
    pub fn settle(&self, index_path: &str) -> Result<Breakdown, CaseError> {
        settle(&self.params(), &self.items, self.year_to_date).or_else(|e| {
            let item_field = |item: usize, key: &str| {
                let prefix = if index_path.is_empty() {
                    String::new()
                } else {
                    format!("{index_path}.")
                };
                format!("{prefix}items[{item}].{key}")
            };
            match e {
                SettleError::NegativeAmount { item } => {
                    err(item_field(item, "amount"), CaseProblem::Negative)
                }
                SettleError::MissingClassBShare { item } => err(
                    item_field(item, "first_self_pay_share"),
                    CaseProblem::MissingShare,
                ),
                SettleError::NegativeYearToDate => err("year_to_date", CaseProblem::Negative),
            }
        })
    }

    /// The case in the neutral form, as `parse_cases` reads it back.
    pub fn to_json(&self) -> Value {
        let items: Vec<Value> = self
            .items
            .iter()
            .map(|item| {
                let mut o = Map::new();
                if let Some(name) = &item.name {
                    o.insert("name".into(), json!(name));
                }
                o.insert(
                    "kind".into(),
                    serde_json::to_value(item.kind).unwrap_or(Value::Null),
                );
                o.insert("amount".into(), amount_json(item.amount));
                if let Some(share) = item.first_self_pay_share {
                    o.insert("first_self_pay_share".into(), ratio_json(share));
                }
                Value::Object(o)
            })
            .collect();
        let bands: Vec<Value> = self
            .policy
            .ratio_bands
            .bands()
            .iter()
            .map(|b| match b.up_to {
                Some(up_to) => json!({"up_to": amount_json(up_to), "ratio": ratio_json(b.ratio)}),
                None => json!({"ratio": ratio_json(b.ratio)}),
            })
            .collect();
        let mut policy = json!({
            "deductible": amount_json(self.policy.deductible.amount),
            "deductible_per": serde_json::to_value(self.policy.deductible.per).unwrap_or(Value::Null),
            "ratio_bands": bands,
            "band_basis": serde_json::to_value(self.policy.ratio_bands.basis()).unwrap_or(Value::Null),
            "annual_cap": self.policy.annual_cap.map_or(Value::Null, amount_json),
        });
        if let Some(share) = self.policy.class_b_first_self_pay_share {
            policy["class_b_first_self_pay_share"] = ratio_json(share);
        }
        let mut case = json!({
            "id": self.id,
            "items": items,
            "policy": policy,
            "filing": self.filing.name(),
            "year_to_date": {
                "deductible_paid": amount_json(self.year_to_date.deductible_paid),
                "fund_paid": amount_json(self.year_to_date.fund_paid),
            },
        });
        if let Some(source) = &self.source {
            case["source"] = json!(source);
        }
        case["filing_reduction"] = match self.reduction {
            Reduction::None => json!({"method": "none"}),
            Reduction::SubtractPoints { points } => {
                json!({"method": "subtract_points", "points": points.value().normalize().to_string()})
            }
            Reduction::MultiplyRatio { factor } => {
                json!({"method": "multiply_ratio", "factor": ratio_json(factor)})
            }
            Reduction::AddFirstSelfPay { share } => {
                json!({"method": "add_first_self_pay", "share": ratio_json(share)})
            }
            Reduction::HigherDeductible { deductible } => {
                json!({"method": "higher_deductible", "deductible": amount_json(deductible)})
            }
        };
        if let Some(e) = &self.expect {
            let mut o = Map::new();
            for (key, value) in e.fields() {
                if let Some(v) = value {
                    o.insert(key.into(), amount_json(v));
                }
            }
            case["expect"] = Value::Object(o);
        }
        case
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
