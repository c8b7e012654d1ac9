//! A custom rule's namespaced name is accepted in `allow(...)` without the macros knowing it (as
//! rustc accepts `clippy::` lint names), beside a built-in rule's name; `cargo threatmodel`
//! checks it against the custom rules it loads.

use threatmodel::Model;
use threatmodel::endpoint;

#[endpoint(
    "GET /admin/report",
    allow(team::admin_authorization_runs, missing_rate_limiting, reason = "internal tool"),
    allow(acme::security::owners_named, reason = "owned by the platform team")
)]
pub fn report() {}

fn main() {
    let model = Model::collect();
    assert!(model.problems.is_empty(), "{:#?}", model.problems);
    let rules: Vec<&str> = model.suppressions.iter().map(|s| s.rule.as_str()).collect();
    assert_eq!(
        rules,
        [
            "acme::security::owners_named",
            "missing_rate_limiting",
            "team::admin_authorization_runs",
        ]
    );
    report();
}
