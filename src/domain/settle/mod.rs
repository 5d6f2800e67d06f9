//! The settlement arithmetic (结算): one settlement's parameters and a bill in, the fund's and the person's shares out.
//!
//! Rounding happens at three documented steps and nowhere else: each Class B item's first self-pay share, an extra
//! first self-pay share set by a reduction, and the fund's payment. The person's payment is the total less the fund's,
//! exactly.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::json::{self, FromJson, Json};
use crate::domain::money::{Money, Ratio};

mod explain;

/// 费用类别: how the treatment place's directory classes one bill item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// 甲类: fully in scope.
    ClassA,
    /// 乙类: in scope after a first self-pay share (乙类先行自付).
    ClassB,
    /// 丙类 / 自费: outside the fund's scope.
    ClassCOrSelfPay,
    /// 医疗服务项目 inside the fund's scope.
    Service,
}

/// One line of the bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub kind: ItemKind,
    pub amount: Money,
    /// Class B only: this item's own first self-pay share; otherwise the treatment place's applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_self_pay_share: Option<Ratio>,
}

/// Percentage points between 0 and 100 (a reduction of a payment ratio).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Points(Decimal);

/// Points outside 0..=100.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("percentage points must be between 0 and 100, got {0}")]
pub struct PointsOutOfRange(pub Decimal);

impl Points {
    pub const ZERO: Points = Points(Decimal::ZERO);

    pub fn new(value: Decimal) -> Result<Self, PointsOutOfRange> {
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            Err(PointsOutOfRange(value))
        } else {
            Ok(Points(value))
        }
    }

    pub const fn value(self) -> Decimal {
        self.0
    }

    /// As a ratio: 10 points is 0.10.
    fn as_fraction(self) -> Decimal {
        self.0 / Decimal::ONE_HUNDRED
    }
}

impl TryFrom<Decimal> for Points {
    type Error = PointsOutOfRange;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Points::new(value)
    }
}

impl FromJson for Points {
    fn from_json(json: &Json) -> Option<Self> {
        Points::new(Decimal::from_json(json)?).ok()
    }
}

impl From<Points> for Decimal {
    fn from(p: Points) -> Decimal {
        p.0
    }
}

/// 分段口径: what a band's `up_to` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BandBasis {
    /// The whole in-scope expense of the settlement, deductible included (Beijing: "起付标准以上至3万元的部分").
    #[default]
    Expense,
    /// The in-scope amount above the deductible.
    AboveDeductible,
}

/// 分段累计方式: which spending a band's limits count. Sources rarely say; where none does, the figure has no
/// `counted` and the estimator tries both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BandsCounted {
    /// 按次: this settlement's spending alone; every stay or visit starts again at the first band.
    PerSettlement,
    /// 年度累计: the year's in-scope spending, this settlement's on top of what came before it
    /// ([`YearToDate::in_scope_paid`]), so earlier spending moves this bill into later bands.
    PerYear,
}

/// One band of a banded payment ratio (分段支付比例): `ratio` applies to the part of the amount below `up_to`
/// and above the previous band's `up_to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatioBand {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<Money>,
    pub ratio: Ratio,
}

/// 支付比例: one or more bands, limits strictly ascending and positive, only the last one open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawRatioBands", into = "RawRatioBands")]
pub struct RatioBands {
    basis: BandBasis,
    /// `None` where no source says whether the bands count per settlement or over the year.
    counted: Option<BandsCounted>,
    bands: Vec<RatioBand>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRatioBands {
    #[serde(default)]
    basis: BandBasis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    counted: Option<BandsCounted>,
    bands: Vec<RatioBand>,
}

/// Why a list of bands is not a valid banded ratio.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BandsError {
    #[error("there must be at least one band")]
    Empty,
    #[error("band {index}: only the last band may have no upper limit")]
    OpenBeforeLast { index: usize },
    #[error("band {index}: the last band must have no upper limit")]
    LastClosed { index: usize },
    #[error("band {index}: upper limits must be positive and ascending")]
    NotAscending { index: usize },
}

impl BandsError {
    /// The index of the offending band, if any.
    pub fn index(&self) -> Option<usize> {
        match self {
            BandsError::Empty => None,
            BandsError::OpenBeforeLast { index }
            | BandsError::LastClosed { index }
            | BandsError::NotAscending { index } => Some(*index),
        }
    }
}

impl RatioBands {
    pub fn new(basis: BandBasis, bands: Vec<RatioBand>) -> Result<Self, BandsError> {
        let last = bands.len().checked_sub(1).ok_or(BandsError::Empty)?;
        let mut previous = Money::ZERO;
        for (index, band) in bands.iter().enumerate() {
            match band.up_to {
                None if index != last => return Err(BandsError::OpenBeforeLast { index }),
                None => {}
                Some(_) if index == last => return Err(BandsError::LastClosed { index }),
                Some(up_to) if up_to <= previous => return Err(BandsError::NotAscending { index }),
                Some(up_to) => previous = up_to,
            }
        }
        Ok(RatioBands {
            basis,
            counted: None,
            bands,
        })
    }

