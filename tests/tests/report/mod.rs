//! The report fixtures: small services whose report once gave a misleading signal (issue 11),
//! each read by the code-facts reader as `cargo threatmodel` reads a crate.

pub mod extractor;
pub mod login;
pub mod public;
