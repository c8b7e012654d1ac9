//! The twin of `fires.rs` with the abuse of every money-moving and account-creating flow
//! considered.

use threatmodel::{asset, endpoint, mitigation, threat};

use crate::rules::common::{DataCenter, Internet};

/// A payment card: its number, expiry and limits.
#[asset(critical, data = "financial")]
pub struct Card;

/// A payment to a merchant.
#[asset(high, data = "financial")]
pub struct Payment;

/// Verifies the bearer token of every route.
#[mitigation(authentication, applies_to = "/*")]
pub fn require_token() {}

/// Rate limit of every route, per client address and per user.
#[mitigation(rate_limiting, applies_to = "/*")]
pub fn rate_limit() {}

/// Parses card and payment requests into types that refuse unknown fields.
#[mitigation(input_validation)]
pub fn validate_request() {}

/// Moves money out of one of the caller's accounts.
#[endpoint("POST /accounts/{id}/transfers", boundary = Internet, auth = "required")]
#[threat(broken_authentication, mitigated_by = require_token)]
#[threat(unrestricted_resource_consumption, mitigated_by = rate_limit)]
#[threat(sensitive_business_flows, mitigated_by = rate_limit)]
pub fn create_transfer() {}

/// Creates a customer, with a welcome bonus.
#[endpoint("POST /auth/sign-up", boundary = Internet, auth = "none")]
#[threat(sensitive_business_flows, mitigated_by = rate_limit)]
pub fn sign_up() {}

/// Issues a new virtual card.
#[endpoint("POST /cards", boundary = Internet, exposes = [Card], auth = "required")]
#[threat(mass_assignment, mitigated_by = validate_request)]
#[threat(
    sensitive_business_flows,
    accepted = "at most three cards per customer, enforced by the issuer",
    owner = "cards-team",
    expires = "2027-06-30"
)]
pub fn issue_card() {}

/// Pays a merchant: the flow's abuse is considered.
#[endpoint("POST /payments", boundary = Internet, exposes = [Payment], auth = "required")]
#[threat(mass_assignment, mitigated_by = validate_request)]
#[threat(sensitive_business_flows, mitigated_by = rate_limit)]
pub fn pay() {}

/// Redeems a voucher: considered, and accepted.
#[endpoint("POST /vouchers/redeem", boundary = Internet, auth = "required")]
#[threat(
    sensitive_business_flows,
    accepted = "each voucher code is single-use and worth at most 5 EUR",
    owner = "growth",
    expires = "2027-06-30"
)]
pub fn redeem_voucher() {}

/// Lists the caller's payments: a read.
#[endpoint("GET /payments", boundary = Internet, exposes = [Payment], auth = "required")]
pub fn list_payments() {}

/// Pays out the day's merchant settlements, started by the batch job inside the data center.
#[endpoint("POST /payouts", boundary = DataCenter, exposes = [Payment])]
pub fn pay_out() {}
