//! Ranges (区间): when a figure is neither in the policy data nor given by the person, the estimate settles at both
//! ends of what that figure can be instead of stopping, and says which figures are missing and what each end rests on.

use chrono::NaiveDate;

use crate::domain::category::{CareSetting, FilingCategory, Scheme};
use crate::domain::money::{Money, Ratio};
use crate::domain::policy::{BenefitRule, PolicyData, SettingSelector};
use crate::domain::settle::{
    BandsCounted, BillItem, Breakdown, Deductible, ItemKind, Param, Points, Provenance, RatioBands,
    Reduction, SettlementParams, YearToDate, settle,
};

/// An amount that is either known to the cent or lies between two amounts (both ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    Exact(Money),
    Range { low: Money, high: Money },
}

impl Amount {
    /// The amount between two ends, exact when they meet.
    pub fn between(low: Money, high: Money) -> Amount {
        if low == high {
            Amount::Exact(low)
        } else {
            Amount::Range { low, high }
        }
    }

    pub fn low(self) -> Money {
        match self {
            Amount::Exact(m) | Amount::Range { low: m, .. } => m,
        }
    }

    pub fn high(self) -> Money {
        match self {
            Amount::Exact(m) | Amount::Range { high: m, .. } => m,
        }
    }
}

/// A figure the settlement needs that is neither in the policy data nor given by the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissingFigure {
    /// 起付标准
    Deductible,
    /// 支付比例
    RatioBands,
    /// 最高支付限额
    AnnualCap,
    /// 乙类先行自付比例 of the treatment place, for Class B items without a share of their own.
    ClassBShare,
    /// 临时外出就医支付比例下调 of the insured place.
    Reduction,
    /// 分段累计方式: whether banded ratios count the year's earlier in-scope spending, where there was some.
    BandsCounted,
}

impl MissingFigure {
    /// Every figure, in the order the page asks for them.
    pub const ALL: [MissingFigure; 6] = [
        MissingFigure::Deductible,
        MissingFigure::RatioBands,
        MissingFigure::AnnualCap,
        MissingFigure::ClassBShare,
        MissingFigure::Reduction,
        MissingFigure::BandsCounted,
    ];

    /// A stable name, as the `estimate` command prints it in `missing`.
    pub const fn name(self) -> &'static str {
        match self {
            MissingFigure::Deductible => "deductible",
            MissingFigure::RatioBands => "ratio_bands",
            MissingFigure::AnnualCap => "annual_cap",
            MissingFigure::ClassBShare => "class_b_share",
            MissingFigure::Reduction => "reduction",
            MissingFigure::BandsCounted => "bands_counted",
        }
    }
}

/// Which rules in the policy data a figure's ends were taken from: the narrowest that has the figure at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Rules for the same scheme and the same care (setting, level or disease).
    SameSchemeAndCare,
    /// Rules for the same kind of care (inpatient, general or chronic outpatient), any level, disease or scheme, in
    /// force on the date: a figure of another day is no bound for this one (Langfang's deductible read from one
    /// settlement on 2022-07-01 would otherwise fix later days' range at that one value).
    SameKindOfCare,
    /// Every rule in the data, whatever its dates.
    AnyRule,
}

/// What one end of a missing figure rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// The lowest or highest value of the figure among `places` places in the policy data, within `scope`.
    AmongPlaces { places: usize, scope: Scope },
    /// 乙类先行自付比例 among the `places` treatment places in the data that have one.
    AmongTreatmentPlaces { places: usize },
    /// National guidance: a temporary category's ratio at most `points` lower, from the source with this id.
    NationalMaximumCut { points: Points, source: String },
    /// No cut: the insured place's usual ratio.
    NoCut,
    /// Nothing in the data bounds the figure: the widest it can be (a share from 0% to 100%, a cap of 0).
    Widest,
}

