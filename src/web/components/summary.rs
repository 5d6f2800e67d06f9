//! The error summary at the top of a form (GOV.UK pattern): it takes focus and links to each field.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::filing::FilingError;
use crate::domain::lang::Lang;
use crate::web::api::ApiProblem;
use crate::web::i18n::use_i18n;

/// A problem the domain's rules found, as a form shows it: beside which input, and what to say.
pub trait FormProblem {
    /// The `id` of the input it belongs beside.
    fn input(&self) -> &'static str;
    /// What to do about it, in `lang`.
    fn message(&self, lang: Lang) -> &'static str;
}

/// A filing's problem belongs beside the input of its field: the journey's and the change form's inputs are named
/// after the request's fields.
impl FormProblem for FilingError {
    fn input(&self) -> &'static str {
        self.field.as_str()
    }

    fn message(&self, lang: Lang) -> &'static str {
        FilingError::message(self, lang)
    }
}

/// One message for one field, already in the person's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The input's `id`, so the summary can link to it.
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    /// A message of the page's own at `field` (not a domain problem: "Enter the filing number").
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }

    /// The one conversion from a problem the domain's rules found in the browser.
    pub fn of(problem: &impl FormProblem, lang: Lang) -> FieldError {
        FieldError::new(problem.input(), problem.message(lang))
    }

    /// The problems the API answered (already in the person's language): each beside the input among `inputs`
    /// that its field names, the others at `fallback`.
    pub fn from_api(
        problems: &[ApiProblem],
        inputs: &[&'static str],
        fallback: &'static str,
    ) -> Vec<FieldError> {
        problems
            .iter()
            .map(|p| FieldError {
                field: inputs
                    .iter()
                    .copied()
                    .find(|input| Some(*input) == p.field.as_deref())
                    .unwrap_or(fallback),
                message: p.message.clone(),
            })
            .collect()
    }
}

#[component]
pub fn ErrorSummary(errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let errors = errors.get();
        (!errors.is_empty()).then(|| {
            view! {
                <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
                    <h2 class="error-summary__title">{i18n.t().form.error_summary_title}</h2>
                    <ul>
                        {errors
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <li>
                                        <a href=format!("#{}", e.field)>{e.message}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// Moves focus to the summary once it has rendered, so a screen reader reads the problems first.
pub fn focus_error_summary() {
    focus_element("error-summary");
}

/// Moves focus to the element `id` once the current update has rendered.
pub fn focus_element(id: &'static str) {
    request_animation_frame(move || {
        if let Some(element) = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}
