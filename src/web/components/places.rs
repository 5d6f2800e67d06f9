//! Province and city choices from the regions data, named in the page's language.

use std::sync::Arc;

use leptos::prelude::*;

use super::Choice;
use crate::domain::regions::Regions;
use crate::web::i18n::I18n;

/// Every province, once the regions have loaded.
pub fn province_choices(i18n: I18n, regions: Signal<Option<Arc<Regions>>>) -> Signal<Vec<Choice>> {
    Signal::derive(move || {
        let lang = i18n.lang();
        regions
            .get()
            .map(|r| {
                r.provinces()
                    .iter()
                    .map(|p| Choice {
                        value: p.code.clone(),
                        label: p.display_name(lang).to_owned(),
                        hint: None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The cities of the chosen province (a municipality is its own one city).
pub fn city_choices(
    i18n: I18n,
    regions: Signal<Option<Arc<Regions>>>,
    province: Signal<String>,
) -> Signal<Vec<Choice>> {
    Signal::derive(move || {
        let lang = i18n.lang();
        let province = province.get();
        regions
            .get()
            .map(|r| {
                r.cities_of(&province)
                    .map(|c| Choice {
                        value: c.code.clone(),
                        label: c.display_name(lang).to_owned(),
                        hint: None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    })
}