/// The values a missing figure was taken to run between, smallest first, to say in words beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// 起付标准, in yuan.
    Amount { low: Money, high: Money },
    /// 支付比例: every band's ratio lies between these.
    Ratios { low: Ratio, high: Ratio },
    /// 最高支付限额; `None` at the high end is no cap.
    Cap { low: Money, high: Option<Money> },
    /// 乙类先行自付比例.
    Share { low: Ratio, high: Ratio },
    /// The cut of a temporary filing, in percentage points.
    Cut { low: Points, high: Points },
    /// How the bands count: `low` the way that gave the fund's lowest payment, `high` its highest (they have no
    /// order of their own: per year pays more where later bands pay more, less where they pay less).
    Counted {
        low: BandsCounted,
        high: BandsCounted,
    },
}

/// The two ends of one missing figure: the end that gives the fund its lowest payment, and its highest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub figure: MissingFigure,
    pub fund_low: Basis,
    pub fund_high: Basis,
    pub span: Span,
}

/// The settlement at both ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Ends {
    pub low: Breakdown,
    pub high: Breakdown,
    /// The figures that give the fund's highest payment (what an exported case carries).
    pub high_params: SettlementParams,
    pub missing: Vec<MissingFigure>,
    pub bounds: Vec<Bound>,
}

/// Who, what and when, to find the same scheme and care among other places.
#[derive(Debug, Clone, Copy)]
pub(super) struct Context {
    pub scheme: Option<Scheme>,
    pub setting: Option<CareSetting>,
    pub date: Option<NaiveDate>,
    pub temporary: Option<FilingCategory>,
    pub first_stay: bool,
}

/// The values one figure can take among places, with what they rest on.
struct Among<T> {
    values: Vec<T>,
    basis: Basis,
}

fn same_kind(selector: &SettingSelector, setting: CareSetting) -> bool {
    matches!(
        (selector, setting),
        (
            SettingSelector::Inpatient { .. },
            CareSetting::Inpatient { .. }
        ) | (
            SettingSelector::GeneralOutpatient { .. },
            CareSetting::GeneralOutpatient { .. }
        ) | (
            SettingSelector::ChronicOutpatient { .. },
            CareSetting::ChronicOutpatient { .. }
        )
    )
}

type Keep<'a> = &'a dyn Fn(&BenefitRule) -> bool;

