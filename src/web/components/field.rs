//! Labelled inputs that show their hint and their error, and keep exactly what was typed.

use leptos::prelude::*;
use serde::Serialize;

use crate::domain::json::FromJson;
use crate::domain::names::{from_serde_name, serde_name};

/// The error of the field `id` among the page's errors.
fn error_of(errors: Signal<Vec<super::FieldError>>, id: &'static str) -> Memo<Option<String>> {
    Memo::new(move |_| {
        errors
            .read()
            .iter()
            .find(|e| e.field == id)
            .map(|e| e.message.clone())
    })
}

fn described_by(id: &'static str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{id}-hint"));
    }
    if has_error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
fn Hint(id: &'static str, #[prop(into)] hint: Signal<Option<&'static str>>) -> impl IntoView {
    move || {
        hint.get()
            .map(|text| view! { <p class="hint" id=format!("{id}-hint")>{text}</p> })
    }
}

#[component]
fn ErrorText(
    id: &'static str,
    error: Memo<Option<String>>,
    prefix: Signal<&'static str>,
) -> impl IntoView {
    move || {
        error.get().map(|text| {
            view! {
                <p class="field-error" id=format!("{id}-error")>
                    <span class="visually-hidden">{prefix.get()}</span>
                    {text}
                </p>
            }
        })
    }
}

fn error_prefix() -> Signal<&'static str> {
    let i18n = crate::web::i18n::use_i18n();
    Signal::derive(move || i18n.t().form.error_prefix)
}

#[component]
pub fn TextField(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into, optional)] hint: Signal<Option<&'static str>>,
    value: RwSignal<String>,
    errors: Signal<Vec<super::FieldError>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(default = "field__input")] class: &'static str,
) -> impl IntoView {
    let error = error_of(errors, id);
    view! {
        <div class="field" class:field--error=move || error.get().is_some()>
            <label class="label" for=id>{move || label.get()}</label>
            <Hint id hint />
            <ErrorText id error prefix=error_prefix() />
            <input
                class=class
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || described_by(id, hint.get().is_some(), error.get().is_some())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

#[component]
pub fn DateField(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into, optional)] hint: Signal<Option<&'static str>>,
    value: RwSignal<String>,
    errors: Signal<Vec<super::FieldError>>,
) -> impl IntoView {
    view! { <TextField id label hint value errors input_type="date" class="field__input field__input--date" /> }
}

/// One option of a radio group or select: its stored value and its label in the current language.
#[derive(Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

/// The answer a radio group sets, as its radios see it: the text of their `value` attributes, read from and written
/// to a signal of the answer's own type (a `String` as it is, an enum answer by its variants' serde names).
#[derive(Clone, Copy)]
pub struct Answer {
    get: Signal<String>,
    set: Callback<String>,
}

impl From<RwSignal<String>> for Answer {
    fn from(value: RwSignal<String>) -> Answer {
        Answer {
            get: value.into(),
            set: Callback::new(move |text| value.set(text)),
        }
    }
}

impl<T> From<RwSignal<Option<T>>> for Answer
where
    T: Serialize + FromJson + Send + Sync + 'static,
{
    fn from(value: RwSignal<Option<T>>) -> Answer {
        Answer {
            get: Signal::derive(move || value.read().as_ref().map(serde_name).unwrap_or_default()),
            set: Callback::new(move |text: String| value.set(from_serde_name(&text))),
        }
    }
}

#[component]
pub fn RadioGroup(
    id: &'static str,
    #[prop(into)] legend: Signal<&'static str>,
    #[prop(into, optional)] hint: Signal<Option<&'static str>>,
    #[prop(into)] choices: Signal<Vec<Choice>>,
    #[prop(into)] value: Answer,
    errors: Signal<Vec<super::FieldError>>,
    /// Where the page heading already asks the question, the legend is for screen readers only.
    #[prop(optional)]
    hide_legend: bool,
) -> impl IntoView {
    let error = error_of(errors, id);
    let legend_class = if hide_legend {
        "legend visually-hidden"
    } else {
        "legend"
    };
    view! {
        <div class="field" class:field--error=move || error.get().is_some()>
            <fieldset
                class="fieldset"
                aria-describedby=move || described_by(id, hint.get().is_some(), error.get().is_some())
            >
                <legend class=legend_class>{move || legend.get()}</legend>
                <Hint id hint />
                <ErrorText id error prefix=error_prefix() />
                <div class="radios">
                    {move || {
                        choices
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, choice)| {
                                // The first radio carries the group's id, so the error summary can link to it.
                                let input_id = if index == 0 { id.to_owned() } else { format!("{id}-{index}") };
                                let hint_id = format!("{input_id}-item-hint");
                                let checked_value = choice.value.clone();
                                let set_value = choice.value.clone();
                                let has_hint = choice.hint.is_some();
                                view! {
                                    <div class="radio">
                                        <input
                                            class="radio__input"
                                            type="radio"
                                            id=input_id.clone()
                                            name=id
                                            value=choice.value.clone()
                                            aria-describedby=has_hint.then(|| hint_id.clone())
                                            prop:checked=move || value.get.get() == checked_value
                                            on:change=move |_| value.set.run(set_value.clone())
                                        />
                                        <label class="radio__label" for=input_id>
                                            {choice.label}
                                        </label>
                                        {choice.hint.map(|h| view! { <p class="radio__hint" id=hint_id>{h}</p> })}
                                    </div>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </fieldset>
        </div>
    }
}

#[component]
pub fn SelectField(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into, optional)] hint: Signal<Option<&'static str>>,
    #[prop(into)] placeholder: Signal<&'static str>,
    #[prop(into)] choices: Signal<Vec<Choice>>,
    value: RwSignal<String>,
    errors: Signal<Vec<super::FieldError>>,
) -> impl IntoView {
    let error = error_of(errors, id);
    view! {
        <div class="field" class:field--error=move || error.get().is_some()>
            <label class="label" for=id>{move || label.get()}</label>
            <Hint id hint />
            <ErrorText id error prefix=error_prefix() />
            <select
                class="field__select"
                id=id
                name=id
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || described_by(id, hint.get().is_some(), error.get().is_some())
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="" selected=move || value.get().is_empty()>{move || placeholder.get()}</option>
                {move || {
                    choices
                        .get()
                        .into_iter()
                        .map(|choice| {
                            let v = choice.value.clone();
                            view! {
                                <option value=choice.value selected=move || value.get() == v>
                                    {choice.label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
