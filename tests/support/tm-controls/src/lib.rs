//! Controls defined in a library crate, which the UI tests reference from another crate
//! (`mitigated_by = tm_controls::require_jwt`).

use threatmodel::{mitigation, mitigations};

/// Verifies the bearer token before any handler runs.
#[mitigation(authentication, applies_to = "/api/*")]
pub fn require_jwt() -> bool {
    true
}

/// Caps request bodies at 1 MiB.
#[mitigation(request_size_limit)]
pub struct BodyLimit;

/// A connection pool whose queries bind every value.
pub struct Pool;

#[mitigations]
impl Pool {
    /// Runs a parameterized query.
    #[mitigation(parameterized_queries)]
    pub fn query(&self, _sql: &str) -> usize {
        0
    }
}
