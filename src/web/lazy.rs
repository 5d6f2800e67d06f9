//! Each page's view, from the route table (`src/domain/route.rs`): every page's code is in a lazy split, fetched
//! the first time one of its pages opens (the router, `src/web/router.rs`, awaits it).
//!
//! One split per journey, not per page: the pages of a journey share most of their code and follow one
//! another, so one fetch brings the whole journey. A page with much code of its own that the others never use has
//! it in a child split within its journey's (`split(f / g)` in the table), fetched only when that page opens. A
//! split function builds the view of each of its pages. Each page asks for its data files itself (`web::data`),
//! which the server has preloaded from the same table.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};

use super::i18n::use_i18n;
use super::pages::{GuideStep, Home, NotFound};
use super::tasks::yield_to_browser;
use super::{card, estimate, filing, filings, points};
use crate::domain::route::Page;

#[wasm_split(journey_view, wasm_split_path = ::leptos::wasm_split, fallible, preload(__preload_journey_view))]
fn journey_view(page: Page) -> Result<AnyView, SplitLoaderError> {
    // The page is made inside the journey, which gives it the draft.
    Ok(view! { <filing::FilingJourney>{journey_page(page)}</filing::FilingJourney> }.into_any())
}

fn journey_page(page: Page) -> AnyView {
    use filing::*;
    match page {
        Page::FileStart => view! { <StartPage /> }.into_any(),
        Page::FileWho => view! { <WhoPage /> }.into_any(),
        Page::FilePerson => view! { <PersonPage /> }.into_any(),
        Page::FileInsured => view! { <InsuredPage /> }.into_any(),
        Page::FileCategory => view! { <CategoryPage /> }.into_any(),
        Page::FileDestination => view! { <DestinationPage /> }.into_any(),
        Page::FileDates => view! { <DatesPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// The journey's last pages, each with much code of its own, within `journey_view`.
#[wasm_split(proof_view, wasm_split_path = ::leptos::wasm_split, fallible, preload(__preload_proof_view))]
fn proof_view(_: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <filing::FilingJourney><filing::ProofPage /></filing::FilingJourney> }.into_any())
}

#[wasm_split(check_view, wasm_split_path = ::leptos::wasm_split, fallible, preload(__preload_check_view))]
fn check_view(_: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <filing::FilingJourney><filing::CheckPage /></filing::FilingJourney> }.into_any())
}

#[wasm_split(done_view, wasm_split_path = ::leptos::wasm_split, fallible, preload(__preload_done_view))]
fn done_view(_: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <filing::FilingJourney><filing::DonePage /></filing::FilingJourney> }.into_any())
}

#[wasm_split(filings_view, wasm_split_path = ::leptos::wasm_split, fallible, preload(__preload_filings_view))]
fn filings_view(page: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(match page {
        Page::Filings => view! { <filings::MyFilings /> }.into_any(),
        Page::Filing => view! { <filings::FilingDetail /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    })
}

/// The select point pages: the finder (`/points`), and the finder with what it shares with choosing for a filing.
#[wasm_split(points_view, wasm_split_path = ::leptos::wasm_split, fallible, preload(__preload_points_view))]
fn points_view(page: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(match page {
        Page::Points => view! { <points::FinderPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    })
}

/// Choosing for a filing (`/filings/:number/points`): within `points_view`, whose finder it uses.
#[wasm_split(filing_points_view, wasm_split_path = ::leptos::wasm_split, fallible, preload(__preload_filing_points_view))]
fn filing_points_view(_: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <points::FilingPointsPage /> }.into_any())
}

#[wasm_split(estimate_view, wasm_split_path = ::leptos::wasm_split, fallible, preload(__preload_estimate_view))]
fn estimate_view(_: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <estimate::EstimatePage /> }.into_any())
}

#[wasm_split(card_view, wasm_split_path = ::leptos::wasm_split, fallible, preload(__preload_card_view))]
fn card_view(_: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <card::CardPage /> }.into_any())
}

