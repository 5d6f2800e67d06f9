//! One module a route.

mod guide;
mod home;
mod not_found;
mod text;

pub use guide::GuideStep;
pub use home::Home;
pub use not_found::NotFound;
