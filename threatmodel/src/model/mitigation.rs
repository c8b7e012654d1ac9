//! Mitigations: the code that implements a security control.

use serde::{Deserialize, Serialize};

use super::Location;

/// A function, type or method marked `#[mitigation(CONTROL, ...)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Mitigation {
    /// Rust path of the item (`Type::method` for methods).
    pub id: String,
    /// Display name (the item's name).
    pub name: String,
    /// Control kinds implemented (catalogue ids).
    pub controls: Vec<String>,
    /// `custom = ...`: a control outside the catalogue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<String>,
    /// `description = ...` or the doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The marker name references use, when it differs from the item's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Route patterns a middleware covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<String>,
    /// Threat kinds addressed: the catalogue's mapping of `controls` plus `addresses = [...]`,
    /// sorted and without duplicates.
    pub addresses: Vec<String>,
    /// What installs the control in router code (`installed_by = ...`), as written: a layer,
    /// middleware or fairing of another crate. A route's layer whose path ends with one of
    /// these paths is this control running.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installed_by: Vec<String>,
    /// Where the annotation is.
    pub location: Location,
}
