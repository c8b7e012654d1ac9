//! Data flows: data moving between components, possibly across trust boundaries.

use serde::{Deserialize, Serialize};
use threatmodel_core::Destination;

use super::Location;

/// A function marked `#[data_flow(to = ...)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DataFlow {
    /// Rust path of the function.
    pub id: String,
    /// Display name (the function's name).
    pub name: String,
    /// Id of the source component; `None` means the crate's own service (`location.crate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Id of the destination component.
    pub to: String,
    /// Ids of the assets carried.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<String>,
    /// Protocol, e.g. `https`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Whether the flow is encrypted: as written, else inferred from the protocol, which counts
    /// as protected when it names `https`, `tls`, `ssl`, `wss`, `sftp`, `ssh`, `mtls`, or
    /// `in-process`/`inproc` (a call that never leaves the process, such as embedded SQLite).
    pub encrypted: bool,
    /// Who chooses the target (default `fixed`).
    pub destination: Destination,
    /// Whether data also flows back.
    pub bidirectional: bool,
    /// `description = ...` or the doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the annotation is.
    pub location: Location,
}
