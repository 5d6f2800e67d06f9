//! The error summary at the top of a form (GOV.UK pattern): it takes focus and links to each field.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::web::i18n::use_i18n;

/// One message for one field, already in the person's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The input's `id`, so the summary can link to it.
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }

    /// Every problem the API answered, shown at one field of the form.
    pub fn all_at(
        field: &'static str,
        problems: Vec<crate::web::api::ApiProblem>,
    ) -> Vec<FieldError> {
        problems
            .into_iter()
            .map(|p| FieldError::new(field, p.message))
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
