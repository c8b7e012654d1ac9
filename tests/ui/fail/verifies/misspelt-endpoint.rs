//! `endpoint =` names no fn (value namespace).

use threatmodel::verifies;

pub async fn get_account() {}

#[verifies(threat = bola, endpoint = get_acount)]
fn another_users_account_is_refused() {}

fn main() {}
