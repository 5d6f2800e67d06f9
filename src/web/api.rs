//! Calls to the server's JSON API, and the one error shape it answers with.

use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::domain::json::{self, FromJson, Json};
use crate::domain::lang::Lang;

/// One problem the server found, already in the person's language.
#[derive(Debug, Clone)]
pub struct ApiProblem {
    /// The stable machine code (`filing_in_effect`, `phone_invalid`, ...); empty when the answer has none.
    pub code: String,
    pub field: Option<String>,
    pub message: String,
}

impl FromJson for ApiProblem {
    fn from_json(json: &Json) -> Option<Self> {
        Some(ApiProblem {
            code: json.field_or_default("code")?,
            field: json.field_or_default("field")?,
            message: json.field("message")?,
        })
    }
}

/// The error shape: `{"error": problem, "errors": [problem, ...], "filing": {"number": ...}}`, the last two
/// optional. The `filing` is beside a `filing_in_effect`: the filing in effect, when the server may name it.
struct ErrorBody {
    error: ApiProblem,
    errors: Vec<ApiProblem>,
    filing: Option<String>,
}

impl FromJson for ErrorBody {
    fn from_json(json: &Json) -> Option<Self> {
        let filing = match json.get("filing") {
            None | Some(Json::Null) => None,
            Some(filing) => Some(filing.field("number")?),
        };
        Some(ErrorBody {
            error: json.field("error")?,
            errors: json.field_or_default("errors")?,
            filing,
        })
    }
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

/// The methods the app calls the API with.
#[derive(Debug, Clone, Copy)]
pub enum Method {
    Post,
    Put,
    Patch,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
        }
    }
}

/// Sends `body` as JSON and reads the answer as `R`, or the API's error shape.
pub async fn call<B: Serialize, R: FromJson>(
    method: Method,
    url: &str,
    body: &B,
    headers: &[(&str, &str)],
    lang: Lang,
) -> Result<R, ApiFailure> {
    let body = serde_json::to_string(body).map_err(|_| ApiFailure::Unreachable)?;
    let mut sent = vec![
        ("Content-Type", "application/json"),
        ("Accept-Language", lang.tag()),
    ];
    sent.extend_from_slice(headers);
    let (status, text) = fetch(method.as_str(), url, Some(&body), &sent)
        .await
        .ok_or(ApiFailure::Unreachable)?;
    if (200..300).contains(&status) {
        return json::from_str::<R>(&text).ok_or(ApiFailure::Unreachable);
    }
    // A 429 is an answer: its message says why and how long to wait (too many tries at a filing, too many
    // writes), which "could not reach the server" would hide.
    if status >= 500 {
        return Err(ApiFailure::Unreachable);
    }
    match json::from_str::<ErrorBody>(&text) {
        Some(body) => Err(ApiFailure::Refused {
            status,
            problems: if body.errors.is_empty() {
                vec![body.error]
            } else {
                body.errors
            },
            filing: body.filing,
        }),
        None => Err(ApiFailure::Unreachable),
    }
}

/// The browser's `fetch`, by hand rather than through an HTTP crate (smaller wasm): the answer's status and
/// text, or `None` when no answer came (offline, refused, cut off).
pub async fn fetch(
    method: &str,
    url: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Option<(u16, String)> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let sent = web_sys::Headers::new().ok()?;
    for (name, value) in headers {
        sent.set(name, value).ok()?;
    }
    init.set_headers(&sent);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let promise = web_sys::window()?.fetch_with_str_and_init(url, &init);
    let response: web_sys::Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    Some((response.status(), text))
}