    /// A single ratio for the whole amount.
    pub fn flat(ratio: Ratio) -> Self {
        RatioBands {
            basis: BandBasis::Expense,
            counted: None,
            bands: vec![RatioBand { up_to: None, ratio }],
        }
    }

    /// The same bands, said to count this way (`None`: not known).
    pub fn counted_as(mut self, counted: Option<BandsCounted>) -> Self {
        self.counted = counted;
        self
    }

    pub fn basis(&self) -> BandBasis {
        self.basis
    }

    /// Whether the bands count per settlement or over the year; `None` where no source says.
    pub fn counted(&self) -> Option<BandsCounted> {
        self.counted
    }

    /// Whether the ratio differs between bands: only then does where an amount falls on the band scale matter
    /// (and with it, how the bands count).
    pub fn is_banded(&self) -> bool {
        self.bands.windows(2).any(|w| w[0].ratio != w[1].ratio)
    }

    pub fn bands(&self) -> &[RatioBand] {
        &self.bands
    }
}

impl TryFrom<RawRatioBands> for RatioBands {
    type Error = BandsError;
    fn try_from(raw: RawRatioBands) -> Result<Self, Self::Error> {
        RatioBands::new(raw.basis, raw.bands).map(|b| b.counted_as(raw.counted))
    }
}

impl FromJson for BandBasis {
    fn from_json(json: &Json) -> Option<Self> {
        use BandBasis::*;
        json::named(
            json,
            &[("expense", Expense), ("above_deductible", AboveDeductible)],
        )
    }
}

impl FromJson for BandsCounted {
    fn from_json(json: &Json) -> Option<Self> {
        use BandsCounted::*;
        json::named(
            json,
            &[("per_settlement", PerSettlement), ("per_year", PerYear)],
        )
    }
}

impl FromJson for RatioBand {
    fn from_json(json: &Json) -> Option<Self> {
        Some(RatioBand {
            up_to: json.field_or_default("up_to")?,
            ratio: json.field("ratio")?,
        })
    }
}

/// Built as serde builds it, through [`RawRatioBands`] and its checks.
impl FromJson for RatioBands {
    fn from_json(json: &Json) -> Option<Self> {
        RatioBands::try_from(RawRatioBands {
            basis: json.field_or_default("basis")?,
            counted: json.field_or_default("counted")?,
            bands: json.field("bands")?,
        })
        .ok()
    }
}

impl From<RatioBands> for RawRatioBands {
    fn from(b: RatioBands) -> Self {
        RawRatioBands {
            basis: b.basis,
            counted: b.counted,
            bands: b.bands,
        }
    }
}

/// Whether the deductible is counted once a year or again at every settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeductiblePer {
    /// 年度起付标准: what was paid toward it earlier in the year counts.
    #[default]
    Year,
    /// 每次起付标准 (per visit or per stay): paid again every time.
    Settlement,
}

/// 起付标准: the amount of in-scope expense the person pays before the fund pays anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deductible {
    pub amount: Money,
    #[serde(default)]
    pub per: DeductiblePer,
}

impl FromJson for DeductiblePer {
    fn from_json(json: &Json) -> Option<Self> {
        use DeductiblePer::*;
        json::named(json, &[("year", Year), ("settlement", Settlement)])
    }
}

impl FromJson for Deductible {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Deductible {
            amount: json.field("amount")?,
            per: json.field_or_default("per")?,
        })
    }
}

/// 临时外出就医人员支付比例下调: how a temporary trip's payment is reduced, by the method the insured place uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum Reduction {
    /// No reduction: the insured place's usual ratio.
    None,
    /// Every band's ratio less this many percentage points, never below zero (e.g. 10 points: 90% → 80%).
    SubtractPoints { points: Points },
    /// Every band's ratio multiplied by a factor (Suzhou: "按原规定结付比例的80%结付").
    MultiplyRatio { factor: Ratio },
    /// The person first pays this share of the in-scope amount, before the deductible (先行自付).
    AddFirstSelfPay { share: Ratio },
    /// This deductible instead of the usual one.
    HigherDeductible { deductible: Money },
}

impl FromJson for Reduction {
    fn from_json(json: &Json) -> Option<Self> {
        Some(match json.field::<String>("method")?.as_str() {
            "none" => Reduction::None,
            "subtract_points" => Reduction::SubtractPoints {
                points: json.field("points")?,
            },
            "multiply_ratio" => Reduction::MultiplyRatio {
                factor: json.field("factor")?,
            },
            "add_first_self_pay" => Reduction::AddFirstSelfPay {
                share: json.field("share")?,
            },
            "higher_deductible" => Reduction::HigherDeductible {
                deductible: json.field("deductible")?,
            },
            _ => return None,
        })
    }
}

/// 未备案 (and not an emergency): what happens instead of direct settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotFiledRule {
    /// Pay in full at the treatment place, then claim by hand (手工报销) at the insured place under its rules.
    PayInFullThenClaimAtHome,
}

impl FromJson for NotFiledRule {
    fn from_json(json: &Json) -> Option<Self> {
        json::named(
            json,
            &[(
                "pay_in_full_then_claim_at_home",
                NotFiledRule::PayInFullThenClaimAtHome,
            )],
        )
    }
}

