use threatmodel::endpoint;

#[endpoint("/accounts/{id}")]
pub fn get_account() {}

fn main() {}
