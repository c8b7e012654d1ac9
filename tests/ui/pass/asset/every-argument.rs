//! `#[asset]` with every argument, on each kind of item it applies to.

use threatmodel::asset;
use threatmodel::{DataClass, Level};
use threatmodel_tests::{asset, collect};

/// Customer account: owner identity, IBAN, balance.
#[asset(critical, data = "financial")]
pub struct Account {
    pub iban: String,
}

#[asset(
    high,
    data = pii,
    confidentiality = high,
    integrity = "medium",
    availability = low,
    owner = "identity team",
    name = "Customer profile",
    description = "Name, address and phone number"
)]
pub enum Profile {
    Person { name: String },
    Company { name: String },
}

/// A raw card number, kept only in memory.
#[asset(critical, data = "secret")]
pub union CardNumber {
    pub digits: [u8; 16],
}

/// A page of results.
pub struct Page<T>(pub Vec<T>);

/// Session tokens, a page at a time.
#[asset(medium, data = "credentials")]
pub type Tokens = Page<u64>;

/// A generic envelope.
#[asset(low, data = "public")]
pub struct Envelope<T> {
    pub body: T,
}

fn main() {
    let model = collect();
    assert_eq!(model.assets.len(), 5);

    let account = asset(&model, "Account");
    assert_eq!(account.name, "Account");
    assert_eq!(account.level, Level::Critical);
    assert_eq!(account.data, Some(DataClass::Financial));
    assert_eq!(account.confidentiality, Level::Critical);
    assert_eq!(account.description.as_deref(), Some("Customer account: owner identity, IBAN, balance."));

    let profile = asset(&model, "Profile");
    assert_eq!(profile.name, "Customer profile");
    assert_eq!(profile.level, Level::High);
    assert_eq!(profile.data, Some(DataClass::Pii));
    assert_eq!(
        (profile.confidentiality, profile.integrity, profile.availability),
        (Level::High, Level::Medium, Level::Low)
    );
    assert_eq!(profile.owner.as_deref(), Some("identity team"));
    assert_eq!(profile.description.as_deref(), Some("Name, address and phone number"));

    assert_eq!(asset(&model, "CardNumber").data, Some(DataClass::Secret));
    assert_eq!(asset(&model, "Tokens").level, Level::Medium);
    assert_eq!(asset(&model, "Envelope").data, Some(DataClass::Public));

    // The item is given back unchanged.
    let account = Account { iban: "DE00".to_owned() };
    let _ = (account.iban, Profile::Company { name: String::new() }, Envelope { body: 1 }.body);
    let _: Tokens = Page(vec![1]);
    let _ = CardNumber { digits: [0; 16] };
}
