//! Each rule against its fixtures: `rules/<rule>/fires.rs`, where it must report exactly the
//! lines marked `//~ <rule>`, and `rules/<rule>/clean.rs`, a near-identical module where the gap
//! is closed and no rule may report anything. Every fixture is assembled together with
//! `rules/common.rs` (trust boundaries, the service, a datastore, an external service) into its
//! own model, from the annotations this test binary registered.
//!
//! Markers follow compiletest's style: `//~ rule_name` at the end of the line the finding points
//! at (the annotation's first line); several rules are separated by commas; `//~ problem` marks a
//! model problem (an unresolved reference). Findings and problems are compared as sets of
//! (rule, line), so a missing finding, an extra one or one on another line fails the test with
//! both lists printed.

// The fixtures are declarations for the model: nothing constructs or calls them.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use threatmodel::Model;
use threatmodel::facts::Facts;
use threatmodel::rules::{Settings, check, rule};

/// Date the fixtures are checked on, so that acceptances expire predictably.
const TODAY: &str = "2026-11-30";

// The fixtures, written out (not made by a macro) so that the code-facts reader sees the
// module tree as rustc does.
#[path = "rules/mod.rs"]
mod rules;

macro_rules! fixtures {
    ($($rule:ident),* $(,)?) => {
        $(
            mod $rule {
                #[test]
                fn fires_exactly_where_marked() {
                    let findings = super::expect_exact(concat!("rules/", stringify!($rule), "/fires.rs"));
                    assert!(
                        findings.iter().any(|(rule, _)| rule == stringify!($rule)),
                        "the fires fixture of `{}` has no `//~ {}` marker",
                        stringify!($rule),
                        stringify!($rule),
                    );
                }

                #[test]
                fn is_silent_on_the_clean_twin() {
                    let findings = super::expect_exact(concat!("rules/", stringify!($rule), "/clean.rs"));
                    assert!(findings.is_empty(), "clean fixtures carry no markers: {findings:?}");
                }
            }
        )*
    };
}

fixtures!(
    unmitigated_threats,
    expired_risk_acceptance,
    unauthenticated_critical_asset,
    missing_object_level_authorization,
    missing_function_level_authorization,
    missing_property_level_authorization,
    missing_rate_limiting,
    unconsidered_ssrf,
    unsafe_api_consumption,
    unencrypted_flow_across_boundary,
    sensitive_business_flow,
    improper_inventory,
    mismatched_mitigation,
    incomplete_stride_coverage,
    unused_suppression,
    open_threat,
    unmodelled_endpoint,
    unserved_endpoint,
    unapplied_mitigation,
    undeclared_exposure,
);

/// The marker of a model problem.
const PROBLEM: &str = "problem";

/// The model of fixture `file` (a path under `tests/`) and `rules/common.rs`, with the code
/// facts of those two files.
fn fixture_model(file: &str) -> Model {
    let suffix = format!("/{file}");
    threatmodel_tests::fixture_model(crate_facts(), |path| {
        path.ends_with(&suffix) || path.ends_with("/rules/common.rs")
    })
}

/// The code facts of this test crate, read once.
fn crate_facts() -> &'static Facts {
    static FACTS: OnceLock<Facts> = OnceLock::new();
    FACTS.get_or_init(|| threatmodel_tests::test_crate_facts("rules"))
}

/// The `//~ rule` markers of fixture `file`, as (rule, line).
fn markers(file: &str) -> BTreeSet<(String, u32)> {
    let path = format!("{}/tests/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    let mut expected = BTreeSet::new();
    for (index, line) in text.lines().enumerate() {
        if let Some((_, names)) = line.split_once("//~") {
            for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                assert!(
                    name == PROBLEM || rule(name).is_some(),
                    "{path}:{}: `{name}` is not a rule",
                    index + 1
                );
                expected.insert((name.to_owned(), u32::try_from(index + 1).unwrap()));
            }
        }
    }
    expected
}

