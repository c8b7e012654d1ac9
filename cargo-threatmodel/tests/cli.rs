//! Functional tests: build a temporary crate, run `cargo threatmodel`, check its output and
//! exit code. The crates share one target directory so threatmodel is compiled once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (this crate's parent).
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crate has a parent directory")
        .to_owned()
}

/// A temporary one-crate workspace depending on this repository's `threatmodel`.
struct Crate {
    dir: tempfile::TempDir,
}

impl Crate {
    /// `name` must be unique among the tests: crates of one name share fingerprints in the
    /// shared target directory (cargo does not hash a workspace root's path into them).
    fn new(name: &str, lib_rs: &str) -> Crate {
        let dir = tempfile::tempdir().expect("temporary directory");
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nthreatmodel = {{ path = {:?} }}\n\n[workspace]\n",
            repo().join("threatmodel")
        );
        std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("write Cargo.toml");
        std::fs::create_dir(dir.path().join("src")).expect("create src");
        let krate = Crate { dir };
        krate.write(lib_rs);
        krate
    }

    fn write(&self, lib_rs: &str) {
        std::fs::write(self.dir.path().join("src/lib.rs"), lib_rs).expect("write lib.rs");
    }

    fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_cargo-threatmodel"))
            .arg("threatmodel")
            .args(args)
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", repo().join("target/cli-tests"))
            .output()
            .expect("run cargo-threatmodel");
        Run(output)
    }
}

struct Run(Output);

impl Run {
    fn code(&self) -> i32 {
        self.0.status.code().expect("exited normally")
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
}

const SERVICE: &str = r#"
use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};

/// The public internet.
#[trust_boundary]
pub struct Internet;

/// A customer record.
#[asset(high, data = "pii")]
pub struct Customer;

/// Checks the caller owns the record.
#[mitigation(authorization)]
pub fn ensure_owner() {}

#[endpoint("GET /customers/{id}", boundary = Internet, exposes = [Customer])]
#[threat(bola, mitigated_by = ensure_owner)]
#[threat(unrestricted_resource_consumption, accepted = "gateway limits", owner = "platform", expires = "2030-01-31")]
pub fn get_customer() {}
"#;

#[test]
fn crate_without_annotations_gives_an_empty_report_and_a_clean_check() {
    let krate = Crate::new("svc-empty", "//! Nothing annotated.\npub fn f() {}\n");
    let report = krate.run(&["report"]);
    assert_eq!(report.code(), 0, "{}", report.stderr());
    assert!(
        report.stdout().contains("No annotations found"),
        "{}",
        report.stdout()
    );
    let check = krate.run(&["check"]);
    assert_eq!(check.code(), 0, "{}", check.stderr());
    let export = krate.run(&["export", "--format", "json"]);
    assert_eq!(export.code(), 0, "{}", export.stderr());
    let model = threatmodel::export::json::parse(&export.stdout()).expect("valid model JSON");
    assert!(model.is_empty());
}

#[test]
fn report_names_every_element_with_its_file_and_line() {
    let krate = Crate::new("svc-report", SERVICE);
    let run = krate.run(&["report"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let report = run.stdout();
    for needle in [
        "Internet",
        "Customer",
        "ensure_owner",
        "/customers/{id}",
        "src/lib.rs:16",
        "src/lib.rs:17",
        "src/lib.rs:18",
    ] {
        assert!(
            report.contains(needle),
            "report lacks {needle:?}:\n{report}"
        );
    }
}

#[test]
fn missing_disposition_exits_1_pointing_at_the_threat() {
    let krate = Crate::new(
        "svc-undisposed",
        &SERVICE.replace(
            "#[threat(bola, mitigated_by = ensure_owner)]",
            "#[threat(bola)]",
        ),
    );
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("unmitigated threat `broken_object_level_authorization`"),
        "{stderr}"
    );
    assert!(stderr.contains("src/lib.rs:17:10"), "{stderr}");
}

#[test]
fn renamed_mitigation_exits_1_at_the_reference() {
    let krate = Crate::new(
        "svc-renamed",
        &SERVICE.replace("pub fn ensure_owner()", "pub fn ensure_owns()"),
    );
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("ensure_owner"), "{stderr}");
    assert!(stderr.contains("src/lib.rs:17:"), "{stderr}");
}

