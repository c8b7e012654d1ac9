//! The twin of `fires.rs` with every critical or confidential endpoint behind authentication.

use threatmodel::{asset, endpoint, mitigation, threat};

use crate::rules::common::{DataCenter, Internet};

/// A customer account with its balance.
#[asset(critical, data = "financial")]
pub struct Account;

/// A customer's postal address and phone number: medium overall, but confidential.
#[asset(medium, data = "pii", confidentiality = high)]
pub struct Contact;

/// A username and password as sent to sign in.
#[asset(critical, data = "credentials")]
pub struct Credentials;

/// Today's exchange rates.
#[asset(low, data = "public")]
pub struct ExchangeRate;

/// Verifies the bearer token of the account, export and contact routes.
#[mitigation(authentication, applies_to = ["/accounts", "/accounts/*", "/export/*", "/contacts"])]
pub fn require_token() {}

/// Verifies a password against its stored Argon2id hash.
#[mitigation(password_hashing)]
pub fn verify_password() {}

/// Rate limit of every route, per client address.
#[mitigation(rate_limiting, applies_to = "/*")]
pub fn rate_limit() {}

/// Lists the caller's accounts: covered by `require_token`.
#[endpoint("GET /accounts", boundary = Internet, exposes = [Account], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_token)]
#[threat(unrestricted_resource_consumption, mitigated_by = rate_limit)]
pub fn list_accounts() {}

/// Exports the caller's accounts as CSV.
#[endpoint("GET /export/accounts", boundary = Internet, exposes = [Account], auth = "required")]
pub fn export_accounts() {}

/// Looks up a customer's contact details.
#[endpoint("GET /contacts", boundary = Internet, exposes = [Contact], auth = "required")]
pub fn find_contact() {}

/// Monthly statements, for the signed-in customer.
#[endpoint("GET /statements", boundary = Internet, exposes = [Account], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_token)]
pub fn list_statements() {}

/// Signs a customer in: public, and handles authentication itself.
#[endpoint("POST /auth/login", boundary = Internet, exposes = [Credentials], auth = "none")]
#[threat(broken_authentication, mitigated_by = verify_password)]
pub fn login() {}

/// Today's exchange rates: public data only.
#[endpoint("GET /rates", boundary = Internet, exposes = [ExchangeRate], auth = "none")]
pub fn rates() {}

/// Reconciles every account, called by the nightly job inside the data center.
#[endpoint("GET /reconciliation/accounts", boundary = DataCenter, exposes = [Account])]
pub fn reconcile_accounts() {}
