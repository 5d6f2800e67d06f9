//! From the input as typed to an estimate: check every field, resolve the policy, put the person's own figures
//! over it, settle, and say what matters in plain words. Pure: the page calls it in a memo.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::state::{Input, ItemInput};
use super::text::EstimateText;
use crate::domain::case::{Case, CaseFiling, CasePolicy};
use crate::domain::category::{
    CareSetting, ChronicDisease, FilingCategory, FilingStatus, InstitutionLevel, Scheme,
};
use crate::domain::money::{Money, Ratio};
use crate::domain::policy::{PolicyData, ResolveError, ResolveRequest, resolve};
use crate::domain::settle::{
    BandBasis, BillItem, Breakdown, Deductible, DeductiblePer, ItemKind, NotFiledRule, Param,
    ParamName, Points, Provenance, RatioBand, RatioBands, Reduction, SettlementParams, ShareFrom,
    Step, YearToDate, settle,
};
use crate::web::components::FieldError;

/// One settlement above this is taken for a typing slip, not a bill.
const MAX_AMOUNT: Decimal = Decimal::from_parts(99_999_999, 0, 0, false, 0);

/// The reduction methods a person can enter, in the order of `EstimateText::reduction_methods`.
pub const REDUCTION_METHODS: [&str; 5] = [
    "none",
    "subtract_points",
    "multiply_ratio",
    "add_first_self_pay",
    "higher_deductible",
];

/// What the page shows: the messages, and the estimate when there is one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evaluation {
    pub errors: Vec<FieldError>,
    /// Required answers still missing (shown as errors only once the person asks to calculate).
    pub missing: Vec<FieldError>,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub params: SettlementParams,
    /// The figures the person replaced with their own.
    pub yours: Vec<ParamName>,
    pub breakdown: Breakdown,
    /// The same estimate in the neutral case form, for export and the `estimate` command.
    pub case: Case,
    pub warnings: Vec<String>,
}

/// The `id` of a field of item `index`, kept for the life of the page (ids must be `'static` for the summary).
pub fn item_field(index: usize, part: &'static str) -> &'static str {
    thread_local! {
        static IDS: RefCell<HashMap<(usize, &'static str), &'static str>> = RefCell::new(HashMap::new());
    }
    IDS.with(|ids| {
        *ids.borrow_mut()
            .entry((index, part))
            .or_insert_with(|| Box::leak(format!("item-{index}-{part}").into_boxed_str()))
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Problem {
    NotANumber,
    Negative,
    TooPrecise,
    TooLarge,
}

/// A yuan amount as people type it: grouping commas, spaces and a `¥` are fine; empty is `None`.
fn amount(raw: &str) -> Result<Option<Money>, Problem> {
    let s: String = raw
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '¥' | '￥' | '元'))
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

/// A percentage 0–100 with at most two decimals (`10`, `10%`, `12.5`), as a ratio.
fn percent(raw: &str) -> Option<Ratio> {
    let s = raw.trim().trim_end_matches(['%', '％']).trim();
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    let plain = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !plain(whole) || !plain(fraction) || fraction.len() > 2 {
        return None;
    }
    let value = Decimal::from_str_exact(s).ok()?;
    if value > Decimal::ONE_HUNDRED {
        return None;
    }
    Ratio::new(value / Decimal::ONE_HUNDRED).ok()
}

/// `85%` or `30000 85%, 40000 90%, 95%`.
fn bands(raw: &str, basis: BandBasis) -> Option<RatioBands> {
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
                up_to: Some(amount(up_to).ok().flatten()?),
                ratio: percent(ratio)?,
            },
            _ => return None,
        };
        list.push(band);
    }
    RatioBands::new(basis, list).ok()
}

/// The text form of bands, as `bands` reads it.
pub fn bands_text(bands: &RatioBands) -> String {
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

fn percent_text(r: Ratio) -> String {
    (r.value() * Decimal::ONE_HUNDRED).normalize().to_string()
}

/// `¥1,234.56`: the currency sign and comma grouping read the same in Chinese and English.
pub fn yuan(m: Money) -> String {
    let plain = m.round_cent().to_string();
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, "00"));
    let (sign, digits) = match whole.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", whole),
    };
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}¥{grouped}.{fraction}")
}

