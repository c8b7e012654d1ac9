//! `#[verifies]` names a mitigation that does not exist.

use threatmodel::{mitigation, verifies};

/// The caller must own the account.
#[mitigation(authorization)]
pub fn ensure_owner() {}

#[verifies(ensure_ownr)]
fn another_users_account_is_refused() {}

fn main() {}
