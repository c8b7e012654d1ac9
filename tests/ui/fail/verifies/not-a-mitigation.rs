//! `#[verifies]` names an asset, not a mitigation.

use threatmodel::{asset, verifies};

/// A customer account.
#[asset(critical)]
pub struct Account;

#[verifies(Account)]
fn another_users_account_is_refused() {}

fn main() {}
