//! Critical and confidential data served to untrusted callers: outside the scope of the
//! authentication middleware, on a public route, and behind an accepted (not handled)
//! authentication threat; beside endpoints that are covered, handle authentication themselves,
//! serve only public data or are called from inside the data center.

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

/// Verifies the bearer token of the account routes.
#[mitigation(authentication, applies_to = ["/accounts", "/accounts/*"])]
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

/// Exports the caller's accounts as CSV: mounted outside `/accounts`, so nothing checks the
/// token its `auth` asks for.
#[endpoint("GET /export/accounts", boundary = Internet, exposes = [Account], auth = "required")] //~ unauthenticated_critical_asset
pub fn export_accounts() {}

/// A public account summary mounted under `/accounts`: it says `auth = "none"`, so the
/// scope of `require_token` does not count for it.
#[endpoint("GET /accounts/summary", boundary = Internet, exposes = [Account], auth = "none")] //~ unauthenticated_critical_asset
#[threat(bola, accepted = "one summary per customer", owner = "payments")]
pub fn account_summary() {}

/// Looks up a customer's contact details, publicly: `auth = "none"` does not make the data
/// public.
#[endpoint("GET /contacts", boundary = Internet, exposes = [Contact], auth = "none")] //~ unauthenticated_critical_asset
pub fn find_contact() {}

/// Monthly statements: authentication is accepted as a risk, which is not authentication.
#[endpoint("GET /statements", boundary = Internet, exposes = [Account], auth = "none")] //~ unauthenticated_critical_asset
#[threat(
    broken_authentication,
    accepted = "statements are sent by mail anyway",
    owner = "payments",
    expires = "2027-06-30"
)]
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