/// The home page and the guides: only what they alone use (their views and words) leaves the main module, which
/// every page fetches; what they share with other pages stays in it (`WASM_SPLIT_SHARE_MAIN`,
/// scripts/build-web.sh), so the other splits' chunks are cut as before.
#[wasm_split(intro_view, wasm_split_path = ::leptos::wasm_split, fallible, preload(__preload_intro_view))]
fn intro_view(page: Page) -> Result<AnyView, SplitLoaderError> {
    Ok(match page {
        Page::Home => view! { <Home /> }.into_any(),
        Page::Guide => view! { <GuideStep /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    })
}

/// Each page of the route table: its view from its split, and the code fetched ahead for a child split.
macro_rules! web_routes {
    ($($page:ident $path:literal split($($split:ident $(/ $child:ident)?)?) data[$($data:ident),*]
        $(later[$($later:ident),*])? back($($back:ident)?) next($($next:ident)?)
        title($zh:literal, $en:literal);)*) => {
        /// The page's view, once its code is here (`Err` when it did not download).
        async fn built(page: Page) -> Result<AnyView, SplitLoaderError> {
            match page {
                $( Page::$page => web_routes!(@view $page $($split $($child)?)?), )*
            }
        }

        /// Fetches the code of a page whose own code is a child split, without building it. A download that
        /// fails is tried again when the page opens.
        async fn prefetch(page: Page) {
            match page {
                $( Page::$page => web_routes!(@prefetch $($split $($child)?)?), )*
            }
        }
    };
    // Only child splits are fetched ahead: the pages that lead to one are in its parent, already loaded.
    (@prefetch $split:ident) => {
        ()
    };
    (@prefetch $split:ident $child:ident) => {{
        if loaded!($split).is_ok() {
            let _ = loaded!($child);
        }
    }};
    (@view $page:ident $split:ident) => {{
        yield_to_browser().await;
        let view = $split(Page::$page).await;
        yield_to_browser().await;
        view
    }};
    // The child calls into its parent's code, so the parent is loaded first (the server preloads both).
    (@view $page:ident $split:ident $child:ident) => {{
        yield_to_browser().await;
        loaded!($split)?;
        let view = $child(Page::$page).await;
        yield_to_browser().await;
        view
    }};
}

/// The view of a page of the route table, every page's code being in a lazy split (a page with `split()`
/// matches no rule here): its work in tasks of its own, the split's download, then the page's setup, then
/// building its elements. A split that does not download (a connection lost on the way) is said in the page's
/// place, with a way to try again. (Before, a failed download aborted the app: the page on screen froze.)
pub async fn page_view(page: Page) -> AnyView {
    match built(page).await {
        Ok(view) => view,
        Err(_) => view! { <PageUnavailable /> }.into_any(),
    }
}

/// In the place of a page whose code did not download: loading it again reloads the page, which finds the
/// person's answers where the journeys keep them (on the device, and the estimator's in its address).
#[component]
fn PageUnavailable() -> impl IntoView {
    let t = use_i18n().t();
    view! {
        <h1 tabindex="-1">{t.page_failed_title}</h1>
        <div class="notice notice--error" role="alert">
            <p>{t.page_failed}</p>
            <button type="button" class="button button--secondary" on:click=|_| { let _ = window().location().reload(); }>
                {t.data_retry}
            </button>
        </div>
    }
}

/// Loads a split without building a view (its preload).
macro_rules! loaded {
    (filing_points_view) => {
        __preload_filing_points_view().await
    };
    (proof_view) => {
        __preload_proof_view().await
    };
    (check_view) => {
        __preload_check_view().await
    };
    (done_view) => {
        __preload_done_view().await
    };
    (journey_view) => {
        __preload_journey_view().await
    };
    (points_view) => {
        __preload_points_view().await
    };
}

crate::route_table!(web_routes);

/// Fetches the code of the page a person is likely to open next, once they start on this one (a tap or a key,
/// not the focus the app moves to the heading): a page with code of its own (a child split) then opens without
/// waiting for it, and a visit that only looks at this page does not fetch it.
pub fn prefetch_when_used(page: Page) {
    // A page in a split already loaded (its parent's) needs nothing fetched: no listeners for it.
    if page.route().child.is_none() {
        return;
    }
    let started = StoredValue::new(false);
    let start = move || {
        if !started.get_value() {
            started.set_value(true);
            leptos::task::spawn_local(prefetch(page));
        }
    };
    let taps = window_event_listener(leptos::ev::pointerdown, move |_| start());
    let keys = window_event_listener(leptos::ev::keydown, move |_| start());
    on_cleanup(move || {
        taps.remove();
        keys.remove();
    });
}
