//! The person's own figures (deductible, ratio, cap, Class B share, temporary reduction). Each is asked in one of
//! two places: beside the result when the data lacks it for this estimate, else under "My policy notice says…" to
//! replace ours. The fields are the same wherever they stand.

use leptos::prelude::*;

use super::choices;
use super::state::State;
use super::text::{EstimateText, use_text};
use crate::domain::estimate::{MissingFigure, ReductionMethod};
use crate::web::components::{FieldError, SelectField, TextField};

/// Where a figure is asked: the hint says where to find it beside the result, how to write it in the notice panel.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    BesideResult,
    InNotice,
}

/// The inputs for one figure.
#[component]
pub fn FigureField(
    figure: MissingFigure,
    asked: Asked,
    state: State,
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let t = use_text();
    let label = move |h: fn(&'static EstimateText) -> &'static str| Signal::derive(move || h(t()));
    // A select's "not chosen": beside the result the figure is unknown, in the notice panel ours stands.
    let not_chosen = move || {
        Signal::derive(move || match asked {
            Asked::BesideResult => t().ask_unknown,
            Asked::InNotice => t().keep_resolved,
        })
    };
    let hint = move |beside: fn(&'static EstimateText) -> &'static str,
                     notice: Option<fn(&'static EstimateText) -> &'static str>| {
        Signal::derive(move || match asked {
            Asked::BesideResult => Some(beside(t())),
            Asked::InNotice => notice.map(|h| h(t())),
        })
    };
    match figure {
        MissingFigure::Deductible => view! {
            <TextField
                id="my-deductible"
                label=label(|t| t.notice_deductible)
                hint=hint(|t| t.ask_deductible_where, None)
                value=state.my_deductible
                errors
                inputmode="decimal"
                class="field__input estimate-amount"
            />
        }
        .into_any(),
        MissingFigure::RatioBands => view! {
            <TextField
                id="my-bands"
                label=label(|t| t.notice_bands)
                hint=hint(|t| t.ask_bands_where, Some(|t| t.notice_bands_hint))
                value=state.my_bands
                errors
            />
        }
        .into_any(),
        MissingFigure::AnnualCap => view! {
            <TextField
                id="my-cap"
                label=label(|t| t.notice_cap)
                hint=hint(|t| t.ask_cap_where, Some(|t| t.notice_cap_hint))
                value=state.my_cap
                errors
                class="field__input estimate-amount"
            />
        }
        .into_any(),
        MissingFigure::ClassBShare => view! {
            <TextField
                id="my-class-b"
                label=label(|t| t.notice_class_b)
                hint=hint(|t| t.ask_class_b_where, Some(|t| t.notice_class_b_hint))
                value=state.my_class_b
                errors
                inputmode="decimal"
                class="field__input estimate-percent"
            />
            // Beside the result only: a slip from the treatment place says the amount, not the share.
            {(asked == Asked::BesideResult).then(|| view! {
                <TextField
                    id="my-class-b-amount"
                    label=label(|t| t.ask_class_b_amount)
                    hint=hint(|t| t.ask_class_b_amount_hint, None)
                    value=state.my_class_b_amount
                    errors
                    inputmode="decimal"
                    class="field__input estimate-amount"
                />
            })}
        }
        .into_any(),
        MissingFigure::BandsCounted => {
            let choices = Signal::derive(move || {
                let t = t();
                choices(&[
                    ("per_year", t.counted_per_year),
                    ("per_settlement", t.counted_per_settlement),
                ])
            });
            view! {
                <SelectField
                    id="my-bands-counted"
                    label=label(|t| t.counted_label)
                    hint=hint(|t| t.ask_counted_where, None)
                    placeholder=not_chosen()
                    choices
                    value=state.my_bands_counted
                    errors
                />
            }
            .into_any()
        }
        MissingFigure::Reduction => {
            let choices = Signal::derive(move || {
                let t = t();
                let pairs: Vec<_> = ReductionMethod::ALL
                    .into_iter()
                    .map(|m| (m.as_str(), t.reduction_method(m)))
                    .collect();
                choices(&pairs)
            });
            view! {
                <SelectField
                    id="my-reduction"
                    label=label(|t| t.notice_reduction)
                    hint=hint(|t| t.ask_reduction_where, None)
                    placeholder=not_chosen()
                    choices
                    value=state.my_reduction
                    errors
                />
                <Show when=move || !matches!(state.my_reduction.get().as_str(), "" | "none")>
                    <TextField
                        id="my-reduction-value"
                        label=label(|t| t.notice_reduction_value)
                        hint=hint(|t| t.notice_reduction_value_hint, Some(|t| t.notice_reduction_value_hint))
                        value=state.my_reduction_value
                        errors
                        inputmode="decimal"
                        class="field__input estimate-amount"
                    />
                </Show>
            }
            .into_any()
        }
    }
}
