//! The frame around every page: skip link, header with the language switch, main, footer.

use leptos::prelude::*;

use super::i18n::use_i18n;
use super::read_aloud::ReadAloud;
use super::tasks::Later;
use crate::domain::lang::{CARE_COOKIE, Lang, care_from_cookies};
use crate::domain::route::Page;
use crate::web::router::{A, use_location};

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let care = care_mode();
    provide_context(Care(care));
    focus_heading_after_navigation();
    let other = move || match i18n.lang() {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    view! {
        <a class="skip-link" href="#main">{move || i18n.t().skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href=Page::Home.href() attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"医"</span>
                    <span class="brand__text">
                        <span class="brand__name">{move || i18n.t().app_name}</span>
                        <span class="brand__tagline">{move || i18n.t().app_tagline}</span>
                    </span>
                </A>
                <nav class="site-nav" aria-label=move || i18n.t().nav_label>
                    <A href=Page::Filings.href() attr:class="site-nav__link">{move || i18n.t().nav_my_filings}</A>
                </nav>
                <div class="site-tools">
                    <button
                        type="button"
                        class="care-switch"
                        aria-pressed=move || if care.get() { "true" } else { "false" }
                        on:click=move |_| care.update(|on| *on = !*on)
                    >
                        {move || i18n.t().care_switch}
                    </button>
                    <button
                        type="button"
                        class="lang-switch"
                        lang=move || other().tag()
                        aria-label=move || i18n.t().switch_label
                        on:click=move |_| i18n.set(other())
                    >
                        {move || i18n.t().switch_to_other}
                    </button>
                </div>
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            <ReadAloud care />
            {children()}
        </main>
        <Later>
            <footer class="site-footer">
                <p>{move || i18n.t().footer_note}</p>
            </footer>
        </Later>
    }
}

/// Care mode on or off, for a page that offers the switch itself (the home page).
#[derive(Clone, Copy)]
pub struct Care(pub RwSignal<bool>);

/// 关怀模式 (care mode): large type, high contrast and large targets (`html.care` in style/main.css, after China's
/// elder-friendly design specifications). Starts as the server wrote the page (its cookie), and every change is
/// kept in the cookie, so the next page's first paint is in it too.
fn care_mode() -> RwSignal<bool> {
    use wasm_bindgen::JsCast;
    let html = document().document_element();
    let on = html
        .as_ref()
        .is_some_and(|h| h.class_list().contains("care"))
        || document()
            .dyn_into::<web_sys::HtmlDocument>()
            .ok()
            .and_then(|d| d.cookie().ok())
            .is_some_and(|cookies| care_from_cookies(&cookies));
    let care = RwSignal::new(on);
    Effect::new(move |_| {
        let on = care.get();
        if let Some(html) = &html {
            let _ = html.class_list().toggle_with_force("care", on);
        }
        if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
            let age = if on { 31_536_000 } else { 0 };
            let _ = document.set_cookie(&format!(
                "{CARE_COOKIE}=1; Path=/; Max-Age={age}; SameSite=Lax"
            ));
        }
    });
    care
}

/// After a client-side navigation, move focus to the new page's heading so a screen reader announces it.
/// Not on the first load: the browser's own start position is right there.
fn focus_heading_after_navigation() {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            request_animation_frame(|| {
                if let Ok(Some(heading)) = document().query_selector("main h1") {
                    use wasm_bindgen::JsCast;
                    if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
                        let _ = heading.focus();
                    }
                }
            });
        }
        path
    });
}

/// Sets the document title for the current page, in the current language, as `Page · Yidi`.
pub fn use_page_title(title: impl Fn() -> String + 'static) {
    set_page_title(Box::new(title));
}

// One effect's code for every page, not one per page's closure.
fn set_page_title(title: Box<dyn Fn() -> String>) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        document().set_title(&format!("{} · {}", title(), i18n.t().app_name));
    });
}
