//! Policy data (政策数据): the insured places' parameters and the treatment places' Class B shares, every figure with
//! its source, read from `public/data/policy.json` by the browser and the server through these types.
//!
//! The format is documented in `docs/policy-data.md`. Types make most invalid data unrepresentable (ratios in 0..=1,
//! ascending bands); [`PolicyData::validate`] checks the rest (sources exist, dates ordered, no overlapping rules,
//! no figure marked verified on the word of a secondary source).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::category::{
    CareSetting, ChronicDisease, FilingCategory, InstitutionLevel, Scheme,
};
use crate::domain::day;
use crate::domain::filing::FilingRules;
use crate::domain::institutions::PointsRules;
use crate::domain::json::{self, FromJson, Json};
use crate::domain::lang::Lang;
use crate::domain::money::{Money, Ratio};
use crate::domain::settle::{
    Deductible, DeductiblePer, NotFiledRule, Param, Points, Provenance, RatioBands, Reduction,
};

#[cfg(not(target_arch = "wasm32"))]
mod browser_copy;
pub mod check;
mod place_rules;
mod resolve;

#[cfg(not(target_arch = "wasm32"))]
pub use browser_copy::browser_copy;
pub use place_rules::{PlaceRule, PlaceRules};

pub use resolve::{NotCrossProvincial, ResolveError, ResolveRequest, resolve, resolve_with_gaps};

/// The format version this code reads; a data file with another is refused.
/// 2: a later stay's deductible states how it counts (`{"amount", "per"}`, issue 16), where 1 had a bare amount.
/// 3: a rule's deductible may be absent (not found); figures may carry a `scope_note`; sources an `issuer_en` and a
/// `title_en` beside the original `issuer` and `title`; ratio bands may state how they count (`counted`:
/// `per_settlement` or `per_year`), which a reader of 2 would ignore and so settle a per-year place as if per stay.
pub const SCHEMA_VERSION: u32 = 3;

/// The whole policy data file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyData {
    pub schema_version: u32,
    /// The data's own version, changed whenever a figure changes (e.g. `2026.1`).
    pub data_version: String,
    #[serde(deserialize_with = "day::de")]
    pub effective_from: NaiveDate,
    #[serde(default, deserialize_with = "day::de_opt")]
    pub effective_to: Option<NaiveDate>,
    /// What the `verified` flag means and how to read the data, for people opening the file.
    #[serde(default)]
    pub about: Option<String>,
    pub sources: BTreeMap<String, Source>,
    pub national: National,
    pub insured_places: Vec<InsuredPlace>,
    pub treatment_places: Vec<TreatmentPlace>,
}

impl FromJson for PolicyData {
    fn from_json(json: &Json) -> Option<Self> {
        Some(PolicyData {
            schema_version: json.field("schema_version")?,
            data_version: json.field("data_version")?,
            effective_from: json.field("effective_from")?,
            effective_to: json.field_or_default("effective_to")?,
            about: json.field_or_default("about")?,
            sources: json.field("sources")?,
            national: json.field("national")?,
            insured_places: json.field("insured_places")?,
            treatment_places: json.field("treatment_places")?,
        })
    }
}

/// How far a source can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An official text (notice, Q&A, plan) that was read.
    Official,
    /// An official document named by a secondary source but not read: figures from it cannot be verified.
    Claimed,
    /// A secondary source (a web page, a dataset, a news story).
    Secondary,
}

impl FromJson for SourceKind {
    fn from_json(json: &Json) -> Option<Self> {
        use SourceKind::*;
        json::named(
            json,
            &[
                ("official", Official),
                ("claimed", Claimed),
                ("secondary", Secondary),
            ],
        )
    }
}

/// 出处: a document a figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub kind: SourceKind,
    /// Who issued it, as the document names itself (for a Chinese document, in Chinese).
    pub issuer: String,
    /// The issuer in English, where the original is not English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_en: Option<String>,
    /// The document's own title, in its own language: 《…》 for a Chinese document. Where only an English rendering
    /// was read and the Chinese title is not recorded, the rendering's title, and the note says so.
    pub title: String,
    /// The title in English, where the original is not English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; absent only when the source is undated (the note says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The source id through which a claimed document is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Source {
    /// The title to show in `lang`: the original in Chinese, the English one (where there is one) in English.
    pub fn title_in(&self, lang: Lang) -> &str {
        match (lang, &self.title_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.title,
        }
    }

    /// The issuer to show in `lang`, as [`Source::title_in`] chooses the title.
    pub fn issuer_in(&self, lang: Lang) -> &str {
        match (lang, &self.issuer_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.issuer,
        }
    }
}

