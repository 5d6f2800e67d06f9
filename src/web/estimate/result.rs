//! The result: the fund's and the person's payments first and large, then what matters, then every step.

use std::sync::Arc;

use leptos::prelude::*;

use super::figures::{Asked, FigureField};
use super::state::State;
use super::text::{EstimateText, use_text};
use crate::domain::estimate::{Amount, Basis, Bound, Division, Evaluation, MissingFigure, Outcome};
use crate::domain::lang::Lang;
use crate::domain::policy::PolicyData;
use crate::domain::settle::{ParamName, Provenance};
use crate::domain::text::capitalised;
use crate::web::components::FieldError;
use crate::web::i18n::use_i18n;

/// One step's source line: the document and its date, or "yours", or "not in our data".
fn source_line(
    t: &'static EstimateText,
    lang: Lang,
    outcome: &Outcome,
    data: Option<&PolicyData>,
    name: ParamName,
) -> Option<(String, bool)> {
    if outcome.yours.contains(&name) {
        return Some((t.source_yours.to_owned(), false));
    }
    match outcome.params.provenance(name)? {
        Provenance::Case => None,
        Provenance::Missing => Some((t.source_missing.to_owned(), false)),
        Provenance::Policy { source, verified } => {
            let described = data.and_then(|d| d.sources.get(source)).map(|s| {
                let mut line = match lang {
                    Lang::Zh => format!("{}《{}》", s.issuer_in(lang), s.title_in(lang)),
                    Lang::En => format!("{}, {}", s.issuer_in(lang), s.title_in(lang)),
                };
                if let Some(number) = &s.document_number {
                    line.push_str(&format!(" {number}"));
                }
                if let Some(date) = &s.date {
                    line.push_str(&match lang {
                        Lang::Zh => format!("（{date}）"),
                        Lang::En => format!(" ({date})"),
                    });
                }
                line
            });
            Some((described.unwrap_or_else(|| source.clone()), !verified))
        }
    }
}

/// An amount as the page shows it: one figure, or both ends, each kept on one line; the machine form in `data-*`.
fn amount_view(t: &'static EstimateText, testid: &'static str, amount: Amount) -> impl IntoView {
    let (exact, low, high) = match amount {
        Amount::Exact(m) => (Some(m.to_string()), None, None),
        Amount::Range { low, high } => (None, Some(low.to_string()), Some(high.to_string())),
    };
    let ends = match amount {
        Amount::Exact(m) => view! { <span class="amount">{m.yuan()}</span> }.into_any(),
        Amount::Range { low, high } => view! {
            <span class="amount">{low.yuan()}</span>
            <span class="estimate-figure__to">{t.range_to}</span>
            <span class="amount">{high.yuan()}</span>
        }
        .into_any(),
    };
    view! {
        <span
            class="estimate-figure__amount"
            data-testid=testid
            data-amount=exact
            data-low=low
            data-high=high
        >
            {ends}
        </span>
    }
}

/// How the bill divides between the fund and the person, as a bar and in words: the fund's part, the part either
/// may pay while figures are missing (hatched), and the person's part. The words say it all; the bar is for the eye.
fn division_view(t: &'static EstimateText, outcome: &Outcome) -> Option<impl IntoView> {
    let d = Division::of(outcome.fund, outcome.breakdown.total)?;
    let part = |class: &'static str, per_mille: u32| {
        (per_mille > 0)
            .then(|| view! { <span class=class style:flex-grow=per_mille.to_string()></span> })
    };
    Some(view! {
        <div class="estimate-split" data-testid="split" data-fund=d.fund data-open=d.open data-person=d.person>
            <div class="estimate-split__bar" aria-hidden="true">
                {part("estimate-split__fund", d.fund)}
                {part("estimate-split__open", d.open)}
                {part("estimate-split__person", d.person)}
            </div>
            <ul class="estimate-split__legend">
                <li class="estimate-split__key estimate-split__key--fund">
                    {format!("{}{}{}", t.fund_pays, t.about, t.percent(d.fund_percent))}
                </li>
                <li class="estimate-split__key estimate-split__key--person">
                    {format!("{}{}{}", t.you_pay, t.about, t.percent(d.person_percent()))}
                </li>
                {(d.open > 0).then(|| view! { <li class="estimate-split__key estimate-split__key--open">{t.split_open}</li> })}
            </ul>
        </div>
    })
}

