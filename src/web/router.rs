//! Navigation inside the app, over the route table (`src/domain/route.rs`): the address names a [`Page`]
//! ([`Route::find`], the same match the server makes), a link or [`use_navigate`] opens another without reloading,
//! and back and forward open the page they return to.
//!
//! Written here instead of taken from `leptos_router`, for its weight: that crate was about a sixth of the main
//! wasm module, which every route downloads first (issue 17, docs/benchmarks.md). The app needs little of it:
//! absolute paths from one table, two kinds of parameter, no nested routes.
//!
//! A page is built in an owner of its own, with its address ([`use_params`], [`use_query`]) as it was opened:
//! another filing number or another page builds a new one. The page on screen stays until the next one is
//! built (a lazy split may still be downloading), and only then does [`Location`] follow.

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, Url};

use super::lazy::page_view;
use super::pages::NotFound;
use crate::domain::route::{Page, Params, Route};

/// The address of the page on screen; inside a page, the page's own address (a page built for a new address
/// reads it before it is on screen).
#[derive(Clone, Copy)]
pub struct Location {
    pub pathname: Signal<String>,
    /// The query, without its `?`.
    pub search: Signal<String>,
}

pub fn use_location() -> Location {
    if let Some(opened) = use_context::<Opened>() {
        return Location {
            pathname: Signal::stored(opened.path),
            search: opened.search.into(),
        };
    }
    let router = expect_context::<Router>();
    Location {
        pathname: router.pathname.into(),
        search: router.search.into(),
    }
}

/// What the page's address names beside the page: a filing number, a guide step.
pub fn use_params() -> Params {
    expect_context::<Opened>().params
}

/// The filing number the page's address names, as text (empty where it names none).
pub fn use_filing_number() -> Signal<String> {
    Signal::stored(
        use_params()
            .number
            .map(|n| n.to_string())
            .unwrap_or_default(),
    )
}

/// The page's query as it was opened.
pub fn use_query() -> Query {
    expect_context::<Opened>().query
}

/// What opens `href` (a path on this site, with its query) as a link would: taken while the page is set up, to
/// call from its handlers and tasks (which run outside it).
pub fn use_navigate() -> impl Fn(&str) + Copy + 'static {
    let router = expect_context::<Router>();
    move |href| {
        if let Some(address) = Address::parse(href) {
            router.go(address, true);
        }
    }
}

/// A link inside the app: a plain `<a>` (the router handles every click on one), marked as the current page
/// when it leads to the page on screen.
#[component]
pub fn A(#[prop(into)] href: Signal<String>, children: Children) -> impl IntoView {
    let location = use_location();
    let current = move || {
        href.with(|href| *location.pathname.read() == path_of(href))
            .then_some("page")
    };
    view! { <a href=href aria-current=current>{children()}</a> }
}

/// A page's query, decoded: `?city=440300&need=hospital`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// `search` without its `?`.
    pub fn parse(search: &str) -> Query {
        let decode = |part: &str| {
            js_sys::decode_uri_component(&part.replace('+', " "))
                .ok()
                .and_then(|decoded| decoded.as_string())
                .unwrap_or_else(|| part.to_owned())
        };
        Query(
            search
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(key), decode(value))
                })
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

/// The path of an in-app href (`/file/check?from=check` gives `/file/check`).
fn path_of(href: &str) -> &str {
    href.split(['?', '#']).next().unwrap_or(href)
}

/// An address on this site, split as `Location` holds it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Address {
    path: String,
    /// Without its `?`.
    search: String,
    /// With its `#`, or empty.
    hash: String,
}

impl Address {
    fn parse(href: &str) -> Option<Address> {
        let origin = window().location().origin().ok()?;
        let url = Url::new_with_base(href, &origin).ok()?;
        (url.origin() == origin).then(|| Address {
            path: url.pathname(),
            search: url.search().trim_start_matches('?').to_owned(),
            hash: url.hash(),
        })
    }

    /// The window's address.
    fn current() -> Address {
        let href = window().location().href().unwrap_or_default();
        Address::parse(&href).unwrap_or_default()
    }

    fn href(&self) -> String {
        let question = if self.search.is_empty() { "" } else { "?" };
        format!("{}{question}{}{}", self.path, self.search, self.hash)
    }
}

/// The page an address opens, and what it is opened with.
#[derive(Clone)]
struct Opened {
    page: Option<Page>,
    params: Params,
    query: Query,
    path: String,
    /// Follows a link that changes only the query.
    search: RwSignal<String>,
}

impl Opened {
    /// Made in the page's owner, which holds its `search`.
    fn of(address: &Address) -> Opened {
        let (page, params) = page_of(&address.path);
        Opened {
            page,
            params,
            query: Query::parse(&address.search),
            path: address.path.clone(),
            search: RwSignal::new(address.search.clone()),
        }
    }

    /// Whether the page opened is the one `address` names: only the query or the fragment differ.
    fn opens(&self, address: &Address) -> bool {
        let (page, params) = page_of(&address.path);
        self.page == page && self.params == params
    }
}

/// The page `path` names and its parameters; no page for an address the route table does not have.
fn page_of(path: &str) -> (Option<Page>, Params) {
    match Route::find(path) {
        Some((route, params)) => (Some(route.page), params),
        None => (None, Params::default()),
    }
}

