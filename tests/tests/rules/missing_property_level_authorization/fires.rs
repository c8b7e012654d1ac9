//! Writes of sensitive data with nothing said about which properties the caller may set: personal
//! data, a password change and an RPC route taking any method; beside a write covered by a field
//! allowlist, one whose risk is accepted (considered), a write of data that is not sensitive, a
//! read, and a sign-in route, which stores nothing of its request.

use threatmodel::{asset, endpoint, mitigation, threat};

use crate::rules::common::Internet;

/// A customer's name, date of birth and address.
#[asset(medium, data = "pii")]
pub struct Profile;

/// A customer's display preferences.
#[asset(low, data = "internal")]
pub struct Preferences;

/// A customer's stored-value wallet.
#[asset(high)]
pub struct Wallet;

/// A username and password.
#[asset(critical, data = "credentials")]
pub struct Credentials;

/// Verifies the bearer token of every route.
#[mitigation(authentication, applies_to = "/*")]
pub fn require_token() {}

/// Rate limit of every route, per client address.
#[mitigation(rate_limiting, applies_to = "/*")]
pub fn rate_limit() {}

/// Verifies a password against its stored Argon2id hash.
#[mitigation(password_hashing)]
pub fn verify_password() {}

/// Reads and writes only the wallet's `nickname` and `limits`; `balance` is never bound.
#[mitigation(field_allowlist, applies_to = "/wallet")]
pub fn wallet_fields() {}

/// Updates the caller's profile: can the body set `verified`?
#[endpoint("PATCH /profile", boundary = Internet, exposes = [Profile], auth = "required")] //~ missing_property_level_authorization
#[threat(broken_authentication, mitigated_by = require_token)]
#[threat(unrestricted_resource_consumption, mitigated_by = rate_limit)]
pub fn update_profile() {}

/// Changes the caller's password: a credential write, not a sign-in.
#[endpoint("POST /auth/password", boundary = Internet, exposes = [Credentials], auth = "required")] //~ missing_property_level_authorization
pub fn change_password() {}

/// Every profile operation on one route, whatever the method.
#[endpoint("ANY /rpc", boundary = Internet, exposes = [Profile], auth = "required")] //~ missing_property_level_authorization
pub fn rpc() {}

/// Renames the wallet: covered by the field allowlist.
#[endpoint("PUT /wallet", boundary = Internet, exposes = [Wallet], auth = "required")]
pub fn update_wallet() {}

/// Shows the wallet: a read.
#[endpoint("GET /wallet", boundary = Internet, exposes = [Wallet], auth = "required")]
#[threat(bopla, mitigated_by = wallet_fields)]
pub fn get_wallet() {}

/// Replaces the postal address: considered, and accepted.
#[endpoint("PUT /profile/address", boundary = Internet, exposes = [Profile], auth = "required")]
#[threat(
    mass_assignment,
    accepted = "the address form has no other fields",
    owner = "profile-team",
    expires = "2027-06-30"
)]
pub fn update_address() {}

/// Saves display preferences: not sensitive.
#[endpoint("POST /profile/preferences", boundary = Internet, exposes = [Preferences], auth = "required")]
pub fn save_preferences() {}

/// Signs a customer in: checks the credentials, stores none of them.
#[endpoint("POST /auth/login", boundary = Internet, exposes = [Credentials], auth = "none")]
#[threat(broken_authentication, mitigated_by = verify_password)]
pub fn login() {}
