//! Renderers: each a pure function from a [`Model`](crate::Model) to text.
//!
//! They compute nothing the model does not hold and produce byte-identical output for the same
//! model (lists are already sorted; no timestamps).

pub mod ids;
pub mod json;
pub mod markdown;
pub mod sarif;
