//! Calls to the server's JSON API, and the one error shape it answers with.

use gloo_net::http::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::lang::Lang;

/// One problem the server found, already in the person's language.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ApiProblem {
    /// The stable machine code (`filing_in_effect`, `phone_invalid`, ...).
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub field: Option<String>,
    pub message: String,
}

#[derive(serde::Deserialize)]
struct ErrorBody {
    error: ApiProblem,
    #[serde(default)]
    errors: Vec<ApiProblem>,
    /// Beside a `filing_in_effect`: the filing in effect, when the server may name it to this person.
    #[serde(default)]
    filing: Option<FilingRef>,
}

#[derive(serde::Deserialize)]
struct FilingRef {
    number: String,
}

/// Why a call did not succeed.
#[derive(Debug, Clone)]
pub enum ApiFailure {
    /// The server answered and refused: every problem it named (at least one).
    Refused {
        status: u16,
        problems: Vec<ApiProblem>,
        /// The number of a filing the answer names (the one in effect, for `filing_in_effect`).
        filing: Option<String>,
    },
    /// No decision was made (network down, server stopped or failing): nothing changed; a retry is safe.
    Unreachable,
}

/// Sends `body` as JSON and reads the answer as `R`, or the API's error shape.
pub async fn call<B: Serialize, R: DeserializeOwned>(
    method: Method,
    url: &str,
    body: &B,
    headers: &[(&str, &str)],
    lang: Lang,
) -> Result<R, ApiFailure> {
    let mut builder = RequestBuilder::new(url)
        .method(method)
        .header("Accept-Language", lang.tag());
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let request = builder.json(body).map_err(|_| ApiFailure::Unreachable)?;
    let response = request.send().await.map_err(|_| ApiFailure::Unreachable)?;
    let status = response.status();
    if (200..300).contains(&status) {
        return response
            .json::<R>()
            .await
            .map_err(|_| ApiFailure::Unreachable);
    }
    // A 429 is an answer: its message says why and how long to wait (too many tries at a filing, too many
    // writes), which "could not reach the server" would hide.
    if status >= 500 {
        return Err(ApiFailure::Unreachable);
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiFailure::Refused {
            status,
            problems: if body.errors.is_empty() {
                vec![body.error]
            } else {
                body.errors
            },
            filing: body.filing.map(|f| f.number),
        }),
        Err(_) => Err(ApiFailure::Unreachable),
    }
}
