use threatmodel::endpoint;

#[endpoint("GET /accounts/{id}", "GET /v2/accounts/{id}")]
pub fn get_account() {}

fn main() {}
