//! The estimator (估算): from the form's input as typed to an estimate. Check every answer, resolve the policy, put
//! the person's own figures over it, settle, and note what matters. Pure and language-free: problems are typed
//! ([`EstimateError`]), notes are typed ([`Warning`]), and the page's text tables put them in words. The browser
//! runs [`evaluate`] on every keystroke; the tests here and in `tests/estimate_props.rs` run it natively.

mod division;
mod error;
mod import;
pub mod input;
pub mod place;
mod range;
mod read;
mod slip;
mod warning;

use rust_decimal::Decimal;

pub use division::Division;
pub use error::{EstimateError, Field, ItemPart, Problem};
pub use input::{Input, ItemInput, LINK_LIMIT};
pub use range::{Amount, Basis, Bound, MissingFigure, Scope, Span};
pub use warning::Warning;

use crate::domain::case::{Case, CaseFiling, CasePolicy};
use crate::domain::category::{
    CareSetting, ChronicDisease, FilingCategory, FilingStatus, InstitutionLevel,
};
use crate::domain::day;
use crate::domain::money::{Money, Ratio};
use crate::domain::names::names;
use crate::domain::policy::{PolicyData, ResolveRequest, resolve_with_gaps};
use crate::domain::settle::{
    BandBasis, BillItem, Breakdown, Deductible, DeductiblePer, ItemKind, NotFiledRule, Param,
    ParamName, Points, Provenance, RatioBands, Reduction, SettlementParams, YearToDate,
};

names! {
    /// A way a temporary filing's payment is reduced, as the person enters it (`my_reduction`): the kinds of
    /// [`Reduction`], in the order the page lists them.
    pub enum ReductionMethod {
        None = "none",
        SubtractPoints = "subtract_points",
        MultiplyRatio = "multiply_ratio",
        AddFirstSelfPay = "add_first_self_pay",
        HigherDeductible = "higher_deductible",
    }
}

/// What the page shows: the problems, and the estimate when there is one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evaluation {
    pub errors: Vec<EstimateError>,
    /// Required answers still missing (shown as errors only once the person asks to calculate).
    pub missing: Vec<EstimateError>,
    /// The figures this estimate needs that the data lacks, asked of the person beside the result: whether or not
    /// they have given them yet, so a question stays where it is while it is answered (and while its answer has a
    /// typing slip).
    pub asked: Vec<MissingFigure>,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub params: SettlementParams,
    /// The figures the person replaced with their own.
    pub yours: Vec<ParamName>,
    /// The settlement at the end where the fund pays most (the only one when nothing is missing).
    pub breakdown: Breakdown,
    /// The fund's payment: exact, or a range when figures are missing.
    pub fund: Amount,
    /// What the person pays: `total − fund` at each end (`personal.low = total − fund.high`).
    pub personal: Amount,
    /// 乙类先行自付: exact unless the treatment place's share is missing and Class B items carry none.
    pub class_b_first_self_pay: Amount,
    /// Figures neither in the data nor given, each bounded as `bounds` says.
    pub missing: Vec<MissingFigure>,
    pub bounds: Vec<Bound>,
    /// The same estimate in the neutral case form, for export and the `estimate` command.
    pub case: Case,
    pub warnings: Vec<Warning>,
}

struct Checker {
    errors: Vec<EstimateError>,
    missing: Vec<EstimateError>,
    asked: Vec<MissingFigure>,
}

impl Checker {
    fn error(&mut self, field: Field, problem: Problem) {
        self.errors.push(EstimateError::new(field, problem));
    }

    fn missing(&mut self, field: Field, problem: Problem) {
        self.missing.push(EstimateError::new(field, problem));
    }

    fn amount(&mut self, field: Field, raw: &str) -> Option<Money> {
        read::amount(raw).unwrap_or_else(|problem| {
            self.error(field, problem);
            None
        })
    }

    fn percent(&mut self, field: Field, raw: &str) -> Option<Ratio> {
        if raw.trim().is_empty() {
            return None;
        }
        read::percent(raw)
            .map_err(|problem| self.error(field, problem))
            .ok()
    }