/// `YYYY-MM-DD`, as a date input gives it (read by hand: chrono's format parser is large in wasm).
fn iso_date(raw: &str) -> Option<NaiveDate> {
    let mut parts = raw.splitn(3, '-');
    let mut next = |len: usize| {
        parts
            .next()
            .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let (year, month, day) = (next(4)?, next(2)?, next(2)?);
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

fn kind_of(code: &str) -> Option<ItemKind> {
    Some(match code {
        "a" => ItemKind::ClassA,
        "b" => ItemKind::ClassB,
        "c" => ItemKind::ClassCOrSelfPay,
        "s" => ItemKind::Service,
        _ => return None,
    })
}

fn kind_code(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::ClassA => "a",
        ItemKind::ClassB => "b",
        ItemKind::ClassCOrSelfPay => "c",
        ItemKind::Service => "s",
    }
}

fn scheme_of(code: &str) -> Option<Scheme> {
    Some(match code {
        "employee_in_service" => Scheme::EmployeeInService,
        "employee_retired" => Scheme::EmployeeRetired,
        "resident" => Scheme::Resident,
        _ => return None,
    })
}

/// The filing choice: one of the case form's names (`resettled_retiree`, ..., `not_filed`).
pub fn filing_of(code: &str) -> Option<CaseFiling> {
    if code == "not_filed" {
        return Some(CaseFiling::NotFiled);
    }
    FilingCategory::ALL
        .into_iter()
        .map(CaseFiling::Filed)
        .find(|f| f.name() == code)
}

struct Checker<'a> {
    t: &'a EstimateText,
    errors: Vec<FieldError>,
    missing: Vec<FieldError>,
}

impl Checker<'_> {
    fn error(&mut self, field: &'static str, message: &'static str) {
        self.errors.push(FieldError {
            field,
            message: message.to_owned(),
        });
    }

    fn missing(&mut self, field: &'static str, message: &'static str) {
        self.missing.push(FieldError {
            field,
            message: message.to_owned(),
        });
    }

    fn amount(&mut self, field: &'static str, raw: &str) -> Option<Money> {
        match amount(raw) {
            Ok(value) => value,
            Err(problem) => {
                let t = self.t;
                self.error(
                    field,
                    match problem {
                        Problem::NotANumber => t.err_not_a_number,
                        Problem::Negative => t.err_negative,
                        Problem::TooPrecise => t.err_too_precise,
                        Problem::TooLarge => t.err_too_large,
                    },
                );
                None
            }
        }
    }

    fn percent(&mut self, field: &'static str, raw: &str) -> Option<Ratio> {
        if raw.trim().is_empty() {
            return None;
        }
        let value = percent(raw);
        if value.is_none() {
            self.error(field, self.t.err_percent);
        }
        value
    }

    /// A choice that must be made: `None` (and a missing answer) when it is not.
    fn choice<T>(
        &mut self,
        field: &'static str,
        message: &'static str,
        value: Option<T>,
    ) -> Option<T> {
        if value.is_none() {
            self.missing(field, message);
        }
        value
    }
}

/// The person's own figures, each `None` where they kept ours.
struct Overrides {
    deductible: Option<Money>,
    bands: Option<RatioBands>,
    cap: Option<Option<Money>>,
    reduction: Option<Reduction>,
    class_b: Option<Ratio>,
}

fn overrides(c: &mut Checker<'_>, input: &Input, resolved_basis: BandBasis) -> Overrides {
    let basis = match input.my_band_basis.as_str() {
        "above_deductible" => BandBasis::AboveDeductible,
        "expense" => BandBasis::Expense,
        _ => resolved_basis,
    };
    let bands_value = if input.my_bands.trim().is_empty() {
        None
    } else {
        let parsed = bands(&input.my_bands, basis);
        if parsed.is_none() {
            c.error("my-bands", c.t.err_bands);
        }
        parsed
    };
    let cap_raw = input.my_cap.trim();
    let cap = if matches!(
        cap_raw.to_lowercase().as_str(),
        "none" | "无" | "没有" | "不限"
    ) {
        Some(None)
    } else {
        c.amount("my-cap", cap_raw).map(Some)
    };
    let value = input.my_reduction_value.trim();
    let reduction = match input.my_reduction.as_str() {
        "none" => Some(Reduction::None),
        "" => None,
        method => {
            let parsed = match method {
                "subtract_points" => percent(value)
                    .and_then(|r| Points::new(r.value() * Decimal::ONE_HUNDRED).ok())
                    .map(|points| Reduction::SubtractPoints { points }),
                "multiply_ratio" => {
                    percent(value).map(|factor| Reduction::MultiplyRatio { factor })
                }
                "add_first_self_pay" => {
                    percent(value).map(|share| Reduction::AddFirstSelfPay { share })
                }
                "higher_deductible" => amount(value)
                    .ok()
                    .flatten()
                    .map(|deductible| Reduction::HigherDeductible { deductible }),
                _ => None,
            };
            if parsed.is_none() {
                c.error("my-reduction-value", c.t.err_reduction_value);
            }
            parsed
        }
    };
    Overrides {
        deductible: c.amount("my-deductible", &input.my_deductible),
        bands: bands_value,
        cap,
        reduction,
        class_b: c.percent("my-class-b", &input.my_class_b),
    }
}

