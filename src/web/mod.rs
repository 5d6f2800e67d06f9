//! The browser app (Leptos, client-side rendered): the shell, the routes and their pages.

mod i18n;
mod layout;
mod pages;

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use layout::Shell;
use pages::{GuideStep, Home, NotFound};

/// Mounts the app on `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    provide_meta_context();
    i18n::provide_i18n();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/guide/:step") view=GuideStep />
                </Routes>
            </Shell>
        </Router>
    }
}
