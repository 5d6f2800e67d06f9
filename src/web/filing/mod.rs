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
use crate::web::tasks::yield_to_browser;

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

async fn fetch_text(url: &str) -> Option<String> {
    let response = gloo_net::http::Request::get(url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
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
    // Each file read in a task of its own, and what it changes on the page in the next one.
    leptos::task::spawn_local(async move {
        if let Some(text) = fetch_text("/data/regions.json").await {
            let regions = Regions::from_json(&text).ok().map(Arc::new);
            yield_to_browser().await;
            reference.regions.set(regions);
        }
    });
    leptos::task::spawn_local(async move {
        if let Some(text) = fetch_text("/data/policy.json").await {
            let policy = PolicyData::from_json(&text).ok().map(Arc::new);
            yield_to_browser().await;
            reference.policy.set(policy);
        }
    });
    provide_context(reference);
    reference
}

pub fn use_reference() -> Reference {
    expect_context::<Reference>()
}
