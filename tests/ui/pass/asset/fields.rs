//! `fields = [...]` names the asset's fields whose data other types copy; it is recorded in
//! order, on structs and on enums (fields of any variant).

use threatmodel::asset;
use threatmodel_tests::{asset, collect};

/// A user.
#[asset(critical, data = "pii", fields = [email, phone])]
pub struct User {
    pub email: String,
    pub phone: String,
    pub id: u64,
}

/// How we reach a customer.
#[asset(high, data = "pii", fields = ["address"])]
pub enum Contact {
    Post { address: String },
    None,
}

fn main() {
    let model = collect();
    assert_eq!(asset(&model, "User").fields, ["email", "phone"]);
    assert_eq!(asset(&model, "Contact").fields, ["address"]);
    let _ = (User { email: String::new(), phone: String::new(), id: 0 }, Contact::None);
    let _ = Contact::Post { address: String::new() };
}
