//! The twin of `fires.rs` with every write of sensitive data limited to the properties the
//! caller may set.

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

/// Reads and writes only the wallet's `nickname` and `limits`, and the RPC route's declared
/// parameters; nothing else is bound.
#[mitigation(field_allowlist, applies_to = ["/wallet", "/rpc"])]
pub fn wallet_fields() {}

/// Parses profile and password updates into types that refuse unknown fields.
#[mitigation(input_validation)]
pub fn validate_update() {}

/// Updates the caller's profile.
#[endpoint("PATCH /profile", boundary = Internet, exposes = [Profile], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_token)]
#[threat(unrestricted_resource_consumption, mitigated_by = rate_limit)]
#[threat(mass_assignment, mitigated_by = validate_update)]
pub fn update_profile() {}

/// Changes the caller's password.
#[endpoint("POST /auth/password", boundary = Internet, exposes = [Credentials], auth = "required")]
#[threat(mass_assignment, mitigated_by = validate_update)]
pub fn change_password() {}

/// Every profile operation on one route, whatever the method.
#[endpoint("ANY /rpc", boundary = Internet, exposes = [Profile], auth = "required")]
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

/// Signs a customer in on `/api/auth`: a sign-in, not a write of the credentials.
#[endpoint("POST /api/auth", boundary = Internet, exposes = [Credentials], auth = "none")]
#[threat(broken_authentication, mitigated_by = verify_password)]
pub fn authenticate_api() {}

/// Opens a session from a username and password.
#[endpoint("POST /sessions", boundary = Internet, exposes = [Credentials], auth = "none")]
#[threat(broken_authentication, mitigated_by = verify_password)]
pub fn open_session() {}

/// Issues an access token for a username and password (OAuth 2.0 password grant).
#[endpoint("POST /oauth/token", boundary = Internet, exposes = [Credentials], auth = "none")]
#[threat(broken_authentication, mitigated_by = verify_password)]
pub fn issue_token() {}

/// Signs a customer in, the route spelt with an underscore.
#[endpoint("POST /account/sign_in", boundary = Internet, exposes = [Credentials], auth = "none")]
#[threat(broken_authentication, mitigated_by = verify_password)]
pub fn sign_in() {}
