use threatmodel::endpoint;

#[endpoint("GET /accounts/{id}", authentication = "required")]
pub fn get_account() {}

fn main() {}