impl FromJson for Source {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Source {
            kind: json.field("kind")?,
            issuer: json.field("issuer")?,
            issuer_en: json.field_or_default("issuer_en")?,
            title: json.field("title")?,
            title_en: json.field_or_default("title_en")?,
            document_number: json.field_or_default("document_number")?,
            date: json.field_or_default("date")?,
            url: json.field_or_default("url")?,
            via: json.field_or_default("via")?,
            note: json.field_or_default("note")?,
        })
    }
}

/// A short text of ours (not a source's words), or a name, in both languages the product speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

impl Bilingual {
    pub fn in_lang(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl FromJson for Bilingual {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Bilingual {
            zh: json.field("zh")?,
            en: json.field("en")?,
        })
    }
}

/// One figure: its value, where it comes from, and whether that was confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure<T> {
    pub value: T,
    /// The id of the source in `sources`.
    pub source: String,
    /// Read in an official text (or worked out from published numbers). Anything else is shown as unverified.
    pub verified: bool,
    /// Other sources that give the same figure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corroborated_by: Vec<String>,
    /// The source's own words, exactly as it gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the figure is applied beyond what its quote shows (other items, dates or people than the source's
    /// own), said to the person wherever the figure is used: Beijing's Class B share is read from one drug on one
    /// day and applied to every Class B item on every date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_note: Option<Bilingual>,
}

impl<T: FromJson> FromJson for Figure<T> {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Figure {
            value: json.field("value")?,
            source: json.field("source")?,
            verified: json.field("verified")?,
            corroborated_by: json.field_or_default("corroborated_by")?,
            quote: json.field_or_default("quote")?,
            note: json.field_or_default("note")?,
            scope_note: json.field_or_default("scope_note")?,
        })
    }
}

impl<T> Figure<T> {
    /// The scope note in `lang`, where the figure has one.
    pub fn scope_note_in(&self, lang: Lang) -> Option<&str> {
        self.scope_note.as_ref().map(|n| n.in_lang(lang))
    }

    /// The ids of the sources it cites: its own, then those that corroborate it.
    pub fn cited(&self) -> impl Iterator<Item = &str> {
        cited(&self.source, &self.corroborated_by)
    }
}

fn cited<'a>(source: &'a str, corroborated_by: &'a [String]) -> impl Iterator<Item = &'a str> {
    std::iter::once(source).chain(corroborated_by.iter().map(String::as_str))
}

impl<T: Clone> Figure<T> {
    /// The figure as an engine parameter, carrying its source.
    pub fn param(&self) -> Param<T> {
        Param {
            value: self.value.clone(),
            provenance: Provenance::Policy {
                source: self.source.clone(),
                verified: self.verified,
            },
        }
    }
}

/// Something per temporary filing category (跨省临时外出就医).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerTemporary<T> {
    pub referral: T,
    pub emergency: T,
    pub other_temporary: T,
}

impl<T: FromJson> FromJson for PerTemporary<T> {
    fn from_json(json: &Json) -> Option<Self> {
        // A missing entry reads as `null`, as serde reads a missing field: `None` where an entry is optional.
        let entry = |key| T::from_json(json.get(key).unwrap_or(&Json::Null));
        matches!(json, Json::Object(_)).then_some(())?;
        Some(PerTemporary {
            referral: entry("referral")?,
            emergency: entry("emergency")?,
            other_temporary: entry("other_temporary")?,
        })
    }
}

impl<T> PerTemporary<T> {
    /// The entry for a temporary category; `None` for a long-term one.
    pub fn get(&self, category: FilingCategory) -> Option<&T> {
        match category {
            FilingCategory::Referral => Some(&self.referral),
            FilingCategory::Emergency => Some(&self.emergency),
            FilingCategory::OtherTemporary => Some(&self.other_temporary),
            FilingCategory::ResettledRetiree
            | FilingCategory::LongTermResident
            | FilingCategory::ResidentStaff
            | FilingCategory::OtherLongTerm => None,
        }
    }

