//! Acceptances judged on 2026-11-30: expired, about to expire, due today, without an owner, and
//! one that is fine; and open weaknesses whose fix is overdue, due soon, or due in months.

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

/// The fix was due a month ago.
#[threat(xss, open = "comments are rendered unescaped", ticket = "SEC-21", owner = "web-team", expires = "2026-10-31")] //~ expired_risk_acceptance, open_threat
pub fn render_comment() {}

/// The fix is due in 10 days.
#[threat(csrf, open = "the form has no token", ticket = "SEC-22", expires = "2026-12-10")] //~ expired_risk_acceptance, open_threat
pub fn change_email() {}

/// The fix is due in months, and an open weakness needs no owner: only `open_threat` reports it.
#[threat(replay, open = "webhooks carry no nonce", ticket = "SEC-23", expires = "2027-06-30")] //~ open_threat
pub fn receive_webhook() {}
