//! 备案: the rules of a filing, the same on the browser and the server.
//!
//! The browser validates each answer with these functions as the person goes; the server runs the very
//! same `FilingRequest::validate` on what it receives, and both report the same error codes.

mod change;
mod draft;
mod error;
mod in_effect;
mod number;
mod request;
mod resident_id;
mod view;

pub use change::ValidChange;
pub use draft::{Answers, ForWhom, Scope};
pub use error::{Check, ErrorCode, Field, FilingError};
pub use in_effect::{EarlierFiling, in_effect_on_device, is_name_and_phone, same_name_and_phone};
pub use number::FilingNumber;
pub use request::{
    Applicant, Destination, FilingRequest, FilingRules, Person, Phone, Places, Proof, Relation,
    Supplementary, ValidFiling, check_destination, mask_name, valid_until,
};
pub use resident_id::ResidentId;
#[cfg(test)]
pub(crate) use resident_id::tests::valid_id;
pub use view::{
    CancelRequest, ChangeRequest, FilingState, FilingView, FindRequest, FoundFilings,
    HistoryAction, HistoryEntry, LookupRequest,
};

#[cfg(test)]
pub(crate) use view::sample as sample_view;
