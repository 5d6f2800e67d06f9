//! The JSON API under `/api`.

use axum::extract::{DefaultBodyLimit, OriginalUri, State};
use axum::http::Method;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use serde::Serialize;

use super::error::Refusal;
use super::log_text::cut;
use super::rate_limit::{Limits, limit_by_address};
use super::{AppState, card, filings, openapi, points};

/// Request bodies are small forms; anything larger is refused before it is read in full.
pub const BODY_LIMIT: usize = 16 * 1024;

/// Writes count against the per-address write limit, code cards against their own; a failed attempt at a filing
/// counts against its number and the address wherever it is made (`access::owned`).
pub fn router(limits: &Limits) -> Router<AppState> {
    let limited = from_fn_with_state(limits.writes.clone(), limit_by_address);
    let cards = from_fn_with_state(limits.cards.clone(), limit_by_address);
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi::document))
        .route(
            "/filings",
            post(filings::create).route_layer(limited.clone()),
        )
        .route("/filings/lookup", post(filings::lookup))
        .route(
            "/filings/{number}",
            get(filings::show).merge(patch(filings::change).route_layer(limited.clone())),
        )
        .route(
            "/filings/{number}/cancel",
            post(filings::cancel).route_layer(limited.clone()),
        )
        .route(
            "/filings/{number}/points",
            put(points::put).route_layer(limited.clone()),
        )
        .route(
            "/filings/{number}/card",
            post(card::issue).route_layer(cards.clone()),
        )
        .route("/card/verify", post(card::verify).route_layer(cards))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(not_found)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    app_version: &'static str,
    policy_data_version: String,
    database_schema_version: i64,
}

async fn health(State(state): State<AppState>) -> Result<Json<Health>, Refusal> {
    let schema = state.filings.schema_version().await?;
    Ok(Json(Health {
        status: "ok",
        app_version: crate::APP_VERSION,
        policy_data_version: state.policy_data_version.clone(),
        database_schema_version: schema,
    }))
}

pub(super) async fn not_found(OriginalUri(uri): OriginalUri) -> Refusal {
    Refusal::NoEndpoint {
        path: cut(uri.path()).into_owned(),
    }
}

async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> Refusal {
    Refusal::MethodNotAllowed {
        method: cut(method.as_str()).into_owned(),
        path: cut(uri.path()).into_owned(),
    }
}
