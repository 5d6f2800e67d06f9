//! 备案: the filing journey, a question a page, with the draft kept on the device throughout.

mod draft;
mod pages;
pub mod store;
mod submit;
pub mod text;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Outlet;

use crate::domain::filing::FilingRules;
use crate::domain::policy::PolicyData;
use crate::domain::regions::Regions;
use crate::web::data::read_data_file;

pub use pages::{
    CategoryPage, CheckPage, DatesPage, DestinationPage, DonePage, InsuredPage, PersonPage,
    ProofPage, StartPage, WhoPage, city_choices, keep_city_in_province, place_name,
    province_choices,
};

/// The reference data a filing is checked against, loaded once for the journey.
#[derive(Clone, Copy)]
pub struct Reference {
    pub regions: RwSignal<Option<Arc<Regions>>>,
    pub policy: RwSignal<Option<Arc<PolicyData>>>,
}

impl Reference {
    /// The insured place's filing rules; the national defaults until the policy data has loaded.
    pub fn rules(&self, insured_city: &str) -> FilingRules {
        self.policy
            .read()
            .as_ref()
            .map(|policy| policy.filing_rules(insured_city).0)
            .unwrap_or_default()
    }
}

/// The frame of every `/file/...` page: provides the draft and the reference data.
#[component]
pub fn FilingJourney() -> impl IntoView {
    draft::provide_draft();
    provide_reference();
    view! { <Outlet /> }
}

/// Loads the regions and the policy data once and provides them to the pages below.
pub fn provide_reference() -> Reference {
    let reference = Reference {
        regions: RwSignal::new(None),
        policy: RwSignal::new(None),
    };
    leptos::task::spawn_local(async move {
        if let Some(regions) =
            read_data_file("/data/regions.json", |t| Regions::from_json(t).ok()).await
        {
            reference.regions.set(Some(Arc::new(regions)));
        }
    });
    leptos::task::spawn_local(async move {
        if let Some(policy) =
            read_data_file("/data/policy.json", |t| PolicyData::from_json(t).ok()).await
        {
            reference.policy.set(Some(Arc::new(policy)));
        }
    });
    provide_context(reference);
    reference
}

pub fn use_reference() -> Reference {
    expect_context::<Reference>()
}
