use threatmodel::endpoint;

#[endpoint("GET /accounts/{id}", auth = "required", auth = "none")]
pub fn get_account() {}

fn main() {}
