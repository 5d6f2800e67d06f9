//! The filing draft: every answer as the person gives it, page by page, before it is a request. The browser keeps
//! it on the device (local storage, as JSON) and checks each page against it with the same rules as the server.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    Applicant, Destination, ErrorCode, Field, FilingError, FilingRequest, FilingRules, Person,
    Places, Proof, Relation, Supplementary,
};
use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::names::from_serde_name;

/// The answers exactly as the person gave them (strings, so nothing typed is ever lost to parsing).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    pub applicant: String,
    pub filer_name: String,
    pub relation: String,
    pub name: String,
    pub resident_id: String,
    pub phone: String,
    pub insured_province: String,
    pub insured_city: String,
    pub scheme: String,
    pub category: String,
    pub destination_province: String,
    /// `province` for a whole-province filing, else `city`.
    pub destination_scope: String,
    pub destination_city: String,
    pub start_date: String,
    pub end_date: String,
    pub supplementary: String,
    pub chronic: Vec<String>,
    pub commitment: bool,
    pub referral_institution: String,
    /// Fixed the first time the person submits, so a retry after a failure files exactly once.
    pub idempotency_key: Option<String>,
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

impl Answers {
    /// Every problem with the answers: the draft's own (a choice not made, a date not a date) and the
    /// domain's, which the server will check again. Missing later answers are stood in for, so each page
    /// can be checked alone; the caller keeps the errors of the page's own fields.
    pub fn problems(
        &self,
        rules: &FilingRules,
        places: &dyn Places,
        today: NaiveDate,
    ) -> Vec<FilingError> {
        let (request, mut problems) = self.to_request(today);
        if let Err(errors) = request.validate(rules, places, today) {
            for error in errors {
                if !problems.iter().any(|p| p.field == error.field) {
                    problems.push(error);
                }
            }
        }
        // The summary lists problems in the order the questions are asked.
        problems.sort_by_key(|p| p.field);
        problems
    }

    /// The request to submit, with stand-ins (and their problems) where an answer cannot be read.
    pub fn to_request(&self, today: NaiveDate) -> (FilingRequest, Vec<FilingError>) {
        let mut problems = Vec::new();
        let applicant = match self.applicant.as_str() {
            "family" => {
                let relation = from_serde_name::<Relation>(&self.relation).unwrap_or_else(|| {
                    problems.push(FilingError::new(
                        ErrorCode::RelationMissing,
                        Field::Relation,
                    ));
                    Relation::Other
                });
                Applicant::Family {
                    filer_name: self.filer_name.clone(),
                    relation,
                }
            }
            "myself" => Applicant::Myself {},
            _ => {
                problems.push(FilingError::new(
                    ErrorCode::ApplicantMissing,
                    Field::Applicant,
                ));
                Applicant::Myself {}
            }
        };
        let scheme = from_serde_name::<Scheme>(&self.scheme).unwrap_or_else(|| {
            problems.push(FilingError::new(ErrorCode::SchemeMissing, Field::Scheme));
            Scheme::EmployeeInService
        });
        let category = from_serde_name::<FilingCategory>(&self.category).unwrap_or_else(|| {
            problems.push(FilingError::new(
                ErrorCode::CategoryMissing,
                Field::Category,
            ));
            FilingCategory::ResettledRetiree
        });
        let start_date = if self.start_date.trim().is_empty() {
            problems.push(FilingError::new(
                ErrorCode::StartDateMissing,
                Field::StartDate,
            ));
            today
        } else {
            parse_date(&self.start_date).unwrap_or_else(|| {
                problems.push(FilingError::new(ErrorCode::DateInvalid, Field::StartDate));
                today
            })
        };
        let end_date = if self.end_date.trim().is_empty() {
            None
        } else {
            let parsed = parse_date(&self.end_date);
            if parsed.is_none() {
                problems.push(FilingError::new(ErrorCode::DateInvalid, Field::EndDate));
            }
            parsed
        };
        let city = (self.destination_scope != "province").then(|| self.destination_city.clone());
        let request = FilingRequest {
            applicant,
            person: Person {
                name: self.name.clone(),
                resident_id: self.resident_id.clone(),
                phone: self.phone.clone(),
                insured_city: self.insured_city.clone(),
                scheme,
            },
            category,
            destination: Destination {
                province: self.destination_province.clone(),
                city,
            },
            start_date,
            end_date,
            chronic_qualifications: self
                .chronic
                .iter()
                .filter_map(|code| from_serde_name::<ChronicDisease>(code))
                .collect(),
            proof: Proof {
                commitment_agreed: self.commitment,
                referral_institution: (category == FilingCategory::Referral)
                    .then(|| self.referral_institution.clone()),
            },
            supplementary: if start_date < today {
                from_serde_name::<Supplementary>(&self.supplementary)
            } else {
                None
            },
        };
        (request, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::filing::valid_id;

    struct TestPlaces;
    impl Places for TestPlaces {
        fn is_city(&self, code: &str) -> bool {
            ["120000", "131000"].contains(&code)
        }
        fn is_province(&self, code: &str) -> bool {
            ["120000", "130000"].contains(&code)
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    }

    fn given() -> Answers {
        Answers {
            applicant: "family".into(),
            filer_name: "王小明".into(),
            relation: "child".into(),
            name: "王大明".into(),
            resident_id: valid_id("11010519491231002"),
            phone: "13800138000".into(),
            insured_province: "120000".into(),
            insured_city: "120000".into(),
            scheme: "employee_retired".into(),
            category: "long_term_resident".into(),
            destination_province: "130000".into(),
            destination_scope: "city".into(),
            destination_city: "131000".into(),
            start_date: "2026-12-01".into(),
            chronic: vec!["M01600".into()],
            commitment: true,
            ..Answers::default()
        }
    }

    fn codes(answers: &Answers) -> Vec<&'static str> {
        answers
            .problems(&FilingRules::default(), &TestPlaces, today())
            .into_iter()
            .map(|p| p.code.as_str())
            .collect()
    }

    #[test]
    fn a_complete_draft_is_the_request_the_server_accepts() {
        assert_eq!(codes(&given()), Vec::<&str>::new());
        let (request, problems) = given().to_request(today());
        assert!(problems.is_empty());
        assert_eq!(
            request.applicant,
            Applicant::Family {
                filer_name: "王小明".into(),
                relation: Relation::Child
            }
        );
        assert_eq!(request.category, FilingCategory::LongTermResident);
        assert_eq!(request.chronic_qualifications, [ChronicDisease::Diabetes]);
        assert_eq!(request.destination.city.as_deref(), Some("131000"));
    }

    #[test]
    fn an_empty_draft_lists_each_question_once_in_the_order_asked() {
        assert_eq!(
            codes(&Answers::default()),
            [
                "applicant_missing",
                "name_missing",
                "resident_id_missing",
                "phone_missing",
                "insured_place_missing",
                "scheme_missing",
                "category_missing",
                "destination_missing",
                "start_date_missing",
                "commitment_not_agreed",
            ]
        );
    }

    #[test]
    fn a_whole_province_drops_the_city_and_a_typed_date_must_be_a_date() {
        let mut answers = given();
        answers.destination_scope = "province".into();
        answers.end_date = "2027-02-30".into();
        let (request, problems) = answers.to_request(today());
        assert_eq!(request.destination.city, None);
        assert_eq!(
            problems,
            [FilingError::new(ErrorCode::DateInvalid, Field::EndDate)]
        );
    }
}
