//! Sends the filing to the server, once, however often the person has to retry.

use crate::domain::json::{FromJson, Json};

use crate::domain::filing::{FilingRequest, FilingView};
use crate::domain::lang::Lang;
use crate::web::api::{ApiFailure, Method, call};

/// The server's answer to a filing: `{"filing": ...}`.
pub struct Answer {
    pub filing: FilingView,
}

impl FromJson for Answer {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Answer {
            filing: json.field("filing")?,
        })
    }
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
