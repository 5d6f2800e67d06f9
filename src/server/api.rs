//! The JSON API under `/api`: one route table that both the router and the OpenAPI document are made from.

use axum::extract::{DefaultBodyLimit, OriginalUri, State};
use axum::http::Method;
use axum::middleware::from_fn_with_state;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::{IntoResponses, ToSchema};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::error::Refusal;
use super::log_text::cut;
use super::openapi::{self, Responses};
use super::rate_limit::{Limits, limit_by_address};
use super::{AppState, card, filings, points};

/// Request bodies are small forms; anything larger is refused before it is read in full.
pub const BODY_LIMIT: usize = 16 * 1024;

/// The routes, each with its handler's `#[utoipa::path]`: `routes!` routes a handler by the method and path its
/// description names, so the document lists exactly what is routed. The paths are relative to `/api`, where
/// `server::app` nests them.
///
/// Writes count against the per-address write limit, code cards against their own; a failed attempt at a filing
/// counts against its number and the address wherever it is made (`access::owned`).
pub fn routes(limits: &Limits) -> OpenApiRouter<AppState> {
    let limited = from_fn_with_state(limits.writes.clone(), limit_by_address);
    let cards = from_fn_with_state(limits.cards.clone(), limit_by_address);
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(openapi::document))
        .routes(routes!(filings::create).map(|r| r.route_layer(limited.clone())))
        .routes(routes!(filings::lookup))
        .routes(routes!(filings::find).map(|r| r.route_layer(limited.clone())))
        .routes(routes!(filings::show))
        .routes(routes!(filings::change).map(|r| r.route_layer(limited.clone())))
        .routes(routes!(filings::cancel).map(|r| r.route_layer(limited.clone())))
        .routes(routes!(points::put).map(|r| r.route_layer(limited.clone())))
        .routes(routes!(card::issue).map(|r| r.route_layer(cards.clone())))
        .routes(routes!(card::verify).map(|r| r.route_layer(cards)))
}

/// The API's router, its OpenAPI document served at `/api/openapi.json`.
pub fn router(limits: &Limits) -> Router<AppState> {
    let (router, document) = routes(limits).split_for_parts();
    router
        .layer(openapi::serving(document))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(not_found)
}

/// Liveness and the versions of the app, the policy data and the database schema.
#[derive(Serialize, ToSchema)]
pub(super) struct Health {
    /// `ok`.
    status: &'static str,
    app_version: &'static str,
    policy_data_version: String,
    database_schema_version: i64,
}

/// What the health check can refuse: a database that does not answer.
pub(super) struct HealthRefusals;

impl IntoResponses for HealthRefusals {
    fn responses() -> Responses {
        openapi::refusals(|r| matches!(r, Refusal::Internal))
    }
}

/// Liveness and versions
#[utoipa::path(
    get,
    path = "/health",
    responses((status = OK, description = "Up", body = Health), HealthRefusals)
)]
pub(super) async fn health(State(state): State<AppState>) -> Result<Json<Health>, Refusal> {
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