/// The national rule a temporary cut's range rests on, by its title in the page's language.
fn cut_source(data: Option<&PolicyData>, bound: &Bound, lang: Lang) -> String {
    let Basis::NationalMaximumCut { source, .. } = &bound.fund_low else {
        return String::new();
    };
    data.and_then(|d| d.sources.get(source))
        .map_or_else(|| source.clone(), |s| s.title_in(lang).to_owned())
}

/// Whether the result is a range: figures are missing and they change what the fund pays (a missing cap far above
/// the bill does not).
fn is_range(outcome: &Outcome) -> bool {
    matches!(outcome.fund, Amount::Range { .. })
}

#[component]
pub fn ResultPanel(
    evaluation: Memo<Evaluation>,
    policy: Signal<Option<Arc<PolicyData>>>,
    has_errors: Signal<bool>,
    asked: Memo<Vec<MissingFigure>>,
    state: State,
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let t = use_text();
    let i18n = use_i18n();
    let figures = move || {
        let t = t();
        let evaluation = evaluation.get();
        let Some(outcome) = evaluation.outcome else {
            let message = if has_errors.get() {
                t.result_blocked
            } else {
                t.result_waiting
            };
            return view! { <p class="estimate-result__waiting">{message}</p> }.into_any();
        };
        let b = &outcome.breakdown;
        view! {
            <div class="estimate-figures" aria-live="polite" aria-atomic="true">
                <div class="estimate-figure estimate-figure--fund">
                    <span class="estimate-figure__label">{t.fund_pays}</span>
                    {amount_view(t, "fund", outcome.fund)}
                </div>
                <div class="estimate-figure estimate-figure--you">
                    <span class="estimate-figure__label">{t.you_pay}</span>
                    {amount_view(t, "personal", outcome.personal)}
                </div>
            </div>
            <p class="estimate-total">
                {format!("{}{}", t.total, i18n.t().colon)}
                <span class="amount">{b.total.yuan()}</span>
                {(!b.directly_settled).then(|| view! { <span class="badge badge--warn">{t.not_settled_badge}</span> })}
            </p>
            {division_view(t, &outcome)}
            {is_range(&outcome).then(|| view! { <p class="estimate-range-note">{t.range_note}</p> })}
        }
            .into_any()
    };
    let details = move || {
        let t = t();
        let lang = i18n.lang();
        let outcome = evaluation.get().outcome?;
        let b = &outcome.breakdown;
        let data = policy.get();
        let steps = b
            .steps
            .iter()
            .map(|step| {
                let name = step.param();
                let source = name.and_then(|n| source_line(t, lang, &outcome, data.as_deref(), n));
                // The English names are lower case, to be used within a sentence; a label starts with a capital.
                let label = name.map(|n| capitalised(t.param_name(n)));
                let source_label = i18n.t().source_label;
                let colon = i18n.t().colon;
                view! {
                    <li class="estimate-step">
                        {label.map(|l| view! { <p class="estimate-step__what">{l}</p> })}
                        <p class="estimate-step__formula">{step.sentence(&outcome.params, lang)}</p>
                        {source.map(|(line, unverified)| {
                            view! {
                                <p class="estimate-step__source">
                                    {format!("{source_label}{colon}{line}")}
                                    {unverified.then(|| view! { <span class="badge badge--warn">{t.unverified}</span> })}
                                </p>
                            }
                        })}
                    </li>
                }
            })
            .collect_view();
        let yours = (!outcome.yours.is_empty()).then(|| {
            let names: Vec<&str> = outcome.yours.iter().map(|&n| t.param_name(n)).collect();
            view! { <p class="estimate-yours">{format!("{}{}", t.yours_note, names.join(lang.list_separator()))}</p> }
        });
        let warnings = (!outcome.warnings.is_empty()).then(|| {
            view! {
                <ul class="estimate-warnings">
                    {outcome.warnings.iter().map(|w| view! { <li>{t.warning(w)}</li> }).collect_view()}
                </ul>
            }
        });
        let range = is_range(&outcome);
        Some(view! {
            {yours}
            {warnings}
            <h3 class="estimate-steps__heading">{t.steps_heading}</h3>
            {range.then(|| view! { <p class="hint">{t.steps_range_note}</p> })}
            <ol class="estimate-steps">{steps}</ol>
        })
    };
    view! {
        <section class="estimate-result" id="result" aria-labelledby="result-heading" data-device-state="">
            <h2 id="result-heading">{move || t().result_heading}</h2>
            {figures}
            <AskPanel evaluation policy asked state errors />
            {details}
        </section>
    }
}

