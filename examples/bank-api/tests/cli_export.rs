//! `cargo threatmodel export --format json -p bank-api` describes exactly the model that
//! `threatmodel::Model::collect()` returns in-process (DESIGN §4: the registry and the CLI must
//! agree), and is byte-identical across runs; its SARIF export is a valid SARIF 2.1.0 log
//! without results.

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
    assert_eq!(exported, collected);
    let (second_json, _) = export_json();
    assert_eq!(
        first_json, second_json,
        "two exports of unchanged code differ"
    );
}

#[test]
fn sarif_export_is_valid_and_has_no_results() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/schemas/sarif-schema-2.1.0.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the SARIF schema"))
            .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let text = export("sarif");
    let log: serde_json::Value = serde_json::from_str(&text).expect("the log is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
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
