use threatmodel::asset;

#[asset(critical, data = "banking")]
pub struct Account;

fn main() {}
