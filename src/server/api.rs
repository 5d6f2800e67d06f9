//! The JSON API under `/api`.

use axum::extract::{OriginalUri, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use super::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
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
    let db = state.db.clone();
    let schema = tokio::task::spawn_blocking(move || db.schema_version())
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|err| {
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

async fn not_found(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::not_found(format!("No API endpoint at {}", uri.path()))
}
