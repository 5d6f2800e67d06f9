//! The native server: serves the built web app and the JSON API over one SQLite file.

mod api;
mod config;
mod db;
mod error;
mod headers;
mod static_files;

use std::process::ExitCode;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use db::Db;
pub use error::ApiError;

/// Shared, cheap-to-clone state of the running server.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub policy_data_version: String,
}

/// Starts the server with settings from the environment; returns when it has shut down.
pub fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "yidi=info,tower_http=info".into()),
        )
        .init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(message) => {
            tracing::error!("{message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            tracing::error!("cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let state = AppState::open(&config)?;
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", config.addr))?;
    tracing::info!(
        addr = %config.addr,
        database = %config.database.display(),
        dist = %config.dist.display(),
        "serving"
    );
    axum::serve(listener, app(state, &config))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|err| format!("server error: {err}"))?;
    tracing::info!("shut down");
    Ok(())
}

impl AppState {
    /// Opens (and migrates) the database and reads the policy data's version.
    pub fn open(config: &Config) -> Result<AppState, String> {
        let db = Db::open(&config.database)?;
        let policy_data_version = read_policy_data_version(config)?;
        Ok(AppState {
            db,
            policy_data_version,
        })
    }
}

fn read_policy_data_version(config: &Config) -> Result<String, String> {
    let path = config.data_dir.join("policy.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|err| format!("cannot read policy data {}: {err}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|err| format!("policy data {} is not JSON: {err}", path.display()))?;
    value
        .get("data_version")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("policy data {} has no data_version", path.display()))
}

/// The whole HTTP surface: `/api/...` in JSON, everything else the built web app.
pub fn app(state: AppState, config: &Config) -> Router {
    Router::new()
        .nest("/api", api::router())
        .fallback_service(static_files::service(&config.dist))
        .layer(headers::security_layer())
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                // Only the method and path: never the query string or the body, which may carry personal data.
                tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
            }),
        )
        .with_state(state)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}