    fn entries(&self) -> [(&'static str, &T); 3] {
        [
            ("referral", &self.referral),
            ("emergency", &self.emergency),
            ("other_temporary", &self.other_temporary),
        ]
    }
}

/// National rules that apply to every insured place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct National {
    /// Long-term filers are settled at the insured place's own ratios.
    pub long_term_reduction: Figure<Reduction>,
    /// The most an insured place may lower the ratio for each temporary category (a limit, not a figure to apply).
    pub temporary_reduction_limits: PerTemporary<Figure<Points>>,
    /// What happens to care that was not filed (and was not an emergency), unless the insured place says otherwise.
    pub not_filed: Figure<NotFiledRule>,
}

impl FromJson for National {
    fn from_json(json: &Json) -> Option<Self> {
        Some(National {
            long_term_reduction: json.field("long_term_reduction")?,
            temporary_reduction_limits: json.field("temporary_reduction_limits")?,
            not_filed: json.field("not_filed")?,
        })
    }
}

/// A place's name in both languages.
pub type PlaceName = Bilingual;

/// 参保地: an insured place and its benefit rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsuredPlace {
    /// GB/T 2260 region code, 6 digits.
    pub region_code: String,
    pub name: PlaceName,
    pub rules: Vec<BenefitRule>,
    /// The reduction per temporary category; absent where it was not found.
    #[serde(default)]
    pub temporary_reductions: PerTemporary<Option<Figure<Reduction>>>,
    /// This place's rule for unfiled care, where it has published one; else the national rule applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_filed: Option<Figure<NotFiledRule>>,
    /// How filings to other provinces work here, where published; else the national defaults apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing: Option<Figure<FilingPolicy>>,
    /// 选点: where this place asks its filers to name institutions at the destination; absent where it does not
    /// (then every networked institution there settles the filing's care).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Figure<PointsRules>>,
    /// What was looked for and not found, in words: listed in the docs so nobody mistakes a gap for a zero.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<String>,
}

impl FromJson for InsuredPlace {
    fn from_json(json: &Json) -> Option<Self> {
        Some(InsuredPlace {
            region_code: json.field("region_code")?,
            name: json.field("name")?,
            rules: json.field("rules")?,
            temporary_reductions: json.field_or_default("temporary_reductions")?,
            not_filed: json.field_or_default("not_filed")?,
            filing: json.field_or_default("filing")?,
            points: json.field_or_default("points")?,
            gaps: json.field_or_default("gaps")?,
        })
    }
}

/// 备案规则 of an insured place: what a filing may name and how long a temporary one may last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilingPolicy {
    /// A filing may name a whole province, not only a city.
    pub allows_province_filing: bool,
    /// The longest a temporary filing may be valid, in months.
    pub max_temporary_months: u32,
}

impl FromJson for FilingPolicy {
    fn from_json(json: &Json) -> Option<Self> {
        Some(FilingPolicy {
            allows_province_filing: json.field("allows_province_filing")?,
            max_temporary_months: json.field("max_temporary_months")?,
        })
    }
}

impl From<&FilingPolicy> for FilingRules {
    fn from(policy: &FilingPolicy) -> Self {
        FilingRules {
            allows_province_filing: policy.allows_province_filing,
            max_temporary_months: policy.max_temporary_months,
        }
    }
}

/// Which settings a rule covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum SettingSelector {
    /// 住院 at institutions of these levels.
    Inpatient { levels: Vec<InstitutionLevel> },
    /// 普通门诊 at institutions of these levels.
    GeneralOutpatient { levels: Vec<InstitutionLevel> },
    /// 门诊慢特病 for these diseases.
    ChronicOutpatient { diseases: Vec<ChronicDisease> },
}

impl FromJson for SettingSelector {
    fn from_json(json: &Json) -> Option<Self> {
        Some(match json.field::<String>("kind")?.as_str() {
            "inpatient" => SettingSelector::Inpatient {
                levels: json.field("levels")?,
            },
            "general_outpatient" => SettingSelector::GeneralOutpatient {
                levels: json.field("levels")?,
            },
            "chronic_outpatient" => SettingSelector::ChronicOutpatient {
                diseases: json.field("diseases")?,
            },
            _ => return None,
        })
    }
}