/// Every value of a figure among the insured places' rules, from the narrowest scope where at least two places have
/// one (or, last, among every rule).
fn among<T: Clone + PartialEq>(
    data: &PolicyData,
    ctx: Context,
    value: impl Fn(&BenefitRule) -> Option<T>,
) -> Option<Among<T>> {
    let in_force = |r: &BenefitRule| ctx.date.is_none_or(|d| r.in_force_on(d));
    let scopes: [(Scope, Keep<'_>); 3] = [
        (Scope::SameSchemeAndCare, &|r: &BenefitRule| {
            ctx.scheme.is_some_and(|s| r.schemes.contains(&s))
                && ctx.setting.is_some_and(|s| r.setting.matches(s))
                && in_force(r)
        }),
        (Scope::SameKindOfCare, &|r: &BenefitRule| {
            ctx.setting.is_some_and(|s| same_kind(&r.setting, s)) && in_force(r)
        }),
        (Scope::AnyRule, &|_: &BenefitRule| true),
    ];
    scopes.into_iter().find_map(|(scope, keep)| {
        let mut values = Vec::new();
        let mut places = 0;
        for place in &data.insured_places {
            let mut counted = false;
            for v in place.rules.iter().filter(|r| keep(r)).filter_map(&value) {
                if !counted {
                    places += 1;
                    counted = true;
                }
                if !values.contains(&v) {
                    values.push(v);
                }
            }
        }
        // One place's figure is no range for another place: a narrower scope needs two places, else the next one
        // is tried (every rule in the data is the last resort, however few places it has).
        let enough = if scope == Scope::AnyRule { 1 } else { 2 };
        (places >= enough).then_some(Among {
            values,
            basis: Basis::AmongPlaces { places, scope },
        })
    })
}

/// The figures `params` lacks for this estimate, in the order the page asks for them: what the data does not have,
/// before the person's own figures are put over it. The conditions are those under which [`ends`] bounds a figure.
///
/// How bands count is asked where the person gave earlier spending this year (`earlier_spending`, typing slips
/// included) and the data does not say it, for bands that may be banded: the data's, or the person's own.
pub(super) fn gaps(
    params: &SettlementParams,
    ctx: Context,
    needs_share: bool,
    earlier_spending: bool,
    own_bands: Option<&RatioBands>,
) -> Vec<MissingFigure> {
    let mut gaps = Vec::new();
    if is_missing(&params.deductible) {
        gaps.push(MissingFigure::Deductible);
    }
    if is_missing(&params.ratio_bands) {
        gaps.push(MissingFigure::RatioBands);
    }
    if is_missing(&params.annual_cap) {
        gaps.push(MissingFigure::AnnualCap);
    }
    if needs_share && params.class_b_share.value.is_none() {
        gaps.push(MissingFigure::ClassBShare);
    }
    if ctx.temporary.is_some()
        && is_missing(&params.reduction)
        && params.reduction.value == Reduction::None
    {
        gaps.push(MissingFigure::Reduction);
    }
    let bands = &params.ratio_bands;
    let may_be_banded = is_missing(bands)
        || bands.value.is_banded()
        || own_bands.is_some_and(RatioBands::is_banded);
    if earlier_spending && bands.value.counted().is_none() && may_be_banded {
        gaps.push(MissingFigure::BandsCounted);
    }
    gaps
}

fn is_missing<T>(p: &Param<T>) -> bool {
    p.provenance == Provenance::Missing
}

fn set<T>(p: &mut Param<T>, value: T) {
    p.value = value;
}

/// Settles at both ends of every missing figure (`None` only where the bill cannot be settled at all). `params` holds the resolved figures with the person's own over
/// them; those still marked missing are the ones bounded here.
///
/// Why the ends are corners: with the ratio bands fixed, the fund's payment is monotone in every other figure. It
/// falls as the deductible rises (less is left above it), rises with the cap (a `min` with what is left), falls as
/// the Class B share rises (less is in scope), and falls as the cut deepens (every band's ratio is lower, never
/// below zero). These figures act on separate steps, so the lowest payment has every one at its fund-low end and
/// the highest every one at its fund-high end. Bands have no such order (one place's may be higher below a limit
/// and lower above it), nor has their way of counting (over the year moves the bill into later bands, which may
/// pay more or less), and a deductible's way of counting (per year or per stay) meets the year-to-date figure,
/// so all are tried in every combination and the extremes are taken. How bands count is bounded only where it can
/// matter: earlier in-scope spending this year, and a ratio that differs between bands.
pub(super) fn ends(
    data: Option<&PolicyData>,
    ctx: Context,
    params: &SettlementParams,
    bill: &[BillItem],
    ytd: YearToDate,
) -> Option<Ends> {
    let mut missing = Vec::new();
    let mut bounds = Vec::new();
    let mut bound = |figure, fund_low: Basis, fund_high: Basis, span: Span| {
        missing.push(figure);
        bounds.push(Bound {
            figure,
            fund_low,
            fund_high,
            span,
        });
    };

    let deductibles: Vec<Deductible> = if is_missing(&params.deductible) {
        let found = data.and_then(|d| {
            among(d, ctx, |r| match &r.later_stay_deductible {
                Some(later)
                    if !ctx.first_stay
                        && matches!(ctx.setting, Some(CareSetting::Inpatient { .. })) =>
                {
                    Some(later.value.into())
                }
                _ => r.deductible.as_ref().map(|d| d.value),
            })
        });
        match found {
            Some(a) => {
                let amounts = a.values.iter().map(|d| d.amount);
                let span = Span::Amount {
                    low: amounts.clone().min().unwrap_or_default(),
                    high: amounts.max().unwrap_or_default(),
                };
                bound(MissingFigure::Deductible, a.basis.clone(), a.basis, span);
                a.values
            }
            None => {
                let amount = params.deductible.value.amount;
                let span = Span::Amount {
                    low: amount,
                    high: amount,
                };
                bound(
                    MissingFigure::Deductible,
                    Basis::Widest,
                    Basis::Widest,
                    span,
                );
                vec![params.deductible.value]
            }
        }
    } else {
        vec![params.deductible.value]
    };

    let bands: Vec<RatioBands> = if is_missing(&params.ratio_bands) {
        match data.and_then(|d| among(d, ctx, |r| Some(r.ratio_bands.value.clone()))) {
            Some(a) => {
                bound(
                    MissingFigure::RatioBands,
                    a.basis.clone(),
                    a.basis,
                    ratios(&a.values),
                );
                a.values
            }
            None => {
                let values = vec![RatioBands::flat(Ratio::ZERO), RatioBands::flat(Ratio::ONE)];
                bound(
                    MissingFigure::RatioBands,
                    Basis::Widest,
                    Basis::Widest,
                    ratios(&values),
                );
                values
            }
        }
    } else {
        vec![params.ratio_bands.value.clone()]
    };

    // Where neither the person nor the data says how the bands count, both ways; the person's answer (put on the
    // bands in force) counts for every band the data might have.
    let told = params.ratio_bands.value.counted();
    let mut counting_tried = false;
    let bands: Vec<RatioBands> = bands
        .into_iter()
        .flat_map(|b| {
            let counted = told.or(b.counted());
            if counted.is_none() && ytd.in_scope_paid > Money::ZERO && b.is_banded() {
                counting_tried = true;
                vec![
                    b.clone().counted_as(Some(BandsCounted::PerSettlement)),
                    b.counted_as(Some(BandsCounted::PerYear)),
                ]
            } else {
                vec![b.counted_as(counted)]
            }
        })
        .collect();

    // `None` is no cap, the highest of all.
    let caps: (Option<Money>, Option<Money>) = if is_missing(&params.annual_cap) {
        match data.and_then(|d| among(d, ctx, |r| r.annual_cap.as_ref().map(|c| c.value))) {
            Some(a) => {
                let low = a.values.iter().flatten().min().copied();
                let high = if a.values.contains(&None) {
                    None
                } else {
                    a.values.iter().flatten().max().copied()
                };
                let span = Span::Cap {
                    low: low.unwrap_or_default(),
                    high,
                };
                bound(MissingFigure::AnnualCap, a.basis.clone(), a.basis, span);
                (low, high)
            }
            None => {
                let span = Span::Cap {
                    low: Money::ZERO,
                    high: None,
                };
                bound(MissingFigure::AnnualCap, Basis::Widest, Basis::Widest, span);
                (Some(Money::ZERO), None)
            }
        }
    } else {
        (params.annual_cap.value, params.annual_cap.value)
    };

    // The share matters only to Class B items that carry none of their own.
    let needs_share = bill
        .iter()
        .any(|i| i.kind == ItemKind::ClassB && i.first_self_pay_share.is_none());
    let shares: (Option<Ratio>, Option<Ratio>) = match params.class_b_share.value {
        None if needs_share => {
            let found: Vec<Ratio> = data
                .map(|d| {
                    d.treatment_places
                        .iter()
                        .filter_map(|t| t.class_b_first_self_pay_share.as_ref())
                        .map(|f| f.value)
                        .collect()
                })
                .unwrap_or_default();
            // One place's share is no range: it would pass another place's rule off as this one's figure.
            let (low, high) = (found.iter().min(), found.iter().max());
            match (low, high) {
                (Some(&low), Some(&high)) if found.len() >= 2 => {
                    let basis = Basis::AmongTreatmentPlaces {
                        places: found.len(),
                    };
                    bound(
                        MissingFigure::ClassBShare,
                        basis.clone(),
                        basis,
                        Span::Share { low, high },
                    );
                    // A higher share leaves less in scope: the fund's low end.
                    (Some(high), Some(low))
                }
                _ => {
                    let span = Span::Share {
                        low: Ratio::ZERO,
                        high: Ratio::ONE,
                    };
                    bound(
                        MissingFigure::ClassBShare,
                        Basis::Widest,
                        Basis::Widest,
                        span,
                    );
                    (Some(Ratio::ONE), Some(Ratio::ZERO))
                }
            }
        }
        share => (share, share),
    };

    let reductions: (Reduction, Reduction) = match ctx.temporary {
        Some(category)
            if is_missing(&params.reduction) && params.reduction.value == Reduction::None =>
        {
            let (points, source) = match (&params.reduction_limit, data) {
                (Some(limit), _) => (limit.value, source_of(&limit.provenance)),
                (None, Some(d)) => d
                    .national
                    .temporary_reduction_limits
                    .get(category)
                    .map_or((widest_cut(), String::new()), |f| {
                        (f.value, f.source.clone())
                    }),
                (None, None) => (widest_cut(), String::new()),
            };
            bound(
                MissingFigure::Reduction,
                Basis::NationalMaximumCut { points, source },
                Basis::NoCut,
                Span::Cut {
                    low: Points::ZERO,
                    high: points,
                },
            );
            (Reduction::SubtractPoints { points }, Reduction::None)
        }
        _ => (params.reduction.value, params.reduction.value),
    };

    let at = |deductible: Deductible, bands: &RatioBands, low_end: bool| {
        let mut p = params.clone();
        set(&mut p.deductible, deductible);
        set(&mut p.ratio_bands, bands.clone());
        set(&mut p.annual_cap, if low_end { caps.0 } else { caps.1 });
        set(
            &mut p.class_b_share,
            if low_end { shares.0 } else { shares.1 },
        );
        set(
            &mut p.reduction,
            if low_end { reductions.0 } else { reductions.1 },
        );
        settle(&p, bill, ytd).ok().map(|b| (b, p))
    };
    let mut low: Option<(Breakdown, SettlementParams)> = None;
    let mut high: Option<(Breakdown, SettlementParams)> = None;
    for &d in &deductibles {
        for b in &bands {
            if let Some(l) = at(d, b, true)
                && low.as_ref().is_none_or(|x| l.0.fund < x.0.fund)
            {
                low = Some(l);
            }
            if let Some(h) = at(d, b, false)
                && high.as_ref().is_none_or(|x| h.0.fund > x.0.fund)
            {
                high = Some(h);
            }
        }
    }
    let ((low, low_params), (high, high_params)) = (low?, high?);
    // An end at bands with one ratio (a candidate among places) counts either way alike: named per settlement.
    let counted = |p: &SettlementParams| {
        p.ratio_bands
            .value
            .counted()
            .unwrap_or(BandsCounted::PerSettlement)
    };
    if counting_tried {
        let span = Span::Counted {
            low: counted(&low_params),
            high: counted(&high_params),
        };
        bound(
            MissingFigure::BandsCounted,
            Basis::Widest,
            Basis::Widest,
            span,
        );
    }
    Some(Ends {
        low,
        high,
        high_params,
        missing,
        bounds,
    })
}

/// The lowest and highest ratio of any band among `values`.
fn ratios(values: &[RatioBands]) -> Span {
    let all = values.iter().flat_map(|b| b.bands()).map(|b| b.ratio);
    Span::Ratios {
        low: all.clone().min().unwrap_or(Ratio::ZERO),
        high: all.max().unwrap_or(Ratio::ONE),
    }
}

/// The largest cut national guidance allows any temporary category (other temporary trips: 20 points).
fn widest_cut() -> Points {
    Points::new(rust_decimal::Decimal::from(20)).unwrap_or(Points::ZERO)
}

fn source_of(p: &Provenance) -> String {
    match p {
        Provenance::Policy { source, .. } => source.clone(),
        Provenance::Case | Provenance::Missing => String::new(),
    }
}
