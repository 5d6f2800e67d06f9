//! The rules of `yidi policy check`: everything wrong or doubtful in a policy data file, each with its path and what
//! to do about it, reported all at once so a volunteer adding a place can fix a file in one pass.
//!
//! Errors are what the format forbids ([`PolicyData::validate`]'s problems, a verified figure without a quote, a
//! verified figure from an undated source, a source id given twice). Warnings are doubts a person must settle:
//! a verified figure whose quote does not show its number in any form the check knows (a heuristic: see
//! [`quote_shows`]), an undated source that figures cite, a claimed document that does not say how it is known.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{DataProblem, FilingPolicy, LaterStayDeductible, PolicyData, SourceKind};
use crate::domain::institutions::PointsRules;
use crate::domain::money::{Money, Ratio};
use crate::domain::settle::{Deductible, NotFiledRule, Points, RatioBands, Reduction};

/// How bad a finding is: an error fails the check, a warning is printed for a person to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem or doubt, where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where, e.g. `insured_places[0].rules[2].ratio_bands`.
    pub path: String,
    pub severity: Severity,
    /// A stable machine code (`DataProblem::code` for the format's own problems).
    pub code: &'static str,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.severity {
            Severity::Error => write!(f, "{}: {}", self.path, self.message),
            Severity::Warning => write!(f, "{}: warning: {}", self.path, self.message),
        }
    }
}

/// A number a figure states, in the kind that says how a quote may write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stated {
    /// Yuan: `1300`, `1,300`, `1300元`, `0.13万`.
    Amount(Decimal),
    /// A share in 0..=1: `80%`, `80％`, `百分之八十`, or the decimal itself.
    Ratio(Decimal),
    /// Percentage points: `10`, `10个百分点`, `十个百分点`.
    Points(Decimal),
    /// Months or institutions: `12`, `十二`, `two`.
    Count(u32),
}

impl fmt::Display for Stated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stated::Amount(a) => write!(f, "{}", a.normalize()),
            Stated::Ratio(r) => write!(f, "{}%", (r * Decimal::ONE_HUNDRED).normalize()),
            Stated::Points(p) => write!(f, "{} points", p.normalize()),
            Stated::Count(n) => write!(f, "{n}"),
        }
    }
}

/// The numbers a figure's value states, for comparing with its quote.
pub trait StatedNumbers {
    fn stated(&self) -> Vec<Stated>;
}

impl StatedNumbers for Deductible {
    fn stated(&self) -> Vec<Stated> {
        vec![Stated::Amount(self.amount.amount())]
    }
}

impl StatedNumbers for LaterStayDeductible {
    fn stated(&self) -> Vec<Stated> {
        vec![Stated::Amount(self.amount.amount())]
    }
}

impl StatedNumbers for RatioBands {
    fn stated(&self) -> Vec<Stated> {
        self.bands()
            .iter()
            .flat_map(|band| {
                band.up_to
                    .map(|up_to| Stated::Amount(up_to.amount()))
                    .into_iter()
                    .chain([Stated::Ratio(band.ratio.value())])
            })
            .collect()
    }
}

impl StatedNumbers for Option<Money> {
    fn stated(&self) -> Vec<Stated> {
        self.iter().map(|m| Stated::Amount(m.amount())).collect()
    }
}

impl StatedNumbers for Reduction {
    fn stated(&self) -> Vec<Stated> {
        match *self {
            Reduction::None => vec![],
            Reduction::SubtractPoints { points } => vec![Stated::Points(points.value())],
            Reduction::MultiplyRatio { factor: r } | Reduction::AddFirstSelfPay { share: r } => {
                vec![Stated::Ratio(r.value())]
            }
            Reduction::HigherDeductible { deductible } => vec![Stated::Amount(deductible.amount())],
        }
    }
}

impl StatedNumbers for Points {
    fn stated(&self) -> Vec<Stated> {
        vec![Stated::Points(self.value())]
    }
}

impl StatedNumbers for Ratio {
    fn stated(&self) -> Vec<Stated> {
        vec![Stated::Ratio(self.value())]
    }
}

