//! Tests as evidence, end to end: a temporary workspace whose controls have a passing, a failing
//! and no verifying test, checked with `--run-tests` and with `--test-results FILE`. Its tests
//! fail on purpose, so it is built here, under this repository's target directory, and never
//! is a member of the workspace that `cargo test --workspace` runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The repository root (this crate's parent).
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crate has a parent directory")
        .to_owned()
}

/// Rule lines that leave only the rules on test evidence on, so that the fixture's other gaps
/// (its handlers are not served by a router) do not blur what is tested.
fn only_evidence_rules() -> String {
    threatmodel::rules::RULES
        .iter()
        .filter(|rule| !["failing_verification", "unverified_mitigation"].contains(&rule.name))
        .map(|rule| format!("{} = \"allow\"\n", rule.name))
        .collect()
}

/// The service: three controls of a critical asset's endpoint. `ensure_owner` is called by the
/// handler, which ignores its result: the negative test in `tests/controls.rs` fails.
/// `valid_id` is verified by a passing unit test in an inline `mod tests`. `under_limit` has no
/// test.
const LIB_RS: &str = r#"
use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};

/// The public internet.
#[trust_boundary]
pub struct Internet;

/// A customer account.
#[asset(critical, data = "financial")]
pub struct Account;

/// The caller must own the account: whether they do.
#[mitigation(authorization)]
pub fn ensure_owner(user: u32, owner: u32) -> bool {
    user == owner
}

/// Account ids are digits.
#[mitigation(input_validation)]
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}

/// At most ten requests a second per client.
#[mitigation(rate_limiting)]
pub fn under_limit(requests: u32) -> bool {
    requests <= 10
}

#[endpoint("DELETE /accounts/{id}", boundary = Internet, exposes = [Account], auth = "required")]
#[threat(bola, mitigated_by = ensure_owner)]
#[threat(injection, mitigated_by = valid_id)]
#[threat(unrestricted_resource_consumption, mitigated_by = under_limit)]
pub fn delete_account(user: u32, owner: u32, id: &str) -> Result<(), &'static str> {
    // The check runs, but its result is never read.
    let _ = ensure_owner(user, owner);
    if !valid_id(id) {
        return Err("bad id");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[threatmodel::verifies(valid_id)]
    fn malformed_ids_are_refused() {
        assert!(valid_id("42"));
        assert!(!valid_id("42; drop table"));
        assert!(delete_account(1, 1, "x").is_err());
    }
}
"#;

const CONTROLS_RS: &str = r#"
use evidence_svc::delete_account;

#[test]
#[threatmodel::verifies(evidence_svc::ensure_owner, threat = bola)]
fn another_users_account_is_not_deleted() {
    assert!(delete_account(1, 2, "7").is_err(), "user 1 deleted user 2's account");
}
"#;

/// The fixture workspace, in a fresh temporary directory.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temporary directory");
        let manifest = format!(
            "[package]\nname = \"evidence-svc\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nthreatmodel = {{ path = {:?} }}\n\n\
             [package.metadata.threatmodel.rules]\n{}\n[workspace]\n",
            repo().join("threatmodel"),
            only_evidence_rules()
        );
        std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("write Cargo.toml");
        // The repository's lock file, so that it resolves to the versions already built.
        std::fs::copy(repo().join("Cargo.lock"), dir.path().join("Cargo.lock"))
            .expect("copy Cargo.lock");
        std::fs::create_dir_all(dir.path().join("src")).expect("create src");
        std::fs::create_dir_all(dir.path().join("tests")).expect("create tests");
        std::fs::write(dir.path().join("src/lib.rs"), LIB_RS).expect("write lib.rs");
        std::fs::write(dir.path().join("tests/controls.rs"), CONTROLS_RS)
            .expect("write controls.rs");
        Fixture { dir }
    }

    /// `cargo-threatmodel threatmodel ARGS` in the fixture, with the tests' shared target
    /// directory (threatmodel is compiled once for every functional test).
    fn run(&self, args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-threatmodel"));
        for (name, _) in std::env::vars() {
            if name.starts_with("CARGO_PKG_") || name.starts_with("CARGO_MANIFEST_") {
                command.env_remove(name);
            }
        }
        command
            .arg("threatmodel")
            .args(args)
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", repo().join("target/cli-tests"))
            .output()
            .expect("run cargo-threatmodel")
    }

    fn path(&self, file: &str) -> String {
        self.dir.path().join(file).display().to_string()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", stderr(output)))
}

