//! The two calls of `wasm-streams` 0.5 that Leptos's server functions make, without the rest of the crate.
//!
//! Yidi has no server functions (it calls its API with `fetch`, `src/web/api.rs`), but `leptos` always builds
//! `server_fn` for the browser, and `server_fn` names `wasm-streams` for streamed bodies. The real crate's JS
//! stream sources and sinks are `#[wasm_bindgen]` exports: an export is kept whether or not anything calls it,
//! so their code and JavaScript glue were in the main module of every page. This crate gives `server_fn` the
//! same names; a streamed body, which nothing in the app asks for, is refused instead of streamed.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use wasm_bindgen::JsValue;

const REFUSED: &str = "streamed bodies are not built into this app";

/// A JavaScript `ReadableStream`.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// A stream from a Rust [`Stream`]: here an empty one, whatever `stream` holds.
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        let raw =
            web_sys::ReadableStream::new().unwrap_or_else(|_| wasm_bindgen::throw_str(REFUSED));
        Self { raw }
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// The stream's chunks: here one error, then the end.
    pub fn into_stream(self) -> IntoStream<'static> {
        IntoStream {
            done: false,
            reader: PhantomData,
        }
    }
}

/// What [`ReadableStream::into_stream`] gives.
pub struct IntoStream<'reader> {
    done: bool,
    reader: PhantomData<&'reader ()>,
}

impl Stream for IntoStream<'_> {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        self.done = true;
        Poll::Ready(Some(Err(JsValue::from_str(REFUSED))))
    }
}
