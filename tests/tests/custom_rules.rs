//! A team's own rules beside the built-in ones: two declared in `custom_rules/rules.toml` (as
//! `cargo threatmodel` reads them) and one written in Rust against the public `CustomRule` API,
//! run over the model and code facts of `custom_rules/fixture.rs` with `rules::check_with`.
//! They must report exactly the lines marked `//~ rule`, honour `allow(team::rule, reason)`,
//! and an `allow` of a custom rule no one declared is an unused suppression.

// The fixture is declarations for the model: nothing constructs or calls them.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeSet;

use threatmodel::Model;
use threatmodel::rules::{
    Context, CustomRule, DeclaredRule, Finding, Hit, Settings, Severity, check_with,
};

// rustfmt leaves the fixture as written: a `//~` marker must stay on the line a finding
// points at.
#[rustfmt::skip]
#[path = "custom_rules/fixture.rs"]
mod fixture;

/// Date the fixture is checked on.
const TODAY: &str = "2026-11-30";

/// The rules file as `cargo threatmodel` reads it: `[[rule]]` tables.
#[derive(serde::Deserialize)]
struct RulesFile {
    rule: Vec<DeclaredRule>,
}

/// A policy written in Rust: every endpoint that exposes an asset names its owning team.
struct EndpointsHaveOwners;

impl CustomRule for EndpointsHaveOwners {
    fn name(&self) -> &str {
        "team::endpoints_have_owners"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn summary(&self) -> &str {
        "an endpoint that exposes an asset names no owning team"
    }

    fn hits(&self, cx: &Context<'_>) -> Vec<Hit> {
        cx.model
            .endpoints
            .iter()
            .filter(|e| e.owner.is_none() && !cx.exposed_assets(e).is_empty())
            .map(|e| {
                Hit::new(
                    &e.id,
                    &e.handler,
                    &e.location,
                    format!("`{} {}` names no owner", e.method, e.route),
                )
            })
            .collect()
    }
}

fn declared_rules() -> Vec<DeclaredRule> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/custom_rules/rules.toml");
    let text = std::fs::read_to_string(path).expect("the fixture's rules file");
    let file: RulesFile = toml::from_str(&text).expect("a valid rules file");
    for rule in &file.rule {
        rule.validate().expect("a valid rule");
    }
    file.rule
}

/// The fixture's model, with the code facts of its one file.
fn fixture_model() -> Model {
    let facts = threatmodel_tests::test_crate_facts("custom_rules");
    let model =
        threatmodel_tests::fixture_model(&facts, |path| path.ends_with("/custom_rules/fixture.rs"));
    assert!(model.problems.is_empty(), "{:#?}", model.problems);
    model
}

fn findings() -> Vec<Finding> {
    let declared = declared_rules();
    let mut custom: Vec<&dyn CustomRule> = declared.iter().map(|r| r as &dyn CustomRule).collect();
    custom.push(&EndpointsHaveOwners);
    check_with(&fixture_model(), &Settings::default(), TODAY, &custom)
}

/// The `//~ rule` markers of the fixture, as (rule, line).
fn markers() -> BTreeSet<(String, u32)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/custom_rules/fixture.rs");
    let text = std::fs::read_to_string(path).expect("the fixture");
    text.lines()
        .zip(1..)
        .filter(|(line, _)| !line.starts_with("//!"))
        .filter_map(|(line, n)| line.split_once("//~").map(|(_, names)| (names, n)))
        .flat_map(|(names, n)| {
            names
                .split(',')
                .map(move |name| (name.trim().to_owned(), n))
        })
        .collect()
}

/// The fixture is a small service with gaps of its own that built-in rules report (no rate
/// limiting, ...); only the custom rules and the unused suppression of one are compared.
#[test]
fn custom_rules_report_exactly_the_marked_lines() {
    let findings = findings();
    let reported: BTreeSet<(String, u32)> = findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .filter(|f| f.rule_name.contains("::") || f.rule_name == "unused_suppression")
        .map(|f| (f.rule_name.clone(), f.location.line))
        .collect();
    assert_eq!(reported, markers(), "{findings:#?}");
}

#[test]
fn a_declared_rule_names_what_is_missing_and_carries_its_help_and_severity() {
    let findings = findings();
    let runs = findings
        .iter()
        .find(|f| f.rule_name == "team::admin_authorization_runs")
        .expect("the admin rule fires");
    assert_eq!(runs.rule_id, "team::admin_authorization_runs");
    assert_eq!(runs.severity, Severity::Error);
    assert!(
        runs.message
            .contains("`GET /admin/export`: its `authorization` control (`require_admin`) is cited but not seen running"),
        "{}",
        runs.message
    );
    assert_eq!(
        runs.help.as_deref(),
        Some("mount the route inside the router the authorization layer wraps")
    );
}

#[test]
fn allow_of_a_custom_rule_suppresses_it_on_its_item_only() {
    let findings = findings();
    let accepted: Vec<(&str, Option<&str>)> = findings
        .iter()
        .filter(|f| f.rule_name == "team::no_accepted_critical_risk")
        .map(|f| {
            (
                f.item.rsplit("::").next().unwrap_or_default(),
                f.suppressed.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        accepted,
        [
            ("close", None),
            ("freeze", Some("reviewed by the risk committee")),
        ]
    );
}

#[test]
fn configured_levels_apply_to_custom_rules_by_name() {
    let mut settings = Settings::default();
    settings.workspace.rules.insert(
        "team::admin_authorization_runs".to_owned(),
        threatmodel::rules::RuleLevel::Allow,
    );
    settings.workspace.rules.insert(
        "team::endpoints_have_owners".to_owned(),
        threatmodel::rules::RuleLevel::Error,
    );
    let declared = declared_rules();
    let custom: Vec<&dyn CustomRule> = vec![&declared[0], &EndpointsHaveOwners];
    let findings = check_with(&fixture_model(), &settings, TODAY, &custom);
    assert!(
        findings
            .iter()
            .all(|f| f.rule_name != "team::admin_authorization_runs"),
        "{findings:#?}"
    );
    let owners: Vec<Severity> = findings
        .iter()
        .filter(|f| f.rule_name == "team::endpoints_have_owners")
        .map(|f| f.severity)
        .collect();
    assert_eq!(owners, [Severity::Error]);
}