impl SettingSelector {
    pub fn matches(&self, setting: CareSetting) -> bool {
        match (self, setting) {
            (SettingSelector::Inpatient { levels }, CareSetting::Inpatient { level })
            | (
                SettingSelector::GeneralOutpatient { levels },
                CareSetting::GeneralOutpatient { level },
            ) => levels.contains(&level),
            (
                SettingSelector::ChronicOutpatient { diseases },
                CareSetting::ChronicOutpatient { disease },
            ) => diseases.contains(&disease),
            _ => false,
        }
    }

    /// Every concrete setting the selector covers.
    pub fn settings(&self) -> Vec<CareSetting> {
        match self {
            SettingSelector::Inpatient { levels } => levels
                .iter()
                .map(|&level| CareSetting::Inpatient { level })
                .collect(),
            SettingSelector::GeneralOutpatient { levels } => levels
                .iter()
                .map(|&level| CareSetting::GeneralOutpatient { level })
                .collect(),
            SettingSelector::ChronicOutpatient { diseases } => diseases
                .iter()
                .map(|&disease| CareSetting::ChronicOutpatient { disease })
                .collect(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            SettingSelector::Inpatient { levels }
            | SettingSelector::GeneralOutpatient { levels } => levels.is_empty(),
            SettingSelector::ChronicOutpatient { diseases } => diseases.is_empty(),
        }
    }
}

/// 待遇: the parameters for some schemes in some settings over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitRule {
    pub schemes: Vec<Scheme>,
    pub setting: SettingSelector,
    #[serde(deserialize_with = "day::de")]
    pub effective_from: NaiveDate,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "day::de_opt"
    )]
    pub effective_to: Option<NaiveDate>,
    /// 起付标准 (for inpatient care, of the year's first stay); absent where it was not found (a gap, never a zero):
    /// resolving then marks it missing and the estimator bounds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deductible: Option<Figure<Deductible>>,
    /// 起付标准 for the year's second and later stays, where the place sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub later_stay_deductible: Option<Figure<LaterStayDeductible>>,
    /// 支付比例
    pub ratio_bands: Figure<RatioBands>,
    /// 最高支付限额: absent when not found; a figure with value `null` when the place sets no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cap: Option<Figure<Option<Money>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// 再次住院起付标准: the deductible of the year's second and later stays, with how it counts. Unlike the first stay's
/// deductible, `per` has no default: read as yearly, what the first stay paid would wipe it out, where places state
/// it per stay (北京 "第二次及以后住院起付标准按首次住院起付标准的50%": each later stay pays 650).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaterStayDeductible {
    pub amount: Money,
    pub per: DeductiblePer,
}

impl FromJson for BenefitRule {
    fn from_json(json: &Json) -> Option<Self> {
        Some(BenefitRule {
            schemes: json.field("schemes")?,
            setting: json.field("setting")?,
            effective_from: json.field("effective_from")?,
            effective_to: json.field_or_default("effective_to")?,
            deductible: json.field_or_default("deductible")?,
            later_stay_deductible: json.field_or_default("later_stay_deductible")?,
            ratio_bands: json.field("ratio_bands")?,
            annual_cap: json.field_or_default("annual_cap")?,
            note: json.field_or_default("note")?,
        })
    }
}

impl FromJson for LaterStayDeductible {
    fn from_json(json: &Json) -> Option<Self> {
        Some(LaterStayDeductible {
            amount: json.field("amount")?,
            per: json.field("per")?,
        })
    }
}

impl From<LaterStayDeductible> for Deductible {
    fn from(later: LaterStayDeductible) -> Deductible {
        Deductible {
            amount: later.amount,
            per: later.per,
        }
    }
}

impl BenefitRule {
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|to| date <= to)
    }

    fn overlaps(&self, other: &BenefitRule) -> bool {
        let ends_before = |a: &BenefitRule, b: &BenefitRule| {
            a.effective_to.is_some_and(|to| to < b.effective_from)
        };
        !ends_before(self, other) && !ends_before(other, self)
    }
}

/// 就医地: a treatment place and the part of its directory the engine needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatmentPlace {
    pub region_code: String,
    pub name: PlaceName,
    /// 乙类先行自付比例: the default for Class B items that carry no share of their own. Absent when not found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_b_first_self_pay_share: Option<Figure<Ratio>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<String>,
}

impl FromJson for TreatmentPlace {
    fn from_json(json: &Json) -> Option<Self> {
        Some(TreatmentPlace {
            region_code: json.field("region_code")?,
            name: json.field("name")?,
            class_b_first_self_pay_share: json.field_or_default("class_b_first_self_pay_share")?,
            gaps: json.field_or_default("gaps")?,
        })
    }
}