/// Where a parameter comes from: every figure the engine uses carries one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum Provenance {
    /// A figure in the policy data, by the id of its source; `verified: false` is shown wherever it is used.
    Policy { source: String, verified: bool },
    /// Given by the case itself (the neutral case form).
    Case,
    /// Not in the policy data: the engine settles without it and says so.
    Missing,
}

impl Provenance {
    /// Whether an output using this figure must flag it (unverified, or not in the data at all).
    pub fn needs_flag(&self) -> bool {
        match self {
            Provenance::Policy { verified, .. } => !verified,
            Provenance::Case => false,
            Provenance::Missing => true,
        }
    }
}

/// A value with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param<T> {
    pub value: T,
    pub provenance: Provenance,
}

impl<T> Param<T> {
    pub fn from_case(value: T) -> Self {
        Param {
            value,
            provenance: Provenance::Case,
        }
    }
}

/// Names each parameter, so a step can say which figure it used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamName {
    Deductible,
    RatioBands,
    AnnualCap,
    Reduction,
    ClassBShare,
    NotFiled,
}

impl ParamName {
    pub const ALL: [ParamName; 6] = [
        ParamName::Deductible,
        ParamName::RatioBands,
        ParamName::AnnualCap,
        ParamName::Reduction,
        ParamName::ClassBShare,
        ParamName::NotFiled,
    ];
}

/// One settlement's parameters: the output of resolving the policy, the input of settling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementParams {
    /// 起付标准 of the insured place.
    pub deductible: Param<Deductible>,
    /// 支付比例 of the insured place.
    pub ratio_bands: Param<RatioBands>,
    /// 最高支付限额 of the insured place; `None` is no cap (or, when missing, none known).
    pub annual_cap: Param<Option<Money>>,
    /// The filing category's reduction.
    pub reduction: Param<Reduction>,
    /// When the reduction is missing: the most the national guidance allows, to say how wrong the estimate may be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduction_limit: Option<Param<Points>>,
    /// 乙类先行自付比例 of the treatment place, for Class B items that carry no share of their own.
    pub class_b_share: Param<Option<Ratio>>,
    /// Present when the care was not filed (and was not an emergency): no direct settlement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_filed: Option<Param<NotFiledRule>>,
}

impl SettlementParams {
    pub fn provenance(&self, name: ParamName) -> Option<&Provenance> {
        match name {
            ParamName::Deductible => Some(&self.deductible.provenance),
            ParamName::RatioBands => Some(&self.ratio_bands.provenance),
            ParamName::AnnualCap => Some(&self.annual_cap.provenance),
            ParamName::Reduction => Some(&self.reduction.provenance),
            ParamName::ClassBShare => Some(&self.class_b_share.provenance),
            ParamName::NotFiled => self.not_filed.as_ref().map(|p| &p.provenance),
        }
    }

    /// The parameters an output must flag as unverified or missing.
    pub fn flagged(&self) -> Vec<ParamName> {
        ParamName::ALL
            .into_iter()
            .filter(|&n| self.provenance(n).is_some_and(Provenance::needs_flag))
            .collect()
    }
}

/// What this person already had this year (年度累计), before this settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct YearToDate {
    /// 已付起付标准: paid toward the deductible.
    pub deductible_paid: Money,
    /// 统筹基金已支付: paid by the fund, counted toward the annual cap.
    pub fund_paid: Money,
    /// 今年已发生的政策范围内费用: in-scope spending in the year's earlier settlements, where ratio bands count over
    /// the year ([`BandsCounted::PerYear`]). Ignored where they count per settlement.
    #[serde(default)]
    pub in_scope_paid: Money,
}

/// Where a Class B item's first self-pay share came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareFrom {
    Item,
    TreatmentPlace,
}

/// One step of a settlement, as data: the figures it used and what it produced. Text comes from `explain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Step {
    /// 医疗总费用
    Total { items: usize, total: Money },
    /// 乙类先行自付 for one item, rounded to the cent.
    ClassBFirstSelfPay {
        item: usize,
        amount: Money,
        share: Ratio,
        from: ShareFrom,
        exact: Money,
        rounded: Money,
    },
    /// 丙类及自费
    SelfPay { amount: Money },
    /// 政策范围内费用 = total − Class B first self-pay − self-pay.
    InScope {
        total: Money,
        class_b_first_self_pay: Money,
        self_pay: Money,
        in_scope: Money,
    },
    /// Not filed, not an emergency: the person pays everything now and claims at home.
    NotDirectlySettled { total: Money },
    /// A reduction's extra first self-pay share of the in-scope amount, rounded to the cent.
    ReductionFirstSelfPay {
        share: Ratio,
        exact: Money,
        rounded: Money,
        in_scope_after: Money,
    },
    /// The deductible taken from the in-scope amount.
    Deductible {
        standard: Money,
        per: DeductiblePer,
        paid_ytd: Money,
        applied: Money,
    },
    /// The reduction applied to the ratios (or none, or none known).
    Reduction { reduction: Reduction },
    /// How the bands count the year's earlier in-scope spending, where there was some and the ratio is banded:
    /// `from` is where this settlement starts on the band scale (0 unless the bands count over the year).
    BandsCounted {
        counted: Option<BandsCounted>,
        in_scope_paid: Money,
        from: Money,
    },
    /// One band: the part of the amount inside it and the fund's share of that part, unrounded.
    Band {
        index: usize,
        basis: BandBasis,
        from: Money,
        up_to: Option<Money>,
        part: Money,
        ratio: Ratio,
        payment: Money,
    },
    /// The fund's payment before the cap, rounded to the cent (the one rounding of the fund's payment).
    FundRounded { exact: Money, rounded: Money },
    /// 最高支付限额: the fund pays no more than what is left of the year's cap.
    AnnualCap {
        cap: Option<Money>,
        fund_paid_ytd: Money,
        left: Option<Money>,
        before: Money,
        fund: Money,
    },
    /// 个人支付 = total − fund.
    Personal {
        total: Money,
        fund: Money,
        personal: Money,
    },
}

