//! Giving the browser its turn. A phone's main thread answers taps only between tasks: work split at these
//! points runs as several short tasks instead of one long one (Lighthouse's Total Blocking Time counts the
//! part of every task past 50 ms).

use std::cell::Cell;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Resolves in a later task: `scheduler.yield()` where the browser has it (the rest of the work then goes
/// ahead of other waiting tasks), a zero timeout elsewhere.
pub async fn yield_to_browser() {
    let _ = JsFuture::from(next_task()).await;
}

fn next_task() -> js_sys::Promise {
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("scheduler"))
        .ok()
        .filter(JsValue::is_object);
    if let Some(scheduler) = scheduler
        && let Ok(method) = js_sys::Reflect::get(&scheduler, &JsValue::from_str("yield"))
        && let Ok(method) = method.dyn_into::<js_sys::Function>()
        && let Ok(promise) = method.call0(&scheduler)
        && let Ok(promise) = promise.dyn_into::<js_sys::Promise>()
    {
        return promise;
    }
    js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    })
}

thread_local! {
    /// How many [`Later`] parts are still to be built.
    static WAITING: Cell<u32> = const { Cell::new(0) };
}

/// Marks one [`Later`] part, or one [`hold_first_paint_while`], as waiting while it lives: `<html data-building>`
/// until none is left.
struct Waiting;

impl Waiting {
    fn start() -> Waiting {
        Waiting::count(|n| n + 1);
        Waiting
    }

    fn count(change: impl FnOnce(u32) -> u32) {
        let left = WAITING.with(|waiting| {
            waiting.set(change(waiting.get()));
            waiting.get()
        });
        if let Some(html) = document().document_element() {
            let _ = if left == 0 {
                html.remove_attribute("data-building")
            } else {
                html.set_attribute("data-building", "")
            };
        }
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        Waiting::count(|n| n.saturating_sub(1));
    }
}

/// Whether the app is still starting, hidden behind the server's first paint (`public/boot.js`).
fn booting() -> bool {
    document()
        .document_element()
        .is_some_and(|html| html.class_list().contains("booting"))
}

/// Keeps the server's first paint on screen, while the app starts, for as long as `pending()` holds: for a part
/// the first paint shows that the app can show only once its data is read (the estimator's coverage line), so the
/// page below it does not shift down when the data comes a moment after the app. A page left, or an app already
/// on screen, holds nothing.
pub fn hold_first_paint_while(pending: impl Fn() -> bool + Send + Sync + 'static) {
    if !booting() {
        return;
    }
    let waiting = StoredValue::new(Some(Waiting::start()));
    Effect::new(move |_| {
        if !pending() {
            waiting.set_value(None);
        }
    });
}

/// Its children, built in a task of their own while the app starts hidden behind the server's first paint: a
/// long page then starts as several short tasks. `public/boot.js` shows the app only once every such part is
/// built (`<html data-building>`), so nobody sees a page without them. Once the app is on screen they are
/// built at once, as any other part.
#[component]
pub fn Later(children: Children) -> impl IntoView {
    if !booting() {
        return children();
    }
    let waiting = Waiting::start();
    Suspend::new(SendWrapper::new(async move {
        yield_to_browser().await;
        let view = children();
        drop(waiting);
        view
    }))
    .into_any()
}
