//! The heavy journeys as lazy routes: their code is split out of the main wasm at build time
//! (`scripts/build-web.sh`) and fetched the first time one of their routes is opened, so the home page
//! loads only the shell, the home page, the guide and the 404 page.
//!
//! One split per journey, not per page: the pages of a journey share most of their code and follow one
//! another, so one fetch brings the whole journey. A route names its page with a small enum; the split
//! function builds the view for it. The route's `data()` does nothing: each page loads its own data.

use leptos::lazy;
use leptos::prelude::*;
use leptos_router::LazyRoute;

use super::tasks::yield_to_browser;
use super::{card, estimate, filing, filings, points};

/// A page of the filing journey (`/file/...`), or the journey's frame around them.
#[derive(Clone, Copy)]
enum Journey {
    Frame,
    Start,
    Who,
    Person,
    Insured,
    Category,
    Destination,
    Dates,
    Proof,
    Check,
    Done,
}

#[lazy]
fn journey_view(page: Journey) -> AnyView {
    use filing::*;
    match page {
        Journey::Frame => view! { <FilingJourney /> }.into_any(),
        Journey::Start => view! { <StartPage /> }.into_any(),
        Journey::Who => view! { <WhoPage /> }.into_any(),
        Journey::Person => view! { <PersonPage /> }.into_any(),
        Journey::Insured => view! { <InsuredPage /> }.into_any(),
        Journey::Category => view! { <CategoryPage /> }.into_any(),
        Journey::Destination => view! { <DestinationPage /> }.into_any(),
        Journey::Dates => view! { <DatesPage /> }.into_any(),
        Journey::Proof => view! { <ProofPage /> }.into_any(),
        Journey::Check => view! { <CheckPage /> }.into_any(),
        Journey::Done => view! { <DonePage /> }.into_any(),
    }
}

/// A page under `/filings/...` (my filings and one filing), or their frame.
#[derive(Clone, Copy)]
enum Filings {
    Frame,
    List,
    Detail,
}

#[lazy]
fn filings_view(page: Filings) -> AnyView {
    match page {
        Filings::Frame => view! { <filings::FilingsFrame /> }.into_any(),
        Filings::List => view! { <filings::MyFilings /> }.into_any(),
        Filings::Detail => view! { <filings::FilingDetail /> }.into_any(),
    }
}

/// The select point pages: the finder (`/points`) and choosing for a filing (`/filings/:number/points`).
#[derive(Clone, Copy)]
enum Points {
    Finder,
    ForFiling,
}

#[lazy]
fn points_view(page: Points) -> AnyView {
    match page {
        Points::Finder => view! { <points::FinderPage /> }.into_any(),
        Points::ForFiling => view! { <points::FilingPointsPage /> }.into_any(),
    }
}

#[lazy]
fn estimate_view() -> AnyView {
    view! { <estimate::EstimatePage /> }.into_any()
}

#[lazy]
fn card_view() -> AnyView {
    view! { <card::CardPage /> }.into_any()
}

/// Declares a route type whose view is `$view` (a `#[lazy]` split function) called with `$($arg)?`.
macro_rules! lazy_routes {
    ($($route:ident => $view:ident($($arg:expr)?);)*) => {
        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                /// The frame's and the page's work in tasks of their own: the page code's download,
                /// then the page's setup, then building its elements.
                async fn view(_: Self) -> AnyView {
                    yield_to_browser().await;
                    let view = $view($($arg)?).await;
                    yield_to_browser().await;
                    view
                }
            }
        )*
    };
}

lazy_routes! {
    JourneyFrame => journey_view(Journey::Frame);
    JourneyStart => journey_view(Journey::Start);
    JourneyWho => journey_view(Journey::Who);
    JourneyPerson => journey_view(Journey::Person);
    JourneyInsured => journey_view(Journey::Insured);
    JourneyCategory => journey_view(Journey::Category);
    JourneyDestination => journey_view(Journey::Destination);
    JourneyDates => journey_view(Journey::Dates);
    JourneyProof => journey_view(Journey::Proof);
    JourneyCheck => journey_view(Journey::Check);
    JourneyDone => journey_view(Journey::Done);
    FilingsFrame => filings_view(Filings::Frame);
    FilingsList => filings_view(Filings::List);
    FilingsDetail => filings_view(Filings::Detail);
    PointsFinder => points_view(Points::Finder);
    PointsForFiling => points_view(Points::ForFiling);
    Estimate => estimate_view();
    Card => card_view();
}
