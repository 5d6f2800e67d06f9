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
mod lazy;
mod pages;
mod points;
mod tasks;

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, path};

use layout::Shell;
use lazy::*;
use pages::{GuideStep, Home, NotFound};
use tasks::Later;

/// Mounts the app on `<body>`, in a task after the one that compiled and started the wasm.
pub fn mount() {
    console_error_panic_hook::set_once();
    // Leptos' executor is set up by the mount itself, so this first task is wasm-bindgen's own.
    wasm_bindgen_futures::spawn_local(async {
        tasks::yield_to_browser().await;
        leptos::mount::mount_to_body(App);
    });
}

#[component]
fn App() -> impl IntoView {
    provide_meta_context();
    i18n::provide_i18n();
    filings::provide_session_ids();
    view! {
        <Router>
            <Shell>
                // The page in a task after the header.
                <Later>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/guide/:step") view=GuideStep />
                        <Route path=path!("/estimate") view={Lazy::<Estimate>::new()} />
                        <Route path=path!("/points") view={Lazy::<PointsFinder>::new()} />
                        <ParentRoute path=path!("/file") view={Lazy::<JourneyFrame>::new()}>
                            <Route path=path!("") view={Lazy::<JourneyStart>::new()} />
                            <Route path=path!("who") view={Lazy::<JourneyWho>::new()} />
                            <Route path=path!("person") view={Lazy::<JourneyPerson>::new()} />
                            <Route path=path!("insured") view={Lazy::<JourneyInsured>::new()} />
                            <Route path=path!("category") view={Lazy::<JourneyCategory>::new()} />
                            <Route path=path!("destination") view={Lazy::<JourneyDestination>::new()} />
                            <Route path=path!("dates") view={Lazy::<JourneyDates>::new()} />
                            <Route path=path!("proof") view={Lazy::<JourneyProof>::new()} />
                            <Route path=path!("check") view={Lazy::<JourneyCheck>::new()} />
                            <Route path=path!("done/:number") view={Lazy::<JourneyDone>::new()} />
                        </ParentRoute>
                        <ParentRoute path=path!("/filings") view={Lazy::<FilingsFrame>::new()}>
                            <Route path=path!("") view={Lazy::<FilingsList>::new()} />
                            <Route path=path!(":number") view={Lazy::<FilingsDetail>::new()} />
                            <Route path=path!(":number/card") view={Lazy::<Card>::new()} />
                            <Route path=path!(":number/points") view={Lazy::<PointsForFiling>::new()} />
                        </ParentRoute>
                    </Routes>
                </Later>
            </Shell>
        </Router>
    }
}
