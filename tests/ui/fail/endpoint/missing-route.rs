use threatmodel::endpoint;

#[endpoint(auth = "required")]
pub fn get_account() {}

fn main() {}
