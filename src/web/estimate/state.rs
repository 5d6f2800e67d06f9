//! The estimator's input as signals, and its two homes in the browser: the address and local storage. The input
//! itself and its link form are in the domain (`domain::estimate::input`), where they are tested and fuzzed.

use leptos::prelude::*;

use crate::domain::estimate::input::{FIELDS, input_fields as fields};
pub use crate::domain::estimate::{Input, ItemInput};
use crate::domain::route::Page;

const STORAGE_KEY: &str = "yidi.estimate";
/// The query this device last wrote into the estimator's address.
const ADDRESS_KEY: &str = "yidi.estimate.address";

/// One itemised row: its own signals, and a key that survives removing the rows above it.
#[derive(Clone, Copy)]
pub struct ItemRow {
    pub key: u32,
    pub name: RwSignal<String>,
    pub kind: RwSignal<String>,
    pub amount: RwSignal<String>,
    pub share: RwSignal<String>,
}

impl ItemRow {
    fn new(key: u32, item: &ItemInput) -> Self {
        ItemRow {
            key,
            name: RwSignal::new(item.name.clone()),
            kind: RwSignal::new(item.kind.clone()),
            amount: RwSignal::new(item.amount.clone()),
            share: RwSignal::new(item.share.clone()),
        }
    }

    fn get(&self) -> ItemInput {
        ItemInput {
            name: self.name.get(),
            kind: self.kind.get(),
            amount: self.amount.get(),
            share: self.share.get(),
        }
    }
}

/// The input as signals, one per field, so each input re-renders alone.
#[derive(Clone, Copy)]
pub struct State {
    pub insured_province: RwSignal<String>,
    pub insured_city: RwSignal<String>,
    pub scheme: RwSignal<String>,
    pub treatment_province: RwSignal<String>,
    pub treatment_city: RwSignal<String>,
    pub setting: RwSignal<String>,
    pub level: RwSignal<String>,
    pub disease: RwSignal<String>,
    pub filing: RwSignal<String>,
    pub date: RwSignal<String>,
    pub first_stay: RwSignal<String>,
    pub mode: RwSignal<String>,
    pub class_a: RwSignal<String>,
    pub class_b: RwSignal<String>,
    pub class_c: RwSignal<String>,
    pub services: RwSignal<String>,
    pub items: RwSignal<Vec<ItemRow>>,
    next_key: StoredValue<u32>,
    /// The page's owner: rows made later (in an effect, a click) must live as long as the page, not the handler.
    owner: StoredValue<Owner>,
    pub ytd_deductible: RwSignal<String>,
    pub ytd_fund: RwSignal<String>,
    pub ytd_in_scope: RwSignal<String>,
    pub my_deductible: RwSignal<String>,
    pub my_bands: RwSignal<String>,
    pub my_cap: RwSignal<String>,
    pub my_reduction: RwSignal<String>,
    pub my_reduction_value: RwSignal<String>,
    pub my_class_b: RwSignal<String>,
    pub my_class_b_amount: RwSignal<String>,
    pub my_bands_counted: RwSignal<String>,
    pub my_deductible_per: RwSignal<String>,
    pub my_band_basis: RwSignal<String>,
}

impl State {
    pub fn new(input: &Input) -> State {
        macro_rules! build {
            ($(($k:literal, $field:ident)),*) => {
                State {
                    $($field: RwSignal::new(input.$field.clone()),)*
                    items: RwSignal::new(Vec::new()),
                    next_key: StoredValue::new(0),
                    owner: StoredValue::new(Owner::current().unwrap_or_default()),
                }
            };
        }
        let state = fields!(build);
        state.set_items(&input.items);
        state
    }

    /// The signal of every plain field, in [`Input::plain`]'s order.
    fn plain(&self) -> [RwSignal<String>; FIELDS] {
        macro_rules! signals {
            ($(($k:literal, $field:ident)),*) => {
                [$(self.$field),*]
            };
        }
        fields!(signals)
    }

    /// Everything, tracked: a memo reading it follows every keystroke.
    pub fn get(&self) -> Input {
        let mut input = Input {
            items: self.items.get().iter().map(ItemRow::get).collect(),
            ..Input::default()
        };
        for ((_, _, field), signal) in input.plain_mut().into_iter().zip(self.plain()) {
            *field = signal.get();
        }
        input
    }

    /// Replaces everything (start again, an import).
    pub fn set(&self, input: &Input) {
        for ((_, _, value), signal) in input.plain().into_iter().zip(self.plain()) {
            signal.set(value.clone());
        }
        self.set_items(&input.items);
    }

    fn set_items(&self, items: &[ItemInput]) {
        let rows = items.iter().map(|item| self.row(item)).collect();
        self.items.set(rows);
    }

    fn row(&self, item: &ItemInput) -> ItemRow {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.owner
            .with_value(|owner| owner.with(|| ItemRow::new(key, item)))
    }

    pub fn add_item(&self) {
        let row = self.row(&ItemInput::default());
        self.items.update(|rows| rows.push(row));
    }

    pub fn remove_item(&self, key: u32) {
        self.items.update(|rows| rows.retain(|r| r.key != key));
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored(key: &str) -> Option<String> {
    local_storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// The input to start with: the link's when it carries one, else the one kept on this device. The link this
/// device last wrote into the address is its own: the device then holds what was typed since (the address
/// follows a moment later, `remember_in_address`), which a quick reload must not lose.
pub fn initial(query: &str) -> Input {
    let kept = || stored(STORAGE_KEY).and_then(|text| Input::from_kept(&text));
    let from_link = Input::from_query(query);
    if !from_link.is_empty() {
        let own_link =
            stored(ADDRESS_KEY).is_some_and(|last| Input::from_query(&last) == from_link);
        return own_link.then(kept).flatten().unwrap_or(from_link);
    }
    kept().unwrap_or_else(fresh)
}

/// The input of a first visit, and of starting again: a bill by its totals, a first stay, care today.
pub fn fresh() -> Input {
    Input {
        mode: "quick".to_owned(),
        first_stay: "1".to_owned(),
        date: crate::web::clock::china_today().to_string(),
        ..Input::default()
    }
}

/// Keeps the input in the address, replacing the history entry so back still leaves the page. An input too long
/// for a link (`LINK_LIMIT`) leaves the address bare: a reload then finds it on the device, where a too-long
/// address would have been refused before the page loaded. Written a moment after a change, so it does nothing
/// once the person has left the estimator: the address is then another page's.
pub fn remember_in_address(input: &Input) {
    let path = Page::Estimate.href();
    if window().location().pathname().ok().as_deref() != Some(path) {
        return;
    }
    let query = input.link_query().unwrap_or_default();
    let url = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    let location = window().location();
    let current = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    // The same address is not written again (the page's effect runs on every change of the input).
    let written = current == url
        || window().history().is_ok_and(|history| {
            let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
            history
                .replace_state_with_url(&state, "", Some(&url))
                .is_ok()
        });
    if written && let Some(storage) = local_storage() {
        let _ = storage.set_item(ADDRESS_KEY, &query);
    }
}

/// Keeps the input on this device, so a reload (or coming back later) finds it.
pub fn remember_on_device(input: &Input) {
    let Some(storage) = local_storage() else {
        return;
    };
    if input.is_empty() {
        let _ = storage.remove_item(STORAGE_KEY);
    } else {
        let _ = storage.set_item(STORAGE_KEY, &input.to_query());
    }
}
