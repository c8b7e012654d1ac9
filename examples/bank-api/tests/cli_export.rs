//! `cargo threatmodel export --format json -p bank-api` describes exactly the model that
//! `threatmodel::Model::collect()` returns in-process (DESIGN §4: the registry and the CLI must
//! agree), and is byte-identical across runs; its SARIF, Open Threat Model and Threat Dragon
//! exports validate against the official schemas (`tests/schemas/`), the SARIF log without
//! results; its DOT export renders with Graphviz.

use std::path::Path;

use threatmodel::model::Model;

/// Runs `cargo threatmodel export --format FORMAT -p bank-api` through the CLI's own entry
/// point and returns what it wrote.
fn export(format: &str) -> String {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let out = tempfile::NamedTempFile::new().expect("temporary file");
    let code = cargo_threatmodel::run([
        "cargo-threatmodel",
        "threatmodel",
        "export",
        "--format",
        format,
        "--today",
        "2026-01-01",
        "--manifest-path",
        workspace.to_str().expect("UTF-8 path"),
        "-p",
        "bank-api",
        "-o",
        out.path().to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(code, 0, "cargo threatmodel export --format {format} failed");
    std::fs::read_to_string(out.path()).expect("export written")
}

/// The JSON export, and the model it describes.
fn export_json() -> (String, Model) {
    let json = export("json");
    let model = threatmodel::export::json::parse(&json).expect("export is a model");
    (json, model)
}

#[test]
fn cli_export_equals_model_collect_and_is_deterministic() {
    // Name the crate so that it is linked, with its registry entries.
    let _ = bank_api::app;
    let collected = Model::collect();
    let (first_json, exported) = export_json();
    assert!(
        !exported.endpoints.is_empty(),
        "the export has no endpoints"
    );
    // The CLI adds what it read from the code; the claims are the same.
    let facts = exported
        .facts
        .clone()
        .expect("the CLI reads the code's facts");
    assert!(
        facts.crates.iter().any(|c| c.krate == "bank_api"),
        "no facts of bank_api"
    );
    // And what it built the model from.
    let build = exported
        .build
        .clone()
        .expect("the CLI records what it built the model from");
    assert!(
        build.packages.iter().any(|p| p.name == "bank-api"),
        "{build:?}"
    );
    let claims = Model {
        facts: None,
        build: None,
        ..exported
    };
    assert!(
        claims.verifications.is_empty(),
        "tests are not checked without --run-tests: no verification enters the model"
    );
    assert_eq!(claims, collected);
    let (second_json, _) = export_json();
    assert_eq!(
        first_json, second_json,
        "two exports of unchanged code differ"
    );
}

/// Exports `format` and validates it against the official schema `schema` (a file name in
/// `tests/schemas/`); returns the document.
fn export_valid(format: &str, schema: &str) -> serde_json::Value {
    let path = format!(
        "{}/../../tests/schemas/{schema}",
        env!("CARGO_MANIFEST_DIR")
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the schema"))
            .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let text = export(format);
    let document: serde_json::Value = serde_json::from_str(&text).expect("the export is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid {format}: {errors:#?}");
    document
}

#[test]
fn otm_export_is_valid_and_holds_every_endpoint() {
    let otm = export_valid("otm", "otm-0.2.0.schema.json");
    let endpoints = otm["components"]
        .as_array()
        .expect("components")
        .iter()
        .filter(|c| c["type"] == "api-endpoint")
        .count();
    assert_eq!(endpoints, 11, "bank-api serves 11 routes");
    assert!(
        otm["threats"].as_array().is_some_and(|t| t.len() >= 49),
        "every threat is exported"
    );
}

#[test]
fn threat_dragon_export_is_valid() {
    let td = export_valid("threat-dragon", "threat-dragon-v2.schema.json");
    let cells = td["detail"]["diagrams"][0]["cells"]
        .as_array()
        .expect("one diagram with cells");
    assert!(cells.iter().any(|c| c["data"]["type"] == "tm.BoundaryBox"));
    assert!(cells.iter().any(|c| c["data"]["type"] == "tm.Store"));
}

/// Renders the DOT export with Graphviz; required under CI (`.ci/run` installs it).
#[test]
fn dot_export_renders_with_graphviz() {
    let dot = export("dot");
    let child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: Graphviz `dot` is not installed ({err})");
            return;
        }
        Err(err) => panic!("Graphviz `dot` is required under CI: {err}"),
    };
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(dot.as_bytes())
        .expect("write DOT");
    let output = child.wait_with_output().expect("dot runs");
    assert!(
        output.status.success(),
        "dot -Tsvg failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"));
}

