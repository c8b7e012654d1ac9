use threatmodel::endpoint;

pub struct Internet;

#[endpoint("GET /accounts/{id}", boundary = Internet)]
pub fn get_account() {}

fn main() {}
