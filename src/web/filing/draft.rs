//! The filing draft: every answer as typed, kept in local storage as it is given.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::filing::{
    Applicant, Destination, ErrorCode, Field, FilingError, FilingRequest, FilingRules, Person,
    Places, Proof, Relation, Supplementary,
};
use crate::domain::names::from_serde_name;

const STORAGE_KEY: &str = "yidi.filing.draft";

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

/// The draft as signals, one per answer, provided once for the journey.
#[derive(Clone, Copy)]
pub struct Draft {
    pub applicant: RwSignal<String>,
    pub filer_name: RwSignal<String>,
    pub relation: RwSignal<String>,
    pub name: RwSignal<String>,
    pub resident_id: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub insured_province: RwSignal<String>,
    pub insured_city: RwSignal<String>,
    pub scheme: RwSignal<String>,
    pub category: RwSignal<String>,
    pub destination_province: RwSignal<String>,
    pub destination_scope: RwSignal<String>,
    pub destination_city: RwSignal<String>,
    pub start_date: RwSignal<String>,
    pub end_date: RwSignal<String>,
    pub supplementary: RwSignal<String>,
    pub chronic: RwSignal<Vec<String>>,
    pub commitment: RwSignal<bool>,
    pub referral_institution: RwSignal<String>,
    pub idempotency_key: RwSignal<Option<String>>,
}

impl Draft {
    fn new(a: Answers) -> Draft {
        Draft {
            applicant: RwSignal::new(a.applicant),
            filer_name: RwSignal::new(a.filer_name),
            relation: RwSignal::new(a.relation),
            name: RwSignal::new(a.name),
            resident_id: RwSignal::new(a.resident_id),
            phone: RwSignal::new(a.phone),
            insured_province: RwSignal::new(a.insured_province),
            insured_city: RwSignal::new(a.insured_city),
            scheme: RwSignal::new(a.scheme),
            category: RwSignal::new(a.category),
            destination_province: RwSignal::new(a.destination_province),
            destination_scope: RwSignal::new(a.destination_scope),
            destination_city: RwSignal::new(a.destination_city),
            start_date: RwSignal::new(a.start_date),
            end_date: RwSignal::new(a.end_date),
            supplementary: RwSignal::new(a.supplementary),
            chronic: RwSignal::new(a.chronic),
            commitment: RwSignal::new(a.commitment),
            referral_institution: RwSignal::new(a.referral_institution),
            idempotency_key: RwSignal::new(a.idempotency_key),
        }
    }

    /// A snapshot of every answer (tracked: an effect reading it reruns on any change).
    pub fn answers(&self) -> Answers {
        Answers {
            applicant: self.applicant.get(),
            filer_name: self.filer_name.get(),
            relation: self.relation.get(),
            name: self.name.get(),
            resident_id: self.resident_id.get(),
            phone: self.phone.get(),
            insured_province: self.insured_province.get(),
            insured_city: self.insured_city.get(),
            scheme: self.scheme.get(),
            category: self.category.get(),
            destination_province: self.destination_province.get(),
            destination_scope: self.destination_scope.get(),
            destination_city: self.destination_city.get(),
            start_date: self.start_date.get(),
            end_date: self.end_date.get(),
            supplementary: self.supplementary.get(),
            chronic: self.chronic.get(),
            commitment: self.commitment.get(),
            referral_institution: self.referral_institution.get(),
            idempotency_key: self.idempotency_key.get(),
        }
    }

    /// Empties every answer (after a successful submit); the effect then removes the stored copy.
    pub fn clear(&self) {
        let empty = Draft::new(Answers::default());
        self.set_all(&empty.answers_untracked());
    }

    pub fn answers_untracked(&self) -> Answers {
        untrack(|| self.answers())
    }

    fn set_all(&self, a: &Answers) {
        self.applicant.set(a.applicant.clone());
        self.filer_name.set(a.filer_name.clone());
        self.relation.set(a.relation.clone());
        self.name.set(a.name.clone());
        self.resident_id.set(a.resident_id.clone());
        self.phone.set(a.phone.clone());
        self.insured_province.set(a.insured_province.clone());
        self.insured_city.set(a.insured_city.clone());
        self.scheme.set(a.scheme.clone());
        self.category.set(a.category.clone());
        self.destination_province
            .set(a.destination_province.clone());
        self.destination_scope.set(a.destination_scope.clone());
        self.destination_city.set(a.destination_city.clone());
        self.start_date.set(a.start_date.clone());
        self.end_date.set(a.end_date.clone());
        self.supplementary.set(a.supplementary.clone());
        self.chronic.set(a.chronic.clone());
        self.commitment.set(a.commitment);
        self.referral_institution
            .set(a.referral_institution.clone());
        self.idempotency_key.set(a.idempotency_key.clone());
    }
}

/// Restores the stored draft, provides it, and stores every answer the moment it changes.
pub fn provide_draft() -> Draft {
    let storage = window().local_storage().ok().flatten();
    let stored = storage
        .as_ref()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str::<Answers>(&text).ok())
        .unwrap_or_default();
    let draft = Draft::new(stored);
    Effect::new(move |_| {
        let answers = draft.answers();
        if let Some(storage) = &storage {
            let _ = if answers == Answers::default() {
                storage.remove_item(STORAGE_KEY)
            } else {
                storage.set_item(
                    STORAGE_KEY,
                    &serde_json::to_string(&answers).unwrap_or_default(),
                )
            };
        }
    });
    provide_context(draft);
    draft
}

pub fn use_draft() -> Draft {
    expect_context::<Draft>()
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
