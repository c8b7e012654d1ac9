//! The Markdown report of small services read as `cargo threatmodel report` reads them (the
//! annotations this test binary registered, plus the code facts of its fixture file): the
//! signals issue 11 found misleading stay honest.

// The fixtures are declarations for the model: nothing constructs or calls them.
#![allow(dead_code, unreachable_pub)]

use std::sync::OnceLock;

use threatmodel::Model;
use threatmodel::export::markdown::{ReportOptions, render};
use threatmodel::facts::Facts;
use threatmodel::rules::{Settings, check};

/// Date the fixtures are checked on.
const TODAY: &str = "2026-11-30";

#[path = "report/mod.rs"]
mod report;

/// The model of fixture `file` (a path under `tests/`) with the code facts of that file.
fn fixture_model(file: &str) -> Model {
    let suffix = format!("/{file}");
    threatmodel_tests::fixture_model(crate_facts(), |path| path.ends_with(&suffix))
}

/// The code facts of this test crate, read once.
fn crate_facts() -> &'static Facts {
    static FACTS: OnceLock<Facts> = OnceLock::new();
    FACTS.get_or_init(|| threatmodel_tests::test_crate_facts("report"))
}

/// The report of fixture `file`, with the rules' findings.
fn report_of(file: &str) -> String {
    let model = fixture_model(file);
    assert!(
        !model.endpoints.is_empty(),
        "{file}: no endpoints registered"
    );
    let findings = check(&model, &Settings::default(), TODAY);
    render(
        &model,
        &ReportOptions {
            title: file.to_owned(),
            today: Some(TODAY.to_owned()),
            findings: Some(findings),
            ..ReportOptions::default()
        },
    )
}

/// The part of `report` from the heading `## {title}` to the next `## ` heading.
fn section<'r>(report: &'r str, title: &str) -> &'r str {
    let start = report
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("no section {title:?} in:\n{report}"));
    let rest = &report[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |end| end + 3);
    &rest[..end]
}

/// The cells of a table row (no escaped pipes in the rows these tests read).
fn cells(row: &str) -> Vec<String> {
    row.trim_matches('|')
        .split(" | ")
        .map(|cell| cell.trim().to_owned())
        .collect()
}

/// The OWASP matrix cell of the endpoint `label` (`METHOD route`) and risk `id`.
fn matrix_cell(report: &str, label: &str, id: &str) -> String {
    let matrix = section(report, "OWASP API Security Top 10 (2023) coverage");
    let mut rows = matrix.lines().filter(|line| line.starts_with('|'));
    let header = cells(rows.next().expect("a header"));
    let column = header
        .iter()
        .position(|name| name.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no column {id} in {header:?}"));
    let row = rows
        .map(cells)
        .find(|row| row[0] == format!("`{label}`"))
        .unwrap_or_else(|| panic!("no row {label} in:\n{matrix}"));
    row[column].clone()
}

/// A public `GET /healthz` under a rate limiter for `/*`: Broken Authentication does not apply
/// to it (—, not ✅), the limiter does not make it a sensitive business flow (API6 is not ✅),
/// and the limiter, seen running as a layer, covers its resource consumption (API4 ✅).
#[test]
fn a_public_probe_under_a_global_rate_limiter() {
    let report = report_of("report/public.rs");
    assert_eq!(matrix_cell(&report, "GET /healthz", "API2:2023"), "—");
    assert_eq!(matrix_cell(&report, "GET /healthz", "API6:2023"), "·");
    assert_eq!(matrix_cell(&report, "GET /healthz", "API4:2023"), "✅");
    // The API route takes authentication, and the middleware that covers it runs.
    assert_eq!(matrix_cell(&report, "GET /api/me", "API2:2023"), "✅");
    assert!(
        section(&report, "Findings").contains("No rule of `cargo threatmodel check` found a gap."),
        "{report}"
    );
}

/// An authentication middleware that covers a route only through `applies_to` is relied on.
#[test]
fn a_control_covering_routes_through_applies_to_is_relied_on() {
    let report = report_of("report/public.rs");
    let mitigations = section(&report, "Mitigations");
    let row = mitigations
        .lines()
        .find(|line| line.starts_with("| `require_user` |"))
        .unwrap_or_else(|| panic!("no row for require_user in:\n{mitigations}"));
    assert!(!row.contains("nothing relies on it"), "{row}");
    assert!(
        row.contains("the endpoints its `applies_to` covers: `GET /api/me`"),
        "{row}"
    );
    assert!(
        section(&report, "Endpoints").contains("✅ `require_user` runs (layer"),
        "{report}"
    );
}

/// A sign-in route whose only resource-consumption control is a body-size limit is partly
/// covered (◐), even though the limit runs; Broken Authentication applies to it (a sign-in).
#[test]
fn a_login_with_only_a_body_size_limit_is_partial() {
    let report = report_of("report/login.rs");
    assert_eq!(matrix_cell(&report, "POST /login", "API4:2023"), "◐");
    assert!(
        report.contains("◐ Mitigated in part by `body_limit`"),
        "{}",
        section(&report, "Endpoints")
    );
    assert_eq!(matrix_cell(&report, "POST /login", "API2:2023"), "⚠️");
    assert!(
        section(&report, "Findings").contains("No rule of `cargo threatmodel check` found a gap."),
        "{report}"
    );
}

/// An authentication extractor the handler takes runs on its route: `unauthenticated_critical_asset`
/// must not say that no authentication covers it, while the twin handler that takes nothing is
/// still reported (a false finding on a real Realworld service before the rule read the facts).
#[test]
fn an_authentication_extractor_the_handler_takes_covers_its_endpoint() {
    let model = fixture_model("report/extractor.rs");
    let findings = check(&model, &Settings::default(), TODAY);
    let reported: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule_name == "unauthenticated_critical_asset")
        .map(|f| f.item.rsplit("::").next().unwrap_or_default())
        .collect();
    assert_eq!(reported, ["update_anyone"]);
}