impl Step {
    /// Which parameter the step used, if any: its provenance is the step's source.
    pub fn param(&self) -> Option<ParamName> {
        match self {
            Step::ClassBFirstSelfPay {
                from: ShareFrom::TreatmentPlace,
                ..
            } => Some(ParamName::ClassBShare),
            Step::NotDirectlySettled { .. } => Some(ParamName::NotFiled),
            Step::ReductionFirstSelfPay { .. } | Step::Reduction { .. } => {
                Some(ParamName::Reduction)
            }
            Step::Deductible { .. } => Some(ParamName::Deductible),
            Step::BandsCounted { .. } | Step::Band { .. } => Some(ParamName::RatioBands),
            Step::AnnualCap { .. } => Some(ParamName::AnnualCap),
            // Rounding the bands' sum uses no figure: the bands name the ratios' source.
            Step::FundRounded { .. }
            | Step::Total { .. }
            | Step::ClassBFirstSelfPay { .. }
            | Step::SelfPay { .. }
            | Step::InScope { .. }
            | Step::Personal { .. } => None,
        }
    }
}

/// The result of settling one bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    /// 直接结算: false when the care was not filed; then the fund pays nothing here.
    pub directly_settled: bool,
    pub total: Money,
    pub class_b_first_self_pay: Money,
    pub self_pay: Money,
    pub in_scope: Money,
    /// The deductible applied in this settlement.
    pub deductible: Money,
    pub fund: Money,
    pub personal: Money,
    /// Whether the annual cap lowered the fund's payment.
    pub cap_limited: bool,
    pub steps: Vec<Step>,
}

/// A bill that cannot be settled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettleError {
    #[error("item {item}: the amount must not be negative")]
    NegativeAmount { item: usize },
    #[error(
        "item {item}: a Class B item needs a first self-pay share (the treatment place's is not in the data)"
    )]
    MissingClassBShare { item: usize },
    #[error("year to date: amounts must not be negative")]
    NegativeYearToDate,
}

impl SettleError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            SettleError::NegativeAmount { .. } => "negative_amount",
            SettleError::MissingClassBShare { .. } => "missing_class_b_share",
            SettleError::NegativeYearToDate => "negative_amount",
        }
    }
}

/// Settles one bill: a single pass over the items, then a fixed number of steps per band.
pub fn settle<'a, I>(
    params: &SettlementParams,
    items: I,
    ytd: YearToDate,
) -> Result<Breakdown, SettleError>
where
    I: IntoIterator<Item = &'a BillItem>,
{
    if ytd.deductible_paid.is_negative()
        || ytd.fund_paid.is_negative()
        || ytd.in_scope_paid.is_negative()
    {
        return Err(SettleError::NegativeYearToDate);
    }
    let items = items.into_iter();
    let bands = params.ratio_bands.value.bands();
    let mut steps = Vec::with_capacity(items.size_hint().0 + bands.len() + 10);
    // The total goes first in the explanation although it is only known after the pass.
    steps.push(Step::Total {
        items: 0,
        total: Money::ZERO,
    });

    let mut total = Money::ZERO;
    let mut class_b = Money::ZERO;
    let mut self_pay = Money::ZERO;
    let mut count = 0;
    for (item, bill_item) in items.enumerate() {
        count += 1;
        let amount = bill_item.amount;
        if amount.is_negative() {
            return Err(SettleError::NegativeAmount { item });
        }
        total = total + amount;
        match bill_item.kind {
            ItemKind::ClassA | ItemKind::Service => {}
            ItemKind::ClassCOrSelfPay => self_pay = self_pay + amount,
            ItemKind::ClassB => {
                let (share, from) =
                    match (bill_item.first_self_pay_share, params.class_b_share.value) {
                        (Some(share), _) => (share, ShareFrom::Item),
                        (None, Some(share)) => (share, ShareFrom::TreatmentPlace),
                        (None, None) => return Err(SettleError::MissingClassBShare { item }),
                    };
                let exact = amount.times(share);
                let rounded = exact.round_cent();
                class_b = class_b + rounded;
                steps.push(Step::ClassBFirstSelfPay {
                    item,
                    amount,
                    share,
                    from,
                    exact,
                    rounded,
                });
            }
        }
    }
    steps[0] = Step::Total {
        items: count,
        total,
    };
    if self_pay > Money::ZERO {
        steps.push(Step::SelfPay { amount: self_pay });
    }
    let in_scope = total - class_b - self_pay;
    steps.push(Step::InScope {
        total,
        class_b_first_self_pay: class_b,
        self_pay,
        in_scope,
    });

    let mut breakdown = Breakdown {
        directly_settled: params.not_filed.is_none(),
        total,
        class_b_first_self_pay: class_b,
        self_pay,
        in_scope,
        deductible: Money::ZERO,
        fund: Money::ZERO,
        personal: total,
        cap_limited: false,
        steps,
    };
    if !breakdown.directly_settled {
        breakdown.steps.push(Step::NotDirectlySettled { total });
        return Ok(breakdown);
    }
    settle_fund(params, ytd, &mut breakdown);
    Ok(breakdown)
}

