//! The browser app (Leptos, client-side rendered): the shell, the routes and their pages.

mod api;
mod card;
mod clock;
mod components;
mod data;
mod estimate;
mod filing;
mod filings;
mod i18n;
mod layout;
pub(crate) mod lazy;
mod pages;
mod points;
mod read_aloud;
mod router;
mod tasks;

use leptos::prelude::*;

use layout::Shell;
use router::Routes;
use tasks::Later;

/// Mounts the app on `<body>`, in a task after the one that compiled and started the wasm.
pub fn mount() {
    // Leptos' executor is set up by the mount itself, so this first task is wasm-bindgen's own.
    wasm_bindgen_futures::spawn_local(async {
        tasks::yield_to_browser().await;
        leptos::mount::mount_to_body(App);
    });
}

#[component]
fn App() -> impl IntoView {
    i18n::provide_i18n();
    filings::provide_session_ids();
    data::provide_data_files();
    router::provide_router();
    view! {
        <Shell>
            // The page in a task after the header.
            <Later>
                <Routes />
            </Later>
        </Shell>
    }
}
