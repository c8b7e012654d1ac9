//! The twin of `fires.rs`: every acceptance owned and reviewed until well after 2026-11-30, and
//! every weakness fixed.

use threatmodel::{mitigation, threat};

/// Reviewed until next autumn.
#[threat(denial_of_service, accepted = "the batch runs at night", owner = "ops", expires = "2027-10-31")]
pub fn nightly_export() {}

/// Reviewed until next winter.
#[threat(repudiation, accepted = "audit trail comes with the new ledger", owner = "ledger-team", expires = "2027-12-15")]
pub fn adjust_balance() {}

/// Reviewed until next year.
#[threat(information_disclosure, accepted = "internal tool only", owner = "ops", expires = "2027-11-30")]
pub fn dump_config() {}

/// Owned.
#[threat(user_enumeration, accepted = "usernames are public profiles", owner = "identity-team")]
pub fn lookup_user() {}

/// Owned, and valid for months.
#[threat(timing_attack, accepted = "tokens are compared by the gateway", owner = "platform", expires = "2027-06-30")]
pub fn compare_token() {}

/// Owned, no expiry.
#[threat(open_redirect, accepted = "redirects only to our own domains", owner = "web-team")]
pub fn follow_redirect() {}

/// Escapes every comment before it is rendered.
#[mitigation(output_encoding)]
pub fn escape_html() {}

/// Checks the form's token.
#[mitigation(csrf_protection)]
pub fn check_csrf_token() {}

/// Rejects a webhook whose nonce was seen before.
#[mitigation(idempotency)]
pub fn reject_seen_nonce() {}

/// Fixed.
#[threat(xss, mitigated_by = escape_html)]
pub fn render_comment() {}

/// Fixed.
#[threat(csrf, mitigated_by = check_csrf_token)]
pub fn change_email() {}

/// Fixed.
#[threat(replay, mitigated_by = reject_seen_nonce)]
pub fn receive_webhook() {}
