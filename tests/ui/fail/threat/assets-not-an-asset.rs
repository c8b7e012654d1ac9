use threatmodel::threat;

pub struct Account;

#[threat(bola, accepted = "accounts are public", assets = [Account])]
pub fn get_account() {}

fn main() {}
