//! The bill, two ways: totals by kind, or item by item with the sample directory to pick from.

use crate::domain::json::{FromJson, Json};
use leptos::prelude::*;

use super::ids::item_field;
use super::state::State;
use super::text::use_text;
use crate::domain::lang::Lang;
use crate::domain::route::DataFile;
use crate::web::components::{Choice, FieldError, SelectField, TextField};
use crate::web::data::{Reference, use_data};
use crate::web::i18n::use_i18n;

/// `public/data/directory-sample.json`: a labelled sample of the national drug list.
#[derive(Debug, Clone, PartialEq)]
pub struct Directory {
    pub items: Vec<DirectoryItem>,
    pub class_b_shares: Vec<PlaceShare>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DirectoryItem {
    pub zh: String,
    pub en: String,
    pub form_zh: Option<String>,
    pub form_en: Option<String>,
    /// `a` or `b`.
    pub class: String,
}

impl DirectoryItem {
    fn name(&self, lang: Lang) -> String {
        match (lang, &self.form_zh, &self.form_en) {
            (Lang::Zh, Some(form), _) => format!("{}（{form}）", self.zh),
            (Lang::En, _, Some(form)) => format!("{} ({form})", self.en),
            (Lang::Zh, None, _) => self.zh.clone(),
            (Lang::En, _, None) => self.en.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlaceShare {
    pub region_code: String,
    /// A decimal share, e.g. `0.10`.
    pub share: String,
}

impl FromJson for Directory {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Directory {
            items: json.field("items")?,
            class_b_shares: json.field("class_b_shares")?,
        })
    }
}

impl FromJson for DirectoryItem {
    fn from_json(json: &Json) -> Option<Self> {
        Some(DirectoryItem {
            zh: json.field("zh")?,
            en: json.field("en")?,
            form_zh: json.field_or_default("form_zh")?,
            form_en: json.field_or_default("form_en")?,
            class: json.field("class")?,
        })
    }
}

impl FromJson for PlaceShare {
    fn from_json(json: &Json) -> Option<Self> {
        Some(PlaceShare {
            region_code: json.field("region_code")?,
            share: json.field("share")?,
        })
    }
}

const AMOUNT_INPUT: &str = "field__input estimate-amount";

#[component]
pub fn QuickBill(state: State, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let t = use_text();
    let hint = move |h: fn(&'static super::text::EstimateText) -> &'static str| {
        Signal::derive(move || Some(h(t())))
    };
    view! {
        <TextField
            id="class-a"
            label=Signal::derive(move || t().class_a_total)
            hint=hint(|t| t.class_a_hint)
            value=state.class_a
            errors
            inputmode="decimal"
            class=AMOUNT_INPUT
        />
        <TextField
            id="class-b"
            label=Signal::derive(move || t().class_b_total)
            hint=hint(|t| t.class_b_hint)
            value=state.class_b
            errors
            inputmode="decimal"
            class=AMOUNT_INPUT
        />
        <TextField
            id="class-c"
            label=Signal::derive(move || t().class_c_total)
            hint=hint(|t| t.class_c_hint)
            value=state.class_c
            errors
            inputmode="decimal"
            class=AMOUNT_INPUT
        />
        <TextField
            id="services"
            label=Signal::derive(move || t().services_total)
            hint=hint(|t| t.services_hint)
            value=state.services
            errors
            inputmode="decimal"
            class=AMOUNT_INPUT
        />
    }
}

impl Reference for Directory {
    const FILE: DataFile = DataFile::DirectorySample;
    fn read(text: &str) -> Option<Self> {
        crate::domain::json::from_str(text)
    }
}

/// The bill item by item. Its code is a split of its own with the sample directory it reads (`items_bill` in
/// `super`), fetched only when the person chooses to enter items.
#[component]
pub fn ItemsBill(state: State, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let t = use_text();
    let i18n = use_i18n();
    let directory = {
        let load = use_data::<Directory>();
        Signal::derive(move || load.read().ready())
    };
    let kinds = Signal::derive(move || {
        let t = t();
        [
            ("a", t.class_a),
            ("b", t.class_b),
            ("c", t.class_c),
            ("s", t.services),
        ]
        .into_iter()
        .map(|(value, label)| Choice {
            value: value.to_owned(),
            label: label.to_owned(),
            hint: None,
        })
        .collect::<Vec<_>>()
    });
    // The treatment place's Class B share where the sample has a sourced one, as a percentage to fill in.
    let place_share = move || {
        let place = state.treatment_city.get();
        directory.get().and_then(|d| {
            d.class_b_shares
                .iter()
                .find(|s| s.region_code == place)
                .and_then(|s| s.share.parse::<rust_decimal::Decimal>().ok())
                .map(|share| {
                    (share * rust_decimal::Decimal::ONE_HUNDRED)
                        .normalize()
                        .to_string()
                })
        })
    };

    let rows = move || {
        state
            .items
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, row)| {
                let pick_id = item_field(index, "pick");
                let pick = move |ev: leptos::ev::Event| {
                    let chosen = event_target_value(&ev);
                    let Some(item) = chosen
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| directory.get_untracked().and_then(|d| d.items.get(n).cloned()))
                    else {
                        return;
                    };
                    row.name.set(item.name(i18n.lang()));
                    row.kind.set(item.class.clone());
                    if item.class == "b" {
                        row.share.set(place_share().unwrap_or_default());
                    } else {
                        row.share.set(String::new());
                    }
                };
                view! {
                    <fieldset class="estimate-item">
                        <legend class="legend">{move || t().item.replace("{n}", &(index + 1).to_string())}</legend>
                        <div class="field">
                            <label class="label" for=pick_id>{move || t().item_from_directory}</label>
                            <select class="field__select" id=pick_id on:change=pick>
                                <option value="">{move || t().item_directory_none}</option>
                                {move || {
                                    let lang = i18n.lang();
                                    directory
                                        .get()
                                        .map(|d| {
                                            d.items
                                                .iter()
                                                .enumerate()
                                                .map(|(n, item)| {
                                                    let class = if item.class == "a" { "甲" } else { "乙" };
                                                    view! {
                                                        <option value=n.to_string()>
                                                            {format!("{} · {class}", item.name(lang))}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()
                                        })
                                }}
                            </select>
                        </div>
                        <TextField
                            id=item_field(index, "name")
                            label=Signal::derive(move || t().item_name)
                            value=row.name
                            errors
                        />
                        <SelectField
                            id=item_field(index, "kind")
                            label=Signal::derive(move || t().item_kind)
                            placeholder=Signal::derive(move || i18n.t().form.select_placeholder)
                            choices=kinds
                            value=row.kind
                            errors
                        />
                        <TextField
                            id=item_field(index, "amount")
                            label=Signal::derive(move || t().item_amount)
                            value=row.amount
                            errors
                            inputmode="decimal"
                            class=AMOUNT_INPUT
                        />
                        <Show when=move || row.kind.get() == "b">
                            <TextField
                                id=item_field(index, "share")
                                label=Signal::derive(move || t().item_share)
                                hint=Signal::derive(move || Some(t().item_share_hint))
                                value=row.share
                                errors
                                inputmode="decimal"
                                class="field__input estimate-percent"
                            />
                        </Show>
                        <button
                            type="button"
                            class="button button--secondary estimate-item__remove"
                            on:click=move |_| state.remove_item(row.key)
                        >
                            {move || t().remove_item}
                            <span class="visually-hidden">
                                {move || format!(" {}", t().item.replace("{n}", &(index + 1).to_string()))}
                            </span>
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };

    view! {
        <p class="estimate-sample-note">{move || t().directory_note}</p>
        {rows}
        <button type="button" class="button button--secondary" on:click=move |_| state.add_item()>
            {move || t().add_item}
        </button>
    }
}