fn items(c: &mut Checker<'_>, input: &Input) -> Vec<BillItem> {
    let mut bill = Vec::new();
    if input.mode == "items" {
        for (index, row) in input.items.iter().enumerate() {
            let ItemInput {
                name,
                kind,
                amount: raw,
                share,
            } = row;
            if name.trim().is_empty() && kind.is_empty() && raw.trim().is_empty() {
                continue;
            }
            let value = c.amount(item_field(index, "amount"), raw);
            let kind = kind_of(kind);
            if kind.is_none() {
                c.error(item_field(index, "kind"), c.t.err_item_kind);
            }
            if raw.trim().is_empty() {
                c.error(item_field(index, "amount"), c.t.err_item_amount);
            }
            let share = if kind == Some(ItemKind::ClassB) {
                c.percent(item_field(index, "share"), share)
            } else {
                None
            };
            if let (Some(kind), Some(amount)) = (kind, value) {
                bill.push(BillItem {
                    name: Some(name.trim().to_owned()).filter(|n| !n.is_empty()),
                    kind,
                    amount,
                    first_self_pay_share: share,
                });
            }
        }
    } else {
        for (field, kind, raw) in [
            ("class-a", ItemKind::ClassA, &input.class_a),
            ("class-b", ItemKind::ClassB, &input.class_b),
            ("class-c", ItemKind::ClassCOrSelfPay, &input.class_c),
            ("services", ItemKind::Service, &input.services),
        ] {
            if let Some(amount) = c.amount(field, raw) {
                bill.push(BillItem {
                    name: None,
                    kind,
                    amount,
                    first_self_pay_share: None,
                });
            }
        }
    }
    bill
}

fn resolve_message(t: &EstimateText, e: &ResolveError) -> (&'static str, &'static str) {
    match e {
        ResolveError::UnknownInsuredPlace(_) => ("insured-city", t.err_no_insured_data),
        ResolveError::NotCrossProvincial => ("treatment-city", t.err_same_province),
        ResolveError::OutsideData { .. } => ("date", t.err_outside_data),
        ResolveError::NoRule { .. } => ("setting", t.err_no_rule),
    }
}

fn yours<T>(value: T) -> Param<T> {
    Param::from_case(value)
}

