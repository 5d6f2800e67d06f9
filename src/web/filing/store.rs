//! The filings made on this device, kept in local storage (masked views only, never the full ID number).

use crate::domain::filing::FilingView;

const STORAGE_KEY: &str = "yidi.filings";

pub fn load() -> Vec<FilingView> {
    leptos::prelude::window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Adds or replaces the filing with this number, newest first.
pub fn save(filing: &FilingView) {
    let mut filings = load();
    filings.retain(|f| f.number != filing.number);
    filings.insert(0, filing.clone());
    if let (Some(storage), Ok(text)) = (
        leptos::prelude::window().local_storage().ok().flatten(),
        serde_json::to_string(&filings),
    ) {
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

pub fn find(number: &str) -> Option<FilingView> {
    load().into_iter().find(|f| f.number == number)
}
