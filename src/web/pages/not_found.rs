//! The page for any address the app does not know.

use leptos::prelude::*;

use crate::domain::route::Page;

use crate::web::i18n::use_i18n;
use crate::web::layout::use_page_title;
use crate::web::router::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || i18n.t().not_found_title.to_owned());
    view! {
        <h1 tabindex="-1">{move || i18n.t().not_found_title}</h1>
        <p class="lead">{move || i18n.t().not_found_body}</p>
        <p>
            <A href=Page::Home.href()>{move || i18n.t().back_home}</A>
        </p>
    }
}
