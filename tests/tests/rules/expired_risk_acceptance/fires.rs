//! Acceptances judged on 2026-11-30: expired, about to expire, due today, without an owner, and
//! one that is fine.

use threatmodel::threat;

/// Expired a month ago.
#[threat(denial_of_service, accepted = "the batch runs at night", owner = "ops", expires = "2026-10-31")] //~ expired_risk_acceptance
pub fn nightly_export() {}

/// Expires in 15 days.
#[threat(repudiation, accepted = "audit trail comes with the new ledger", owner = "ledger-team", expires = "2026-12-15")] //~ expired_risk_acceptance
pub fn adjust_balance() {}

/// Expires today: still valid, but due for review.
#[threat(information_disclosure, accepted = "internal tool only", owner = "ops", expires = "2026-11-30")] //~ expired_risk_acceptance
pub fn dump_config() {}

/// Nobody owns this acceptance.
#[threat(user_enumeration, accepted = "usernames are public profiles")] //~ expired_risk_acceptance
pub fn lookup_user() {}

/// Owned, and valid for months: not reported.
#[threat(timing_attack, accepted = "tokens are compared by the gateway", owner = "platform", expires = "2027-06-30")]
pub fn compare_token() {}

/// Owned, no expiry: not reported.
#[threat(open_redirect, accepted = "redirects only to our own domains", owner = "web-team")]
pub fn follow_redirect() {}