impl StatedNumbers for NotFiledRule {
    fn stated(&self) -> Vec<Stated> {
        vec![]
    }
}

impl StatedNumbers for FilingPolicy {
    fn stated(&self) -> Vec<Stated> {
        vec![Stated::Count(self.max_temporary_months)]
    }
}

impl StatedNumbers for PointsRules {
    fn stated(&self) -> Vec<Stated> {
        vec![Stated::Count(self.max_institutions)]
    }
}

impl DataProblem {
    /// What to do about the problem, in a few words.
    pub fn advice(&self) -> String {
        match self {
            DataProblem::Unreadable(_) => "fix the JSON at this place".into(),
            DataProblem::SchemaVersion { .. } => format!(
                "bring the file to schema {} as docs/policy-data.md describes it, then set schema_version",
                super::SCHEMA_VERSION
            ),
            DataProblem::DatesOutOfOrder => {
                "make effective_to the same day as effective_from or later".into()
            }
            DataProblem::OutsideDataDates => {
                "keep the rule's dates inside the file's effective_from and effective_to, or widen those".into()
            }
            DataProblem::UnknownSource(_) => {
                "add that source to `sources`, or name one that is there".into()
            }
            DataProblem::VerifiedWithoutOfficialSource => {
                "set verified to false, or cite the official text you read (kind `official`)".into()
            }
            DataProblem::RegionCode => "use the place's GB/T 2260 code, e.g. 110000".into(),
            DataProblem::Duplicate => "keep one entry per place and merge their contents".into(),
            DataProblem::Negative => "enter the amount as published, zero or more".into(),
            DataProblem::Empty => "fill it in".into(),
            DataProblem::SourceDate => {
                "give the date as YYYY, YYYY-MM or YYYY-MM-DD, or a note saying the source is undated".into()
            }
            DataProblem::OverlappingRule(_) => {
                "end one rule (effective_to) before the other starts, or split the schemes or levels between them"
                    .into()
            }
            DataProblem::LaterStayOutsideInpatient => {
                "move it to the place's inpatient rule, or remove it".into()
            }
        }
    }
}

/// Every finding in data that has been read: the format's own problems first, then the checks of quotes and sources.
pub fn check(data: &PolicyData) -> Vec<Finding> {
    let mut findings: Vec<Finding> = match data.validate() {
        Ok(()) => vec![],
        Err(errors) => errors
            .into_iter()
            .map(|e| Finding {
                path: e.path,
                severity: Severity::Error,
                code: e.problem.code(),
                message: format!("{}: {}", e.problem, e.problem.advice()),
            })
            .collect(),
    };
    findings.extend(check_verified_figures(data));
    findings.extend(check_sources(data));
    findings
}

/// A verified figure needs a quote, from a dated source, that shows its numbers.
fn check_verified_figures(data: &PolicyData) -> Vec<Finding> {
    let mut findings = vec![];
    for figure in data.figures().into_iter().filter(|f| f.verified) {
        let source = data.sources.get(figure.source);
        if source.is_some_and(|s| s.date.is_none()) {
            findings.push(Finding {
                path: figure.path.clone(),
                severity: Severity::Error,
                code: "verified_undated_source",
                message: format!(
                    "is marked verified, but source `{}` has no date, so nobody can tell which text was read: \
                     add the source's date, or set verified to false",
                    figure.source
                ),
            });
        }
        let Some(quote) = figure.quote.filter(|q| !q.trim().is_empty()) else {
            findings.push(Finding {
                path: figure.path.clone(),
                severity: Severity::Error,
                code: "verified_without_quote",
                message: "is marked verified but has no quote: add the source's own words stating this figure, \
                          or set verified to false"
                    .into(),
            });
            continue;
        };
        let missing: Vec<String> = figure
            .stated
            .iter()
            .filter(|n| !quote_shows(quote, **n))
            .map(ToString::to_string)
            .collect();
        if !missing.is_empty() {
            findings.push(Finding {
                path: figure.path,
                severity: Severity::Warning,
                code: "number_not_in_quote",
                message: format!(
                    "is marked verified, but its quote does not show {}: check that the quote states this very \
                     figure, or say in `note` how it is worked out from the quoted numbers",
                    missing.join(", ")
                ),
            });
        }
    }
    findings
}

