//! Form atoms shared by the journeys: fields, choices, the error summary, the back link.

mod field;
mod id_form;
mod places;
mod summary;

pub use field::{Choice, DateField, RadioGroup, SelectField, TextField};
pub use id_form::ResidentIdForm;
pub use places::{city_choices, province_choices};
pub use summary::{ErrorSummary, FieldError, FormProblem, focus_element, focus_error_summary};