/// Deductible, reduction, bands, rounding, cap and personal payment: constant work per band.
fn settle_fund(params: &SettlementParams, ytd: YearToDate, b: &mut Breakdown) {
    let reduction = params.reduction.value;
    let mut payable_scope = b.in_scope;
    if let Reduction::AddFirstSelfPay { share } = reduction {
        let exact = payable_scope.times(share);
        let rounded = exact.round_cent();
        payable_scope = payable_scope - rounded;
        b.steps.push(Step::ReductionFirstSelfPay {
            share,
            exact,
            rounded,
            in_scope_after: payable_scope,
        });
    }

    let deductible = params.deductible.value;
    let standard = match reduction {
        Reduction::HigherDeductible { deductible } => deductible,
        _ => deductible.amount,
    };
    let paid_ytd = match deductible.per {
        DeductiblePer::Year => ytd.deductible_paid,
        DeductiblePer::Settlement => Money::ZERO,
    };
    let applied = standard.saturating_sub(paid_ytd).min(payable_scope);
    b.deductible = applied;
    b.steps.push(Step::Deductible {
        standard,
        per: deductible.per,
        paid_ytd,
        applied,
    });
    b.steps.push(Step::Reduction { reduction });

    let bands = &params.ratio_bands.value;
    let basis = bands.basis();
    // Counted over the year, the year's earlier spending comes first on the band scale: all of it where bands count
    // expense, the part above the deductible already paid where they count from the deductible.
    let earlier = match (bands.counted(), basis) {
        (Some(BandsCounted::PerYear), BandBasis::Expense) => ytd.in_scope_paid,
        (Some(BandsCounted::PerYear), BandBasis::AboveDeductible) => {
            ytd.in_scope_paid.saturating_sub(ytd.deductible_paid)
        }
        (Some(BandsCounted::PerSettlement) | None, _) => Money::ZERO,
    };
    if ytd.in_scope_paid > Money::ZERO && bands.is_banded() {
        b.steps.push(Step::BandsCounted {
            counted: bands.counted(),
            in_scope_paid: ytd.in_scope_paid,
            from: earlier,
        });
    }
    // Positions on the band scale: expense counts from zero, so the payable part starts at the deductible.
    let (start, end) = match basis {
        BandBasis::Expense => (earlier + applied, earlier + payable_scope),
        BandBasis::AboveDeductible => (earlier, earlier + payable_scope - applied),
    };
    let mut exact = Money::ZERO;
    let mut lower = Money::ZERO;
    for (index, band) in bands.bands().iter().enumerate() {
        let upper = band.up_to.map_or(end, |u| u.min(end));
        let part = upper.saturating_sub(lower.max(start));
        let ratio = reduced(band.ratio, reduction);
        let payment = part.times(ratio);
        exact = exact + payment;
        b.steps.push(Step::Band {
            index,
            basis,
            from: lower,
            up_to: band.up_to,
            part,
            ratio,
            payment,
        });
        if let Some(up_to) = band.up_to {
            lower = up_to;
        }
    }
    let rounded = exact.round_cent();
    b.steps.push(Step::FundRounded { exact, rounded });

    let cap = params.annual_cap.value;
    let left = cap.map(|c| c.saturating_sub(ytd.fund_paid));
    let fund = left.map_or(rounded, |l| rounded.min(l));
    b.cap_limited = fund < rounded;
    b.fund = fund;
    b.steps.push(Step::AnnualCap {
        cap,
        fund_paid_ytd: ytd.fund_paid,
        left,
        before: rounded,
        fund,
    });

    b.personal = b.total - fund;
    b.steps.push(Step::Personal {
        total: b.total,
        fund,
        personal: b.personal,
    });
}

