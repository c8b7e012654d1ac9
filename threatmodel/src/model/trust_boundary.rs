//! Trust boundaries: zones inside which every element trusts the others equally.

use serde::{Deserialize, Serialize};

use super::Location;

/// A struct marked `#[trust_boundary]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TrustBoundary {
    /// Rust path of the struct.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `description = ...` or the doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Id of the enclosing boundary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Where the annotation is.
    pub location: Location,
}
