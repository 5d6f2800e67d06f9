//! The result: the fund's and the person's payments first and large, then what matters, then every step.

use std::sync::Arc;

use leptos::prelude::*;

use super::text::{EstimateText, use_text};
use crate::domain::estimate::{Evaluation, Outcome};
use crate::domain::lang::Lang;
use crate::domain::policy::PolicyData;
use crate::domain::settle::{ParamName, Provenance, SettlementParams};
use crate::web::i18n::use_i18n;

fn param_label(t: &EstimateText, name: ParamName) -> &'static str {
    let index = ParamName::ALL.iter().position(|&n| n == name).unwrap_or(0);
    t.param_names[index]
}

/// The parameters with their policy sources taken out, so a step's sentence carries no bracketed source:
/// the page shows the source on its own line.
fn without_sources(params: &SettlementParams) -> SettlementParams {
    fn plain(p: &mut Provenance) {
        if matches!(p, Provenance::Policy { .. }) {
            *p = Provenance::Case;
        }
    }
    let mut params = params.clone();
    plain(&mut params.deductible.provenance);
    plain(&mut params.ratio_bands.provenance);
    plain(&mut params.annual_cap.provenance);
    plain(&mut params.reduction.provenance);
    plain(&mut params.class_b_share.provenance);
    if let Some(limit) = params.reduction_limit.as_mut() {
        plain(&mut limit.provenance);
    }
    if let Some(rule) = params.not_filed.as_mut() {
        plain(&mut rule.provenance);
    }
    params
}

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
                    Lang::Zh => format!("{}《{}》", s.issuer, s.title),
                    Lang::En => format!("{}, {}", s.issuer, s.title),
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

#[component]
pub fn ResultPanel(
    evaluation: Memo<Evaluation>,
    policy: RwSignal<Option<Arc<PolicyData>>>,
    has_errors: Signal<bool>,
) -> impl IntoView {
    let t = use_text();
    let i18n = use_i18n();
    let body = move || {
        let t = t();
        let lang = i18n.lang();
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
        let data = policy.get();
        let plain = without_sources(&outcome.params);
        let steps = b
            .steps
            .iter()
            .map(|step| {
                let name = step.param();
                let source = name.and_then(|n| source_line(t, lang, &outcome, data.as_deref(), n));
                let label = name.map(|n| param_label(t, n));
                let source_label = i18n.t().source_label;
                let colon = i18n.t().colon;
                view! {
                    <li class="estimate-step">
                        {label.map(|l| view! { <p class="estimate-step__what">{l}</p> })}
                        <p class="estimate-step__formula">{step.text(&plain, lang)}</p>
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
            let names: Vec<&str> = outcome.yours.iter().map(|&n| param_label(t, n)).collect();
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            view! { <p class="estimate-yours">{format!("{}{}", t.yours_note, names.join(sep))}</p> }
        });
        let warnings = (!outcome.warnings.is_empty()).then(|| {
            view! {
                <ul class="estimate-warnings">
                    {outcome.warnings.iter().map(|w| view! { <li>{t.warning(w)}</li> }).collect_view()}
                </ul>
            }
        });
        view! {
            <div class="estimate-figures" aria-live="polite" aria-atomic="true">
                <div class="estimate-figure estimate-figure--fund">
                    <span class="estimate-figure__label">{t.fund_pays}</span>
                    <span class="estimate-figure__amount" data-testid="fund" data-amount=b.fund.to_string()>
                        {b.fund.yuan()}
                    </span>
                </div>
                <div class="estimate-figure estimate-figure--you">
                    <span class="estimate-figure__label">{t.you_pay}</span>
                    <span
                        class="estimate-figure__amount"
                        data-testid="personal"
                        data-amount=b.personal.to_string()
                    >
                        {b.personal.yuan()}
                    </span>
                </div>
            </div>
            <p class="estimate-total">
                {format!("{}{}{}", t.total, i18n.t().colon, b.total.yuan())}
                {(!b.directly_settled).then(|| view! { <span class="badge badge--warn">{t.not_settled_badge}</span> })}
            </p>
            {yours}
            {warnings}
            <h3 class="estimate-steps__heading">{t.steps_heading}</h3>
            <ol class="estimate-steps">{steps}</ol>
        }
            .into_any()
    };
    view! {
        <section class="estimate-result" id="result" aria-labelledby="result-heading" data-device-state="">
            <h2 id="result-heading">{move || t().result_heading}</h2>
            {body}
        </section>
    }
}

/// The two figures in a bar that stays in view on a phone while the person types below.
#[component]
pub fn StickySummary(evaluation: Memo<Evaluation>) -> impl IntoView {
    let t = use_text();
    move || {
        let t = t();
        evaluation.get().outcome.map(|o| {
            view! {
                <div class="estimate-sticky">
                    <span>
                        {t.fund_pays} " " <strong>{o.breakdown.fund.yuan()}</strong>
                    </span>
                    <span>
                        {t.you_pay} " " <strong>{o.breakdown.personal.yuan()}</strong>
                    </span>
                    <a href="#result">{t.see_steps}</a>
                </div>
            }
        })
    }
}
