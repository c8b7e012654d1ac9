//! Per-item suppression: `allow(RULE, reason = "...")` in an annotation marks that rule's findings
//! on the item as suppressed, with the reason, and leaves other rules' findings and other items
//! alone. The model is the one the fixture `suppression/fixture.rs` registers.

mod suppression {
    // The fixture is declarations for the model: nothing calls them, nothing outside uses them.
    #[allow(dead_code, unreachable_pub)]
    pub mod fixture;
}

use threatmodel::Model;
use threatmodel::rules::{Finding, Settings, check};
use threatmodel_tests::names;

/// Date the fixture is checked on.
const TODAY: &str = "2026-11-30";

fn fixture_model() -> Model {
    let model =
        Model::collect_where(|record| record.span.file.ends_with("/suppression/fixture.rs"));
    assert!(model.problems.is_empty(), "{:#?}", model.problems);
    model
}

/// The `expired_risk_acceptance` finding on item `path` (it has one: an acceptance without owner).
fn finding_on<'f>(findings: &'f [Finding], path: &str) -> &'f Finding {
    let found: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule_name == "expired_risk_acceptance" && names(&f.item, path))
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!("expected one `expired_risk_acceptance` finding on `{path}`: {findings:#?}"),
    }
}

#[test]
fn the_model_carries_each_allow_as_a_suppression_of_its_item() {
    let model = fixture_model();
    let listed: Vec<(&str, &str)> = model
        .suppressions
        .iter()
        .map(|s| {
            (
                s.item.rsplit("::").next().unwrap_or_default(),
                s.rule.as_str(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("export", "missing_rate_limiting"),
            ("report", "expired_risk_acceptance"),
            ("search", "expired_risk_acceptance"),
        ]
    );
    let search = &model.suppressions[2];
    assert_eq!(search.reason, "the owner is recorded in the risk register");
    assert_eq!((search.location.line, search.location.column), (10, 5));
}

#[test]
fn an_allow_of_the_rule_suppresses_its_finding_with_the_reason() {
    let settings = Settings::default();
    let findings = check(&fixture_model(), &settings, TODAY);
    let search = finding_on(&findings, "search");
    assert_eq!(
        search.suppressed.as_deref(),
        Some("the owner is recorded in the risk register")
    );
    assert!(!search.fails(&settings));
}

#[test]
fn an_allow_in_another_attribute_of_the_item_suppresses_it_too() {
    let findings = check(&fixture_model(), &Settings::default(), TODAY);
    assert_eq!(
        finding_on(&findings, "report").suppressed.as_deref(),
        Some("reviewed with the report team every quarter")
    );
}

#[test]
fn an_allow_of_another_rule_does_not_suppress_it() {
    let settings = Settings::default();
    let findings = check(&fixture_model(), &settings, TODAY);
    let export = finding_on(&findings, "export");
    assert_eq!(export.suppressed, None);
    assert!(
        export.message.contains("names no owner"),
        "{}",
        export.message
    );
}
