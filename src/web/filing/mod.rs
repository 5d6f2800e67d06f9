//! 备案: the filing journey, a question a page, with the draft kept on the device throughout.

mod draft;
mod pages;
pub mod store;
mod submit;
pub mod text;

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::filing::FilingRules;
use crate::domain::policy::PlaceRules;
use crate::domain::regions::Regions;
use crate::web::data::{Load, use_data, use_data_later};

pub use pages::{
    CategoryPage, CheckPage, DatesPage, DestinationPage, DonePage, InsuredPage, PersonPage,
    ProofPage, StartPage, WhoPage, across_from, city_choices, keep_city_in_province, place_name,
    province_choices,
};

/// The reference data a filing is checked against: the regions and the insured places' rules (`web::data`).
#[derive(Clone, Copy)]
pub struct Reference {
    pub regions: Signal<Option<Arc<Regions>>>,
    pub place_rules: Signal<Option<Arc<PlaceRules>>>,
}

impl Reference {
    fn of(regions: Signal<Load<Regions>>, place_rules: Signal<Load<PlaceRules>>) -> Self {
        Reference {
            regions: Signal::derive(move || regions.read().ready()),
            place_rules: Signal::derive(move || place_rules.read().ready()),
        }
    }

    /// The insured place's filing rules; the national defaults until the rules have loaded.
    pub fn rules(&self, insured_city: &str) -> FilingRules {
        self.place_rules
            .read()
            .as_ref()
            .map(|rules| rules.filing_rules(insured_city))
            .unwrap_or_default()
    }
}

/// The frame of every `/file/...` page: provides the draft (kept on the device, so each page reads the same one).
#[component]
pub fn FilingJourney(children: Children) -> impl IntoView {
    draft::provide_draft();
    children()
}

/// The regions and the insured places' rules, as loaded once for the whole app.
pub fn use_reference() -> Reference {
    Reference::of(use_data(), use_data())
}

/// The same, fetched only once read ([`use_data_later`]).
pub fn use_reference_later() -> Reference {
    Reference::of(use_data_later(), use_data_later())
}