#[test]
fn sarif_export_is_valid_and_has_no_results() {
    let log = export_valid("sarif", "sarif-schema-2.1.0.json");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    assert!(
        runs[0]["tool"]["driver"]["rules"]
            .as_array()
            .is_some_and(|rules| !rules.is_empty()),
        "the log lists the rules"
    );
    assert_eq!(
        runs[0]["results"],
        serde_json::json!([]),
        "bank-api has findings or problems"
    );
}

/// The code facts of the example (DESIGN §7): every route its router serves is modelled, every
/// endpoint is served as claimed, and every control an endpoint relies on is seen running there
/// (but hyper's header limits, whose installing call is seen and whose effect is not).
#[test]
fn every_route_is_modelled_and_every_control_is_seen_running() {
    use threatmodel::Disposition;
    use threatmodel::claims::{Claims, Running, Served};

    let (_, model) = export_json();
    let claims = Claims::new(&model).expect("the CLI read the code's facts");
    let unmodelled: Vec<String> = claims
        .unmodelled()
        .iter()
        .map(|u| format!("{} {} -> {}", u.route.method, u.route.path, u.handler))
        .collect();
    assert!(
        unmodelled.is_empty(),
        "routes served but not modelled: {unmodelled:#?}"
    );
    let routes = model.facts.as_ref().map_or(0, |f| f.routes().count());
    assert_eq!(
        routes,
        model.endpoints.len(),
        "one served route per endpoint"
    );
    for endpoint in &model.endpoints {
        assert!(
            matches!(claims.served(&endpoint.id), Some(Served::At(_))),
            "{} is not served as claimed: {:?}",
            endpoint.id,
            claims.served(&endpoint.id)
        );
        for threat in model.threats_of(endpoint) {
            let Disposition::Mitigated { by, .. } = &threat.disposition else {
                continue;
            };
            for id in by {
                let mitigation = model
                    .mitigations
                    .iter()
                    .find(|m| &m.id == id)
                    .expect("cited mitigation");
                let running = claims.runs(endpoint, mitigation);
                // hyper's header limits are configured by `axum::serve` itself: the call is
                // seen, what it configures is the model's word (`installed_by`), so unknown.
                if mitigation.id == "bank_api::limits::HyperHeaderLimits" {
                    assert!(
                        matches!(&running, Running::Unknown(why) if why.contains("axum::serve")),
                        "{running:?}"
                    );
                    continue;
                }
                assert!(
                    matches!(running, Running::Seen(_)),
                    "{} on {}: {running:?}",
                    mitigation.id,
                    endpoint.id
                );
            }
        }
    }
}

/// The report of the example is honest (issues 10 and 11): no control status is a gap, the
/// summary counts every mitigated threat once by what the code facts show (none on paper), the
/// public liveness probe is not counted under Broken Authentication, and its only
/// resource-consumption control, the body-size limit that covers every route, is partial.
#[test]
fn the_report_is_honest() {
    use threatmodel::export::markdown::{ReportOptions, render};

    let (_, model) = export_json();
    let findings = threatmodel::rules::check(&model, &Default::default(), "2026-01-01");
    assert!(
        findings.iter().all(|f| f.suppressed.is_some()),
        "{findings:#?}"
    );
    let report = render(
        &model,
        &ReportOptions {
            title: "bank-api".to_owned(),
            today: Some("2026-01-01".to_owned()),
            findings: Some(findings),
            ..ReportOptions::default()
        },
    );
    let count = |label: &str| -> usize {
        let line = report
            .lines()
            .find(|line| line.starts_with(&format!("| {label} | ")))
            .unwrap_or_else(|| panic!("no summary row {label:?}"));
        line.trim_end_matches(" |")
            .rsplit("| ")
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count in {line}"))
    };
    let seen = count("Threats mitigated, a control seen running");
    let cited = count("Threats mitigated, controls cited only (not seen running)");
    let paper = count("Threats mitigated on paper (a cited control does not run, TM0019)");
    assert_eq!(seen + cited + paper, model.summary().mitigated);
    assert_eq!(paper, 0);
    assert!(
        seen > cited,
        "most controls are seen running: {seen} vs {cited}"
    );

    let matrix = &report[report
        .find("## OWASP API Security Top 10 (2023) coverage")
        .expect("the matrix")..];
    let rows: Vec<&str> = matrix.lines().filter(|l| l.starts_with("| `")).collect();
    assert_eq!(rows.len(), model.endpoints.len());
    assert!(rows.iter().all(|row| !row.contains('❌')), "{matrix}");
    let healthz = rows
        .iter()
        .find(|row| row.starts_with("| `GET /healthz` |"))
        .expect("the probe's row");
    let cells: Vec<&str> = healthz.split(" | ").collect();
    // Cells: endpoint, API1, API2, API3, API4, ...
    assert_eq!(cells[2], "—", "{healthz}");
    assert_eq!(cells[4], "◐", "{healthz}");
}