/// Undated sources that figures cite, and claimed documents that do not say how they are known.
fn check_sources(data: &PolicyData) -> Vec<Finding> {
    let mut cited: BTreeMap<&str, usize> = BTreeMap::new();
    for figure in data.figures() {
        for id in figure.cited() {
            *cited.entry(id).or_default() += 1;
        }
    }
    let mut findings = vec![];
    for (id, source) in &data.sources {
        let uses = cited.get(id.as_str()).copied().unwrap_or(0);
        if source.date.is_none() && uses > 0 {
            findings.push(Finding {
                path: format!("sources.{id}.date"),
                severity: Severity::Warning,
                code: "undated_source",
                message: format!(
                    "is absent, and {uses} figure{} cite{} this source: add the date it was published \
                     (or the date it was read, in the note)",
                    if uses == 1 { "" } else { "s" },
                    if uses == 1 { "s" } else { "" }
                ),
            });
        }
        if source.kind == SourceKind::Claimed && source.via.is_none() {
            findings.push(Finding {
                path: format!("sources.{id}.via"),
                severity: Severity::Warning,
                code: "claimed_without_via",
                message:
                    "is absent: a claimed document was not read, so name the source that names it"
                        .into(),
            });
        }
    }
    findings
}

/// Source ids given twice in the file's `sources`: a JSON reader keeps only the last, so the check reads the keys
/// from the text itself.
pub fn duplicate_source_ids(text: &str) -> Vec<Finding> {
    #[derive(Deserialize)]
    struct SourceKeys {
        sources: Keys,
    }
    let Ok(SourceKeys {
        sources: Keys(keys),
    }) = serde_json::from_str(text)
    else {
        return vec![];
    };
    let mut seen = std::collections::HashSet::new();
    keys.into_iter()
        .filter(|key| !seen.insert(key.clone()))
        .map(|key| Finding {
            path: format!("sources.{key}"),
            severity: Severity::Error,
            code: "duplicate_source_id",
            message: "appears twice, and only the last one is read: give each source its own id"
                .into(),
        })
        .collect()
}

/// A JSON object's keys in the order written, duplicates kept.
struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = vec![];
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// How a number is written in a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// Digits: `1300`, `1,300`, `61.11`.
    Plain,
    /// Followed by `%` or `％`, or `百分之` and a Chinese numeral.
    Percent,
    /// Followed by `万` (ten thousand).
    TenThousand,
    /// A Chinese numeral (`十二`) or an English word (`two`) for a small whole number.
    Word,
}

/// Whether the quote writes the number in a form the check knows. Heuristic, and only one way: a number found is
/// not proof that the quote states it for this figure (80% may be another band's), and a number not found may be
/// written in a form the check does not read (Chinese numerals beyond 百, `1.3千`, a number worked out from others).
pub fn quote_shows(quote: &str, number: Stated) -> bool {
    let numbers = numbers_in(quote);
    let any = |want: &dyn Fn(Decimal, Written) -> bool| numbers.iter().any(|&(n, w)| want(n, w));
    let ten_thousand = Decimal::from(10_000);
    match number {
        Stated::Amount(a) => any(&|n, w| {
            (w == Written::Plain && n == a) || (w == Written::TenThousand && n * ten_thousand == a)
        }),
        Stated::Ratio(r) => any(&|n, w| {
            (w == Written::Percent && n == r * Decimal::ONE_HUNDRED)
                || (w == Written::Plain && n == r)
        }),
        Stated::Points(p) => any(&|n, w| w != Written::TenThousand && n == p),
        Stated::Count(c) => {
            any(&|n, w| matches!(w, Written::Plain | Written::Word) && n == Decimal::from(c))
        }
    }
}

