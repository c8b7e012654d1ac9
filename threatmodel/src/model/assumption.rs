//! Assumptions: what the threat model takes to hold without the code showing it, and its scope.

use serde::{Deserialize, Serialize};

use super::Location;

/// One `declare! { assumption Name("text"); }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    /// Rust path of the declared name, e.g. `bank_api::TlsAtIngress`.
    pub id: String,
    /// The declared name.
    pub name: String,
    /// What is assumed, as written.
    pub text: String,
    /// The doc comment above the declaration: why it is believed, where it is enforced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Team or person who vouches for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Where the declaration is.
    pub location: Location,
}
