use threatmodel::asset;

#[asset(critical, data = "financial", data = "pii")]
pub struct Account;

fn main() {}
