//! The filing draft as signals, one per answer, kept in local storage as it is given.

use leptos::prelude::*;

use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::filing::{Answers, ForWhom, Relation, Scope, Supplementary};

const STORAGE_KEY: &str = "yidi.filing.draft";

/// The draft as signals, one per answer, provided once for the journey.
#[derive(Clone, Copy)]
pub struct Draft {
    pub applicant: RwSignal<Option<ForWhom>>,
    pub filer_name: RwSignal<String>,
    pub relation: RwSignal<Option<Relation>>,
    pub name: RwSignal<String>,
    pub resident_id: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub insured_province: RwSignal<String>,
    pub insured_city: RwSignal<String>,
    pub scheme: RwSignal<Option<Scheme>>,
    pub category: RwSignal<Option<FilingCategory>>,
    pub destination_province: RwSignal<String>,
    pub destination_scope: RwSignal<Option<Scope>>,
    pub destination_city: RwSignal<String>,
    pub start_date: RwSignal<String>,
    pub end_date: RwSignal<String>,
    pub supplementary: RwSignal<Option<Supplementary>>,
    pub chronic: RwSignal<Vec<ChronicDisease>>,
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
        self.applicant.set(a.applicant);
        self.filer_name.set(a.filer_name.clone());
        self.relation.set(a.relation);
        self.name.set(a.name.clone());
        self.resident_id.set(a.resident_id.clone());
        self.phone.set(a.phone.clone());
        self.insured_province.set(a.insured_province.clone());
        self.insured_city.set(a.insured_city.clone());
        self.scheme.set(a.scheme);
        self.category.set(a.category);
        self.destination_province
            .set(a.destination_province.clone());
        self.destination_scope.set(a.destination_scope);
        self.destination_city.set(a.destination_city.clone());
        self.start_date.set(a.start_date.clone());
        self.end_date.set(a.end_date.clone());
        self.supplementary.set(a.supplementary);
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
        .and_then(|text| crate::domain::json::from_str::<Answers>(&text))
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
