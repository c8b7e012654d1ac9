//! `#[mitigation]` with every argument, on a function, a struct and an enum.

use threatmodel::{mitigation, threat};
use threatmodel_tests::{collect, ids, mitigated_by, mitigation, threat};

/// Verifies the bearer JWT (signature, expiry, audience) before any handler runs.
#[mitigation(authentication, session_management, applies_to = ["/api/*", "/admin/*"])]
pub fn require_jwt() {}

#[mitigation(
    custom = "four-eyes approval",
    description = "A second operator approves every payout",
    addresses = [bfla, "sensitive_business_flows"]
)]
pub fn four_eyes() {}

/// Rejects bodies over 1 MiB.
#[mitigation(request_size_limit, applies_to = "/api/*")]
pub struct BodyLimit;

/// Allowed sort fields.
#[mitigation(field_allowlist, input_validation)]
pub enum SortField {
    CreatedAt,
    Amount,
}

#[threat(broken_authentication, mitigated_by = require_jwt)]
#[threat(bfla, mitigated_by = [four_eyes, require_jwt])]
#[threat(unrestricted_resource_consumption, mitigated_by = BodyLimit)]
#[threat(injection, mitigated_by = SortField)]
pub fn payout() {}

fn main() {
    let model = collect();
    assert_eq!(model.mitigations.len(), 4);

    let jwt = mitigation(&model, "require_jwt");
    assert_eq!(jwt.controls, ["authentication", "session_management"]);
    assert_eq!(jwt.applies_to, ["/api/*", "/admin/*"]);
    assert_eq!(
        jwt.description.as_deref(),
        Some("Verifies the bearer JWT (signature, expiry, audience) before any handler runs.")
    );
    assert!(jwt.addresses.iter().any(|kind| kind == "broken_authentication"));

    let approval = mitigation(&model, "four_eyes");
    assert!(approval.controls.is_empty());
    assert_eq!(approval.custom.as_deref(), Some("four-eyes approval"));
    assert_eq!(approval.description.as_deref(), Some("A second operator approves every payout"));
    assert_eq!(
        approval.addresses,
        ["broken_function_level_authorization", "unrestricted_access_to_sensitive_business_flows"]
    );

    assert_eq!(mitigation(&model, "BodyLimit").applies_to, ["/api/*"]);
    assert_eq!(mitigation(&model, "SortField").controls, ["field_allowlist", "input_validation"]);

    let of = |paths: &[&str]| ids(&model.mitigations, |m| &m.id, paths);
    let by = |kind: &str| mitigated_by(threat(&model, "payout", kind)).to_vec();
    assert_eq!(by("broken_authentication"), of(&["require_jwt"]));
    assert_eq!(by("broken_function_level_authorization"), of(&["four_eyes", "require_jwt"]));
    assert_eq!(by("unrestricted_resource_consumption"), of(&["BodyLimit"]));
    assert_eq!(by("injection"), of(&["SortField"]));

    // The items are given back unchanged, and the fn is still callable.
    require_jwt();
    four_eyes();
    let _ = (BodyLimit, SortField::CreatedAt, SortField::Amount);
    payout();
}
