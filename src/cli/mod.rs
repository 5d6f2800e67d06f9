//! Native command-line tools beside the server.

pub mod dictionary;
pub mod estimate;
pub mod policy;
pub mod regions;
pub mod routes;
pub mod rules;
