use threatmodel::endpoint;

#[endpoint("GET /accounts/{id}", auth = "mandatory")]
pub fn get_account() {}

fn main() {}
