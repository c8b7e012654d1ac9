use threatmodel::{asset, endpoint};

#[asset(severe)]
pub struct Account;

// `Account` still implements `Asset`, so this reference adds no second error.
#[endpoint("GET /accounts/{id}", exposes = [Account])]
pub fn get_account() -> Account {
    Account
}

fn main() {
    get_account();
}
