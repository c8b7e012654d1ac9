use fake_routes::get;
use threatmodel::mitigation;

/// Compares the account's owner with the caller inline.
#[mitigation(authorization)]
#[get("/accounts/{id}")]
pub fn get_account() {}

fn main() {}
