//! `#[verifies]` with nothing to verify.

use threatmodel::{mitigation, verifies};

/// The caller must own the account.
#[mitigation(authorization)]
pub fn ensure_owner() {}

#[verifies]
fn another_users_account_is_refused() {}

fn main() {}
