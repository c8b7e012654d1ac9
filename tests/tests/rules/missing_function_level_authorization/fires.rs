//! Administrative routes open to the internet: one beside the scope the role check is mounted
//! on, one never guarded, and one whose only authorization is an ownership check; beside routes
//! the role check covers, a handler that records its own role check and a debug route reachable
//! only from inside the data center.

use threatmodel::{endpoint, mitigation, threat};

use crate::rules::common::{DataCenter, Internet};

/// Verifies the bearer token of every route.
#[mitigation(authentication, applies_to = "/*")]
pub fn require_token() {}

/// Rate limit of every route, per client address.
#[mitigation(rate_limiting, applies_to = "/*")]
pub fn rate_limit() {}

/// Lets only administrators through, mounted on the admin scope.
#[mitigation(authorization, applies_to = "/admin/*")]
pub fn require_admin() {}

/// Lets only members of staff through.
#[mitigation(authorization)]
pub fn require_staff() {}

/// The export in the path must belong to the caller.
#[mitigation(authorization)]
pub fn ensure_owner() {}

/// Lists every user: inside the admin scope.
#[endpoint("GET /admin/users", boundary = Internet, auth = "required")]
#[threat(elevation_of_privilege, mitigated_by = require_admin)]
#[threat(unrestricted_resource_consumption, mitigated_by = rate_limit)]
#[threat(broken_authentication, mitigated_by = require_token)]
pub fn list_users() {}

/// Flushes the response cache: `/admin-tools` is not under `/admin/*`.
#[endpoint("POST /admin-tools/cache/flush", boundary = Internet, auth = "required")] //~ missing_function_level_authorization
pub fn flush_cache() {}

/// Lists background jobs: never guarded.
#[endpoint("GET /internal/jobs", boundary = Internet, auth = "required")] //~ missing_function_level_authorization
pub fn list_jobs() {}

/// Deletes an export: that the export is the caller's says nothing of whether the caller may
/// run operations.
#[endpoint("DELETE /ops/exports/{id}", boundary = Internet, auth = "required")] //~ missing_function_level_authorization
#[threat(bola, mitigated_by = ensure_owner)]
pub fn delete_export() {}

/// Shows the staff rota: the handler records its role check.
#[endpoint("GET /staff/rota", boundary = Internet, auth = "required")]
#[threat(bfla, mitigated_by = require_staff)]
pub fn staff_rota() {}

/// Runtime variables, for operators inside the data center.
#[endpoint("GET /debug/vars", boundary = DataCenter)]
pub fn debug_vars() {}
