//! Renderers: each a pure function from a [`Model`](crate::Model) to text.
//!
//! They compute nothing the model does not hold and produce byte-identical output for the same
//! model (lists are already sorted; no timestamps).

mod coverage;
pub mod diagram;
pub mod dot;
pub mod ids;
pub mod json;
pub mod markdown;
pub mod mermaid;
pub mod otm;
mod pretty_json;
pub mod sarif;
pub mod threat_dragon;