/// The whole estimate from the input as typed.
pub fn evaluate(input: &Input, data: Option<&PolicyData>, t: &EstimateText) -> Evaluation {
    let mut c = Checker {
        t,
        errors: Vec::new(),
        missing: Vec::new(),
    };

    // Who, where, what, when.
    let insured = (!input.insured_city.is_empty()).then(|| input.insured_city.clone());
    let treatment = (!input.treatment_city.is_empty()).then(|| input.treatment_city.clone());
    let scheme = scheme_of(&input.scheme);
    let setting = match input.setting.as_str() {
        "inpatient" => InstitutionLevel::from_code(&input.level)
            .map(|level| CareSetting::Inpatient { level })
            .or_else(|| {
                c.missing("level", t.err_level);
                None
            }),
        "general_outpatient" => InstitutionLevel::from_code(&input.level)
            .map(|level| CareSetting::GeneralOutpatient { level })
            .or_else(|| {
                c.missing("level", t.err_level);
                None
            }),
        "chronic_outpatient" => ChronicDisease::ALL
            .into_iter()
            .find(|d| d.code() == input.disease)
            .map(|disease| CareSetting::ChronicOutpatient { disease })
            .or_else(|| {
                c.missing("disease", t.err_disease);
                None
            }),
        _ => None,
    };
    let date = match input.date.trim() {
        "" => None,
        raw => {
            let parsed = iso_date(raw);
            if parsed.is_none() {
                c.error("date", t.err_date_format);
            }
            parsed
        }
    };
    let filing = c.choice("filing", t.err_filing, filing_of(&input.filing));

    // The person's own figures: when they give the deductible and the ratio, no resolution is needed.
    let mine = overrides(&mut c, input, BandBasis::Expense);
    let self_sufficient = mine.deductible.is_some() && mine.bands.is_some();
    if !self_sufficient {
        c.choice("insured-city", t.err_choose_insured, insured.as_ref());
        c.choice("scheme", t.err_scheme, scheme);
        c.choice("treatment-city", t.err_choose_treatment, treatment.as_ref());
        if input.setting.is_empty() {
            c.missing("setting", t.err_setting);
        }
        if input.date.trim().is_empty() {
            c.missing("date", t.err_date);
        }
    }

    let ytd = YearToDate {
        deductible_paid: c
            .amount("ytd-deductible", &input.ytd_deductible)
            .unwrap_or_default(),
        fund_paid: c.amount("ytd-fund", &input.ytd_fund).unwrap_or_default(),
    };
    let bill = items(&mut c, input);
    if bill.is_empty() && c.errors.is_empty() {
        let field = if input.mode == "items" {
            item_field(0, "amount")
        } else {
            "class-a"
        };
        c.missing(field, t.err_bill_empty);
    }

    let status = match filing {
        Some(CaseFiling::Filed(category)) => Some(FilingStatus::Filed(category)),
        Some(CaseFiling::NotFiled) => Some(FilingStatus::NotFiled),
        Some(CaseFiling::LongTerm) => Some(FilingStatus::Filed(FilingCategory::OtherLongTerm)),
        None => None,
    };
    let resolved = match (data, insured, scheme, treatment, setting, status, date) {
        (
            Some(data),
            Some(insured_place),
            Some(scheme),
            Some(treatment_place),
            Some(setting),
            Some(filing),
            Some(date),
        ) => {
            let request = ResolveRequest {
                insured_place,
                scheme,
                treatment_place,
                setting,
                filing,
                date,
                first_stay_of_year: input.first_stay != "0",
            };
            match resolve(data, &request) {
                Ok(params) => Some(params),
                Err(e) => {
                    // Not cross-provincial is wrong whatever figures are given; a gap in the data is not when
                    // the person supplies their own.
                    if !self_sufficient || matches!(e, ResolveError::NotCrossProvincial) {
                        let (field, message) = resolve_message(t, &e);
                        c.error(field, message);
                    }
                    None
                }
            }
        }
        _ => None,
    };

    let (Some(filing), Some(status)) = (filing, status) else {
        return finish(c, None);
    };
    if !c.errors.is_empty() || !c.missing.is_empty() {
        return finish(c, None);
    }
    let base = match resolved {
        Some(params) => params,
        None if self_sufficient => SettlementParams {
            deductible: yours(Deductible {
                amount: Money::ZERO,
                per: DeductiblePer::Year,
            }),
            ratio_bands: yours(RatioBands::flat(Ratio::ONE)),
            annual_cap: Param {
                value: None,
                provenance: Provenance::Missing,
            },
            reduction: yours(Reduction::None),
            reduction_limit: None,
            class_b_share: Param {
                value: None,
                provenance: Provenance::Missing,
            },
            not_filed: (status == FilingStatus::NotFiled)
                .then(|| yours(NotFiledRule::PayInFullThenClaimAtHome)),
        },
        None => return finish(c, None),
    };
    let (params, yours_list) = apply(base, &mine, input);

    let needs_share = bill
        .iter()
        .position(|i| i.kind == ItemKind::ClassB && i.first_self_pay_share.is_none());
    if let (Some(index), None) = (needs_share, params.class_b_share.value) {
        let field = if input.mode == "items" {
            item_field(index, "share")
        } else {
            "class-b"
        };
        c.error(field, t.err_class_b_share);
        return finish(c, None);
    }
    let Ok(breakdown) = settle(&params, &bill, ytd) else {
        return finish(c, None);
    };
    let case = Case {
        id: "yidi-estimate".to_owned(),
        source: None,
        items: bill.clone(),
        policy: CasePolicy {
            deductible: params.deductible.value,
            ratio_bands: params.ratio_bands.value.clone(),
            annual_cap: params.annual_cap.value,
            class_b_first_self_pay_share: params.class_b_share.value,
        },
        filing,
        reduction: params.reduction.value,
        year_to_date: ytd,
        expect: None,
    };
    let warnings = warnings(t, &params, &breakdown, filing, &bill, ytd);
    finish(
        c,
        Some(Outcome {
            params,
            yours: yours_list,
            breakdown,
            case,
            warnings,
        }),
    )
}

fn finish(c: Checker<'_>, outcome: Option<Outcome>) -> Evaluation {
    Evaluation {
        errors: c.errors,
        missing: c.missing,
        outcome,
    }
}

