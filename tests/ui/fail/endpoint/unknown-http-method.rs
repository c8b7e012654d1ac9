use threatmodel::endpoint;

#[endpoint("FETCH /accounts/{id}")]
pub fn get_account() {}

fn main() {}
