//! one mitigation per attribute.

use threatmodel::{mitigation, verifies};

/// The caller must own the account.
#[mitigation(authorization)]
pub fn ensure_owner() {}

/// Checks the JWT.
#[mitigation(authentication)]
pub fn require_jwt() {}

#[verifies(ensure_owner, require_jwt)]
fn another_users_account_is_refused() {}

fn main() {}
