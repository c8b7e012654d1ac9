//! `allow(RULE, ..., reason = "...")` in every attribute: each becomes a suppression of its
//! item in `Model::collect()`, one per rule, with the reason and the place it is written.

use threatmodel::{
    asset, component, data_flow, endpoint, mitigation, mitigations, threat, trust_boundary,
};
use threatmodel_tests::{collect, names};

#[trust_boundary(allow(improper_inventory, reason = "a zone, not an API"))]
pub struct Internet;

#[component(datastore, boundary = Internet, allow(unencrypted_flow_across_boundary, reason = "loopback only"))]
pub struct Db;

#[asset(critical, data = "financial", allow(unauthenticated_critical_asset, reason = "public rates"))]
pub struct Rates;

/// Checks the bearer token.
#[mitigation(authentication, allow(mismatched_mitigation, reason = "covers the API scope"))]
pub fn require_jwt() {}

#[mitigations]
impl Db {
    #[mitigation(parameterized_queries, allow(mismatched_mitigation, reason = "binds every value"))]
    pub fn query(&self) {}
}

#[endpoint(
    "GET /healthz",
    boundary = Internet,
    allow(missing_rate_limiting, reason = "constant answer; the ingress limits probes"),
    allow(improper_inventory, unauthenticated_critical_asset, reason = "probe route"),
)]
#[threat(
    unrestricted_resource_consumption,
    accepted = "constant answer",
    allow(expired_risk_acceptance, reason = "reviewed every release")
)]
pub fn healthz() {}

#[data_flow(to = Db, protocol = "postgres", allow(unencrypted_flow_across_boundary, reason = "loopback only"))]
pub fn load() {}

threatmodel::declare! {
    pub mitigation GovernorLimit(rate_limiting, allow(mismatched_mitigation, reason = "configured per route"));
}

/// The `(item, rule, reason)` of every suppression, item ids without the crate name.
fn suppressions() -> Vec<(String, String, String)> {
    collect()
        .suppressions
        .iter()
        .map(|s| {
            let item = s.item.split_once("::").map_or(s.item.as_str(), |(_, rest)| rest);
            (item.to_owned(), s.rule.clone(), s.reason.clone())
        })
        .collect()
}

fn main() {
    let owned = |(item, rule, reason): (&str, &str, &str)| {
        (item.to_owned(), rule.to_owned(), reason.to_owned())
    };
    // Sorted by item, then rule.
    let expected: Vec<(String, String, String)> = [
        ("Db", "unencrypted_flow_across_boundary", "loopback only"),
        ("Db::query", "mismatched_mitigation", "binds every value"),
        ("GovernorLimit", "mismatched_mitigation", "configured per route"),
        ("Internet", "improper_inventory", "a zone, not an API"),
        ("Rates", "unauthenticated_critical_asset", "public rates"),
        ("healthz", "expired_risk_acceptance", "reviewed every release"),
        ("healthz", "improper_inventory", "probe route"),
        ("healthz", "missing_rate_limiting", "constant answer; the ingress limits probes"),
        ("healthz", "unauthenticated_critical_asset", "probe route"),
        ("load", "unencrypted_flow_across_boundary", "loopback only"),
        ("require_jwt", "mismatched_mitigation", "covers the API scope"),
    ]
    .into_iter()
    .map(owned)
    .collect();
    assert_eq!(suppressions(), expected);

    // Each suppression is located at its own `allow(...)`.
    let model = collect();
    let at = |item: &str, rule: &str| {
        let s = model
            .suppressions
            .iter()
            .find(|s| names(&s.item, item) && s.rule == rule)
            .unwrap_or_else(|| panic!("no suppression of `{rule}` on `{item}`"));
        (s.location.line, s.location.column)
    };
    assert_eq!(at("healthz", "missing_rate_limiting"), (31, 5));
    assert_eq!(at("healthz", "improper_inventory"), (32, 5));
    assert_eq!(at("healthz", "expired_risk_acceptance"), (37, 5));
    assert!(model.suppressions.iter().all(|s| s.location.file.ends_with("every-attribute.rs")));

    // The elements themselves are unchanged.
    assert_eq!(model.endpoints.len(), 1);
    assert_eq!(model.threats.len(), 1);
    assert_eq!(model.mitigations.len(), 3);

    healthz();
    load();
    require_jwt();
    Db.query();
    let _ = (Internet, Rates);
}
