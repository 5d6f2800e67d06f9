//! `/`: what cross-provincial direct settlement is, in three steps.

use crate::domain::route::Page;
use leptos::prelude::*;

use super::text::intro_text;
use crate::web::i18n::use_i18n;
use crate::web::layout::{Care, use_page_title};
use crate::web::router::A;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let words = move || intro_text(i18n.lang());
    let Care(care) = expect_context::<Care>();
    use_page_title(move || words().home.title.to_owned());
    view! {
        <section class="hero">
            <h1 tabindex="-1">{move || words().home.title}</h1>
            <p class="lead">{move || words().home.lead}</p>
            <A href=Page::FileStart.href() attr:class="button button--start">{move || words().home.start_filing}</A>
            // The elder-friendly specifications ask for a prominent way into care mode on the home page.
            <p class="care-offer">
                {move || if care.get() { words().home.care_offer_on } else { words().home.care_offer }}
                " "
                <button
                    type="button"
                    class="link-button care-offer__switch"
                    aria-pressed=move || if care.get() { "true" } else { "false" }
                    on:click=move |_| care.update(|on| *on = !*on)
                >
                    {move || words().home.care_offer_switch}
                </button>
            </p>
        </section>
        <section class="already-card" aria-labelledby="already-heading">
            <h2 id="already-heading">{move || words().home.already_title}</h2>
            <p>{move || words().home.already_body}</p>
            <A href=Page::FileStart.href() attr:class="button button--secondary">{move || words().home.already_link}</A>
        </section>
        // The estimator's own text stays in its lazy module; these three lines are in the main one.
        <section class="estimate-card" aria-labelledby="estimate-card-heading">
            <h2 id="estimate-card-heading">{move || words().home.estimate_title}</h2>
            <p>{move || words().home.estimate_body}</p>
            <A href=Page::Estimate.href() attr:class="button">{move || words().home.estimate_link}</A>
        </section>
        <section aria-labelledby="steps-heading">
            <h2 id="steps-heading">{move || words().home.steps_heading}</h2>
            <ol class="steps">
                {move || {
                    words()
                        .steps
                        .iter()
                        .map(|step| {
                            view! {
                                <li class="step-card">
                                    <span class="step-card__number" aria-hidden="true">
                                        {step.number}
                                    </span>
                                    <h3>{step.title}</h3>
                                    <p>{step.summary}</p>
                                    <A href=Page::Guide.href_with(step.step.slug()) attr:class="step-card__link">
                                        {words().home.read_more}
                                        <span class="visually-hidden">{i18n.t().colon} {step.title}</span>
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
        <section class="callout" aria-labelledby="rule-heading">
            <h2 id="rule-heading">{move || words().home.rule_heading}</h2>
            <p>{move || words().home.rule_body}</p>
        </section>
    }
}
