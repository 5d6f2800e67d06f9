//! Yidi (异地就医): cross-provincial medical care, filed, selected and settled directly.
//!
//! `domain` is pure and shared; `web` runs in the browser (wasm32), `server` natively.

pub mod domain;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(not(target_arch = "wasm32"))]
pub mod server;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The app version, as built.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
