//! The estimator's input exactly as typed, its signals, and its two homes: the URL query and local storage.
//!
//! Every value is a string, so nothing typed is ever lost to parsing. The URL form uses short keys so a link
//! stays short enough to send in a chat message.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "yidi.estimate";

/// One line of an itemised bill, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemInput {
    pub name: String,
    /// `a`, `b`, `c` or `s` (Class A, Class B, Class C/self-pay, service); empty when not chosen.
    pub kind: String,
    pub amount: String,
    /// Percent, Class B only.
    pub share: String,
}

/// The whole input of one estimate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Input {
    pub insured_province: String,
    pub insured_city: String,
    pub scheme: String,
    pub treatment_province: String,
    pub treatment_city: String,
    pub setting: String,
    pub level: String,
    pub disease: String,
    pub filing: String,
    pub date: String,
    /// `1` unless the person said this is not the year's first stay.
    pub first_stay: String,
    /// `quick` or `items`.
    pub mode: String,
    pub class_a: String,
    pub class_b: String,
    pub class_c: String,
    pub services: String,
    pub items: Vec<ItemInput>,
    pub ytd_deductible: String,
    pub ytd_fund: String,
    pub my_deductible: String,
    pub my_bands: String,
    pub my_cap: String,
    pub my_reduction: String,
    pub my_reduction_value: String,
    pub my_class_b: String,
    /// Set by an import only: `year` or `settlement` for the deductible, `expense` or `above_deductible` for bands.
    pub my_deductible_per: String,
    pub my_band_basis: String,
}

/// (URL key, field) for every plain field; items are encoded apart.
macro_rules! fields {
    ($m:ident) => {
        $m!(
            ("ip", insured_province),
            ("ic", insured_city),
            ("sc", scheme),
            ("tp", treatment_province),
            ("tc", treatment_city),
            ("st", setting),
            ("lv", level),
            ("ds", disease),
            ("fi", filing),
            ("dt", date),
            ("fs", first_stay),
            ("m", mode),
            ("qa", class_a),
            ("qb", class_b),
            ("qc", class_c),
            ("qs", services),
            ("yd", ytd_deductible),
            ("yf", ytd_fund),
            ("od", my_deductible),
            ("ob", my_bands),
            ("oc", my_cap),
            ("or", my_reduction),
            ("ov", my_reduction_value),
            ("os", my_class_b),
            ("op", my_deductible_per),
            ("oa", my_band_basis)
        )
    };
}

impl Input {
    /// The query string (without `?`): only non-empty fields, items as `it=kind~amount~share~name`.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        macro_rules! put {
            ($(($key:literal, $field:ident)),*) => {
                $(if !self.$field.is_empty() {
                    parts.push(format!("{}={}", $key, encode(&self.$field)));
                })*
            };
        }
        fields!(put);
        for item in &self.items {
            parts.push(format!(
                "it={}~{}~{}~{}",
                encode(&item.kind),
                encode(&item.amount),
                encode(&item.share),
                encode(&item.name)
            ));
        }
        parts.join("&")
    }

    /// Reads a query string (with or without `?`); unknown keys are ignored.
    pub fn from_query(query: &str) -> Input {
        let mut input = Input::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            if key == "it" {
                let mut parts = raw.split('~').map(decode);
                input.items.push(ItemInput {
                    kind: parts.next().unwrap_or_default(),
                    amount: parts.next().unwrap_or_default(),
                    share: parts.next().unwrap_or_default(),
                    name: parts.next().unwrap_or_default(),
                });
                continue;
            }
            let value = decode(raw);
            macro_rules! get {
                ($(($k:literal, $field:ident)),*) => {
                    match key {
                        $($k => input.$field = value,)*
                        _ => {}
                    }
                };
            }
            fields!(get);
        }
        input
    }

    pub fn is_empty(&self) -> bool {
        *self == Input::default()
    }
}

/// Percent-encodes everything but the unreserved characters, so `~`, `&` and `=` can separate.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?))
            .flatten();
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

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
    pub my_deductible: RwSignal<String>,
    pub my_bands: RwSignal<String>,
    pub my_cap: RwSignal<String>,
    pub my_reduction: RwSignal<String>,
    pub my_reduction_value: RwSignal<String>,
    pub my_class_b: RwSignal<String>,
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

    /// Everything, tracked: a memo reading it follows every keystroke.
    pub fn get(&self) -> Input {
        macro_rules! read {
            ($(($k:literal, $field:ident)),*) => {
                Input {
                    $($field: self.$field.get(),)*
                    items: self.items.get().iter().map(ItemRow::get).collect(),
                }
            };
        }
        fields!(read)
    }

    /// Replaces everything (start again, an import).
    pub fn set(&self, input: &Input) {
        macro_rules! write {
            ($(($k:literal, $field:ident)),*) => {
                $(self.$field.set(input.$field.clone());)*
            };
        }
        fields!(write);
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

/// The input to start with: the link's when it carries one, else the one kept on this device.
pub fn initial(query: &str) -> Input {
    let from_link = Input::from_query(query);
    if !from_link.is_empty() {
        return from_link;
    }
    local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_else(|| Input {
            mode: "quick".to_owned(),
            first_stay: "1".to_owned(),
            date: crate::web::clock::china_today().to_string(),
            ..Input::default()
        })
}

/// Keeps the input in the address, replacing the history entry so back still leaves the page.
pub fn remember_in_address(input: &Input) {
    let query = input.to_query();
    let path = window().location().pathname().unwrap_or_default();
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    if let Ok(history) = window().history() {
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
}

/// Keeps the input on this device, so a reload (or coming back later) finds it.
pub fn remember_on_device(input: &Input) {
    let Some(storage) = local_storage() else {
        return;
    };
    match serde_json::to_string(input) {
        Ok(json) if !input.is_empty() => {
            let _ = storage.set_item(STORAGE_KEY, &json);
        }
        _ => {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }
}
