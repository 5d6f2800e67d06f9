//! `/guide/:step`: one step of the journey in full: what to prepare and where people go wrong.

use crate::domain::route::Page;
use leptos::prelude::*;

use super::NotFound;
use super::text::{Step, intro_text};
use crate::web::i18n::use_i18n;
use crate::web::layout::use_page_title;
use crate::web::router::{A, use_params};

#[component]
pub fn GuideStep() -> impl IntoView {
    let i18n = use_i18n();
    let step = use_params().step;
    let index = Memo::new(move |_| {
        let step = step?;
        intro_text(i18n.lang())
            .steps
            .iter()
            .position(|told| told.step == step)
    });
    move || match index.get() {
        Some(index) => view! { <StepPage index /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn StepPage(index: usize) -> impl IntoView {
    let i18n = use_i18n();
    let words = move || intro_text(i18n.lang());
    let step = move || &words().steps[index];
    use_page_title(move || format!("{} · {}", step().title, words().guide_title));
    let list = |items: &'static [&'static str]| {
        items
            .iter()
            .map(|item| view! { <li>{*item}</li> })
            .collect_view()
    };
    // A link to the step before or after this one, with the word that says which way it goes.
    let link = move |way: &'static str, to: Option<&'static Step>| {
        to.map(|step| {
            view! {
                <A href=Page::Guide.href_with(step.step.slug()) attr:class="button button--secondary">
                    {way} {i18n.t().colon} {step.title}
                </A>
            }
        })
    };
    view! {
        <nav class="breadcrumbs" aria-label=move || i18n.t().breadcrumb_label>
            <A href=Page::Home.href()>{move || i18n.t().nav_home}</A>
            <span aria-hidden="true">" / "</span>
            <span>{move || words().guide_title}</span>
        </nav>
        <p class="step-kicker">{move || step().number} " / 3"</p>
        <h1 tabindex="-1">{move || step().title}</h1>
        <p class="lead">{move || step().summary}</p>
        <p><A href=move || step().action.1.href().to_owned() attr:class="button">{move || step().action.0}</A></p>
        <section aria-labelledby="prepare-heading">
            <h2 id="prepare-heading">{move || words().guide_prepare}</h2>
            <ul class="checklist">{move || list(step().prepare)}</ul>
        </section>
        <section aria-labelledby="mistakes-heading" class="callout callout--warning">
            <h2 id="mistakes-heading">{move || words().guide_mistakes}</h2>
            <ul>{move || list(step().mistakes)}</ul>
        </section>
        <p class="source">
            {move || i18n.t().source_label} {move || i18n.t().colon} {move || words().national_source}
        </p>
        <nav class="button-row" aria-label=move || words().guide_pager>
            {move || link(words().guide_previous, index.checked_sub(1).map(|i| &words().steps[i]))}
            {move || link(words().guide_next, words().steps.get(index + 1))}
        </nav>
    }
}
