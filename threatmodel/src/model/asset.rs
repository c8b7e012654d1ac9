//! Assets: the data worth protecting.

use serde::{Deserialize, Serialize};
use threatmodel_core::{DataClass, Level};

use super::Location;

/// A type marked `#[asset(...)]` (or declared with `declare!`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Asset {
    /// Rust path of the type, e.g. `bank_api::model::Account`.
    pub id: String,
    /// Display name (`name = ...` or the type's name).
    pub name: String,
    /// `description = ...` or the doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Overall criticality.
    pub level: Level,
    /// Class of data held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataClass>,
    /// Confidentiality requirement (defaults to `level`).
    pub confidentiality: Level,
    /// Integrity requirement (defaults to `level`).
    pub integrity: Level,
    /// Availability requirement (defaults to `level`).
    pub availability: Level,
    /// Accountable team or person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Fields whose data other types copy (`fields = [email]`): a type read from the code with
    /// a field of one of these names carries this asset's data (`UserView { email }`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// Where the annotation is.
    pub location: Location,
}
