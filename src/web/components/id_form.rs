//! The ID-number question a filing's pages ask before they show or change it: checked by the server on each
//! visit, never kept on the device.

use leptos::prelude::*;

use super::{FieldError, TextField, focus_error_summary};
use crate::domain::filing::ResidentId;
use crate::web::i18n::use_i18n;

#[component]
pub fn ResidentIdForm(
    #[prop(into)] lead: Signal<&'static str>,
    #[prop(into)] button: Signal<&'static str>,
    resident_id: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    /// Called once the number is well formed; a malformed one is refused here with its reason.
    open: Callback<()>,
    #[prop(default = "question")] class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(e) = ResidentId::parse(&resident_id.get_untracked()) {
            errors.set(vec![FieldError::of(&e, i18n.lang())]);
            focus_error_summary();
            return;
        }
        open.run(());
    };
    view! {
        <form novalidate on:submit=submit class=class>
            <p>{move || lead.get()}</p>
            <TextField
                id="resident_id"
                label=Signal::derive(move || crate::web::filing::text::text(i18n.lang()).resident_id)
                value=resident_id
                errors=Signal::derive(move || errors.get())
                class="field__input field__input--id"
            />
            <button type="submit" class="button">{move || button.get()}</button>
        </form>
    }
}
