use threatmodel::endpoint;

#[endpoint("GET accounts/{id}")]
pub fn get_account() {}

fn main() {}
