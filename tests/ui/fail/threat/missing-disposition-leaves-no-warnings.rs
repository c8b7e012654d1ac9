//! The item of a failed expansion still uses what its other attributes name: no `unused
//! import` warning beside the error.

use threatmodel::{endpoint, threat, trust_boundary};

mod controls {
    use threatmodel::mitigation;

    /// Binds the search term as a query parameter.
    #[mitigation(parameterized_queries)]
    pub fn bind_params() {}

    /// Untrusted callers.
    #[threatmodel::trust_boundary]
    pub struct Internet;
}

use controls::{Internet, bind_params};

#[endpoint("GET /search", boundary = Internet)]
#[threat(injection, mitigated_by = bind_params)]
#[threat(bola)]
pub fn search() {}

/// Operators.
#[trust_boundary]
pub struct Vpn;

fn main() {
    search();
}