    /// A choice that must be made: `None` (and a missing answer) when it is not.
    fn choice<T>(&mut self, field: Field, problem: Problem, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.missing(field, problem);
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

fn overrides(c: &mut Checker, input: &Input, resolved_basis: BandBasis) -> Overrides {
    let basis = match input.my_band_basis.as_str() {
        "above_deductible" => BandBasis::AboveDeductible,
        "expense" => BandBasis::Expense,
        _ => resolved_basis,
    };
    let bands_value = if input.my_bands.trim().is_empty() {
        None
    } else {
        read::bands(&input.my_bands, basis)
            .map_err(|problem| c.error(Field::MyBands, problem))
            .ok()
    };
    let cap_raw = input.my_cap.trim();
    let cap = if cap_raw.eq_ignore_ascii_case("none") || matches!(cap_raw, "无" | "没有" | "不限")
    {
        Some(None)
    } else {
        c.amount(Field::MyCap, cap_raw).map(Some)
    };
    let value = input.my_reduction_value.trim();
    let reduction = match input.my_reduction.as_str() {
        "" => None,
        method => {
            let parsed = match ReductionMethod::parse(method) {
                Some(ReductionMethod::None) => Some(Reduction::None),
                Some(ReductionMethod::SubtractPoints) => read::percent(value)
                    .ok()
                    .and_then(|r| Points::new(r.value() * Decimal::ONE_HUNDRED).ok())
                    .map(|points| Reduction::SubtractPoints { points }),
                Some(ReductionMethod::MultiplyRatio) => read::percent(value)
                    .ok()
                    .map(|factor| Reduction::MultiplyRatio { factor }),
                Some(ReductionMethod::AddFirstSelfPay) => read::percent(value)
                    .ok()
                    .map(|share| Reduction::AddFirstSelfPay { share }),
                Some(ReductionMethod::HigherDeductible) => read::amount(value)
                    .ok()
                    .flatten()
                    .map(|deductible| Reduction::HigherDeductible { deductible }),
                None => None,
            };
            if parsed.is_none() {
                c.error(Field::MyReductionValue, Problem::ReductionValueInvalid);
            }
            parsed
        }
    };
    Overrides {
        deductible: c.amount(Field::MyDeductible, &input.my_deductible),
        bands: bands_value,
        cap,
        reduction,
        class_b: c.percent(Field::MyClassB, &input.my_class_b),
    }
}

fn item(index: usize, part: ItemPart) -> Field {
    Field::Item { index, part }
}

fn items(c: &mut Checker, input: &Input) -> Vec<BillItem> {
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
            let value = c.amount(item(index, ItemPart::Amount), raw);
            let kind = read::kind_of(kind);
            // A row begun and not finished (an item picked from the directory, its amount not yet typed) is an
            // answer still to give, said once the person asks to calculate, not a mistake shown before they can type.
            if kind.is_none() {
                c.missing(item(index, ItemPart::Kind), Problem::ItemKindMissing);
            }
            if raw.trim().is_empty() {
                c.missing(item(index, ItemPart::Amount), Problem::ItemAmountMissing);
            }
            let share = if kind == Some(ItemKind::ClassB) {
                c.percent(item(index, ItemPart::Share), share)
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
            (Field::ClassA, ItemKind::ClassA, &input.class_a),
            (Field::ClassB, ItemKind::ClassB, &input.class_b),
            (Field::ClassC, ItemKind::ClassCOrSelfPay, &input.class_c),
            (Field::Services, ItemKind::Service, &input.services),
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

fn yours<T>(value: T) -> Param<T> {
    Param::from_case(value)
}

/// The whole estimate from the input as typed; `data` is `None` while the policy data is loading.
pub fn evaluate(input: &Input, data: Option<&PolicyData>) -> Evaluation {
    let mut c = Checker {
        errors: Vec::new(),
        missing: Vec::new(),
        asked: Vec::new(),
    };

    // Who, where, what, when.
    let insured = (!input.insured_city.is_empty()).then(|| input.insured_city.clone());
    let treatment = (!input.treatment_city.is_empty()).then(|| input.treatment_city.clone());
    let scheme = read::scheme_of(&input.scheme);
    let setting = match input.setting.as_str() {
        "inpatient" => InstitutionLevel::from_code(&input.level)
            .map(|level| CareSetting::Inpatient { level })
            .or_else(|| {
                c.missing(Field::Level, Problem::LevelMissing);
                None
            }),
        "general_outpatient" => InstitutionLevel::from_code(&input.level)
            .map(|level| CareSetting::GeneralOutpatient { level })
            .or_else(|| {
                c.missing(Field::Level, Problem::LevelMissing);
                None
            }),
        "chronic_outpatient" => ChronicDisease::ALL
            .into_iter()
            .find(|d| d.code() == input.disease)
            .map(|disease| CareSetting::ChronicOutpatient { disease })
            .or_else(|| {
                c.missing(Field::Disease, Problem::DiseaseMissing);
                None
            }),
        _ => None,
    };
    let date = match input.date.trim() {
        "" => None,
        raw => {
            let parsed = day::parse_iso(raw);
            if parsed.is_none() {
                c.error(Field::Date, Problem::DateInvalid);
            }
            parsed
        }
    };
    let filing = c.choice(
        Field::Filing,
        Problem::FilingMissing,
        read::filing_of(&input.filing),
    );

    // The person's own figures: when they give the deductible and the ratio, no resolution is needed.
    let mine = overrides(&mut c, input, BandBasis::Expense);
    let self_sufficient = mine.deductible.is_some() && mine.bands.is_some();
    if !self_sufficient {
        c.choice(
            Field::InsuredCity,
            Problem::InsuredPlaceMissing,
            insured.as_ref(),
        );
        c.choice(Field::Scheme, Problem::SchemeMissing, scheme);
        c.choice(
            Field::TreatmentCity,
            Problem::TreatmentPlaceMissing,
            treatment.as_ref(),
        );
        // A setting the page does not offer (a hand-edited link) is no choice either.
        if !matches!(
            input.setting.as_str(),
            "inpatient" | "general_outpatient" | "chronic_outpatient"
        ) {
            c.missing(Field::Setting, Problem::SettingMissing);
        }
        if input.date.trim().is_empty() {
            c.missing(Field::Date, Problem::DateMissing);
        }
    }

    let ytd = YearToDate {
        deductible_paid: c
            .amount(Field::YtdDeductible, &input.ytd_deductible)
            .unwrap_or_default(),
        fund_paid: c
            .amount(Field::YtdFund, &input.ytd_fund)
            .unwrap_or_default(),
        in_scope_paid: c
            .amount(Field::YtdInScope, &input.ytd_in_scope)
            .unwrap_or_default(),
    };
    let bill = items(&mut c, input);
    let mut mine = mine;
    if mine.class_b.is_none() {
        mine.class_b = slip_share(&mut c, input, &bill);
    }
    if bill.is_empty() && c.errors.is_empty() {
        let field = if input.mode == "items" {
            item(0, ItemPart::Amount)
        } else {
            Field::ClassA
        };
        c.missing(field, Problem::BillEmpty);
    }

    let status = match filing {
        Some(CaseFiling::Filed(category)) => Some(FilingStatus::Filed(category)),
        Some(CaseFiling::NotFiled) => Some(FilingStatus::NotFiled),
        Some(CaseFiling::LongTerm) => Some(FilingStatus::Filed(FilingCategory::OtherLongTerm)),
        None => None,
    };
    let context = range::Context {
        scheme,
        setting,
        date,
        temporary: match filing {
            Some(CaseFiling::Filed(category)) if !category.is_long_term() => Some(category),
            _ => None,
        },
        first_stay: input.first_stay != "0",
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
            // Not cross-provincial is wrong whatever figures are given; a gap in the data is bounded instead.
            match resolve_with_gaps(data, &request) {
                Ok(params) => Some(params),
                Err(_) => {
                    c.error(Field::TreatmentCity, Problem::NotCrossProvincial);
                    None
                }
            }
        }
        _ => None,
    };

    // Without the data's figures, the person's deductible and ratio settle on their own.
    let base = resolved.or_else(|| {
        (self_sufficient && status.is_some()).then(|| SettlementParams {
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
            not_filed: (status == Some(FilingStatus::NotFiled))
                .then(|| yours(NotFiledRule::PayInFullThenClaimAtHome)),
        })
    });
    if let Some(base) = &base {
        c.asked = range::gaps(
            base,
            context,
            needs_class_b_share(input),
            earlier_spending(input),
            mine.bands.as_ref(),
        );
    }

    let (Some(filing), Some(base)) = (filing, base) else {
        return finish(c, None);
    };
    if !c.errors.is_empty() || !c.missing.is_empty() {
        return finish(c, None);
    }
    let (params, yours_list) = apply(base, &mine, input);

    let Some(ends) = range::ends(data, context, &params, &bill, ytd) else {
        return finish(c, None);
    };
    let breakdown = ends.high.clone();
    // The figures at that end, still marked missing where they were bounded.
    let params = ends.high_params;
    let fund = Amount::between(ends.low.fund, ends.high.fund);
    let personal = Amount::between(ends.high.personal, ends.low.personal);
    let class_b_first_self_pay = Amount::between(
        ends.high.class_b_first_self_pay,
        ends.low.class_b_first_self_pay,
    );
    let case = Case {
        id: "yidi-estimate".to_owned(),
        source: None,
        items: bill.clone(),
        // A range exports the end where the fund pays most, the breakdown the page shows.
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
    let warnings = warning::warnings(&params, &breakdown, filing, &bill, ytd);
    finish(
        c,
        Some(Outcome {
            params,
            yours: yours_list,
            breakdown,
            fund,
            personal,
            class_b_first_self_pay,
            missing: ends.missing,
            bounds: ends.bounds,
            case,
            warnings,
        }),
    )
}

/// The Class B share implied by 乙类先行自付 copied from a settlement slip, where the person gave that instead.
fn slip_share(c: &mut Checker, input: &Input, bill: &[BillItem]) -> Option<Ratio> {
    let amount = c.amount(Field::MyClassBAmount, &input.my_class_b_amount)?;
    slip::share_from_slip(amount, bill).unwrap_or_else(|problem| {
        c.error(Field::MyClassBAmount, problem);
        None
    })
}

/// Whether earlier in-scope spending this year is typed (a typing slip included, so the question of how bands count
/// does not come and go while it is corrected); a zero is none.
fn earlier_spending(input: &Input) -> bool {
    match read::amount(&input.ytd_in_scope) {
        Ok(None) => false,
        Ok(Some(amount)) => amount > Money::ZERO,
        Err(_) => true,
    }
}

/// Whether the bill as typed has Class B amounts that take the treatment place's share (typing slips included, so
/// the question does not come and go while an amount is being corrected).
fn needs_class_b_share(input: &Input) -> bool {
    if input.mode == "items" {
        input
            .items
            .iter()
            .any(|i| read::kind_of(&i.kind) == Some(ItemKind::ClassB) && i.share.trim().is_empty())
    } else {
        !input.class_b.trim().is_empty()
    }
}

fn finish(c: Checker, outcome: Option<Outcome>) -> Evaluation {
    Evaluation {
        errors: c.errors,
        missing: c.missing,
        asked: c.asked,
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
        params.ratio_bands = yours(bands.counted_as(params.ratio_bands.value.counted()));
        list.push(ParamName::RatioBands);
    }
    // How the bands count, where the person says (the bands in force keep their source: the ratios are not theirs).
    if let Some(counted) = read::bands_counted_of(&input.my_bands_counted) {
        params.ratio_bands.value = params.ratio_bands.value.clone().counted_as(Some(counted));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::parse_cases;
    use crate::domain::settle::Step;

    const POLICY: &str = include_str!("../../../public/data/policy.json");
    const EXAMPLES: &str = include_str!("../../../tests/fixtures/examples.json");

    fn data() -> PolicyData {
        PolicyData::from_json(POLICY).expect("the shipped policy data is valid")
    }

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    /// A form filled in as far as where, who, what and when; the bill is up to each test.
    fn form(insured: &str, scheme: &str, treated: &str, setting: &str, on: &str) -> Input {
        let (setting, level, disease) = match setting.split_once(':') {
            Some(("chronic_outpatient", disease)) => ("chronic_outpatient", "", disease),
            Some((setting, level)) => (setting, level, ""),
            None => (setting, "", ""),
        };
        Input {
            insured_province: format!("{}0000", &insured[..2]),
            insured_city: insured.to_owned(),
            scheme: scheme.to_owned(),
            treatment_province: format!("{}0000", &treated[..2]),
            treatment_city: treated.to_owned(),
            setting: setting.to_owned(),
            level: level.to_owned(),
            disease: disease.to_owned(),
            filing: "long_term_resident".to_owned(),
            date: on.to_owned(),
            first_stay: "1".to_owned(),
            mode: "quick".to_owned(),
            ..Input::default()
        }
    }

    fn outcome(input: &Input) -> Outcome {
        let e = evaluate(input, Some(&data()));
        assert_eq!((&e.errors, &e.missing), (&vec![], &vec![]), "{input:?}");
        e.outcome.expect("an estimate")
    }

    fn problems(list: &[EstimateError]) -> Vec<(String, &'static str)> {
        list.iter()
            .map(|e| (e.field.to_string(), e.code()))
            .collect()
    }

    /// Beijing's in-service tertiary bands (85% to 30000, 90% to 40000, 95%) count the whole in-scope expense; no
    /// source says whether per stay or over the year. 10000 in scope, the year's 1300 deductible paid, and 25000
    /// in scope at earlier stays this year.
    fn beijing_after_25000() -> Input {
        let mut input = form(
            "110000",
            "employee_in_service",
            "120000",
            "inpatient:tertiary",
            "2025-05-01",
        );
        input.class_a = "10000".to_owned();
        input.ytd_deductible = "1300".to_owned();
        input.ytd_in_scope = "25000".to_owned();
        input
    }

    #[test]
    fn earlier_spending_moves_the_bill_into_later_bands_only_where_they_count_the_year() {
        use crate::domain::settle::BandsCounted::{PerSettlement, PerYear};
        let mut input = beijing_after_25000();
        input.my_bands_counted = "per_year".to_owned();
        let o = outcome(&input);
        assert_eq!(
            o.fund,
            Amount::Exact(m("8750.00")),
            "5000 × 85% + 5000 × 90%"
        );
        assert!(o.missing.is_empty());
        assert!(o.breakdown.steps.contains(&Step::BandsCounted {
            counted: Some(PerYear),
            in_scope_paid: m("25000"),
            from: m("25000"),
        }));
        input.my_bands_counted = "per_settlement".to_owned();
        assert_eq!(
            outcome(&input).fund,
            Amount::Exact(m("8500.00")),
            "10000 × 85%"
        );

        // Nobody says: both ways, and the range says which gave which end.
        input.my_bands_counted = String::new();
        let e = evaluate(&input, Some(&data()));
        assert_eq!(e.asked, [MissingFigure::BandsCounted]);
        let o = e.outcome.unwrap();
        assert_eq!(
            o.fund,
            Amount::Range {
                low: m("8500.00"),
                high: m("8750.00")
            }
        );
        assert_eq!(o.missing, [MissingFigure::BandsCounted]);
        assert_eq!(
            o.bounds[0].span,
            Span::Counted {
                low: PerSettlement,
                high: PerYear
            }
        );
        assert_eq!(o.bounds[0].fund_low, Basis::Widest);
        // The export carries the end where the fund pays most, and settles to it on its own.
        assert_eq!(o.case.policy.ratio_bands.counted(), Some(PerYear));
        assert_eq!(o.case.settle("").unwrap().fund, m("8750.00"));

        // No earlier spending: nothing asked, nothing bounded.
        input.ytd_in_scope = "0".to_owned();
        let e = evaluate(&input, Some(&data()));
        assert!(e.asked.is_empty());
        assert_eq!(e.outcome.unwrap().fund, Amount::Exact(m("8500.00")));
        // A typing slip keeps the question where it is, and is named at its field.
        input.ytd_in_scope = "25ooo".to_owned();
        let e = evaluate(&input, Some(&data()));
        assert_eq!(e.asked, [MissingFigure::BandsCounted]);
        assert_eq!(
            problems(&e.errors),
            [("ytd-in-scope".to_owned(), "not_a_number")]
        );
    }

    /// Tianjin's employee outpatient bands fall (75% to 5500, then 55%): counted over the year, earlier spending
    /// makes the fund pay less, so the ends swap.
    #[test]
    fn falling_bands_counted_over_the_year_pay_less() {
        use crate::domain::settle::BandsCounted::{PerSettlement, PerYear};
        let mut input = form(
            "120000",
            "employee_in_service",
            "110000",
            "general_outpatient:primary",
            "2024-05-01",
        );
        input.class_a = "3000".to_owned();
        input.ytd_deductible = "800".to_owned();
        input.ytd_in_scope = "5000".to_owned();
        let o = outcome(&input);
        // Per visit: 3000 × 75%. Over the year: 5000 to 8000, 500 × 75% + 2500 × 55%.
        assert_eq!(
            o.fund,
            Amount::Range {
                low: m("1750.00"),
                high: m("2250.00")
            }
        );
        assert_eq!(
            o.bounds[0].span,
            Span::Counted {
                low: PerYear,
                high: PerSettlement
            }
        );
    }

    /// The person's own bands are counted the way the data's are, or the way the person says.
    #[test]
    fn own_bands_with_earlier_spending_are_bounded_too() {
        let mut input = form(
            "110000",
            "employee_in_service",
            "120000",
            "inpatient:tertiary",
            "2025-05-01",
        );
        input.class_a = "10000".to_owned();
        input.my_deductible = "0".to_owned();
        input.my_bands = "5000 50%, 100%".to_owned();
        input.ytd_in_scope = "5000".to_owned();
        let o = outcome(&input);
        assert_eq!(
            o.fund,
            Amount::Range {
                low: m("7500.00"),
                high: m("10000.00")
            }
        );
        input.my_bands_counted = "per_year".to_owned();
        assert_eq!(outcome(&input).fund, Amount::Exact(m("10000.00")));
    }

    /// The national Q&A's worked example, resolved from the policy data as the page does it.
    #[test]
    fn the_langfang_retiree_in_beijing_pays_15_40_of_64_29() {
        let mut input = form(
            "131000",
            "employee_retired",
            "110000",
            "chronic_outpatient:M01600",
            "2022-07-01",
        );
        input.filing = "resettled_retiree".to_owned();
        input.class_a = "32.52".to_owned();
        input.class_b = "31.77".to_owned();
        let o = outcome(&input);
        assert_eq!(o.breakdown.total, m("64.29"));
        assert_eq!(o.breakdown.class_b_first_self_pay, m("3.18"));
        assert_eq!(o.breakdown.fund, m("48.89"));
        assert_eq!(o.breakdown.personal, m("15.40"));
        assert_eq!(o.fund, Amount::Exact(m("48.89")));
        assert_eq!(o.personal, Amount::Exact(m("15.40")));
        assert_eq!(
            o.missing,
            [MissingFigure::AnnualCap],
            "no cap among places is below 48.89, so the answer stays a figure"
        );
        assert!(o.yours.is_empty());
        assert_eq!(
            o.warnings,
            [
                Warning::ClassBFromTreatmentPlace {
                    share: Ratio::new(Decimal::new(10, 2)).unwrap()
                },
                Warning::Unverified,
            ],
            "the annual cap is not in the data, and the deductible is only implied by the example"
        );
    }

    /// After the example's day Langfang's chronic-disease deductible is a gap: the same bill is a range, whose high
    /// end is the example's, and no figure from the one published day stands in for it.
    #[test]
    fn after_the_example_day_the_langfang_deductible_is_missing_and_the_fund_a_range() {
        let mut input = form(
            "131000",
            "employee_retired",
            "110000",
            "chronic_outpatient:M01600",
            "2024-03-01",
        );
        input.filing = "resettled_retiree".to_owned();
        input.class_a = "32.52".to_owned();
        input.class_b = "31.77".to_owned();
        let o = outcome(&input);
        assert_eq!(
            o.missing,
            [MissingFigure::Deductible, MissingFigure::AnnualCap]
        );
        assert_eq!(
            o.bounds[0].fund_low,
            Basis::AmongPlaces {
                places: 8,
                scope: Scope::AnyRule
            },
            "no chronic-disease rule in force then has a deductible"
        );
        assert_eq!(o.fund.high(), m("48.89"));
        assert!(o.fund.low() < o.fund.high(), "{:?}", o.fund);
    }

    /// Every published example, typed in as the figures of a policy notice (an import), settles to the cent.
    #[test]
    fn every_published_example_settles_to_the_cent_through_the_form() {
        let cases = parse_cases(EXAMPLES).unwrap();
        assert_eq!(cases.len(), 5);
        for case in &cases {
            let input = Input::from_case(case, &Input::default());
            let e = evaluate(&input, None);
            let o = e
                .outcome
                .unwrap_or_else(|| panic!("{}: {:?} {:?}", case.id, e.errors, e.missing));
            let expect = case.expect.unwrap();
            assert_eq!(Some(o.breakdown.fund), expect.fund, "{}", case.id);
            assert_eq!(Some(o.fund), expect.fund.map(Amount::Exact), "{}", case.id);
            assert!(o.missing.is_empty(), "{}", case.id);
            assert_eq!(Some(o.breakdown.personal), expect.personal, "{}", case.id);
            assert_eq!(Some(o.breakdown.total), expect.total, "{}", case.id);
            assert_eq!(o.case.items, case.items, "{}", case.id);
        }
    }

    /// Issue 16: a later stay in Beijing pays its own 650 although 1,300 was paid toward the deductible this year.
    #[test]
    fn a_second_beijing_stay_with_1300_paid_still_pays_650() {
        let mut input = form(
            "110000",
            "employee_in_service",
            "120000",
            "inpatient:tertiary",
            "2024-05-01",
        );
        input.first_stay = "0".to_owned();
        input.ytd_deductible = "1,300".to_owned();
        input.class_a = "10000".to_owned();
        let o = outcome(&input);
        assert_eq!(o.breakdown.deductible, m("650"));
        assert_eq!(o.breakdown.fund, m("7947.50"));
        assert_eq!(o.breakdown.personal, m("2052.50"));
        assert_eq!(o.case.policy.deductible.per, DeductiblePer::Settlement);

        // The first stay of the year, with nothing paid yet, pays the whole 1,300.
        input.first_stay = "1".to_owned();
        input.ytd_deductible = String::new();
        assert_eq!(outcome(&input).breakdown.deductible, m("1300"));
    }

    #[test]
    fn a_blank_form_lists_what_is_missing_without_calling_it_an_error() {
        let e = evaluate(&Input::default(), Some(&data()));
        assert!(e.errors.is_empty());
        assert!(e.outcome.is_none());
        assert_eq!(
            problems(&e.missing),
            [
                ("filing".to_owned(), "filing_missing"),
                ("insured-city".to_owned(), "insured_place_missing"),
                ("scheme".to_owned(), "scheme_missing"),
                ("treatment-city".to_owned(), "treatment_place_missing"),
                ("setting".to_owned(), "setting_missing"),
                ("date".to_owned(), "date_missing"),
                ("class-a".to_owned(), "bill_empty"),
            ]
        );
        let items = Input {
            mode: "items".to_owned(),
            ..Input::default()
        };
        let e = evaluate(&items, Some(&data()));
        assert_eq!(
            problems(&e.missing).last().unwrap(),
            &("item-0-amount".to_owned(), "bill_empty")
        );
    }

    #[test]
    fn typing_slips_are_errors_at_their_own_field() {
        let mut input = form(
            "131000",
            "resident",
            "110000",
            "general_outpatient:secondary",
            "2024/06/01",
        );
        input.class_a = "12.345".to_owned();
        input.class_c = "-5".to_owned();
        input.services = "1e3".to_owned();
        input.ytd_fund = "200000000".to_owned();
        input.my_bands = "90%, 80%".to_owned();
        input.my_class_b = "110".to_owned();
        input.my_reduction = "multiply_ratio".to_owned();
        input.my_reduction_value = "x".to_owned();
        let e = evaluate(&input, Some(&data()));
        assert!(e.outcome.is_none());
        assert_eq!(
            problems(&e.errors),
            [
                ("date".to_owned(), "date_invalid"),
                ("my-bands".to_owned(), "bands_invalid"),
                ("my-reduction-value".to_owned(), "reduction_value_invalid"),
                ("my-class-b".to_owned(), "percent_too_high"),
                ("ytd-fund".to_owned(), "too_large"),
                ("class-a".to_owned(), "too_precise"),
                ("class-c".to_owned(), "negative"),
                ("services".to_owned(), "not_a_number"),
            ]
        );
    }

    #[test]
    fn a_ratio_typed_as_a_fraction_is_asked_about_not_read_as_a_hundredth() {
        let mut input = form(
            "131000",
            "resident",
            "110000",
            "general_outpatient:secondary",
            "2024-06-01",
        );
        input.class_a = "100".to_owned();
        input.my_bands = "0.85".to_owned();
        input.my_class_b = "0.1".to_owned();
        let e = evaluate(&input, Some(&data()));
        assert!(e.outcome.is_none(), "no estimate from a ratio of 0.85%");
        assert_eq!(
            problems(&e.errors),
            [
                ("my-bands".to_owned(), "percent_fraction"),
                ("my-class-b".to_owned(), "percent_fraction"),
            ]
        );
        input.my_bands = "85%".to_owned();
        input.my_class_b = "0.1%".to_owned();
        let e = evaluate(&input, Some(&data()));
        assert_eq!(problems(&e.errors), []);
        assert!(e.outcome.is_some());
    }

    #[test]
    fn an_itemised_bill_names_the_row_and_part() {
        let mut input = form(
            "131000",
            "resident",
            "110000",
            "general_outpatient:secondary",
            "2024-06-01",
        );
        input.mode = "items".to_owned();
        input.items = vec![
            ItemInput {
                kind: "a".to_owned(),
                amount: "100".to_owned(),
                ..ItemInput::default()
            },
            ItemInput::default(),
            ItemInput {
                name: "药".to_owned(),
                ..ItemInput::default()
            },
            ItemInput {
                kind: "b".to_owned(),
                amount: "50".to_owned(),
                share: "ten".to_owned(),
                ..ItemInput::default()
            },
        ];
        let e = evaluate(&input, Some(&data()));
        assert_eq!(
            problems(&e.errors),
            [("item-3-share".to_owned(), "percent_invalid")],
            "a mistake is said at once"
        );
        assert_eq!(
            problems(&e.missing),
            [
                ("item-2-kind".to_owned(), "item_kind_missing"),
                ("item-2-amount".to_owned(), "item_amount_missing"),
            ],
            "a row begun is an answer still to give (said on calculate); an empty row is skipped"
        );
        assert!(e.outcome.is_none());
    }

    #[test]
    fn a_class_b_amount_where_the_treatment_place_has_no_share_gets_a_range_until_one_is_given() {
        // Tianjin's Class B share is not in the data, and only one treatment place has one: one place's rule is no
        // range, so the share runs from none to all of the Class B amount.
        let mut input = form(
            "110000",
            "employee_in_service",
            "120000",
            "inpatient:tertiary",
            "2024-05-01",
        );
        input.class_a = "10000".to_owned();
        assert!(evaluate(&input, Some(&data())).asked.is_empty());
        input.class_b = "1000".to_owned();
        assert_eq!(
            evaluate(&input, Some(&data())).asked,
            [MissingFigure::ClassBShare]
        );
        let o = outcome(&input);
        assert_eq!(o.missing, [MissingFigure::ClassBShare]);
        assert_eq!(o.bounds[0].fund_low, Basis::Widest);
        assert_eq!(
            o.class_b_first_self_pay,
            Amount::Range {
                low: m("0.00"),
                high: m("1000.00")
            }
        );
        assert!(matches!(o.fund, Amount::Range { .. }));
        assert!(
            !o.warnings
                .iter()
                .any(|w| matches!(w, Warning::ClassBFromTreatmentPlace { .. })),
            "an end of a range is not the treatment place's rule"
        );

        // 乙类先行自付 copied from a slip gives the share it implies.
        input.my_class_b_amount = "80".to_owned();
        let o = outcome(&input);
        assert!(o.missing.is_empty());
        assert_eq!(o.class_b_first_self_pay, Amount::Exact(m("80.00")));
        assert_eq!(o.params.class_b_share.value.unwrap().to_string(), "8%");
        input.my_class_b_amount = "1000.01".to_owned();
        let e = evaluate(&input, Some(&data()));
        assert_eq!(
            problems(&e.errors),
            [("my-class-b-amount".to_owned(), "class_b_amount_too_large")]
        );
        assert_eq!(e.asked, [MissingFigure::ClassBShare]);

        // A share given wins over a slip's amount.
        input.my_class_b = "10".to_owned();
        let o = outcome(&input);
        assert_eq!(o.yours, [ParamName::ClassBShare]);
        assert!(o.missing.is_empty());
        assert_eq!(o.class_b_first_self_pay, Amount::Exact(m("100.00")));
        assert_eq!(o.fund, Amount::Exact(o.breakdown.fund));
    }

    /// Issue 16: a place with no figures in the data gets a range, never a blocking error.
    #[test]
    fn a_place_not_in_the_data_gets_a_range_and_the_persons_figures_narrow_it() {
        for insured in ["130100", "650100", "540100", "440100"] {
            let mut input = form(
                insured,
                "employee_retired",
                "110000",
                "inpatient:tertiary",
                "2024-05-01",
            );
            input.class_a = "10000".to_owned();
            let o = outcome(&input);
            assert_eq!(
                o.missing,
                [
                    MissingFigure::Deductible,
                    MissingFigure::RatioBands,
                    MissingFigure::AnnualCap
                ],
                "{insured}"
            );
            let Amount::Range { low, high } = o.fund else {
                panic!("{insured}: {:?}", o.fund);
            };
            assert!(low < high, "{insured}");
            assert_eq!(o.personal.low(), m("10000") - high);
            assert_eq!(o.personal.high(), m("10000") - low);
            // Only Tianjin has retired employees' tertiary inpatient figures on that day, and one place's figures are
            // no range for another place: the ends come from the inpatient rules of every scheme and level.
            assert!(
                matches!(
                    o.bounds[0].fund_low,
                    Basis::AmongPlaces {
                        scope: Scope::SameKindOfCare,
                        places,
                    } if places >= 2
                ),
                "{:?}",
                o.bounds[0]
            );

            input.my_deductible = "1000".to_owned();
            input.my_bands = "90%".to_owned();
            let o = outcome(&input);
            assert_eq!(o.yours, [ParamName::Deductible, ParamName::RatioBands]);
            assert_eq!(o.missing, [MissingFigure::AnnualCap]);
            assert_eq!(
                o.fund,
                Amount::Exact(m("8100.00")),
                "every cap in the data is above 8,100"
            );
            for none in ["none", "None", "NONE", "不限", "无"] {
                input.my_cap = format!(" {none} ");
                assert!(outcome(&input).missing.is_empty(), "{none}");
            }
            let o = outcome(&input);
            let gaps = [
                MissingFigure::Deductible,
                MissingFigure::RatioBands,
                MissingFigure::AnnualCap,
            ];
            assert_eq!(
                evaluate(&input, Some(&data())).asked,
                gaps,
                "{insured}: answered questions stay asked"
            );
            let mut slip = input.clone();
            slip.my_deductible = "1o00".to_owned();
            let e = evaluate(&slip, Some(&data()));
            assert!(e.outcome.is_none());
            assert_eq!(e.asked, gaps, "{insured}: a typing slip keeps the question");
            assert_eq!(o.fund, Amount::Exact(m("8100.00")));
            assert_eq!(o.personal, Amount::Exact(m("1900.00")));
        }
    }

    /// The narrowest scope bounds a missing figure where two places or more have it: in-service employees' tertiary
    /// inpatient figures are in the data for several places on that day, retired employees' for Tianjin alone.
    #[test]
    fn a_range_rests_on_two_places_at_least() {
        let scope = |scheme: &str| {
            let mut input = form(
                "130100",
                scheme,
                "110000",
                "inpatient:tertiary",
                "2024-05-01",
            );
            input.class_a = "10000".to_owned();
            match outcome(&input).bounds[0].fund_low {
                Basis::AmongPlaces { places, scope } => (places >= 2, scope),
                ref other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            scope("employee_in_service"),
            (true, Scope::SameSchemeAndCare)
        );
        assert_eq!(scope("employee_retired"), (true, Scope::SameKindOfCare));
    }

    /// Issue 16: the temporary reduction is never silently none.
    #[test]
    fn a_referral_from_an_uncovered_place_runs_from_no_cut_to_the_national_maximum() {
        let mut input = form(
            "130100",
            "employee_in_service",
            "110000",
            "inpatient:tertiary",
            "2024-05-01",
        );
        input.filing = "referral".to_owned();
        input.class_a = "10000".to_owned();
        input.my_deductible = "1000".to_owned();
        input.my_bands = "90%".to_owned();
        input.my_cap = "none".to_owned();
        let o = outcome(&input);
        assert_eq!(o.missing, [MissingFigure::Reduction]);
        assert_eq!(
            o.fund,
            Amount::Range {
                low: m("7200.00"),
                high: m("8100.00")
            },
            "90% less at most 10 points is 80% of 9,000"
        );
        assert_eq!(o.bounds[0].fund_high, Basis::NoCut);
        assert!(matches!(
            &o.bounds[0].fund_low,
            Basis::NationalMaximumCut { points, .. } if points.value() == Decimal::TEN
        ));
        input.filing = "other_temporary".to_owned();
        assert_eq!(outcome(&input).fund.low(), m("6300.00"), "20 points");
        input.my_reduction = "subtract_points".to_owned();
        input.my_reduction_value = "5".to_owned();
        let o = outcome(&input);
        assert!(o.missing.is_empty());
        assert_eq!(o.fund, Amount::Exact(m("7650.00")));
    }

    #[test]
    fn care_in_the_same_province_is_refused_even_with_own_figures() {
        let mut input = form(
            "110000",
            "employee_in_service",
            "110000",
            "inpatient:tertiary",
            "2024-05-01",
        );
        input.class_a = "100".to_owned();
        input.my_deductible = "0".to_owned();
        input.my_bands = "90%".to_owned();
        let e = evaluate(&input, Some(&data()));
        assert!(e.outcome.is_none());
        assert_eq!(
            problems(&e.errors),
            [("treatment-city".to_owned(), "not_cross_provincial")]
        );
    }

    #[test]
    fn a_temporary_trip_says_how_much_less_the_fund_may_pay() {
        let mut input = form(
            "131000",
            "resident",
            "110000",
            "general_outpatient:secondary",
            "2024-06-01",
        );
        input.class_a = "100".to_owned();
        input.filing = "referral".to_owned();
        let o = outcome(&input);
        assert!(o.warnings.contains(&Warning::TemporaryReductionMissing {
            up_to_points: Decimal::TEN
        }));
        assert_eq!(
            o.fund,
            Amount::Range {
                low: m("40.00"),
                high: m("50.00")
            }
        );
        assert_eq!(o.missing, [MissingFigure::Reduction]);
        input.filing = "other_temporary".to_owned();
        assert!(
            outcome(&input)
                .warnings
                .contains(&Warning::TemporaryReductionMissing {
                    up_to_points: Decimal::from(20)
                })
        );

        // With the place's reduction from the notice: 10 points off 50%, and what long-term filing would pay.
        input.my_reduction = "subtract_points".to_owned();
        input.my_reduction_value = "10".to_owned();
        let o = outcome(&input);
        assert_eq!(o.breakdown.fund, m("40.00"));
        assert!(o.warnings.contains(&Warning::TemporaryReduced {
            long_term_fund: Some(m("50.00"))
        }));
    }

    #[test]
    fn unfiled_care_is_not_settled_directly_and_an_emergency_is() {
        let mut input = form(
            "131000",
            "resident",
            "110000",
            "general_outpatient:secondary",
            "2024-06-01",
        );
        input.class_a = "100".to_owned();
        input.filing = "not_filed".to_owned();
        let o = outcome(&input);
        assert!(!o.breakdown.directly_settled);
        assert_eq!(o.breakdown.fund, Money::ZERO);
        assert_eq!(o.breakdown.personal, m("100"));
        assert_eq!(o.warnings[0], Warning::NotFiled);
        assert!(matches!(
            o.breakdown.steps.last(),
            Some(Step::NotDirectlySettled { .. })
        ));

        input.filing = "emergency".to_owned();
        let o = outcome(&input);
        assert!(o.breakdown.directly_settled);
        assert_eq!(o.warnings[0], Warning::Emergency);
    }

    #[test]
    fn the_cap_reached_says_what_is_left() {
        // Langfang residents' general outpatient care: 50%, at most 80 a year.
        let mut input = form(
            "131000",
            "resident",
            "110000",
            "general_outpatient:secondary",
            "2024-06-01",
        );
        input.class_a = "1000".to_owned();
        input.ytd_fund = "30".to_owned();
        let o = outcome(&input);
        assert_eq!(o.breakdown.fund, m("50.00"));
        assert_eq!(o.breakdown.personal, m("950.00"));
        assert!(o.warnings.contains(&Warning::CapReached { left: m("50") }));
    }

    /// Export then import (the page's "save" and "open"): the same figures, now all the person's own.
    #[test]
    fn an_exported_estimate_imports_as_the_same_estimate() {
        let mut input = form(
            "110000",
            "employee_in_service",
            "120000",
            "inpatient:tertiary",
            "2024-03-01",
        );
        input.class_a = "50000".to_owned();
        input.class_b = "5000".to_owned();
        input.class_c = "1200".to_owned();
        input.services = "10000".to_owned();
        input.my_class_b = "10".to_owned();
        let first = outcome(&input);
        let text = first.case.to_json().to_string();
        let case = &parse_cases(&format!(r#"{{"examples":[{text}]}}"#)).unwrap()[0];
        let again = outcome(&Input::from_case(case, &input));
        assert_eq!(again.breakdown.fund, first.breakdown.fund);
        assert_eq!(again.breakdown.personal, first.breakdown.personal);
        assert_eq!(again.case.policy, first.case.policy);
        assert_eq!(
            again.yours,
            [
                ParamName::Deductible,
                ParamName::RatioBands,
                ParamName::AnnualCap,
                ParamName::Reduction,
                ParamName::ClassBShare,
            ]
        );
    }
}
