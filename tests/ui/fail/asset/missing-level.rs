use threatmodel::asset;

#[asset(data = "financial")]
pub struct Account;

fn main() {}
