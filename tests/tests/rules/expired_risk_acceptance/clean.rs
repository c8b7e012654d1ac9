//! The twin of `fires.rs`: every acceptance owned and reviewed until well after 2026-11-30.

use threatmodel::threat;

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