/// The figures the data lacks for this estimate, asked beside the result: each with where to find it and what the
/// range now rests on. A question stays while it is answered, so the field keeps its focus.
#[component]
fn AskPanel(
    evaluation: Memo<Evaluation>,
    policy: Signal<Option<Arc<PolicyData>>>,
    asked: Memo<Vec<MissingFigure>>,
    state: State,
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let t = use_text();
    let i18n = use_i18n();
    // An exact result with figures missing: they do not change it (a cap far above the bill), which the panel says
    // rather than that the result is a range.
    let no_effect = move || {
        let e = evaluation.read();
        e.outcome.as_ref().is_some_and(|o| !is_range(o))
    };
    let basis = move |figure: MissingFigure| {
        let t = t();
        let e = evaluation.read();
        let outcome = e.outcome.as_ref()?;
        Some(match outcome.bounds.iter().find(|b| b.figure == figure) {
            Some(bound) => {
                let source = cut_source(policy.read().as_deref(), bound, i18n.lang());
                let mut text = t.basis(bound, &source);
                if !is_range(outcome) {
                    text.push_str(t.basis_no_effect);
                }
                text
            }
            None => t.ask_answered.to_owned(),
        })
    };
    let question = move |figure: MissingFigure| {
        view! {
            <Show when=move || asked.read().contains(&figure)>
                <div class="estimate-ask__figure" data-figure=figure.name()>
                    <FigureField figure asked=Asked::BesideResult state errors />
                    {move || basis(figure).map(|text| view! { <p class="estimate-ask__basis">{text}</p> })}
                </div>
            </Show>
        }
    };
    view! {
        <Show when=move || !asked.read().is_empty()>
            <section class="estimate-ask" id="ask" aria-labelledby="ask-heading">
                <h3 id="ask-heading">{move || t().ask_heading}</h3>
                <p class="hint">{move || if no_effect() { t().ask_lead_no_effect } else { t().ask_lead }}</p>
                {question(MissingFigure::Deductible)}
                {question(MissingFigure::RatioBands)}
                {question(MissingFigure::AnnualCap)}
                {question(MissingFigure::ClassBShare)}
                {question(MissingFigure::Reduction)}
                {question(MissingFigure::BandsCounted)}
            </section>
        </Show>
    }
}

/// The two figures in a bar that stays in view on a phone while the person types below.
#[component]
pub fn StickySummary(evaluation: Memo<Evaluation>) -> impl IntoView {
    let t = use_text();
    move || {
        let t = t();
        evaluation.get().outcome.map(|o| {
            let range = is_range(&o);
            view! {
                <div class="estimate-sticky">
                    <span>
                        {t.fund_pays} " " <strong>{t.amount(o.fund)}</strong>
                    </span>
                    <span>
                        {t.you_pay} " " <strong>{t.amount(o.personal)}</strong>
                    </span>
                    {if range {
                        view! { <a href="#ask">{t.ask_link}</a> }.into_any()
                    } else {
                        view! { <a href="#result">{t.see_steps}</a> }.into_any()
                    }}
                </div>
            }
        })
    }
}
