//! `#[verifies]` on a struct rather than a test fn.

use threatmodel::{mitigation, verifies};

/// The caller must own the account.
#[mitigation(authorization)]
pub fn ensure_owner() {}

#[verifies(ensure_owner)]
struct Fixture;

fn main() {}
