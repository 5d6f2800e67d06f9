//! The browser app (Leptos, client-side rendered): the shell, the routes and their pages.

mod api;
mod card;
mod clock;
mod components;
mod estimate;
mod filing;
mod filings;
mod i18n;
mod layout;
mod pages;
mod points;

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use filing::{
    CategoryPage, CheckPage, DatesPage, DestinationPage, DonePage, FilingJourney, InsuredPage,
    PersonPage, ProofPage, StartPage, WhoPage,
};
use filings::{FilingDetail, FilingsFrame, MyFilings};
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
    filings::provide_session_ids();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/guide/:step") view=GuideStep />
                    <Route path=path!("/estimate") view=estimate::EstimatePage />
                    <Route path=path!("/points") view=points::FinderPage />
                    <ParentRoute path=path!("/file") view=FilingJourney>
                        <Route path=path!("") view=StartPage />
                        <Route path=path!("who") view=WhoPage />
                        <Route path=path!("person") view=PersonPage />
                        <Route path=path!("insured") view=InsuredPage />
                        <Route path=path!("category") view=CategoryPage />
                        <Route path=path!("destination") view=DestinationPage />
                        <Route path=path!("dates") view=DatesPage />
                        <Route path=path!("proof") view=ProofPage />
                        <Route path=path!("check") view=CheckPage />
                        <Route path=path!("done/:number") view=DonePage />
                    </ParentRoute>
                    <ParentRoute path=path!("/filings") view=FilingsFrame>
                        <Route path=path!("") view=MyFilings />
                        <Route path=path!(":number") view=FilingDetail />
                        <Route path=path!(":number/card") view=card::CardPage />
                        <Route path=path!(":number/points") view=points::FilingPointsPage />
                    </ParentRoute>
                </Routes>
            </Shell>
        </Router>
    }
}
