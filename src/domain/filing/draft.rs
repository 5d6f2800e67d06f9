//! The filing draft: every answer as the person gives it, page by page, before it is a request. The browser keeps
//! it on the device (local storage, as JSON) and checks each page against it with the same rules as the server.
//!
//! The stored JSON is the same whatever the answers' types: a choice is its serde name, `""` until it is made, so a
//! draft saved by an earlier version of the app still loads.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

use super::{
    Applicant, Destination, ErrorCode, Field, FilingError, FilingRequest, FilingRules, Person,
    Places, Proof, Relation, Supplementary,
};
use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::day;
use crate::domain::json::{self, FromJson, Json};
use crate::domain::names::{from_serde_name, serde_name};

/// Who the filing is for: the first question's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForWhom {
    Myself,
    /// A family member, on their behalf (亲情账户).
    Family,
}

impl FromJson for ForWhom {
    fn from_json(json: &Json) -> Option<Self> {
        json::named(
            json,
            &[("myself", ForWhom::Myself), ("family", ForWhom::Family)],
        )
    }
}

/// What a filing's destination covers: one city, or the whole province where the insured place allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    City,
    Province,
}

impl FromJson for Scope {
    fn from_json(json: &Json) -> Option<Self> {
        json::named(
            json,
            &[("city", Scope::City), ("province", Scope::Province)],
        )
    }
}

/// The answers as the person gave them: what they typed exactly as typed (so nothing is ever lost to parsing), what
/// they chose as the choice, `None` until it is made.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Answers {
    #[serde(with = "choice")]
    pub applicant: Option<ForWhom>,
    pub filer_name: String,
    #[serde(with = "choice")]
    pub relation: Option<Relation>,
    pub name: String,
    pub resident_id: String,
    pub phone: String,
    pub insured_province: String,
    pub insured_city: String,
    #[serde(with = "choice")]
    pub scheme: Option<Scheme>,
    #[serde(with = "choice")]
    pub category: Option<FilingCategory>,
    pub destination_province: String,
    /// Where it is not asked (the insured place allows city filings only), a city.
    #[serde(with = "choice")]
    pub destination_scope: Option<Scope>,
    pub destination_city: String,
    pub start_date: String,
    pub end_date: String,
    #[serde(with = "choice")]
    pub supplementary: Option<Supplementary>,
    pub chronic: Vec<ChronicDisease>,
    pub commitment: bool,
    pub referral_institution: String,
    /// Fixed the first time the person submits, so a retry after a failure files exactly once.
    pub idempotency_key: Option<String>,
}

/// A choice as the draft stores it: the variant's serde name, `""` when none is made.
mod choice {
    use super::*;

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.as_ref().map(serde_name).unwrap_or_default())
    }
}

