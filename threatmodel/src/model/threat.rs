//! Threats: what could go wrong with an element, and what was decided about it.

use serde::{Deserialize, Serialize};
use threatmodel_core::{Disposition, Level, Stride};

use super::Location;

/// One `#[threat(KIND, DISPOSITION)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Threat {
    /// `subject-id#kind`, e.g. `bank_api::api::get_account#broken_object_level_authorization`
    /// (`#kind-2`, `#kind-3` for repeats of a kind on one item).
    pub id: String,
    /// Catalogue id, or the custom id.
    pub kind: String,
    /// Whether `kind` is a custom id rather than a catalogue kind.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub custom: bool,
    /// Catalogue title (the custom id for custom threats).
    pub title: String,
    /// STRIDE categories.
    pub stride: Vec<Stride>,
    /// OWASP API Security Top 10 2023 risk id, where one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owasp_api_2023: Option<String>,
    /// CWE ids, `CWE-639` form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cwe: Vec<String>,
    /// CAPEC ids, `CAPEC-66` form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capec: Vec<String>,
    /// Rust path of the item the threat is recorded on (for a handler, `Endpoint::handler`).
    pub subject: String,
    /// What was decided; `mitigated.by` holds mitigation ids.
    pub disposition: Disposition,
    /// Ids of the assets at risk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<String>,
    /// Assessed severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Level>,
    /// Description of this threat here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the annotation is.
    pub location: Location,
}