/// A band's ratio after the reduction; methods that do not touch ratios leave it as it is.
fn reduced(ratio: Ratio, reduction: Reduction) -> Ratio {
    let value = match reduction {
        Reduction::SubtractPoints { points } => {
            (ratio.value() - points.as_fraction()).max(Decimal::ZERO)
        }
        Reduction::MultiplyRatio { factor } => ratio.value() * factor.value(),
        Reduction::None
        | Reduction::AddFirstSelfPay { .. }
        | Reduction::HigherDeductible { .. } => {
            return ratio;
        }
    };
    // Both results stay inside 0..=1: a ratio less points floored at zero, or a product of two ratios.
    Ratio::new(value).unwrap_or(ratio)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    fn r(s: &str) -> Ratio {
        Ratio::new(s.parse().unwrap()).unwrap()
    }

    fn item(kind: ItemKind, amount: &str) -> BillItem {
        BillItem {
            name: None,
            kind,
            amount: m(amount),
            first_self_pay_share: None,
        }
    }

    fn params(deductible: &str, bands: RatioBands, cap: Option<&str>) -> SettlementParams {
        SettlementParams {
            deductible: Param::from_case(Deductible {
                amount: m(deductible),
                per: DeductiblePer::Year,
            }),
            ratio_bands: Param::from_case(bands),
            annual_cap: Param::from_case(cap.map(m)),
            reduction: Param::from_case(Reduction::None),
            reduction_limit: None,
            class_b_share: Param::from_case(Some(r("0.10"))),
            not_filed: None,
        }
    }

    fn beijing_bands(basis: BandBasis) -> RatioBands {
        RatioBands::new(
            basis,
            vec![
                RatioBand {
                    up_to: Some(m("30000")),
                    ratio: r("0.85"),
                },
                RatioBand {
                    up_to: Some(m("40000")),
                    ratio: r("0.90"),
                },
                RatioBand {
                    up_to: None,
                    ratio: r("0.95"),
                },
            ],
        )
        .unwrap()
    }

    #[test]
    fn bands_on_expense_count_from_zero() {
        // 50000 in scope, 1300 deductible: 28700 × 85% + 10000 × 90% + 10000 × 95% = 42895.
        let p = params("1300", beijing_bands(BandBasis::Expense), None);
        let b = settle(
            &p,
            &[item(ItemKind::ClassA, "50000")],
            YearToDate::default(),
        )
        .unwrap();
        assert_eq!(b.fund, m("42895.00"));
        assert_eq!(b.personal, m("7105.00"));
    }

    #[test]
    fn bands_above_deductible_count_from_the_deductible() {
        // 48700 above the deductible: 30000 × 85% + 10000 × 90% + 8700 × 95% = 42765.
        let p = params("1300", beijing_bands(BandBasis::AboveDeductible), None);
        let b = settle(
            &p,
            &[item(ItemKind::ClassA, "50000")],
            YearToDate::default(),
        )
        .unwrap();
        assert_eq!(b.fund, m("42765.00"));
    }

    #[test]
    fn deductible_already_paid_this_year_is_not_taken_again() {
        let p = params("1300", RatioBands::flat(r("0.80")), None);
        let ytd = YearToDate {
            deductible_paid: m("1000"),
            fund_paid: Money::ZERO,
            ..YearToDate::default()
        };
        let b = settle(&p, &[item(ItemKind::ClassA, "2000")], ytd).unwrap();
        assert_eq!(b.deductible, m("300"));
        assert_eq!(b.fund, m("1360.00"));
    }

    #[test]
    fn per_settlement_deductible_ignores_the_year_to_date() {
        let mut p = params("40", RatioBands::flat(r("0.60")), None);
        p.deductible.value.per = DeductiblePer::Settlement;
        let ytd = YearToDate {
            deductible_paid: m("40"),
            fund_paid: Money::ZERO,
            ..YearToDate::default()
        };
        let b = settle(&p, &[item(ItemKind::ClassA, "140")], ytd).unwrap();
        assert_eq!(b.deductible, m("40"));
        assert_eq!(b.fund, m("60.00"));
    }

    #[test]
    fn deductible_never_exceeds_the_in_scope_amount() {
        let p = params("1300", RatioBands::flat(r("0.80")), None);
        let b = settle(&p, &[item(ItemKind::ClassA, "500")], YearToDate::default()).unwrap();
        assert_eq!(b.deductible, m("500"));
        assert_eq!(b.fund, Money::ZERO);
        assert_eq!(b.personal, m("500"));
    }

    #[test]
    fn the_cap_limits_the_fund_to_what_is_left() {
        let p = params("0", RatioBands::flat(r("0.90")), Some("200000"));
        let ytd = YearToDate {
            deductible_paid: Money::ZERO,
            fund_paid: m("199000"),
            ..YearToDate::default()
        };
        let b = settle(&p, &[item(ItemKind::ClassA, "10000")], ytd).unwrap();
        assert_eq!(b.fund, m("1000"));
        assert!(b.cap_limited);
        assert_eq!(b.personal, m("9000"));
    }

    #[test]
    fn a_used_up_cap_pays_nothing() {
        let p = params("0", RatioBands::flat(r("0.90")), Some("100"));
        let ytd = YearToDate {
            deductible_paid: Money::ZERO,
            fund_paid: m("150"),
            ..YearToDate::default()
        };
        let b = settle(&p, &[item(ItemKind::ClassA, "10")], ytd).unwrap();
        assert_eq!(b.fund, Money::ZERO);
    }

    #[test]
    fn class_b_share_rounds_half_away_from_zero_per_item() {
        // 12.25 × 10% = 1.225 → 1.23, twice: per item, not on the sum (2.45 → 2.45 would be the same here,
        // so the second item makes the difference visible: 0.05 × 10% = 0.005 → 0.01).
        let p = params("0", RatioBands::flat(r("1")), None);
        let items = [
            item(ItemKind::ClassB, "12.25"),
            item(ItemKind::ClassB, "0.05"),
        ];
        let b = settle(&p, &items, YearToDate::default()).unwrap();
        assert_eq!(b.class_b_first_self_pay, m("1.24"));
        assert_eq!(b.in_scope, m("11.06"));
    }

    #[test]
    fn fund_rounds_once_half_away_from_zero() {
        // 2.45 × 50% = 1.225 → 1.23 (banker's rounding would give 1.22).
        let p = params("0", RatioBands::flat(r("0.5")), None);
        let b = settle(&p, &[item(ItemKind::ClassA, "2.45")], YearToDate::default()).unwrap();
        assert_eq!(b.fund, m("1.23"));
        assert_eq!(b.personal, m("1.22"));
    }

    #[test]
    fn subtract_points_floors_each_ratio_at_zero() {
        let mut p = params("0", RatioBands::flat(r("0.05")), None);
        p.reduction.value = Reduction::SubtractPoints {
            points: Points::new(Decimal::TEN).unwrap(),
        };
        let b = settle(&p, &[item(ItemKind::ClassA, "100")], YearToDate::default()).unwrap();
        assert_eq!(b.fund, Money::ZERO);
    }

    #[test]
    fn multiply_ratio_scales_every_band() {
        let mut p = params("0", RatioBands::flat(r("0.90")), None);
        p.reduction.value = Reduction::MultiplyRatio { factor: r("0.80") };
        let b = settle(&p, &[item(ItemKind::ClassA, "1000")], YearToDate::default()).unwrap();
        assert_eq!(b.fund, m("720.00"));
    }

    #[test]
    fn add_first_self_pay_comes_off_before_the_deductible() {
        let mut p = params("100", RatioBands::flat(r("0.80")), None);
        p.reduction.value = Reduction::AddFirstSelfPay { share: r("0.10") };
        let b = settle(&p, &[item(ItemKind::ClassA, "1000")], YearToDate::default()).unwrap();
        // (1000 − 100 − 100) × 80% = 640.
        assert_eq!(b.fund, m("640.00"));
    }

    #[test]
    fn higher_deductible_replaces_the_usual_one() {
        let mut p = params("100", RatioBands::flat(r("0.80")), None);
        p.reduction.value = Reduction::HigherDeductible {
            deductible: m("300"),
        };
        let b = settle(&p, &[item(ItemKind::ClassA, "1000")], YearToDate::default()).unwrap();
        assert_eq!(b.deductible, m("300"));
        assert_eq!(b.fund, m("560.00"));
    }

    #[test]
    fn not_filed_is_not_settled_directly() {
        let mut p = params("0", RatioBands::flat(r("0.80")), None);
        p.not_filed = Some(Param::from_case(NotFiledRule::PayInFullThenClaimAtHome));
        let b = settle(&p, &[item(ItemKind::ClassA, "100")], YearToDate::default()).unwrap();
        assert!(!b.directly_settled);
        assert_eq!(b.fund, Money::ZERO);
        assert_eq!(b.personal, m("100"));
        assert!(matches!(
            b.steps.last(),
            Some(Step::NotDirectlySettled { .. })
        ));
    }

    #[test]
    fn class_b_without_any_share_is_an_error() {
        let mut p = params("0", RatioBands::flat(r("0.80")), None);
        p.class_b_share = Param {
            value: None,
            provenance: Provenance::Missing,
        };
        let err = settle(&p, &[item(ItemKind::ClassB, "10")], YearToDate::default()).unwrap_err();
        assert_eq!(err, SettleError::MissingClassBShare { item: 0 });
    }

    #[test]
    fn negative_amounts_are_refused() {
        let p = params("0", RatioBands::flat(r("0.80")), None);
        let err = settle(&p, &[item(ItemKind::ClassA, "-1")], YearToDate::default()).unwrap_err();
        assert_eq!(err.code(), "negative_amount");
    }

    #[test]
    fn bands_must_ascend_and_end_open() {
        let band = |up_to: Option<&str>| RatioBand {
            up_to: up_to.map(m),
            ratio: r("0.5"),
        };
        assert_eq!(
            RatioBands::new(BandBasis::Expense, vec![]),
            Err(BandsError::Empty)
        );
        assert_eq!(
            RatioBands::new(
                BandBasis::Expense,
                vec![band(Some("10")), band(Some("5")), band(None)]
            ),
            Err(BandsError::NotAscending { index: 1 })
        );
        assert_eq!(
            RatioBands::new(BandBasis::Expense, vec![band(None), band(None)]),
            Err(BandsError::OpenBeforeLast { index: 0 })
        );
        assert_eq!(
            RatioBands::new(BandBasis::Expense, vec![band(Some("10"))]),
            Err(BandsError::LastClosed { index: 0 })
        );
        assert_eq!(
            RatioBands::new(BandBasis::Expense, vec![band(Some("0")), band(None)]),
            Err(BandsError::NotAscending { index: 0 })
        );
    }

    /// Beijing's bands on expense, the yearly deductible already paid, 25000 in scope earlier this year.
    fn after_25000(counted: Option<BandsCounted>, basis: BandBasis) -> Breakdown {
        let p = params("1300", beijing_bands(basis).counted_as(counted), None);
        let ytd = YearToDate {
            deductible_paid: m("1300"),
            in_scope_paid: m("25000"),
            ..YearToDate::default()
        };
        settle(&p, &[item(ItemKind::ClassA, "10000")], ytd).unwrap()
    }

    #[test]
    fn bands_counted_over_the_year_start_after_the_years_earlier_spending() {
        // 25000 to 35000 on the scale: 5000 × 85% + 5000 × 90%.
        let b = after_25000(Some(BandsCounted::PerYear), BandBasis::Expense);
        assert_eq!(b.fund, m("8750.00"));
        assert!(b.steps.contains(&Step::BandsCounted {
            counted: Some(BandsCounted::PerYear),
            in_scope_paid: m("25000"),
            from: m("25000"),
        }));
        // Above the deductible, the 1300 already paid toward it is not on the scale: 23700 to 33700,
        // 6300 × 85% + 3700 × 90%.
        let b = after_25000(Some(BandsCounted::PerYear), BandBasis::AboveDeductible);
        assert_eq!(b.fund, m("8685.00"));
    }

    #[test]
    fn bands_counted_per_settlement_ignore_the_years_earlier_spending() {
        let b = after_25000(Some(BandsCounted::PerSettlement), BandBasis::Expense);
        assert_eq!(b.fund, m("8500.00"), "10000 × 85% from the first band");
        let step = |b: &Breakdown| {
            b.steps
                .iter()
                .find(|s| matches!(s, Step::BandsCounted { .. }))
                .cloned()
        };
        assert_eq!(
            step(&b),
            Some(Step::BandsCounted {
                counted: Some(BandsCounted::PerSettlement),
                in_scope_paid: m("25000"),
                from: Money::ZERO,
            })
        );
        // Not known: settled from the first band, and the step says it was not known.
        let unknown = after_25000(None, BandBasis::Expense);
        assert_eq!(unknown.fund, m("8500.00"));
        assert!(matches!(
            step(&unknown),
            Some(Step::BandsCounted { counted: None, .. })
        ));
        // No earlier spending, or a single ratio: nothing to say.
        let flat = params(
            "0",
            RatioBands::flat(r("0.80")).counted_as(Some(BandsCounted::PerYear)),
            None,
        );
        let ytd = YearToDate {
            in_scope_paid: m("25000"),
            ..YearToDate::default()
        };
        let b = settle(&flat, &[item(ItemKind::ClassA, "100")], ytd).unwrap();
        assert_eq!(step(&b), None);
        assert_eq!(b.fund, m("80.00"));
    }

    #[test]
    fn negative_earlier_spending_is_refused() {
        let p = params("0", RatioBands::flat(r("0.80")), None);
        let ytd = YearToDate {
            in_scope_paid: m("-1"),
            ..YearToDate::default()
        };
        let err = settle(&p, &[item(ItemKind::ClassA, "1")], ytd).unwrap_err();
        assert_eq!(err, SettleError::NegativeYearToDate);
    }

    #[test]
    fn how_bands_count_reads_and_writes_with_them() {
        let raw = r#"{"basis": "expense", "counted": "per_year", "bands": [{"up_to": "100", "ratio": "0.5"}, {"ratio": "0.6"}]}"#;
        let bands: RatioBands = serde_json::from_str(raw).unwrap();
        assert_eq!(bands.counted(), Some(BandsCounted::PerYear));
        assert!(bands.is_banded());
        let again: RatioBands =
            serde_json::from_str(&serde_json::to_string(&bands).unwrap()).unwrap();
        assert_eq!(again, bands);
        let unstated = serde_json::to_string(&beijing_bands(BandBasis::Expense)).unwrap();
        assert!(!unstated.contains("counted"), "{unstated}");
        assert!(
            serde_json::from_str::<RatioBands>(r#"{"bands": [{"ratio": "0.5"}], "per": "year"}"#)
                .is_err(),
            "an unknown key is refused, not ignored"
        );
        let same = RatioBands::new(
            BandBasis::Expense,
            vec![
                RatioBand {
                    up_to: Some(m("10")),
                    ratio: r("0.55"),
                },
                RatioBand {
                    up_to: None,
                    ratio: r("0.55"),
                },
            ],
        )
        .unwrap();
        assert!(!same.is_banded(), "two bands at one ratio");
    }

    #[test]
    fn unverified_and_missing_params_are_flagged() {
        let mut p = params("0", RatioBands::flat(r("0.80")), None);
        p.deductible.provenance = Provenance::Policy {
            source: "G9".into(),
            verified: false,
        };
        p.reduction.provenance = Provenance::Missing;
        assert_eq!(
            p.flagged(),
            vec![ParamName::Deductible, ParamName::Reduction]
        );
    }
}
