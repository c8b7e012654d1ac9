//! `endpoint` needs the threat whose controls the test verifies.

use threatmodel::verifies;

pub async fn get_account() {}

#[verifies(endpoint = get_account)]
fn another_users_account_is_refused() {}

fn main() {}