/// Checks that the rules report exactly the marked lines of `file` and nothing anywhere else
/// (not in `common.rs` either), and that the fixture assembles without problems. Returns the
/// findings as (rule, line).
fn expect_exact(file: &str) -> BTreeSet<(String, u32)> {
    expect_exact_in(file, &fixture_model(file))
}

/// [`expect_exact`] on `model`, the model of fixture `file`.
fn expect_exact_in(file: &str, model: &Model) -> BTreeSet<(String, u32)> {
    let suffix = format!("/{file}");
    assert!(
        model
            .threats
            .iter()
            .any(|t| t.location.file.ends_with(&suffix))
            || model
                .endpoints
                .iter()
                .any(|e| e.location.file.ends_with(&suffix))
            || model
                .data_flows
                .iter()
                .any(|f| f.location.file.ends_with(&suffix))
            || model
                .mitigations
                .iter()
                .any(|m| m.location.file.ends_with(&suffix))
            || model
                .assets
                .iter()
                .any(|a| a.location.file.ends_with(&suffix))
            || model
                .components
                .iter()
                .any(|c| c.location.file.ends_with(&suffix)),
        "{file}: no annotations of its own registered"
    );
    let (expected_problems, expected): (BTreeSet<_>, BTreeSet<_>) = markers(file)
        .into_iter()
        .partition(|(name, _)| name == PROBLEM);
    let problems: BTreeSet<(String, u32)> = model
        .problems
        .iter()
        .map(|p| (PROBLEM.to_owned(), p.location.line))
        .collect();
    assert_eq!(problems, expected_problems, "{file}: {:#?}", model.problems);
    let findings: Vec<_> = check(model, &Settings::default(), TODAY)
        .into_iter()
        .filter(|f| f.suppressed.is_none())
        .collect();
    let elsewhere: Vec<_> = findings
        .iter()
        .filter(|f| !f.location.file.ends_with(&suffix))
        .collect();
    assert!(
        elsewhere.is_empty(),
        "{file}: findings outside the fixture: {elsewhere:#?}"
    );
    let actual: BTreeSet<(String, u32)> = findings
        .iter()
        .map(|f| (f.rule_name.clone(), f.location.line))
        .collect();
    assert_eq!(
        actual,
        expected,
        "{file}: findings (left) differ from the `//~` markers (right); messages:\n{}",
        findings
            .iter()
            .map(|f| format!(
                "  {}:{} {} {}",
                f.location.line, f.rule_name, f.severity, f.message
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
    actual
}

/// The model of fixture `file` alone (a path under `tests/`), with the code facts of that
/// file: for a self-contained fixture (an `explain` example, `service_wide.rs`) that declares
/// its own architecture.
fn standalone_model(file: &str) -> Model {
    let suffix = format!("/{file}");
    threatmodel_tests::fixture_model(crate_facts(), |path| path.ends_with(&suffix))
}

/// Every rule's `explain` example produces the finding it explains: a Rust example is the
/// whole text of `rules/examples/<rule>.rs` (so copied verbatim into a crate that depends on
/// threatmodel it compiles, as this test crate compiles it) and its model gets a finding of
/// the rule, in that file, with no model problem; a saved-model example (a JSON model, for a
/// gap the annotations of one crate cannot show) parses and gets the finding.
#[test]
fn every_rule_example_produces_its_finding() {
    for rule in threatmodel::rules::RULES
        .iter()
        .filter(|rule| !NEED_TEST_RESULTS.contains(&rule.name))
    {
        let (model, file) = if rule.example.trim_start().starts_with('{') {
            let model = threatmodel::export::json::parse(rule.example)
                .unwrap_or_else(|err| panic!("{}: the example is no model: {err}", rule.name));
            (model, None)
        } else {
            let file = format!("rules/examples/{}.rs", rule.name);
            let path = format!("{}/tests/{file}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|err| panic!("{}: {path}: {err}", rule.name));
            assert_eq!(
                text.trim_end(),
                rule.example,
                "{}: `explain`'s example differs from {file}",
                rule.name
            );
            (standalone_model(&file), Some(file))
        };
        assert!(
            model.problems.is_empty(),
            "{}: {:#?}",
            rule.name,
            model.problems
        );
        let findings = check(&model, &Settings::default(), TODAY);
        assert!(
            findings.iter().any(|f| f.rule_name == rule.name
                && f.suppressed.is_none()
                && file
                    .as_ref()
                    .is_none_or(|file| f.location.file.ends_with(file.as_str()))),
            "{}: its example gives no finding of it: {findings:#?}",
            rule.name
        );
    }
}

/// A gap every public endpoint of a service shares is one finding at the service, listing the
/// endpoints; an endpoint's own `allow` takes it out of the list.
#[test]
fn a_service_wide_gap_is_one_finding_at_the_service() {
    const FILE: &str = "rules/service_wide.rs";
    let model = standalone_model(FILE);
    expect_exact_in(FILE, &model);
    let findings = check(&model, &Settings::default(), TODAY);
    let at_service: Vec<_> = findings.iter().filter(|f| !f.related.is_empty()).collect();
    assert_eq!(at_service.len(), 1, "{findings:#?}");
    let listed: Vec<&str> = at_service[0]
        .related
        .iter()
        .map(|r| r.item.as_str())
        .collect();
    // The test binary is crate `rules`; its fixtures sit in its module `rules`.
    let module = "rules::rules::service_wide";
    assert_eq!(
        listed,
        ["products", "product", "search", "login"].map(|name| format!("{module}::{name}"))
    );
    let suppressed: Vec<(&str, &str)> = findings
        .iter()
        .filter_map(|f| Some((f.item.as_str(), f.suppressed.as_deref()?)))
        .collect();
    assert_eq!(
        suppressed,
        [(
            "rules::rules::service_wide::healthz",
            "the load balancer answers it from its cache"
        )]
    );
}

/// Rules that need test results (`--run-tests`, `--test-results`), which the registry models
/// these fixtures are assembled from never hold; `cargo-threatmodel/tests/evidence.rs` shows
/// their gaps end to end.
const NEED_TEST_RESULTS: [&str; 2] = ["failing_verification", "unverified_mitigation"];

/// A service modelled with one deliberate gap per rule gets one finding per gap: the noise
/// measure of RULES.md.
#[test]
fn a_service_with_deliberate_gaps_gets_one_finding_per_gap() {
    let findings = expect_exact("rules/gaps.rs");
    let per_rule: BTreeSet<&str> = findings.iter().map(|(rule, _)| rule.as_str()).collect();
    assert_eq!(
        findings.len(),
        per_rule.len(),
        "more than one finding for some gap: {findings:?}"
    );
    assert_eq!(
        per_rule.len(),
        threatmodel::rules::RULES.len() - NEED_TEST_RESULTS.len(),
        "the gaps service must have one gap per rule (but those needing test results): \
         {findings:?}"
    );
}

/// Findings of each rule on its two fixtures and on the gaps service, as a Markdown table.
fn counts_table() -> String {
    let count = |file: &str, rule: &str| {
        let model = fixture_model(file);
        check(&model, &Settings::default(), TODAY)
            .iter()
            .filter(|f| f.suppressed.is_none() && f.rule_name == rule)
            .count()
    };
    let all = |file: &str| {
        check(&fixture_model(file), &Settings::default(), TODAY)
            .iter()
            .filter(|f| f.suppressed.is_none())
            .count()
    };
    let mut table = String::from(
        "| rule | findings on `fires.rs` | findings on `clean.rs` (all rules) | findings on the gaps service |\n\
         |---|---|---|---|\n",
    );
    let (mut fires_total, mut clean_total) = (0, 0);
    for rule in threatmodel::rules::RULES {
        let fires = count(&format!("rules/{}/fires.rs", rule.name), rule.name);
        let clean = all(&format!("rules/{}/clean.rs", rule.name));
        fires_total += fires;
        clean_total += clean;
        table.push_str(&format!(
            "| {} `{}` | {fires} | {clean} | {} |\n",
            rule.id,
            rule.name,
            count("rules/gaps.rs", rule.name)
        ));
    }
    table.push_str(&format!(
        "| total | {fires_total} | {clean_total} | {} (for {} gaps) |\n",
        all("rules/gaps.rs"),
        threatmodel::rules::RULES.len() - NEED_TEST_RESULTS.len()
    ));
    table
}

/// Noise per fixture model: endpoints, findings (unsuppressed, every rule), findings per
/// endpoint, and the findings there would be if every gap were reported per endpoint (a
/// finding at a service counts once per endpoint it lists), as a Markdown table.
fn noise_table() -> String {
    let mut fixtures: Vec<(String, Model)> = threatmodel::rules::RULES
        .iter()
        .map(|rule| {
            let file = format!("rules/{}/fires.rs", rule.name);
            (format!("`{}/fires.rs`", rule.name), fixture_model(&file))
        })
        .collect();
    fixtures.push((
        "the gaps service".to_owned(),
        fixture_model("rules/gaps.rs"),
    ));
    fixtures.push((
        "`service_wide.rs`".to_owned(),
        standalone_model("rules/service_wide.rs"),
    ));
    let mut table = String::from(
        "| fixture | endpoints | findings | per endpoint | one finding per endpoint |\n\
         |---|---|---|---|---|\n",
    );
    let (mut endpoints_total, mut findings_total, mut per_endpoint_total) = (0, 0, 0);
    for (name, model) in &fixtures {
        let findings: Vec<_> = check(model, &Settings::default(), TODAY)
            .into_iter()
            .filter(|f| f.suppressed.is_none())
            .collect();
        let endpoints = model.endpoints.len();
        let per_endpoint: usize = findings.iter().map(|f| f.related.len().max(1)).sum();
        endpoints_total += endpoints;
        findings_total += findings.len();
        per_endpoint_total += per_endpoint;
        table.push_str(&format!(
            "| {name} | {endpoints} | {} | {} | {per_endpoint} |\n",
            findings.len(),
            ratio(findings.len(), endpoints)
        ));
    }
    table.push_str(&format!(
        "| total | {endpoints_total} | {findings_total} | {} | {per_endpoint_total} |\n",
        ratio(findings_total, endpoints_total)
    ));
    table
}

/// `findings / endpoints` with two decimals, `—` without endpoints.
fn ratio(findings: usize, endpoints: usize) -> String {
    if endpoints == 0 {
        "—".to_owned()
    } else {
        // Counts of a fixture are far below 2^52: exact as f64.
        let ratio = findings as f64 / endpoints as f64;
        format!("{ratio:.2}")
    }
}

/// Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` of RULES.md with
/// `generated` under `THREATMODEL_BLESS=1`; otherwise asserts it is current.
fn bless_rules_md(name: &str, generated: &str) {
    // The tests that bless sections of RULES.md run in parallel: one rewrite at a time.
    static RULES_MD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = RULES_MD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let start_marker = format!("<!-- {name}:start -->\n");
    let end_marker = format!("<!-- {name}:end -->");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../RULES.md");
    let text = std::fs::read_to_string(path).expect("RULES.md");
    let (Some(start), Some(end)) = (text.find(&start_marker), text.find(&end_marker)) else {
        panic!("RULES.md has no {start_marker:?} ... {end_marker:?} section");
    };
    let generated = format!("\n{generated}\n");
    let current = &text[start + start_marker.len()..end];
    if std::env::var_os("THREATMODEL_BLESS").is_some() {
        let updated = format!(
            "{}{generated}{}",
            &text[..start + start_marker.len()],
            &text[end..]
        );
        std::fs::write(path, updated).expect("write RULES.md");
    } else {
        assert_eq!(
            current, generated,
            "RULES.md `{name}` section is stale; rerun with THREATMODEL_BLESS=1 and review the diff"
        );
    }
}

/// RULES.md states the finding counts of the fixtures; they are regenerated here, so the
/// document cannot drift from the rules. `THREATMODEL_BLESS=1` rewrites the section.
#[test]
fn rules_md_counts_are_current() {
    bless_rules_md("counts", &counts_table());
}

/// RULES.md's noise table (findings per endpoint of each fixture), regenerated likewise.
#[test]
fn rules_md_noise_is_current() {
    bless_rules_md("noise", &noise_table());
}
