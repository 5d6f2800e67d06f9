//! Sends the filing to the server, once, however often the person has to retry.

use serde::Deserialize;

use crate::domain::filing::{FilingRequest, FilingView};
use crate::domain::lang::Lang;
use crate::web::api::{ApiFailure, Method, call};

#[derive(Deserialize)]
pub struct Answer {
    pub filing: FilingView,
}

/// POSTs with the draft's idempotency key, so a retry after a lost answer returns the same filing.
pub async fn submit(
    request: &FilingRequest,
    key: &str,
    lang: Lang,
) -> Result<FilingView, ApiFailure> {
    call::<_, Answer>(
        Method::Post,
        "/api/filings",
        request,
        &[("Idempotency-Key", key)],
        lang,
    )
    .await
    .map(|answer| answer.filing)
}
