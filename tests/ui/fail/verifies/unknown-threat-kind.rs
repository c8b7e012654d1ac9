//! `threat =` names no threat kind of the catalogue.

use threatmodel::{mitigation, verifies};

/// The caller must own the account.
#[mitigation(authorization)]
pub fn ensure_owner() {}

#[verifies(ensure_owner, threat = bolla)]
fn another_users_account_is_refused() {}

fn main() {}
