//! `cargo threatmodel export --format json -p bank-api` describes exactly the model that
//! `threatmodel::Model::collect()` returns in-process (DESIGN §4: the registry and the CLI must
//! agree), and is byte-identical across runs.

use std::path::Path;

use threatmodel::model::Model;

/// Runs `cargo threatmodel export --format json -p bank-api` through the CLI's own entry point
/// and parses what it wrote.
fn export() -> (String, Model) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let out = tempfile::NamedTempFile::new().expect("temporary file");
    let code = cargo_threatmodel::run([
        "cargo-threatmodel",
        "threatmodel",
        "export",
        "--format",
        "json",
        "--manifest-path",
        workspace.to_str().expect("UTF-8 path"),
        "-p",
        "bank-api",
        "-o",
        out.path().to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(code, 0, "cargo threatmodel export failed");
    let json = std::fs::read_to_string(out.path()).expect("export written");
    let model = threatmodel::export::json::parse(&json).expect("export is a model");
    (json, model)
}

#[test]
fn cli_export_equals_model_collect_and_is_deterministic() {
    // Name the crate so that it is linked, with its registry entries.
    let _ = bank_api::app;
    let collected = Model::collect();
    let (first_json, exported) = export();
    assert!(
        !exported.endpoints.is_empty(),
        "the export has no endpoints"
    );
    assert_eq!(exported, collected);
    let (second_json, _) = export();
    assert_eq!(
        first_json, second_json,
        "two exports of unchanged code differ"
    );
}