/// `(rule_id, element, file)` of every finding of a `check --format json` document.
fn findings(document: &Value) -> Vec<(String, String, String)> {
    document["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_owned(),
                f["element"].as_str().unwrap_or_default().to_owned(),
                f["location"]["file"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

/// `(test id, status, libtest name)` of every verification of a JSON model.
fn outcomes(model: &Value) -> Vec<(String, String, String)> {
    model["verifications"]
        .as_array()
        .expect("verifications")
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap_or_default().to_owned(),
                v["outcome"]["status"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                v["outcome"]["test_name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

#[test]
fn run_tests_finds_the_failing_test_and_the_unverified_control() {
    let fixture = Fixture::new();
    let check = fixture.run(&["check", "--run-tests", "--format", "json"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let document = json(&check);
    assert_eq!(
        findings(&document),
        [
            (
                "TM0021".to_owned(),
                "controls::another_users_account_is_not_deleted".to_owned(),
                "tests/controls.rs".to_owned()
            ),
            (
                "TM0022".to_owned(),
                "evidence_svc::under_limit".to_owned(),
                "src/lib.rs".to_owned()
            ),
        ],
        "{}",
        stderr(&check)
    );
    let message = document["findings"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(
        message,
        "test `another_users_account_is_not_deleted`, which verifies `ensure_owner`, failed"
    );

    // The model carries the outcomes, each mapped to its exact libtest name (the unit test
    // sits in an inline `mod tests`).
    let export = fixture.run(&["export", "--format", "json", "--run-tests"]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let model = json(&export);
    assert_eq!(model["schema_version"], "3");
    assert_eq!(model["test_results"]["source"], "run");
    assert_eq!(
        outcomes(&model),
        [
            (
                "controls::another_users_account_is_not_deleted".to_owned(),
                "failed".to_owned(),
                "another_users_account_is_not_deleted".to_owned()
            ),
            (
                "evidence_svc::malformed_ids_are_refused".to_owned(),
                "passed".to_owned(),
                "tests::malformed_ids_are_refused".to_owned()
            ),
        ]
    );

    // A JUnit report that lacks the failing test: it did not run, and never counts as passed;
    // a saved model read back with the report gets the same outcomes.
    let junit = fixture.path("junit.xml");
    std::fs::write(
        &junit,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="nextest-run" tests="1" failures="0" errors="0">
    <testsuite name="evidence-svc" tests="1" disabled="0" errors="0" failures="0">
        <testcase name="tests::malformed_ids_are_refused" classname="evidence-svc" time="0.001"/>
    </testsuite>
</testsuites>
"#,
    )
    .expect("write junit.xml");
    let saved = fixture.path("model.json");
    std::fs::write(&saved, &export.stdout).expect("save the model");
    for args in [
        vec!["export", "--format", "json", "--test-results", &junit],
        vec![
            "export",
            "--format",
            "json",
            "--from",
            &saved,
            "--test-results",
            &junit,
        ],
    ] {
        let export = fixture.run(&args);
        assert_eq!(
            export.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&export)
        );
        let model = json(&export);
        assert_eq!(model["test_results"]["file"], junit.as_str());
        let statuses: Vec<(String, String)> = outcomes(&model)
            .into_iter()
            .map(|(id, status, _)| (id, status))
            .collect();
        assert_eq!(
            statuses,
            [
                (
                    "controls::another_users_account_is_not_deleted".to_owned(),
                    "not_run".to_owned()
                ),
                (
                    "evidence_svc::malformed_ids_are_refused".to_owned(),
                    "passed".to_owned()
                ),
            ],
            "{args:?}"
        );
    }
    // The report of the saved model shows each control's evidence.
    let report = fixture.run(&["report", "--from", &saved]);
    let report = String::from_utf8_lossy(&report.stdout).into_owned();
    for row in [
        "| `ensure_owner` | ❌ 1 test failing | `controls::another_users_account_is_not_deleted` (failed) |",
        "| `under_limit` | — | _no verifying test_ |",
        "| `valid_id` | ✅ verified by 1 test | `evidence_svc::malformed_ids_are_refused` (passed) |",
        "| `evidence_svc::delete_account#injection` | `valid_id` | ✅ verified by 1 test |",
    ] {
        assert!(report.contains(row), "no row `{row}` in:\n{report}");
    }

    let check = fixture.run(&["check", "--format", "json", "--test-results", &junit]);
    let elements: Vec<(String, String)> = findings(&json(&check))
        .into_iter()
        .map(|(rule, element, _)| (rule, element))
        .collect();
    assert_eq!(
        elements,
        [
            ("TM0022".to_owned(), "evidence_svc::ensure_owner".to_owned()),
            ("TM0022".to_owned(), "evidence_svc::under_limit".to_owned()),
        ],
        "{}",
        stderr(&check)
    );
}

#[test]
fn without_test_results_the_evidence_rules_are_skipped_with_one_note() {
    let fixture = Fixture::new();
    let check = fixture.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let stderr = stderr(&check);
    assert_eq!(
        stderr
            .matches("the rules on verifying tests (TM0021-TM0022) were skipped")
            .count(),
        1,
        "{stderr}"
    );
    let bad = fixture.path("bad.xml");
    std::fs::write(&bad, "<html/>").expect("write bad.xml");
    let check = fixture.run(&["check", "--test-results", &bad]);
    assert_eq!(check.status.code(), Some(2), "{}", self::stderr(&check));
    assert!(
        self::stderr(&check).contains("not a JUnit report"),
        "{}",
        self::stderr(&check)
    );
}
