use threatmodel::asset;

#[asset(critical, high)]
pub struct Account;

fn main() {}
