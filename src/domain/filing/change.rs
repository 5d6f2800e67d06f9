//! 备案变更: a change to a filing, checked by the same rules as the filing itself.

use chrono::NaiveDate;

use super::{
    ChangeRequest, Destination, ErrorCode, Field, FilingError, FilingRequest, FilingRules, Phone,
    Places, check_destination,
};

/// A change that passed the rules: the filing as it will stand, and which fields really changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidChange {
    pub request: FilingRequest,
    pub valid_until: Option<NaiveDate>,
    /// `end_date`, `phone`, `destination`: only those whose value differs; empty when nothing changes.
    pub fields: Vec<&'static str>,
}

impl ChangeRequest {
    /// Applies the change to `current` (valid until `current_valid_until`) and checks what it touches: the
    /// phone as at filing, the destination by the insured place's rules, the end date by the category's rule.
    pub fn apply(
        &self,
        current: &FilingRequest,
        current_valid_until: Option<NaiveDate>,
        rules: &FilingRules,
        places: &dyn Places,
    ) -> Result<ValidChange, Vec<FilingError>> {
        let mut errors = Vec::new();
        let mut fields = Vec::new();
        let mut request = current.clone();
        let mut valid_until = current_valid_until;
        if let Some(end_date) = self.end_date {
            request.end_date = end_date;
            match request.valid_until(rules) {
                Ok(until) => valid_until = until,
                Err(error) => errors.push(error),
            }
            if request.end_date != current.end_date {
                fields.push("end_date");
            }
        }
        if let Some(phone) = &self.phone {
            match Phone::parse(phone) {
                Ok(phone) => request.person.phone = phone.as_str().to_owned(),
                Err(error) => errors.push(error),
            }
            if Phone::parse(&current.person.phone).ok() != Phone::parse(&request.person.phone).ok()
            {
                fields.push("phone");
            }
        }
        if let Some(destination) = &self.destination {
            request.destination = Destination {
                province: destination.province.trim().to_owned(),
                city: destination
                    .city
                    .as_deref()
                    .map(str::trim)
                    .filter(|city| !city.is_empty())
                    .map(str::to_owned),
            };
            if let Err(error) = check_destination(
                &request.person.insured_city,
                &request.destination,
                rules,
                places,
            ) {
                errors.push(error);
            }
            if request.destination != current.destination {
                fields.push("destination");
            }
        }
        if errors.is_empty() {
            Ok(ValidChange {
                request,
                valid_until,
                fields,
            })
        } else {
            Err(errors)
        }
    }