#[test]
fn unrelated_compile_error_exits_2_with_rustc_message() {
    let krate = Crate::new(
        "svc-broken",
        &format!("{SERVICE}\npub fn broken() -> u32 {{ \"not a number\" }}\n"),
    );
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr().contains("mismatched types"),
        "{}",
        run.stderr()
    );
}

#[test]
fn expired_acceptance_exits_1_and_valid_one_exits_0() {
    let krate = Crate::new("svc-expiry", SERVICE);
    let before = krate.run(&["check", "--today", "2030-01-31"]);
    assert_eq!(before.code(), 0, "{}", before.stderr());
    let after = krate.run(&["check", "--today", "2030-02-01"]);
    assert_eq!(after.code(), 1, "{}", after.stderr());
    let stderr = after.stderr();
    assert!(
        stderr.contains("error: accepted risk `unrestricted_resource_consumption`"),
        "{stderr}"
    );
    assert!(stderr.contains("expired on 2030-01-31"), "{stderr}");
    assert!(stderr.contains("--> src/lib.rs:18:1"), "{stderr}");
}

#[test]
fn output_is_byte_identical_across_runs_and_follows_edits() {
    let krate = Crate::new("svc-determinism", SERVICE);
    let first = krate.run(&["export", "--format", "json"]).stdout();
    let second = krate.run(&["export", "--format", "json"]).stdout();
    assert_eq!(first, second);
    assert!(first.contains("\"level\": \"high\""), "{first}");
    krate.write(&SERVICE.replace(
        "#[asset(high, data = \"pii\")]",
        "#[asset(critical, data = \"pii\")]",
    ));
    let edited = krate.run(&["export", "--format", "json"]).stdout();
    assert!(edited.contains("\"level\": \"critical\""), "{edited}");
    assert!(
        !edited.contains("\"level\": \"high\""),
        "stale asset level in {edited}"
    );
}

#[test]
fn output_file_receives_the_report() {
    let krate = Crate::new("svc-outfile", SERVICE);
    let path = krate.dir.path().join("model.json");
    let run = krate.run(&[
        "export",
        "--format",
        "json",
        "-o",
        path.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(run.stdout().is_empty());
    let written = std::fs::read_to_string(&path).expect("output file written");
    assert!(written.contains("svc_outfile::get_customer"), "{written}");
}

#[test]
fn usage_errors_exit_2() {
    let krate = Crate::new("svc-usage", SERVICE);
    assert_eq!(krate.run(&["frobnicate"]).code(), 2);
    assert_eq!(krate.run(&["check", "--today", "31/01/2030"]).code(), 2);
    let missing = krate.run(&["check", "-p", "no-such-package"]);
    assert_eq!(missing.code(), 2, "{}", missing.stderr());
}

#[test]
fn model_problems_exit_1() {
    let krate = Crate::new(
        "svc-problems",
        r#"
use threatmodel::threat;

pub mod a {
    #[threatmodel::mitigation(input_validation)]
    pub fn check() {}
}

pub mod b {
    #[threatmodel::mitigation(input_validation)]
    pub fn check() {}
}

#[threat(injection, mitigated_by = a::check)]
pub fn search() {}
"#,
    );
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("error: two mitigations have the id `svc_problems::check`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: `a::check` names one of several mitigations"),
        "{stderr}"
    );
}

#[test]
fn attribute_on_the_wrong_item_exits_1() {
    let krate = Crate::new(
        "svc-wrong-item",
        "#[threatmodel::asset(high)]\npub fn not_a_type() {}\n",
    );
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("the `asset` attribute applies only to"),
        "{}",
        run.stderr()
    );
}
