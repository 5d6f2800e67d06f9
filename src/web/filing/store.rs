//! The filings made on this device, kept in local storage (masked views only, never the full ID number).

use crate::domain::filing::FilingView;

const STORAGE_KEY: &str = "yidi.filings";
/// The number of the filing this device submitted last, so the check page can say so after back.
const SUBMITTED_KEY: &str = "yidi.filing.submitted";

pub fn load() -> Vec<FilingView> {
    leptos::prelude::window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| crate::domain::json::from_str(&text))
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

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

pub fn remember_submitted(number: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(SUBMITTED_KEY, number);
    }
}

/// The filing this device submitted last, as kept with the device's filings.
pub fn last_submitted() -> Option<FilingView> {
    let number = storage()?.get_item(SUBMITTED_KEY).ok().flatten()?;
    find(&number)
}