    /// A change of phone or destination (`fields` as [`ChangeRequest::apply`] found them) must name the phone
    /// the filing has now, in full.
    pub fn check_current_phone(
        &self,
        current: &FilingRequest,
        fields: &[&str],
    ) -> Result<(), FilingError> {
        if !fields.iter().any(|f| matches!(*f, "phone" | "destination")) {
            return Ok(());
        }
        let given = self.current_phone.as_deref().map(str::trim).unwrap_or("");
        if given.is_empty() {
            return Err(FilingError::new(
                ErrorCode::CurrentPhoneMissing,
                Field::CurrentPhone,
            ));
        }
        match (Phone::parse(given), Phone::parse(&current.person.phone)) {
            (Ok(given), Ok(kept)) if given == kept => Ok(()),
            _ => Err(FilingError::new(
                ErrorCode::CurrentPhoneMismatch,
                Field::CurrentPhone,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::{FilingCategory, Scheme};
    use crate::domain::filing::{Applicant, Person, Proof};

    struct TestPlaces;
    impl Places for TestPlaces {
        fn is_city(&self, code: &str) -> bool {
            ["120000", "110000", "131000", "130100"].contains(&code)
        }
        fn is_province(&self, code: &str) -> bool {
            ["120000", "110000", "130000"].contains(&code)
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn filing(category: FilingCategory) -> FilingRequest {
        FilingRequest {
            applicant: Applicant::Myself {},
            person: Person {
                name: "张三".into(),
                resident_id: "11010519491231002X".into(),
                phone: "13800138000".into(),
                insured_city: "120000".into(),
                scheme: Scheme::EmployeeRetired,
            },
            category,
            destination: Destination {
                province: "130000".into(),
                city: Some("131000".into()),
            },
            start_date: d(2026, 12, 1),
            end_date: None,
            chronic_qualifications: vec![],
            proof: Proof {
                commitment_agreed: true,
                referral_institution: None,
            },
            supplementary: None,
        }
    }

    fn change() -> ChangeRequest {
        ChangeRequest {
            resident_id: "11010519491231002X".into(),
            end_date: None,
            phone: None,
            destination: None,
            current_phone: None,
        }
    }

    fn codes(result: Result<ValidChange, Vec<FilingError>>) -> Vec<&'static str> {
        result
            .unwrap_err()
            .into_iter()
            .map(|e| e.code.as_str())
            .collect()
    }

    #[test]
    fn a_long_term_filing_may_set_and_clear_its_end() {
        let current = filing(FilingCategory::ResettledRetiree);
        let rules = FilingRules::default();
        let mut set = change();
        set.end_date = Some(Some(d(2030, 1, 31)));
        let valid = set.apply(&current, None, &rules, &TestPlaces).unwrap();
        assert_eq!(valid.valid_until, Some(d(2030, 1, 31)));
        assert_eq!(valid.fields, ["end_date"]);
        let mut clear = change();
        clear.end_date = Some(None);
        let valid = clear
            .apply(&valid.request, valid.valid_until, &rules, &TestPlaces)
            .unwrap();
        assert_eq!(valid.valid_until, None);
        assert_eq!(valid.fields, ["end_date"]);
    }

    #[test]
    fn a_temporary_end_stays_within_the_insured_places_limits() {
        let current = filing(FilingCategory::OtherTemporary);
        let until = Some(d(2027, 5, 31));
        let tianjin = FilingRules {
            allows_province_filing: true,
            max_temporary_months: 12,
        };
        let mut c = change();
        c.end_date = Some(Some(d(2027, 4, 30)));
        assert_eq!(
            codes(c.apply(&current, until, &tianjin, &TestPlaces)),
            ["temporary_too_short"]
        );
        c.end_date = Some(Some(d(2027, 12, 1)));
        assert_eq!(
            codes(c.apply(&current, until, &tianjin, &TestPlaces)),
            ["temporary_too_long"]
        );
        c.end_date = Some(Some(d(2027, 11, 30)));
        let valid = c.apply(&current, until, &tianjin, &TestPlaces).unwrap();
        assert_eq!(valid.valid_until, Some(d(2027, 11, 30)));
        c.end_date = Some(None);
        let valid = c.apply(&current, until, &tianjin, &TestPlaces).unwrap();
        assert_eq!(valid.valid_until, Some(d(2027, 5, 31)));
    }

    #[test]
    fn phone_and_destination_are_checked_and_reported_together() {
        let current = filing(FilingCategory::ResettledRetiree);
        let mut c = change();
        c.phone = Some("2380013800".into());
        c.destination = Some(Destination {
            province: "130000".into(),
            city: None,
        });
        assert_eq!(
            codes(c.apply(&current, None, &FilingRules::default(), &TestPlaces)),
            ["phone_invalid", "destination_city_missing"]
        );
        c.phone = Some("139 0013 9000".into());
        c.destination = Some(Destination {
            province: "110000".into(),
            city: Some("110000".into()),
        });
        let valid = c
            .apply(&current, None, &FilingRules::default(), &TestPlaces)
            .unwrap();
        assert_eq!(valid.request.person.phone, "13900139000");
        assert_eq!(valid.fields, ["phone", "destination"]);
    }

    #[test]
    fn the_same_values_change_nothing() {
        let current = filing(FilingCategory::ResettledRetiree);
        let mut c = change();
        c.phone = Some("138-0013-8000".into());
        c.destination = Some(current.destination.clone());
        c.end_date = Some(None);
        let valid = c
            .apply(&current, None, &FilingRules::default(), &TestPlaces)
            .unwrap();
        assert!(valid.fields.is_empty());
        assert_eq!(valid.request, current);
    }

    #[test]
    fn a_new_phone_or_destination_needs_the_whole_current_phone() {
        let current = filing(FilingCategory::ResettledRetiree);
        let mut c = change();
        c.end_date = Some(Some(d(2027, 6, 30)));
        assert_eq!(c.check_current_phone(&current, &["end_date"]), Ok(()));
        for fields in [&["phone"][..], &["destination"], &["end_date", "phone"]] {
            c.current_phone = None;
            assert_eq!(
                c.check_current_phone(&current, fields).unwrap_err().code,
                ErrorCode::CurrentPhoneMissing
            );
            c.current_phone = Some("138****8000".into());
            assert_eq!(
                c.check_current_phone(&current, fields).unwrap_err().code,
                ErrorCode::CurrentPhoneMismatch
            );
            c.current_phone = Some("13800138001".into());
            assert_eq!(
                c.check_current_phone(&current, fields).unwrap_err().code,
                ErrorCode::CurrentPhoneMismatch
            );
            c.current_phone = Some(" 138 0013 8000".into());
            assert_eq!(c.check_current_phone(&current, fields), Ok(()));
        }
    }
}
