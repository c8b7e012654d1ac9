//! Routes where the caller picks the object by id: one without any object-level authorization
//! threat, and a write to public data, which someone still owns; beside an endpoint whose check
//! is recorded, one whose risk is accepted (considered), a read of public data, a route without
//! an asset and a route called only from inside the data center.

use threatmodel::{asset, endpoint, mitigation, threat};

use crate::rules::common::{DataCenter, Internet};

/// A customer account with its balance.
#[asset(critical, data = "financial")]
pub struct Account;

/// A branch office: address and opening hours, published on the website.
#[asset(low, data = "public")]
pub struct Branch;

/// Verifies the bearer token of every route.
#[mitigation(authentication, applies_to = "/*")]
pub fn require_token() {}

/// Rate limit of every route, per client address.
#[mitigation(rate_limiting, applies_to = "/*")]
pub fn rate_limit() {}

/// The account in the path must belong to the caller.
#[mitigation(authorization)]
pub fn ensure_owner() {}

/// Returns one of the caller's accounts.
#[endpoint("GET /accounts/{id}", boundary = Internet, exposes = [Account], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_token)]
#[threat(bola, mitigated_by = ensure_owner)]
#[threat(unrestricted_resource_consumption, mitigated_by = rate_limit)]
pub fn get_account() {}

/// Returns one monthly statement of an account: whose account?
#[endpoint("GET /accounts/{id}/statements/{month}", boundary = Internet, exposes = [Account], auth = "required")] //~ missing_object_level_authorization
pub fn get_statement() {}

/// Closes an account: the risk was considered, and accepted.
#[endpoint("DELETE /accounts/{id}", boundary = Internet, exposes = [Account], auth = "required")]
#[threat(
    bola,
    accepted = "closing needs a second factor confirmed by phone",
    owner = "accounts-team",
    expires = "2027-06-30"
)]
pub fn close_account() {}

/// Shows a branch: its data is public.
#[endpoint("GET /branches/{id}", boundary = Internet, exposes = [Branch], auth = "none")]
pub fn get_branch() {}

/// Changes a branch's opening hours: public data, but only its staff may change it.
#[endpoint("PUT /branches/{id}", boundary = Internet, exposes = [Branch], auth = "required")] //~ missing_object_level_authorization
pub fn update_branch() {}

/// Returns an account's avatar image: no asset.
#[endpoint("GET /accounts/{id}/avatar", boundary = Internet, auth = "required")]
pub fn get_avatar() {}

/// Audits one account, for the reconciliation job inside the data center.
#[endpoint("GET /audit/accounts/{id}", boundary = DataCenter, exposes = [Account])]
pub fn audit_account() {}
