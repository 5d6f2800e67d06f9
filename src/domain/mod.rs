//! Pure domain rules shared by the browser and the server: money, policy data, the estimator, filing rules.

pub mod calendar;
pub mod case;
pub mod category;
pub mod day;
pub mod estimate;
pub mod filing;
mod form;
pub mod institutions;
pub mod json;
pub mod lang;
pub mod money;
pub mod names;
pub mod policy;
pub mod regions;
pub mod route;
pub mod settle;
pub mod text;
