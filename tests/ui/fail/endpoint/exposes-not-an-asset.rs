use threatmodel::endpoint;

pub struct Account;

#[endpoint("GET /accounts/{id}", exposes = [Account])]
pub fn get_account() {}

fn main() {}
