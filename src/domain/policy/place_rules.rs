//! The insured places' filing and select-point rules with the sources they cite: the part of the policy data that
//! the filing journey, a filing's page and select point read. `yidi rules` takes it from `policy.json` when the web
//! app is built (`dist/data/rules.json`), so those pages fetch and read a few hundred bytes rather than the whole
//! policy data, whose reader is then the estimator's alone (issue 17).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Figure, FilingPolicy, PolicyData, Source};
use crate::domain::filing::FilingRules;
use crate::domain::institutions::PointsRules;
use crate::domain::json::{self, FromJson, Json};

/// `rules.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceRules {
    /// The version of the policy data these were taken from.
    pub data_version: String,
    /// The insured places that published a filing or a select-point rule.
    pub places: Vec<PlaceRule>,
    /// Every source the rules cite, directly or through another (`via`).
    pub sources: BTreeMap<String, Source>,
}

/// One insured place's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceRule {
    pub region_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing: Option<Figure<FilingPolicy>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Figure<PointsRules>>,
}

impl PlaceRules {
    /// The rules of `policy`'s insured places, with their sources.
    pub fn of(policy: &PolicyData) -> PlaceRules {
        let places: Vec<PlaceRule> = policy
            .insured_places
            .iter()
            .filter(|place| place.filing.is_some() || place.points.is_some())
            .map(|place| PlaceRule {
                region_code: place.region_code.clone(),
                filing: place.filing.clone(),
                points: place.points.clone(),
            })
            .collect();
        let mut cited: Vec<&str> = places.iter().flat_map(PlaceRule::cited).collect();
        let mut sources = BTreeMap::new();
        while let Some(id) = cited.pop() {
            if let Some(source) = policy.sources.get(id)
                && sources.insert(id.to_owned(), source.clone()).is_none()
            {
                cited.extend(source.via.as_deref());
            }
        }
        PlaceRules {
            data_version: policy.data_version.clone(),
            places,
            sources,
        }
    }

    /// Reads `rules.json`, refusing a file that cites a source it does not hold.
    pub fn from_json(text: &str) -> Result<PlaceRules, String> {
        PlaceRules::checked(serde_json::from_str(text).map_err(|e| e.to_string())?)
    }

    /// As [`PlaceRules::from_json`], through the browser's lean reader ([`crate::domain::json`]).
    pub fn read(text: &str) -> Result<PlaceRules, String> {
        PlaceRules::checked(json::from_str(text).ok_or("not a rules file")?)
    }

    fn checked(rules: PlaceRules) -> Result<PlaceRules, String> {
        let held: BTreeSet<&str> = rules.sources.keys().map(String::as_str).collect();
        for place in &rules.places {
            if let Some(missing) = place.cited().find(|id| !held.contains(id)) {
                return Err(format!(
                    "{}: source `{missing}` is not in the file",
                    place.region_code
                ));
            }
        }
        Ok(rules)
    }

    fn place(&self, region_code: &str) -> Option<&PlaceRule> {
        self.places.iter().find(|p| p.region_code == region_code)
    }

    /// The filing rules of the insured place `region_code`; the national defaults where it has published none.
    pub fn filing_rules(&self, region_code: &str) -> FilingRules {
        self.place(region_code)
            .and_then(|p| p.filing.as_ref())
            .map_or_else(FilingRules::default, |f| FilingRules::from(&f.value))
    }

    /// The select-point rules of the insured place `region_code`, where it has published any.
    pub fn points_rules(&self, region_code: &str) -> Option<&Figure<PointsRules>> {
        self.place(region_code)?.points.as_ref()
    }
}

impl FromJson for PlaceRules {
    fn from_json(json: &Json) -> Option<Self> {
        Some(PlaceRules {
            data_version: json.field("data_version")?,
            places: json.field("places")?,
            sources: json.field("sources")?,
        })
    }
}

impl FromJson for PlaceRule {
    fn from_json(json: &Json) -> Option<Self> {
        Some(PlaceRule {
            region_code: json.field("region_code")?,
            filing: json.field_or_default("filing")?,
            points: json.field_or_default("points")?,
        })
    }
}

impl PlaceRule {
    /// The ids of the sources its rules cite.
    fn cited(&self) -> impl Iterator<Item = &str> {
        let filing = self.filing.iter().flat_map(Figure::cited);
        filing.chain(self.points.iter().flat_map(Figure::cited))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> PolicyData {
        let text = std::fs::read_to_string("public/data/policy.json").unwrap();
        PolicyData::from_json(&text).unwrap()
    }

    #[test]
    fn the_lean_reader_reads_the_rules_as_serde_does() {
        let text = serde_json::to_string(&PlaceRules::of(&policy())).unwrap();
        let rules = PlaceRules::read(&text).unwrap();
        assert_eq!(Ok(&rules), PlaceRules::from_json(&text).as_ref());
        assert!(
            rules.places.iter().any(|p| p.filing.is_some())
                && rules.places.iter().any(|p| p.points.is_some())
        );
        let unheld = text.replacen(r#""sources":{"#, r#""sources":{"x":null,"#, 1);
        assert!(PlaceRules::read(&unheld).is_err() && PlaceRules::from_json(&unheld).is_err());
    }

    #[test]
    fn the_rules_answer_as_the_whole_policy_data_does_for_every_insured_place() {
        let policy = policy();
        let rules =
            PlaceRules::from_json(&serde_json::to_string(&PlaceRules::of(&policy)).unwrap())
                .unwrap();
        assert_eq!(rules.data_version, policy.data_version);
        let mut with_points = 0;
        for place in &policy.insured_places {
            let code = &place.region_code;
            assert_eq!(
                rules.filing_rules(code),
                policy.filing_rules(code).0,
                "{code}"
            );
            assert_eq!(
                rules.points_rules(code),
                policy.points_rules(code),
                "{code}"
            );
            with_points += usize::from(rules.points_rules(code).is_some());
        }
        // Tianjin's select-point rule is in the data: the comparison above is not only of absences.
        assert!(with_points > 0);
        assert!(
            rules.places.len() < policy.insured_places.len(),
            "places with no rules are left out"
        );
        // A place the data does not hold gets the national defaults.
        assert_eq!(rules.filing_rules("999999"), FilingRules::default());
    }

    #[test]
    fn every_cited_source_is_carried_and_no_other() {
        let policy = policy();
        let rules = PlaceRules::of(&policy);
        let cited: BTreeSet<&str> = rules.places.iter().flat_map(PlaceRule::cited).collect();
        let via: BTreeSet<&str> = rules
            .sources
            .values()
            .filter_map(|s| s.via.as_deref())
            .collect();
        for id in &cited {
            assert_eq!(rules.sources.get(*id), policy.sources.get(*id), "{id}");
        }
        for id in rules.sources.keys() {
            assert!(
                cited.contains(id.as_str()) || via.contains(id.as_str()),
                "{id} is not cited"
            );
        }
        assert!(rules.sources.len() < policy.sources.len());
    }

    #[test]
    fn a_file_citing_a_missing_source_is_refused() {
        let mut rules = PlaceRules::of(&policy());
        let place = rules.places.iter().find(|p| p.filing.is_some()).unwrap();
        let source = place.filing.as_ref().unwrap().source.clone();
        rules.sources.remove(&source);
        let error = PlaceRules::from_json(&serde_json::to_string(&rules).unwrap()).unwrap_err();
        assert!(error.contains(&source), "{error}");
        assert!(PlaceRules::from_json("{\"data_version\": 1}").is_err());
    }
}
