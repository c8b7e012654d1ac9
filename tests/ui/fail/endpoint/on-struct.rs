use threatmodel::endpoint;

#[endpoint("GET /accounts/{id}")]
pub struct GetAccount;

fn main() {}
