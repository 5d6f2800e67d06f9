//! Sends the filing to the server, once, however often the person has to retry.

use serde::Deserialize;

use crate::domain::filing::{FilingRequest, FilingView};
use crate::domain::lang::Lang;

#[derive(Deserialize)]
struct Created {
    filing: FilingView,
}

#[derive(Deserialize)]
struct Rejected {
    #[serde(default)]
    errors: Vec<ErrorItem>,
    error: ErrorItem,
}

#[derive(Deserialize, Clone)]
pub struct ErrorItem {
    #[serde(default)]
    pub field: Option<String>,
    pub message: String,
}

pub enum Outcome {
    Filed(FilingView),
    /// The server checked the filing and refused it: these problems, in the person's language.
    Rejected(Vec<ErrorItem>),
    /// Nothing was decided (network down, server stopped): the draft stays, a retry is safe.
    Unreachable,
}

/// POSTs with the draft's idempotency key, so a retry after a lost answer returns the same filing.
pub async fn submit(request: &FilingRequest, key: &str, lang: Lang) -> Outcome {
    let sent = gloo_net::http::Request::post("/api/filings")
        .header("Idempotency-Key", key)
        .header("Accept-Language", lang.tag())
        .json(request);
    let response = match sent {
        Ok(request) => request.send().await,
        Err(_) => return Outcome::Unreachable,
    };
    let Ok(response) = response else {
        return Outcome::Unreachable;
    };
    match response.status() {
        200 | 201 => match response.json::<Created>().await {
            Ok(created) => Outcome::Filed(created.filing),
            Err(_) => Outcome::Unreachable,
        },
        400..=499 if response.status() != 429 => match response.json::<Rejected>().await {
            Ok(rejected) if rejected.errors.is_empty() => Outcome::Rejected(vec![rejected.error]),
            Ok(rejected) => Outcome::Rejected(rejected.errors),
            Err(_) => Outcome::Unreachable,
        },
        _ => Outcome::Unreachable,
    }
}