#[derive(Clone, Copy)]
struct Router {
    pathname: RwSignal<String>,
    search: RwSignal<String>,
    /// The address to open next, and whether the window then scrolls to the top (not after back or forward).
    wanted: RwSignal<(Address, bool)>,
}

impl Router {
    fn go(self, address: Address, scroll: bool) {
        if let Ok(history) = window().history()
            && address != Address::current()
        {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&address.href()));
        }
        self.wanted.set((address, scroll));
    }
}

/// Starts the router at the window's address: links and back/forward from here on open pages in the app.
pub fn provide_router() {
    let start = Address::current();
    let router = Router {
        pathname: RwSignal::new(start.path.clone()),
        search: RwSignal::new(start.search.clone()),
        wanted: RwSignal::new((start, false)),
    };
    provide_context(router);
    let clicks = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(address) = followed_link(&ev) {
            ev.prevent_default();
            router.go(address, true);
        }
    });
    let returns = window_event_listener(leptos::ev::popstate, move |_| {
        router.wanted.set((Address::current(), false));
    });
    on_cleanup(move || {
        clicks.remove();
        returns.remove();
    });
}

/// The in-app address a click follows, if the app should open it: a plain click (no modifier key, not already
/// handled) on a link to this site, without a target or download, and not to another part of the same page (the
/// browser's own jump moves focus there too). A link to what the server sends as it is (the API, a file: a last
/// segment with an extension) is the browser's to follow; any other address is a page, found or not.
fn followed_link(ev: &web_sys::MouseEvent) -> Option<Address> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return None;
    }
    let link = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??
        .dyn_into::<HtmlAnchorElement>()
        .ok()?;
    let external = link
        .get_attribute("rel")
        .is_some_and(|rel| rel.split_whitespace().any(|r| r == "external"));
    if !link.target().is_empty() || link.has_attribute("download") || external {
        return None;
    }
    let address = Address::parse(&link.href())?;
    if is_resource(&address.path) {
        return None;
    }
    let here = Address::current();
    let same_page_jump =
        !address.hash.is_empty() && address.path == here.path && address.search == here.search;
    (!same_page_jump).then_some(address)
}

/// An address the server answers with the resource itself, not with the app: the API, or a file.
fn is_resource(path: &str) -> bool {
    // Bytes, not `str` patterns: the main module carries this, and a pattern's search code costs 0.4 KB there.
    let mut last_segment = path.bytes().rev().take_while(|&b| b != b'/');
    path.starts_with("/api/") || last_segment.any(|b| b == b'.')
}

/// The page of the current address: built when the address names another page, shown once built.
#[component]
pub fn Routes() -> impl IntoView {
    let router = expect_context::<Router>();
    let parent = Owner::current().unwrap_or_default();
    let shown = RwSignal::new_local(None::<AnyView>);
    // The page on screen, its owner and how many pages have been asked for (a page built late for an address
    // since left is dropped).
    let on_screen = StoredValue::new_local(None::<(Opened, Owner)>);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (address, scroll) = router.wanted.get();
        asked.update_value(|n| *n += 1);
        let same = on_screen.with_value(|s| {
            s.as_ref()
                .filter(|(o, _)| o.opens(&address))
                .map(|(o, _)| o.search)
        });
        if let Some(search) = same {
            search.set(address.search.clone());
            router.search.set(address.search.clone());
            arrive(&address, scroll);
            return;
        }
        let serial = asked.get_value();
        let owner = parent.child();
        let (opened, build) = owner.with(|| {
            let opened = Opened::of(&address);
            provide_context(opened.clone());
            let page = opened.page;
            let build = ScopedFuture::new_untracked(async move {
                match page {
                    Some(page) => page_view(page).await,
                    None => view! { <NotFound /> }.into_any(),
                }
            });
            (opened, build)
        });
        leptos::task::spawn_local(async move {
            let view = build.await;
            if asked.get_value() != serial {
                owner.cleanup();
                return;
            }
            router.pathname.set(address.path.clone());
            router.search.set(address.search.clone());
            shown.set(Some(view));
            let left = on_screen
                .try_update_value(|s| s.replace((opened, owner)))
                .flatten();
            // The page left is cleaned up once the new one has replaced it on screen.
            if let Some((_, owner)) = left {
                set_timeout(move || owner.cleanup(), std::time::Duration::ZERO);
            }
            arrive(&address, scroll);
        });
    });
    move || {
        shown.track();
        shown.try_update_untracked(Option::take).flatten()
    }
}

/// Once the page is on screen: to the fragment's element if the address has one, else to the top.
fn arrive(address: &Address, scroll: bool) {
    let hash = address.hash.trim_start_matches('#').to_owned();
    request_animation_frame(move || {
        let target = js_sys::decode_uri_component(&hash)
            .ok()
            .and_then(|id| id.as_string())
            .filter(|id| !id.is_empty())
            .and_then(|id| document().get_element_by_id(&id));
        match target {
            Some(element) => element.scroll_into_view(),
            None if scroll => window().scroll_to_with_x_and_y(0.0, 0.0),
            None => {}
        }
    });
}