/// One figure of the data, wherever it sits, for checks and listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureInfo<'a> {
    /// Where it is, e.g. `insured_places[0].rules[2].ratio_bands`.
    pub path: String,
    pub source: &'a str,
    pub corroborated_by: &'a [String],
    pub verified: bool,
    pub quote: Option<&'a str>,
    pub note: Option<&'a str>,
    pub scope_note: Option<&'a Bilingual>,
    /// The numbers its value states, to look for in its quote.
    pub stated: Vec<check::Stated>,
}

impl<'a> FigureInfo<'a> {
    /// The ids of the sources it cites: its own, then those that corroborate it.
    pub fn cited(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        cited(self.source, self.corroborated_by)
    }
}

impl<'a, T: check::StatedNumbers> From<(&'a Figure<T>, String)> for FigureInfo<'a> {
    fn from((f, path): (&'a Figure<T>, String)) -> Self {
        FigureInfo {
            path,
            source: &f.source,
            corroborated_by: &f.corroborated_by,
            verified: f.verified,
            quote: f.quote.as_deref(),
            note: f.note.as_deref(),
            scope_note: f.scope_note.as_ref(),
            stated: check::StatedNumbers::stated(&f.value),
        }
    }
}

/// What is wrong with the policy data, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct DataError {
    pub path: String,
    pub problem: DataProblem,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataProblem {
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("schema version {found} is not the {SCHEMA_VERSION} this code reads")]
    SchemaVersion { found: u32 },
    #[error("ends before it starts")]
    DatesOutOfOrder,
    #[error("falls outside the data's own effective dates")]
    OutsideDataDates,
    #[error("names source `{0}`, which is not in `sources`")]
    UnknownSource(String),
    #[error("is marked verified, but its source is not an official text that was read")]
    VerifiedWithoutOfficialSource,
    #[error("must be a 6-digit region code")]
    RegionCode,
    #[error("appears twice")]
    Duplicate,
    #[error("must not be negative")]
    Negative,
    #[error("must not be empty")]
    Empty,
    #[error(
        "must be YYYY, YYYY-MM or YYYY-MM-DD (or absent, with a note saying the source is undated)"
    )]
    SourceDate,
    #[error("covers the same scheme, setting and dates as rule {0}")]
    OverlappingRule(usize),
    #[error("applies to inpatient care only")]
    LaterStayOutsideInpatient,
}

impl DataProblem {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            DataProblem::Unreadable(_) => "unreadable",
            DataProblem::SchemaVersion { .. } => "schema_version",
            DataProblem::DatesOutOfOrder => "dates_out_of_order",
            DataProblem::OutsideDataDates => "outside_data_dates",
            DataProblem::UnknownSource(_) => "unknown_source",
            DataProblem::VerifiedWithoutOfficialSource => "verified_without_official_source",
            DataProblem::RegionCode => "region_code",
            DataProblem::Duplicate => "duplicate",
            DataProblem::Negative => "negative",
            DataProblem::Empty => "empty",
            DataProblem::SourceDate => "source_date",
            DataProblem::OverlappingRule(_) => "overlapping_rule",
            DataProblem::LaterStayOutsideInpatient => "later_stay_outside_inpatient",
        }
    }
}

impl PolicyData {
    /// Reads and validates the data file.
    pub fn from_json(text: &str) -> Result<PolicyData, Vec<DataError>> {
        let data: PolicyData = serde_json::from_str(text).map_err(|e| {
            vec![DataError {
                path: String::new(),
                problem: DataProblem::Unreadable(e.to_string()),
            }]
        })?;
        data.validate()?;
        Ok(data)
    }

    /// Reads and validates the data file in the browser: the same checks, without serde's parser (issue 17). A
    /// file that does not read or does not pass is `None`; the server and the data checks use
    /// [`PolicyData::from_json`], whose errors say what is wrong where.
    pub fn read(text: &str) -> Option<PolicyData> {
        let data: PolicyData = json::from_str(text)?;
        data.validate().ok()?;
        Some(data)
    }

    pub fn insured_place(&self, region_code: &str) -> Option<&InsuredPlace> {
        self.insured_places
            .iter()
            .find(|p| p.region_code == region_code)
    }

