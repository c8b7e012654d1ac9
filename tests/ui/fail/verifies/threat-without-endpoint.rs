//! `threat` alone names no control.

use threatmodel::verifies;

#[verifies(threat = bola)]
fn another_users_account_is_refused() {}

fn main() {}
