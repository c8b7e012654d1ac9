//! Routes open to the internet with no rate limit: a search, a sign-in route found by its name,
//! a PIN check found by its threats, and a handler mounted twice of which only the public mount
//! is reported; beside routes a limiter covers, routes whose consumption or credential stuffing
//! threat is recorded and a route called only from inside the data center.

use threatmodel::{endpoint, mitigation, threat};

use crate::rules::common::{DataCenter, Internet};

/// Rate limit of the sign-in routes, per client address.
#[mitigation(rate_limiting, applies_to = "/auth/*")]
pub fn rate_limit_auth() {}

/// Refuses request bodies over 64 KiB on every route.
#[mitigation(request_size_limit, applies_to = "/*")]
pub fn body_limit() {}

/// Alerts on bursts of failed sign-ins across accounts.
#[mitigation(monitoring)]
pub fn failed_login_alerts() {}

/// Verifies a PIN against its stored Argon2id hash.
#[mitigation(password_hashing)]
pub fn verify_pin() {}

/// Signs a customer in: limited per client.
#[endpoint("POST /auth/login", boundary = Internet, auth = "none")]
#[threat(credential_stuffing, mitigated_by = rate_limit_auth)]
pub fn login() {}

/// Full-text search over the catalogue.
#[endpoint("GET /search", boundary = Internet, auth = "none")] //~ missing_rate_limiting
pub fn search() {}

/// Builds a report: consumption is considered and bounded by the body limit.
#[endpoint("POST /reports", boundary = Internet, auth = "none")]
#[threat(unrestricted_resource_consumption, mitigated_by = body_limit)]
pub fn build_report() {}

/// Opens a session from a username and password, outside `/auth`.
#[endpoint("POST /sessions", boundary = Internet, auth = "none")] //~ missing_rate_limiting
pub fn open_session() {}

/// Checks a card PIN: it authenticates callers, as its threats say.
#[endpoint("POST /cards/pin-check", boundary = Internet, auth = "none")] //~ missing_rate_limiting
#[threat(broken_authentication, mitigated_by = verify_pin)]
pub fn check_pin() {}

/// Starts a password reset: credential stuffing is considered.
#[endpoint("POST /password-reset", boundary = Internet, auth = "none")]
#[threat(credential_stuffing, mitigated_by = failed_login_alerts)]
pub fn reset_password() {}

/// Liveness probe: denial of service is considered, and accepted.
#[endpoint("GET /healthz", boundary = Internet, auth = "none")]
#[threat(
    denial_of_service,
    accepted = "constant answer, no I/O",
    owner = "platform",
    expires = "2027-06-30"
)]
pub fn healthz() {}

/// Downloads an export: mounted for the batch jobs inside the data center, and publicly.
#[endpoint("GET /exports", boundary = DataCenter)]
#[endpoint("GET /public/exports", boundary = Internet, auth = "none")] //~ missing_rate_limiting
pub fn download_export() {}
