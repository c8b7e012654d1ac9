//! Fixture of `mismatched_mitigation`, gap closed: each threat names a control that counters it.

use threatmodel::{mitigation, threat};

/// Caps requests per client.
#[mitigation(rate_limiting)]
pub fn throttle() {}

/// Checks that the caller owns the record.
#[mitigation(authorization)]
pub fn ensure_owner() {}

/// Binds every value as a statement parameter.
#[mitigation(parameterized_queries)]
pub fn bind_parameters() {}

/// Serves files through short-lived signed URLs only.
#[mitigation(custom = "signed_urls")]
pub fn sign_urls() {}

/// Loads an account for its owner.
#[threat(bola, mitigated_by = ensure_owner)]
#[threat(sql_injection, mitigated_by = [throttle, bind_parameters])]
#[threat(unrestricted_resource_consumption, mitigated_by = throttle)]
pub fn load_account() {}

/// Downloads a statement: a custom control, which the catalogue cannot judge.
#[threat(path_traversal, mitigated_by = sign_urls)]
#[threat(custom = "statement_scraping", stride = "information_disclosure", mitigated_by = ensure_owner)]
pub fn download_statement() {}