/// Puts the person's figures over the resolved ones, each marked as given by them.
fn apply(
    mut params: SettlementParams,
    mine: &Overrides,
    input: &Input,
) -> (SettlementParams, Vec<ParamName>) {
    let mut list = Vec::new();
    if let Some(amount) = mine.deductible {
        let per = match input.my_deductible_per.as_str() {
            "settlement" => DeductiblePer::Settlement,
            "year" => DeductiblePer::Year,
            _ => params.deductible.value.per,
        };
        params.deductible = yours(Deductible { amount, per });
        list.push(ParamName::Deductible);
    }
    if let Some(bands) = &mine.bands {
        // The person's bands count the way the resolved ones do, unless an imported case said otherwise.
        let bands = match input.my_band_basis.as_str() {
            "" => RatioBands::new(params.ratio_bands.value.basis(), bands.bands().to_vec())
                .unwrap_or_else(|_| bands.clone()),
            _ => bands.clone(),
        };
        params.ratio_bands = yours(bands);
        list.push(ParamName::RatioBands);
    }
    if let Some(cap) = mine.cap {
        params.annual_cap = yours(cap);
        list.push(ParamName::AnnualCap);
    }
    if let Some(reduction) = mine.reduction {
        params.reduction = yours(reduction);
        params.reduction_limit = None;
        list.push(ParamName::Reduction);
    }
    if let Some(share) = mine.class_b {
        params.class_b_share = yours(Some(share));
        list.push(ParamName::ClassBShare);
    }
    (params, list)
}

fn warnings(
    t: &EstimateText,
    params: &SettlementParams,
    b: &Breakdown,
    filing: CaseFiling,
    bill: &[BillItem],
    ytd: YearToDate,
) -> Vec<String> {
    let mut out = Vec::new();
    match filing {
        CaseFiling::NotFiled => out.push(t.warn_not_filed.to_owned()),
        CaseFiling::Filed(FilingCategory::Emergency) => out.push(t.warn_emergency.to_owned()),
        _ => {}
    }
    let temporary = matches!(filing, CaseFiling::Filed(c) if !c.is_long_term());
    if temporary && b.directly_settled {
        if params.reduction.provenance == Provenance::Missing {
            let n = params
                .reduction_limit
                .as_ref()
                .map(|l| l.value.value().normalize().to_string())
                .unwrap_or_else(|| "20".to_owned());
            out.push(t.warn_temporary_missing.replace("{n}", &n));
        } else if params.reduction.value != Reduction::None {
            let mut long_term = params.clone();
            long_term.reduction = yours(Reduction::None);
            let mut text = t.warn_temporary.to_owned();
            if let Ok(alt) = settle(&long_term, bill, ytd) {
                text.push(' ');
                text.push_str(&t.warn_long_term_would.replace("{fund}", &yuan(alt.fund)));
            }
            out.push(text);
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
    if let Some(share) = place_share {
        out.push(t.warn_class_b.replace("{share}", &share.to_string()));
    }
    if b.cap_limited {
        let left = b.steps.iter().find_map(|s| match s {
            Step::AnnualCap { left, .. } => *left,
            _ => None,
        });
        out.push(
            t.warn_cap
                .replace("{left}", &yuan(left.unwrap_or_default())),
        );
    }
    if !params.flagged().is_empty() {
        out.push(t.warn_unverified.to_owned());
    }
    out
}

/// The input an imported case gives: its bill item by item, its filing, and every figure as the person's own.
pub fn input_from_case(case: &Case, current: &Input) -> Input {
    let filing = match case.filing {
        CaseFiling::LongTerm => "other_long_term",
        other => other.name(),
    };
    let (method, value) = match case.reduction {
        Reduction::None => ("none", String::new()),
        Reduction::SubtractPoints { points } => {
            ("subtract_points", points.value().normalize().to_string())
        }
        Reduction::MultiplyRatio { factor } => ("multiply_ratio", percent_text(factor)),
        Reduction::AddFirstSelfPay { share } => ("add_first_self_pay", percent_text(share)),
        Reduction::HigherDeductible { deductible } => ("higher_deductible", deductible.to_string()),
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
        my_deductible: case.policy.deductible.amount.to_string(),
        my_deductible_per: match case.policy.deductible.per {
            DeductiblePer::Year => "year",
            DeductiblePer::Settlement => "settlement",
        }
        .to_owned(),
        my_bands: bands_text(&case.policy.ratio_bands),
        my_band_basis: match case.policy.ratio_bands.basis() {
            BandBasis::Expense => "expense",
            BandBasis::AboveDeductible => "above_deductible",
        }
        .to_owned(),
        my_cap: case
            .policy
            .annual_cap
            .map_or_else(|| "none".to_owned(), |cap| cap.to_string()),
        my_reduction: method.to_owned(),
        my_reduction_value: value,
        my_class_b: case
            .policy
            .class_b_first_self_pay_share
            .map(percent_text)
            .unwrap_or_default(),
        ..current.clone()
    }
}
