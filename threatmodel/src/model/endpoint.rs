//! Endpoints: the routes of the API and the handlers behind them.

use serde::{Deserialize, Serialize};
use threatmodel_core::AuthRequirement;

use super::Location;

/// One `#[endpoint(...)]` on a handler (a handler may carry several).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// `handler-id METHOD /route`, e.g. `bank_api::api::get_account GET /accounts/{id}`.
    pub id: String,
    /// HTTP method in upper case, or `ANY`.
    pub method: String,
    /// Route normalised to `{param}` syntax (`:id` and `<id>` become `{id}`).
    pub route: String,
    /// Whether method and route were read from the handler's framework route attribute
    /// (`#[get("/tags")]`) rather than written in the annotation: the route then lacks the
    /// mount prefixes its router adds, which the route table read from the code supplies.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub route_from_framework: bool,
    /// Names of the route's path parameters, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path_params: Vec<String>,
    /// Rust path of the handler function.
    pub handler: String,
    /// Id of the trust boundary callers come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<String>,
    /// Ids of the assets exposed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposes: Vec<String>,
    /// Whether callers must authenticate, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthRequirement>,
    /// Owning team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `description = ...` or the handler's doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the annotation is.
    pub location: Location,
}
