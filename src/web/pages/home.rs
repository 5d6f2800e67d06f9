//! `/`: what cross-provincial direct settlement is, in three steps.

use crate::domain::route::Page;
use leptos::prelude::*;

use crate::web::i18n::use_i18n;
use crate::web::layout::{Care, use_page_title};
use crate::web::router::A;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let Care(care) = expect_context::<Care>();
    use_page_title(move || i18n.t().home.title.to_owned());
    view! {
        <section class="hero">
            <h1 tabindex="-1">{move || i18n.t().home.title}</h1>
            <p class="lead">{move || i18n.t().home.lead}</p>
            <A href=Page::FileStart.href() attr:class="button button--start">{move || i18n.t().home.start_filing}</A>
            // The elder-friendly specifications ask for a prominent way into care mode on the home page.
            <p class="care-offer">
                {move || if care.get() { i18n.t().home.care_offer_on } else { i18n.t().home.care_offer }}
                " "
                <button
                    type="button"
                    class="link-button care-offer__switch"
                    aria-pressed=move || if care.get() { "true" } else { "false" }
                    on:click=move |_| care.update(|on| *on = !*on)
                >
                    {move || i18n.t().home.care_offer_switch}
                </button>
            </p>
        </section>
        <section class="already-card" aria-labelledby="already-heading">
            <h2 id="already-heading">{move || i18n.t().home.already_title}</h2>
            <p>{move || i18n.t().home.already_body}</p>
            <A href=Page::FileStart.href() attr:class="button button--secondary">{move || i18n.t().home.already_link}</A>
        </section>
        // The estimator's own text stays in its lazy module; these three lines are in the main one.
        <section class="estimate-card" aria-labelledby="estimate-card-heading">
            <h2 id="estimate-card-heading">{move || i18n.t().home.estimate_title}</h2>
            <p>{move || i18n.t().home.estimate_body}</p>
            <A href=Page::Estimate.href() attr:class="button">{move || i18n.t().home.estimate_link}</A>
        </section>
        <section aria-labelledby="steps-heading">
            <h2 id="steps-heading">{move || i18n.t().home.steps_heading}</h2>
            <ol class="steps">
                {move || {
                    i18n.t()
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
                                        {i18n.t().home.read_more}
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
            <h2 id="rule-heading">{move || i18n.t().home.rule_heading}</h2>
            <p>{move || i18n.t().home.rule_body}</p>
        </section>
    }
}