    pub fn treatment_place(&self, region_code: &str) -> Option<&TreatmentPlace> {
        self.treatment_places
            .iter()
            .find(|p| p.region_code == region_code)
    }

    /// The filing rules of the insured place `region_code`, with the figure they come from;
    /// the national defaults (city filings, half a year) and no figure where the place has published none.
    pub fn filing_rules(&self, region_code: &str) -> (FilingRules, Option<&Figure<FilingPolicy>>) {
        match self
            .insured_place(region_code)
            .and_then(|p| p.filing.as_ref())
        {
            Some(figure) => (FilingRules::from(&figure.value), Some(figure)),
            None => (FilingRules::default(), None),
        }
    }

    /// The select-point rules of the insured place `region_code`, where it has published any.
    pub fn points_rules(&self, region_code: &str) -> Option<&Figure<PointsRules>> {
        self.insured_place(region_code)?.points.as_ref()
    }

    /// Every figure in the data with its path.
    pub fn figures(&self) -> Vec<FigureInfo<'_>> {
        let mut out: Vec<FigureInfo<'_>> = Vec::new();
        let n = &self.national;
        out.push(
            (
                &n.long_term_reduction,
                "national.long_term_reduction".to_owned(),
            )
                .into(),
        );
        for (name, f) in n.temporary_reduction_limits.entries() {
            out.push((f, format!("national.temporary_reduction_limits.{name}")).into());
        }
        out.push((&n.not_filed, "national.not_filed".to_owned()).into());
        for (i, place) in self.insured_places.iter().enumerate() {
            let at = format!("insured_places[{i}]");
            for (r, rule) in place.rules.iter().enumerate() {
                let at = format!("{at}.rules[{r}]");
                if let Some(f) = &rule.deductible {
                    out.push((f, format!("{at}.deductible")).into());
                }
                if let Some(f) = &rule.later_stay_deductible {
                    out.push((f, format!("{at}.later_stay_deductible")).into());
                }
                out.push((&rule.ratio_bands, format!("{at}.ratio_bands")).into());
                if let Some(f) = &rule.annual_cap {
                    out.push((f, format!("{at}.annual_cap")).into());
                }
            }
            for (name, f) in place.temporary_reductions.entries() {
                if let Some(f) = f {
                    out.push((f, format!("{at}.temporary_reductions.{name}")).into());
                }
            }
            if let Some(f) = &place.not_filed {
                out.push((f, format!("{at}.not_filed")).into());
            }
            if let Some(f) = &place.filing {
                out.push((f, format!("{at}.filing")).into());
            }
            if let Some(f) = &place.points {
                out.push((f, format!("{at}.points")).into());
            }
        }
        for (i, place) in self.treatment_places.iter().enumerate() {
            if let Some(f) = &place.class_b_first_self_pay_share {
                out.push(
                    (
                        f,
                        format!("treatment_places[{i}].class_b_first_self_pay_share"),
                    )
                        .into(),
                );
            }
        }
        out
    }

    /// Every problem the types cannot rule out, or `Ok` when there is none.
    pub fn validate(&self) -> Result<(), Vec<DataError>> {
        let mut errors = Vec::new();
        let mut fail =
            |path: String, problem: DataProblem| errors.push(DataError { path, problem });

        if self.schema_version != SCHEMA_VERSION {
            fail(
                "schema_version".into(),
                DataProblem::SchemaVersion {
                    found: self.schema_version,
                },
            );
        }
        if self.effective_to.is_some_and(|to| to < self.effective_from) {
            fail("effective_to".into(), DataProblem::DatesOutOfOrder);
        }
        for (id, source) in &self.sources {
            let at = format!("sources.{id}");
            let blank = |text: &Option<String>| text.as_ref().is_some_and(|t| t.trim().is_empty());
            if source.issuer.trim().is_empty()
                || source.title.trim().is_empty()
                || blank(&source.issuer_en)
                || blank(&source.title_en)
            {
                fail(at.clone(), DataProblem::Empty);
            }
            match &source.date {
                Some(date) if !is_partial_date(date) => {
                    fail(format!("{at}.date"), DataProblem::SourceDate)
                }
                None if source.note.is_none() => {
                    fail(format!("{at}.date"), DataProblem::SourceDate)
                }
                _ => {}
            }
            if let Some(via) = &source.via
                && !self.sources.contains_key(via)
            {
                fail(format!("{at}.via"), DataProblem::UnknownSource(via.clone()));
            }
        }
        for figure in self.figures() {
            for id in figure.cited() {
                if !self.sources.contains_key(id) {
                    fail(
                        figure.path.clone(),
                        DataProblem::UnknownSource(id.to_owned()),
                    );
                }
            }
            if figure
                .scope_note
                .is_some_and(|n| n.zh.trim().is_empty() || n.en.trim().is_empty())
            {
                fail(format!("{}.scope_note", figure.path), DataProblem::Empty);
            }
            let official = self
                .sources
                .get(figure.source)
                .is_some_and(|s| s.kind == SourceKind::Official);
            if figure.verified && !official {
                fail(
                    figure.path.clone(),
                    DataProblem::VerifiedWithoutOfficialSource,
                );
            }
        }
        self.validate_places(&mut fail);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn validate_places(&self, fail: &mut impl FnMut(String, DataProblem)) {
        let lists = [
            (
                "insured_places",
                self.insured_places
                    .iter()
                    .map(|p| &p.region_code)
                    .collect::<Vec<_>>(),
            ),
            (
                "treatment_places",
                self.treatment_places
                    .iter()
                    .map(|p| &p.region_code)
                    .collect(),
            ),
        ];
        for (list, codes) in lists {
            let mut seen = std::collections::HashSet::new();
            for (i, code) in codes.into_iter().enumerate() {
                let at = format!("{list}[{i}].region_code");
                if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                    fail(at.clone(), DataProblem::RegionCode);
                }
                if !seen.insert(code) {
                    fail(at, DataProblem::Duplicate);
                }
            }
        }
        for (i, place) in self.insured_places.iter().enumerate() {
            for (r, rule) in place.rules.iter().enumerate() {
                let at = format!("insured_places[{i}].rules[{r}]");
                self.validate_rule(rule, &at, fail);
                for (o, other) in place.rules.iter().enumerate().take(r) {
                    let shared_scheme = rule.schemes.iter().any(|s| other.schemes.contains(s));
                    let shared_setting = rule
                        .setting
                        .settings()
                        .into_iter()
                        .any(|s| other.setting.matches(s));
                    if shared_scheme && shared_setting && rule.overlaps(other) {
                        fail(at.clone(), DataProblem::OverlappingRule(o));
                    }
                }
            }
        }
    }

    fn validate_rule(
        &self,
        rule: &BenefitRule,
        at: &str,
        fail: &mut impl FnMut(String, DataProblem),
    ) {
        if rule.schemes.is_empty() {
            fail(format!("{at}.schemes"), DataProblem::Empty);
        }
        if rule.setting.is_empty() {
            fail(format!("{at}.setting"), DataProblem::Empty);
        }
        if rule.effective_to.is_some_and(|to| to < rule.effective_from) {
            fail(format!("{at}.effective_to"), DataProblem::DatesOutOfOrder);
        }
        let after_data_end = |d: NaiveDate| self.effective_to.is_some_and(|end| d > end);
        if rule.effective_from < self.effective_from
            || after_data_end(rule.effective_from)
            || rule.effective_to.is_some_and(after_data_end)
        {
            fail(
                format!("{at}.effective_from"),
                DataProblem::OutsideDataDates,
            );
        }
        if rule
            .deductible
            .as_ref()
            .is_some_and(|d| d.value.amount.is_negative())
        {
            fail(format!("{at}.deductible"), DataProblem::Negative);
        }
        if let Some(later) = &rule.later_stay_deductible {
            if later.value.amount.is_negative() {
                fail(format!("{at}.later_stay_deductible"), DataProblem::Negative);
            }
            if !matches!(rule.setting, SettingSelector::Inpatient { .. }) {
                fail(
                    format!("{at}.later_stay_deductible"),
                    DataProblem::LaterStayOutsideInpatient,
                );
            }
        }
        if rule
            .annual_cap
            .as_ref()
            .and_then(|c| c.value)
            .is_some_and(Money::is_negative)
        {
            fail(format!("{at}.annual_cap"), DataProblem::Negative);
        }
    }
}

fn is_partial_date(s: &str) -> bool {
    let full = |d: &str| day::parse_iso(d).is_some();
    match s.len() {
        4 => s.bytes().all(|b| b.is_ascii_digit()),
        7 => full(&format!("{s}-01")),
        10 => full(s),
        _ => false,
    }
}
