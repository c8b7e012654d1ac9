//! Fixture of `tests/suppression.rs`: accepted risks without an `owner`, each a warning of
//! `expired_risk_acceptance`, with and without an `allow(...)` for that rule on their item.

use threatmodel::{endpoint, threat};

/// Suppressed by an `allow` in the threat's own attribute.
#[threat(
    injection,
    accepted = "read-only query of public data",
    allow(
        expired_risk_acceptance,
        reason = "the owner is recorded in the risk register"
    )
)]
pub fn search() {}

/// Suppressed by an `allow` in another attribute of the same item.
#[endpoint(
    "GET /report",
    allow(
        expired_risk_acceptance,
        reason = "reviewed with the report team every quarter"
    )
)]
#[threat(injection, accepted = "no parameters")]
pub fn report() {}

/// Not suppressed: the `allow` names another rule.
#[threat(
    injection,
    accepted = "read-only query of public data",
    allow(missing_rate_limiting, reason = "served from a cache")
)]
pub fn export() {}
