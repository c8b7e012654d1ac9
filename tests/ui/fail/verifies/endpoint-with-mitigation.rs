//! a mitigation path and `endpoint` exclude each other.

use threatmodel::{mitigation, verifies};

/// The caller must own the account.
#[mitigation(authorization)]
pub fn ensure_owner() {}

pub async fn get_account() {}

#[verifies(ensure_owner, threat = bola, endpoint = get_account)]
fn another_users_account_is_refused() {}

fn main() {}
