//! The native server: serves the built web app and the JSON API over one SQLite file or a PostgreSQL database.

mod access;
mod api;
mod card;
mod client;
mod config;
mod db;
pub mod dictionary;
mod error;
mod extract;
mod filings;
mod headers;
mod listen;
mod log_text;
mod openapi;
mod pages;
mod places;
mod points;
mod rate_limit;
mod static_files;
mod store;

use std::process::ExitCode;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use card::{CardSigner, Checked as CardCheck};
pub use client::TrustedProxies;
pub use config::{Config, Database};
pub use error::Refusal;
pub use listen::{ConnectionLimits, OpenFiles, raise_open_files_limit, serve_on};
pub use places::PlaceData;
pub use rate_limit::{Limit, Limits};
pub use store::{FilingStore, PostgresStore, SqliteStore};

/// Shared, cheap-to-clone state of the running server.
#[derive(Clone)]
pub struct AppState {
    pub filings: Arc<dyn FilingStore>,
    /// Region codes and each insured place's filing rules, which filings are checked against.
    pub places: Arc<PlaceData>,
    /// The limits on writes and code cards per client address, and on failed attempts at filings.
    pub limits: Arc<Limits>,
    /// The proxies whose `X-Forwarded-For` names the client (`YIDI_TRUSTED_PROXIES`).
    pub trusted_proxies: Arc<TrustedProxies>,
    /// Signs and checks the code card's tokens.
    pub card: Arc<CardSigner>,
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
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
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
    match raise_open_files_limit() {
        Ok(files) => tracing::info!(
            before = files.before,
            now = files.now,
            hard = files.hard,
            "open files limit"
        ),
        Err(error) => tracing::warn!(%error, "cannot raise the open files limit"),
    }
    let state = AppState::open(&config).await?;
    // Everything is ready before the port is bound: a client (or a SIGTERM) that comes as soon as it accepts
    // finds the server whole.
    let shutdown = shutdown_signal();
    let router = app(state, &config);
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", config.addr))?;
    tracing::info!(
        addr = %config.addr,
        database = %config.database.describe(),
        dist = %config.dist.display(),
        "serving"
    );
    serve_on(listener, router, config.connections, shutdown).await;
    tracing::info!("shut down");
    Ok(())
}

impl AppState {
    /// Opens (and migrates) the database and reads the reference data the filings are checked against.
    pub async fn open(config: &Config) -> Result<AppState, String> {
        let filings = store::open(&config.database).await?;
        let places = PlaceData::load(&config.data_dir)?;
        let card = CardSigner::open(filings.as_ref()).await?;
        Ok(AppState {
            filings,
            policy_data_version: places.data_version().to_owned(),
            places: Arc::new(places),
            limits: Arc::new(Limits::from_env()?),
            trusted_proxies: Arc::new(TrustedProxies::parse(
                &std::env::var("YIDI_TRUSTED_PROXIES").unwrap_or_default(),
            )?),
            card: Arc::new(card),
        })
    }
}

/// The whole HTTP surface: `/api/...` in JSON, everything else the built web app.
pub fn app(state: AppState, config: &Config) -> Router {
    let router = Router::new()
        .nest("/api", api::router(&state.limits))
        // `nest` leaves the bare prefix with a slash to the fallback, which would answer it with the web app.
        .route("/api/", axum::routing::any(api::not_found))
        .fallback_service(static_files::service(&config.dist))
        .layer(axum::middleware::from_fn(error::speak))
        .layer(axum::middleware::from_fn_with_state(
            state.trusted_proxies.clone(),
            client::identify,
        ));
    router
        .layer(axum::middleware::from_fn(headers::add_security_headers))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                // Only the method and path, cut if long (either may be kilobytes): never the query string or the
                // body, which may carry personal data.
                let method = log_text::cut(request.method().as_str());
                let path = log_text::cut(request.uri().path());
                tracing::info_span!("request", method = %method, path = %path)
            }),
        )
        .with_state(state)
}

/// Ctrl-C or SIGTERM. SIGTERM's handler is registered when this is called, not when the future is first polled,
/// so that a SIGTERM as soon as the port accepts is a graceful shutdown rather than the default kill.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let terminate = async move {
            match terminate {
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
}
