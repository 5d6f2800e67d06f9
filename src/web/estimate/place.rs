//! A place picker: province then city, with a search box that finds a city by Chinese, pinyin, initials or English
//! (the pinyin-based name shown, or another people use: Urumqi, Lhasa, Harbin).

use std::sync::Arc;

use leptos::prelude::*;

use super::text::use_text;
use crate::domain::lang::Lang;
use crate::domain::regions::{Match, Regions};
use crate::web::components::{FieldError, SelectField, city_choices, province_choices};
use crate::web::i18n::use_i18n;

/// The ids of one picker's inputs.
#[derive(Clone, Copy)]
pub struct PlaceIds {
    pub search: &'static str,
    pub province: &'static str,
    pub city: &'static str,
}

#[component]
pub fn PlacePicker(
    ids: PlaceIds,
    #[prop(into)] legend: Signal<&'static str>,
    #[prop(into)] hint: Signal<&'static str>,
    province: RwSignal<String>,
    city: RwSignal<String>,
    regions: Signal<Option<Arc<Regions>>>,
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = use_text();
    let query = RwSignal::new(String::new());

    // A city from another province is no answer: a municipality is its own city, otherwise choose again.
    Effect::new(move |_| {
        let p = province.get();
        let Some(regions) = regions.get() else { return };
        let c = city.get_untracked();
        if p.is_empty() || c.get(..2) == p.get(..2) {
            return;
        }
        city.set(if regions.is_municipality(&p) {
            p
        } else {
            String::new()
        });
    });

    let provinces = province_choices(i18n, regions);
    let cities = city_choices(i18n, regions, province.into());
    let hits = move || {
        let q = query.get();
        let lang = i18n.lang();
        let regions = regions.get()?;
        if q.trim().is_empty() {
            return None;
        }
        let found: Vec<(String, String, String)> = regions
            .search(&q, 6)
            .into_iter()
            .map(|m| {
                let (province_code, city_code) = match m {
                    Match::City(c) => (c.province_code.clone(), c.code.clone()),
                    Match::Province(p) => (p.code.clone(), String::new()),
                };
                let label = match (m, lang) {
                    (Match::City(c), Lang::Zh) => {
                        let p = regions.province(&c.province_code).map(|p| p.name.as_str());
                        match p {
                            Some(p) if p != c.name => format!("{} · {p}", c.name),
                            _ => c.name.clone(),
                        }
                    }
                    (Match::City(c), Lang::En) => {
                        // The name people know beside the pinyin the city list shows: "Wulumuqi (Urumqi)".
                        let name = match c.other_names.first() {
                            Some(other) => format!("{} ({other})", c.english),
                            None => c.english.clone(),
                        };
                        let p = regions
                            .province(&c.province_code)
                            .map(|p| p.english.as_str());
                        match p {
                            Some(p) if p != c.english => format!("{name}, {p}"),
                            _ => name,
                        }
                    }
                    (Match::Province(p), Lang::Zh) => p.name.clone(),
                    (Match::Province(p), Lang::En) => p.english.clone(),
                };
                (province_code, city_code, label)
            })
            .collect();
        Some(found)
    };

    view! {
        <fieldset class="fieldset place-picker">
            <legend class="legend">{move || legend.get()}</legend>
            <p class="hint">{move || hint.get()}</p>
            <div class="field place-search">
                <label class="label" for=ids.search>{move || t().search_label}</label>
                <input
                    class="field__input"
                    id=ids.search
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=move || t().search_hint
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                {move || {
                    hits()
                        .map(|found| {
                            if found.is_empty() {
                                view! { <p class="place-search__none">{t().search_none}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="place-search__results">
                                        {found
                                            .into_iter()
                                            .map(|(p, c, label)| {
                                                view! {
                                                    <li>
                                                        <button
                                                            type="button"
                                                            class="place-search__hit"
                                                            on:click=move |_| {
                                                                province.set(p.clone());
                                                                city.set(c.clone());
                                                                query.set(String::new());
                                                            }
                                                        >
                                                            {label}
                                                        </button>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                }}
            </div>
            <div class="place-picker__selects">
                <SelectField
                    id=ids.province
                    label=Signal::derive(move || t().province)
                    placeholder=Signal::derive(move || i18n.t().form.select_placeholder)
                    choices=provinces
                    value=province
                    errors
                />
                <SelectField
                    id=ids.city
                    label=Signal::derive(move || t().city)
                    placeholder=Signal::derive(move || i18n.t().form.select_placeholder)
                    choices=cities
                    value=city
                    errors
                />
            </div>
        </fieldset>
    }
}
