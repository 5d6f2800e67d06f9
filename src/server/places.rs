//! What the server checks filings against: the region codes (`regions.json`) and each insured place's filing
//! rules (`policy.json`), the same files the browser loads, read once at startup.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Months, NaiveDate};

use crate::domain::filing::{FilingRules, Places};
use crate::domain::institutions::{InstitutionCode, Institutions, PointsRules};
use crate::domain::policy::PolicyData;
use crate::domain::regions::Regions;

pub struct PlaceData {
    regions: Regions,
    policy: PolicyData,
    /// The designated institutions (`institutions.json`) that choices of institutions are checked against.
    institutions: Institutions,
    /// Months after filing during which the destination cannot change, per insured place. The policy data has
    /// no such figure yet (the domain notes call 6 months common but unverified), so none is set unless a
    /// caller sets one with [`PlaceData::with_change_lock`].
    change_lock_months: HashMap<String, u32>,
}

impl PlaceData {
    /// Reads `regions.json`, `policy.json` and `institutions.json` from the data folder; refuses to start on a bad
    /// file.
    pub fn load(data_dir: &Path) -> Result<PlaceData, String> {
        let read = |name: &str| {
            let path = data_dir.join(name);
            std::fs::read_to_string(&path)
                .map_err(|err| format!("cannot read {}: {err}", path.display()))
        };
        let regions = Regions::from_json(&read("regions.json")?)
            .map_err(|err| format!("regions.json: {err}"))?;
        let policy = PolicyData::from_json(&read("policy.json")?).map_err(|errors| {
            let first = errors
                .first()
                .map(|e| format!("{}: {}", e.path, e.problem))
                .unwrap_or_default();
            format!("policy.json has {} problem(s), first {first}", errors.len())
        })?;
        let institutions = Institutions::from_json(&read("institutions.json")?)
            .map_err(|err| format!("institutions.json: {err}"))?;
        Ok(PlaceData {
            regions,
            policy,
            institutions,
            change_lock_months: HashMap::new(),
        })
    }

    /// Locks destination changes for `months` after filing for filings insured at `insured_city`.
    pub fn with_change_lock(mut self, insured_city: &str, months: u32) -> PlaceData {
        self.change_lock_months
            .insert(insured_city.to_owned(), months);
        self
    }

    pub fn data_version(&self) -> &str {
        &self.policy.data_version
    }

    /// The insured place's rules from the policy data; the national defaults where it has none.
    pub fn rules(&self, insured_city: &str) -> FilingRules {
        self.policy.filing_rules(insured_city.trim()).0
    }

    /// The insured place's select-point rules, where it asks for a choice of institutions.
    pub fn points_rules(&self, insured_city: &str) -> Option<&PointsRules> {
        self.policy
            .points_rules(insured_city.trim())
            .map(|figure| &figure.value)
    }

    pub fn institutions(&self) -> &Institutions {
        &self.institutions
    }

    /// The names of the institutions `codes` name, in the same order; a code the file does not list (any more)
    /// stands for itself.
    pub fn institution_names(&self, codes: &[String]) -> Vec<String> {
        codes
            .iter()
            .map(|code| {
                InstitutionCode::parse(code)
                    .ok()
                    .and_then(|code| self.institutions.get(&code))
                    .map_or_else(|| code.clone(), |institution| institution.name.clone())
            })
            .collect()
    }

    /// Until when a filing made on `filed_on` may not change its destination; none where the place has no lock.
    pub fn locked_until(&self, insured_city: &str, filed_on: NaiveDate) -> Option<NaiveDate> {
        let months = *self.change_lock_months.get(insured_city.trim())?;
        filed_on.checked_add_months(Months::new(months))
    }
}

impl Places for PlaceData {
    fn is_city(&self, code: &str) -> bool {
        self.regions.city(code).is_some()
    }

    fn is_province(&self, code: &str) -> bool {
        self.regions.province(code).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> PlaceData {
        PlaceData::load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/public/data"
        )))
        .unwrap()
    }

    #[test]
    fn knows_cities_provinces_and_municipalities() {
        let data = data();
        assert!(data.is_city("131000") && data.is_province("130000"));
        assert!(data.is_city("120000") && data.is_province("120000"));
        assert!(!data.is_city("130000") && !data.is_province("131000"));
        assert!(!data.is_city("999999"));
    }

    #[test]
    fn rules_come_from_the_policy_data_else_the_national_default() {
        let data = data();
        let tianjin = data.rules("120000");
        assert!(tianjin.allows_province_filing);
        assert_eq!(tianjin.max_temporary_months, 12);
        assert_eq!(data.rules("999999"), FilingRules::default());
    }

    #[test]
    fn a_change_lock_only_where_one_is_set() {
        let filed = NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
        let data = data().with_change_lock("120000", 6);
        assert_eq!(
            data.locked_until("120000", filed),
            NaiveDate::from_ymd_opt(2027, 2, 28)
        );
        assert_eq!(data.locked_until("131000", filed), None);
    }
}