/// Every number in the text with how it is written.
fn numbers_in(text: &str) -> Vec<(Decimal, Written)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ((chars[i] == ',' || chars[i] == '.')
                        && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            let digits: String = chars[start..i].iter().filter(|&&c| c != ',').collect();
            let mut next = i;
            while chars.get(next).is_some_and(|c| *c == ' ') {
                next += 1;
            }
            let written = match chars.get(next) {
                Some('%' | '％') => Written::Percent,
                Some('万') => Written::TenThousand,
                _ => Written::Plain,
            };
            if let Ok(n) = digits.parse::<Decimal>() {
                out.push((n, written));
            }
            continue;
        }
        if let Some((n, len)) = chinese_numeral(&chars[i..]) {
            let percent = i >= 3 && chars[i - 3..i] == ['百', '分', '之'];
            out.push((
                Decimal::from(n),
                if percent {
                    Written::Percent
                } else {
                    Written::Word
                },
            ));
            i += len;
            continue;
        }
        if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(n) = ENGLISH.iter().position(|w| *w == word) {
                out.push((Decimal::from(n), Written::Word));
            }
            continue;
        }
        i += 1;
    }
    out
}

const ENGLISH: [&str; 13] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

/// A Chinese numeral from 零 to 一百 at the start of `chars`, with its length: 二, 十二, 二十, 九十五, 一百.
fn chinese_numeral(chars: &[char]) -> Option<(u32, usize)> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u32)
            .or((c == '两').then_some(2))
    };
    match chars {
        ['一', '百', ..] => Some((100, 2)),
        ['十', rest @ ..] => match rest.first().copied().and_then(digit) {
            Some(d) if d > 0 => Some((10 + d, 2)),
            _ => Some((10, 1)),
        },
        [first, '十', rest @ ..] => {
            let tens = digit(*first)?;
            match rest.first().copied().and_then(digit) {
                Some(d) if d > 0 => Some((tens * 10 + d, 3)),
                _ => Some((tens * 10, 2)),
            }
        }
        [first, ..] => digit(*first).map(|d| (d, 1)),
        [] => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One place, one rule, one official source: clean.
    fn minimal() -> serde_json::Value {
        serde_json::json!({
            "schema_version": super::super::SCHEMA_VERSION,
            "data_version": "test",
            "effective_from": "2022-01-01",
            "sources": {
                "OFF": {"kind": "official", "issuer": "某市医疗保障局", "title": "通知", "date": "2022-01"},
                "WEB": {"kind": "secondary", "issuer": "a site", "title": "a page", "date": "2023"}
            },
            "national": {
                "long_term_reduction": {"value": {"method": "none"}, "source": "OFF", "verified": false},
                "temporary_reduction_limits": {
                    "referral": {"value": "10", "source": "OFF", "verified": false},
                    "emergency": {"value": "10", "source": "OFF", "verified": false},
                    "other_temporary": {"value": "20", "source": "OFF", "verified": false}
                },
                "not_filed": {"value": "pay_in_full_then_claim_at_home", "source": "WEB", "verified": false}
            },
            "insured_places": [{
                "region_code": "110000",
                "name": {"zh": "北京", "en": "Beijing"},
                "rules": [{
                    "schemes": ["employee_in_service"],
                    "setting": {"kind": "inpatient", "levels": ["tertiary"]},
                    "effective_from": "2022-01-01",
                    "deductible": {"value": {"amount": "1300"}, "source": "OFF", "verified": true,
                                   "quote": "起付标准为1,300元"},
                    "ratio_bands": {"value": {"basis": "expense", "bands": [
                        {"up_to": "30000", "ratio": "0.85"}, {"ratio": "0.90"}]},
                        "source": "OFF", "verified": true,
                        "quote": "起付标准以上至3万元的部分，统筹基金支付85%；超过3万元的部分支付百分之九十"}
                }]
            }],
            "treatment_places": [{"region_code": "110000", "name": {"zh": "北京", "en": "Beijing"}}]
        })
    }

    fn findings(raw: &serde_json::Value) -> Vec<(String, &'static str)> {
        let data: PolicyData = serde_json::from_value(raw.clone()).unwrap();
        let mut found = duplicate_source_ids(&raw.to_string());
        found.extend(check(&data));
        found.into_iter().map(|f| (f.path, f.code)).collect()
    }

    fn rule() -> &'static str {
        "insured_places[0].rules[0]"
    }

    #[test]
    fn a_clean_file_has_no_findings() {
        assert_eq!(findings(&minimal()), vec![]);
    }

    #[test]
    fn the_formats_own_problems_are_errors_with_advice() {
        let mut raw = minimal();
        raw["insured_places"][0]["rules"][0]["effective_to"] = "2021-12-31".into();
        let data: PolicyData = serde_json::from_value(raw).unwrap();
        let found = check(&data);
        let f = found
            .iter()
            .find(|f| f.code == "dates_out_of_order")
            .unwrap();
        assert_eq!(f.path, format!("{}.effective_to", rule()));
        assert_eq!(f.severity, Severity::Error);
        assert!(
            f.message.contains("effective_to the same day"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_figure_naming_a_missing_source_is_an_error() {
        let mut raw = minimal();
        raw["insured_places"][0]["rules"][0]["deductible"]["source"] = "NOWHERE".into();
        assert!(findings(&raw).contains(&(format!("{}.deductible", rule()), "unknown_source")));
    }

    /// A deductible not found is left out (a gap, never a zero): that is no finding.
    #[test]
    fn a_rule_without_a_deductible_is_clean() {
        let mut raw = minimal();
        raw["insured_places"][0]["rules"][0]
            .as_object_mut()
            .unwrap()
            .remove("deductible");
        assert_eq!(findings(&raw), vec![]);
    }

    #[test]
    fn a_blank_scope_note_or_english_title_is_an_error() {
        let mut raw = minimal();
        raw["insured_places"][0]["rules"][0]["ratio_bands"]["scope_note"] =
            serde_json::json!({"zh": "只见于一次结算", "en": " "});
        raw["sources"]["OFF"]["title_en"] = "".into();
        let found = findings(&raw);
        assert!(
            found.contains(&(format!("{}.ratio_bands.scope_note", rule()), "empty")),
            "{found:?}"
        );
        assert!(
            found.contains(&("sources.OFF".to_owned(), "empty")),
            "{found:?}"
        );
    }

    #[test]
    fn overlapping_rules_are_an_error() {
        let mut raw = minimal();
        let mut second = raw["insured_places"][0]["rules"][0].clone();
        second["effective_from"] = "2023-01-01".into();
        raw["insured_places"][0]["rules"]
            .as_array_mut()
            .unwrap()
            .push(second);
        assert!(
            findings(&raw).contains(&("insured_places[0].rules[1]".into(), "overlapping_rule"))
        );
    }

    #[test]
    fn a_verified_figure_without_a_quote_is_an_error() {
        let mut raw = minimal();
        raw["insured_places"][0]["rules"][0]["deductible"]
            .as_object_mut()
            .unwrap()
            .remove("quote");
        assert_eq!(
            findings(&raw),
            vec![(format!("{}.deductible", rule()), "verified_without_quote")]
        );
    }

    #[test]
    fn a_verified_figure_from_an_undated_source_is_an_error() {
        let mut raw = minimal();
        let source = raw["sources"]["OFF"].as_object_mut().unwrap();
        source.remove("date");
        source.insert("note".into(), "Undated.".into());
        let found = findings(&raw);
        assert!(found.contains(&(format!("{}.deductible", rule()), "verified_undated_source")));
        assert!(found.contains(&("sources.OFF.date".into(), "undated_source")));
    }

    #[test]
    fn a_verified_figure_whose_quote_lacks_its_number_is_a_warning() {
        let mut raw = minimal();
        raw["insured_places"][0]["rules"][0]["deductible"]["quote"] = "起付标准为1200元".into();
        let data: PolicyData = serde_json::from_value(raw).unwrap();
        let found = check(&data);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, "number_not_in_quote");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0].message.contains("does not show 1300"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn an_unverified_figure_is_not_held_to_its_quote() {
        let mut raw = minimal();
        raw["insured_places"][0]["rules"][0]["deductible"]["quote"] = "起付标准为1200元".into();
        raw["insured_places"][0]["rules"][0]["deductible"]["verified"] = false.into();
        assert_eq!(findings(&raw), vec![]);
    }

    #[test]
    fn a_source_id_given_twice_is_an_error() {
        let text = minimal().to_string().replacen(
            "\"WEB\":",
            "\"OFF\": {\"kind\": \"secondary\", \"issuer\": \"x\", \"title\": \"y\", \"date\": \"2020\"}, \"WEB\":",
            1,
        );
        let found = duplicate_source_ids(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].path.as_str(), found[0].code),
            ("sources.OFF", "duplicate_source_id")
        );
    }

    #[test]
    fn a_claimed_document_without_via_is_a_warning() {
        let mut raw = minimal();
        raw["sources"]["DOC"] =
            serde_json::json!({"kind": "claimed", "issuer": "x", "title": "y", "date": "2020"});
        assert_eq!(
            findings(&raw),
            vec![("sources.DOC.via".into(), "claimed_without_via")]
        );
    }

    #[test]
    fn amounts_are_found_as_digits_with_commas_yuan_or_ten_thousands() {
        let amount = |s: &str| Stated::Amount(s.parse().unwrap());
        assert!(quote_shows("起付标准1300元", amount("1300")));
        assert!(quote_shows("deductible of 1,300 yuan", amount("1300")));
        assert!(quote_shows("最高支付限额50万元", amount("500000")));
        assert!(quote_shows("限额 0.5 万", amount("5000")));
        assert!(!quote_shows("起付标准13000元", amount("1300")));
        assert!(
            !quote_shows("61.11 yuan", amount("0")),
            "0 is not a part of 61.11"
        );
        assert!(
            !quote_shows("一千三百元", amount("1300")),
            "Chinese numerals for amounts are not read"
        );
    }

    #[test]
    fn ratios_are_found_as_percent_or_decimal() {
        let ratio = |s: &str| Stated::Ratio(s.parse().unwrap());
        assert!(quote_shows("支付85%", ratio("0.85")));
        assert!(quote_shows("支付85％", ratio("0.85")));
        assert!(quote_shows("ratio 0.8", ratio("0.80")));
        assert!(quote_shows("按百分之九十支付", ratio("0.90")));
        assert!(quote_shows("按百分之九十五支付", ratio("0.95")));
        assert!(!quote_shows("按百分之九十五支付", ratio("0.90")));
        assert!(
            !quote_shows("支付85元", ratio("0.85")),
            "85 yuan is not 85%"
        );
    }

    #[test]
    fn counts_and_points_are_found_as_digits_or_words() {
        assert!(quote_shows(
            "valid for a maximum of 12 months",
            Stated::Count(12)
        ));
        assert!(quote_shows(
            "additionally select two institutions",
            Stated::Count(2)
        ));
        assert!(quote_shows("增加两家", Stated::Count(2)));
        assert!(quote_shows("有效期十二个月", Stated::Count(12)));
        assert!(quote_shows("降低10个百分点", Stated::Points(Decimal::TEN)));
        assert!(quote_shows(
            "降低二十个百分点",
            Stated::Points(Decimal::from(20))
        ));
        assert!(
            !quote_shows("twenty", Stated::Count(20)),
            "English words stop at twelve"
        );
    }

    #[test]
    fn chinese_numerals_up_to_a_hundred() {
        let read = |s: &str| chinese_numeral(&s.chars().collect::<Vec<_>>());
        assert_eq!(read("十"), Some((10, 1)));
        assert_eq!(read("十二个"), Some((12, 2)));
        assert_eq!(read("二十"), Some((20, 2)));
        assert_eq!(read("九十五"), Some((95, 3)));
        assert_eq!(read("一百"), Some((100, 2)));
        assert_eq!(read("元"), None);
    }
}
