//! Components: the processes, stores and external systems of the architecture.

use serde::{Deserialize, Serialize};
use threatmodel_core::ComponentKind;

use super::Location;

/// A type marked `#[component(KIND)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Rust path of the type.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Data-flow-diagram kind.
    pub kind: ComponentKind,
    /// Id of the trust boundary it runs in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<String>,
    /// `description = ...` or the doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the annotation is.
    pub location: Location,
}
