//! The JSON API under `/api`.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, OriginalUri, State};
use axum::http::{Method, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use serde::Serialize;

use super::rate_limit::{RateLimiter, limit_writes};
use super::{ApiError, AppState, card, filings, openapi, points};

/// Request bodies are small forms; anything larger is refused before it is read in full.
pub const BODY_LIMIT: usize = 16 * 1024;

pub fn router(write_limit: Arc<RateLimiter>) -> Router<AppState> {
    let limited = from_fn_with_state(write_limit, limit_writes);
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
            post(card::issue).route_layer(limited),
        )
        .route("/card/verify", post(card::verify))
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

async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let schema = state.filings.schema_version().await.map_err(|err| {
        tracing::error!("health check cannot read the database: {err}");
        ApiError::internal()
    })?;
    Ok(Json(Health {
        status: "ok",
        app_version: crate::APP_VERSION,
        policy_data_version: state.policy_data_version.clone(),
        database_schema_version: schema,
    }))
}

pub(super) async fn not_found(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::not_found(format!("No API endpoint at {}", uri.path()))
}

async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: format!("{method} is not allowed on {}", uri.path()),
        field: None,
    }
}
