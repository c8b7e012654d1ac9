use threatmodel::asset;

#[asset(critical, allow)]
pub struct Account;

fn main() {}