/// Reads a stored draft. Every answer may be left out. A choice is read by its name; a name this version does not
/// know reads as no choice (and a chronic disease it does not know is left out), so the rest of the draft still
/// loads.
impl FromJson for Answers {
    fn from_json(json: &Json) -> Option<Self> {
        fn choice<T: FromJson>(json: &Json, key: &str) -> Option<Option<T>> {
            let name: String = json.field_or_default(key)?;
            Some(from_serde_name(&name))
        }
        let chronic: Vec<String> = json.field_or_default("chronic")?;
        Some(Answers {
            applicant: choice(json, "applicant")?,
            filer_name: json.field_or_default("filer_name")?,
            relation: choice(json, "relation")?,
            name: json.field_or_default("name")?,
            resident_id: json.field_or_default("resident_id")?,
            phone: json.field_or_default("phone")?,
            insured_province: json.field_or_default("insured_province")?,
            insured_city: json.field_or_default("insured_city")?,
            scheme: choice(json, "scheme")?,
            category: choice(json, "category")?,
            destination_province: json.field_or_default("destination_province")?,
            destination_scope: choice(json, "destination_scope")?,
            destination_city: json.field_or_default("destination_city")?,
            start_date: json.field_or_default("start_date")?,
            end_date: json.field_or_default("end_date")?,
            supplementary: choice(json, "supplementary")?,
            chronic: chronic
                .iter()
                .filter_map(|name| from_serde_name(name))
                .collect(),
            commitment: json.field_or_default("commitment")?,
            referral_institution: json.field_or_default("referral_institution")?,
            idempotency_key: json.field_or_default("idempotency_key")?,
        })
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    day::parse_iso(text.trim())
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
        let applicant = match self.applicant {
            Some(ForWhom::Family) => {
                let relation = self.relation.unwrap_or_else(|| {
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
            Some(ForWhom::Myself) => Applicant::Myself {},
            None => {
                problems.push(FilingError::new(
                    ErrorCode::ApplicantMissing,
                    Field::Applicant,
                ));
                Applicant::Myself {}
            }
        };
        let scheme = self.scheme.unwrap_or_else(|| {
            problems.push(FilingError::new(ErrorCode::SchemeMissing, Field::Scheme));
            Scheme::EmployeeInService
        });
        let category = self.category.unwrap_or_else(|| {
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
        let city = (self.destination_scope != Some(Scope::Province))
            .then(|| self.destination_city.clone());
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
            chronic_qualifications: self.chronic.clone(),
            proof: Proof {
                commitment_agreed: self.commitment,
                referral_institution: (category == FilingCategory::Referral)
                    .then(|| self.referral_institution.clone()),
            },
            supplementary: if start_date < today {
                self.supplementary
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
            applicant: Some(ForWhom::Family),
            filer_name: "王小明".into(),
            relation: Some(Relation::Child),
            name: "王大明".into(),
            resident_id: valid_id("11010519491231002"),
            phone: "13800138000".into(),
            insured_province: "120000".into(),
            insured_city: "120000".into(),
            scheme: Some(Scheme::EmployeeRetired),
            category: Some(FilingCategory::LongTermResident),
            destination_province: "130000".into(),
            destination_scope: Some(Scope::City),
            destination_city: "131000".into(),
            start_date: "2026-12-01".into(),
            chronic: vec![ChronicDisease::Diabetes],
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
        answers.destination_scope = Some(Scope::Province);
        answers.end_date = "2027-02-30".into();
        let (request, problems) = answers.to_request(today());
        assert_eq!(request.destination.city, None);
        assert_eq!(
            problems,
            [FilingError::new(ErrorCode::DateInvalid, Field::EndDate)]
        );
    }

    /// A draft as the app stored it before its choices were typed (every answer a string), byte for byte.
    const STORED: &str = r#"{"applicant":"family","filer_name":"王小明","relation":"child","name":"王大明","resident_id":"11010519491231002X","phone":"13800138000","insured_province":"120000","insured_city":"120000","scheme":"employee_retired","category":"long_term_resident","destination_province":"130000","destination_scope":"city","destination_city":"131000","start_date":"2026-12-01","end_date":"","supplementary":"paid_in_full","chronic":["M01600"],"commitment":true,"referral_institution":"","idempotency_key":"k-1"}"#;
    const STORED_EMPTY: &str = r#"{"applicant":"","filer_name":"","relation":"","name":"","resident_id":"","phone":"","insured_province":"","insured_city":"","scheme":"","category":"","destination_province":"","destination_scope":"","destination_city":"","start_date":"","end_date":"","supplementary":"","chronic":[],"commitment":false,"referral_institution":"","idempotency_key":null}"#;

    #[test]
    fn a_stored_draft_loads_and_is_stored_again_byte_for_byte() {
        let mut expected = given();
        expected.supplementary = Some(Supplementary::PaidInFull);
        expected.idempotency_key = Some("k-1".into());
        let loaded: Answers = json::from_str(STORED).unwrap();
        assert_eq!(loaded, expected);
        assert_eq!(serde_json::to_string(&loaded).unwrap(), STORED);

        let empty: Answers = json::from_str(STORED_EMPTY).unwrap();
        assert_eq!(empty, Answers::default());
        assert_eq!(serde_json::to_string(&empty).unwrap(), STORED_EMPTY);
    }

    #[test]
    fn a_choice_this_version_does_not_know_leaves_the_rest_of_the_draft() {
        let loaded: Answers =
            json::from_str(r#"{"name":"王大明","scheme":"student","chronic":["M01600","M99999"]}"#)
                .unwrap();
        assert_eq!(loaded.name, "王大明");
        assert_eq!(loaded.scheme, None);
        assert_eq!(loaded.chronic, [ChronicDisease::Diabetes]);
    }
}
