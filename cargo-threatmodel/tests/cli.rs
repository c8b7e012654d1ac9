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
    name: String,
    /// The target directory of its builds: the tests' shared one unless set.
    target_dir: Option<PathBuf>,
}

impl Crate {
    /// `name` must be unique among the tests: crates of one name share fingerprints in the
    /// shared target directory (cargo does not hash a workspace root's path into them).
    fn new(name: &str, lib_rs: &str) -> Crate {
        Crate::with_config(name, "", lib_rs)
    }

    /// A crate whose Cargo.toml ends with `config` (TOML appended after `[workspace]`).
    fn with_config(name: &str, config: &str, lib_rs: &str) -> Crate {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir(dir.path().join("src")).expect("create src");
        let krate = Crate {
            dir,
            name: name.to_owned(),
            target_dir: None,
        };
        krate.configure(config);
        krate.write(lib_rs);
        krate
    }

    /// Rewrites Cargo.toml with `config` appended.
    fn configure(&self, config: &str) {
        let manifest = format!(
            "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nthreatmodel = {{ path = {:?} }}\n\n[workspace]\n{config}",
            self.name,
            repo().join("threatmodel")
        );
        std::fs::write(self.dir.path().join("Cargo.toml"), manifest).expect("write Cargo.toml");
    }

    fn manifest(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("Cargo.toml")).expect("read Cargo.toml")
    }

    fn write(&self, lib_rs: &str) {
        std::fs::write(self.dir.path().join("src/lib.rs"), lib_rs).expect("write lib.rs");
    }

    /// Adds workspace member `dir` (name `name`), its Cargo.toml ending with `config`; the root
    /// manifest must list it (`members = ["dir"]` in the root's `config`).
    fn member(&self, dir: &str, name: &str, config: &str, lib_rs: &str) {
        let root = self.dir.path().join(dir);
        std::fs::create_dir_all(root.join("src")).expect("create member src");
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nthreatmodel = {{ path = {:?} }}\n{config}",
            repo().join("threatmodel")
        );
        std::fs::write(root.join("Cargo.toml"), manifest).expect("write member Cargo.toml");
        std::fs::write(root.join("src/lib.rs"), lib_rs).expect("write member lib.rs");
    }

    /// A crate that also depends on axum, with the features examples/bank-api uses (so their
    /// builds share it), and this repository's Cargo.lock, so that it resolves to the versions
    /// already built, without the network.
    fn with_axum(name: &str, lib_rs: &str) -> Crate {
        let krate = Crate::new(name, lib_rs);
        let manifest = krate.manifest().replace(
            "[dependencies]\n",
            "[dependencies]\naxum = { version = \"0.8\", default-features = false, \
             features = [\"http1\", \"json\", \"query\", \"tokio\"] }\n",
        );
        std::fs::write(krate.dir.path().join("Cargo.toml"), manifest).expect("write Cargo.toml");
        std::fs::copy(
            repo().join("Cargo.lock"),
            krate.dir.path().join("Cargo.lock"),
        )
        .expect("copy Cargo.lock");
        krate
    }

    /// The text of `file` (relative to the crate).
    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(file)).expect("read source file")
    }

    /// Runs `git ARGS` in the crate, as a test user; panics when it fails.
    fn git(&self, args: &[&str]) {
        let output = Command::new("git")
            .args([
                "-c",
                "user.name=test",
                "-c",
                "user.email=test@example.invalid",
            ])
            .args(args)
            .current_dir(self.dir.path())
            .env(
                "GIT_CEILING_DIRECTORIES",
                self.dir.path().parent().expect("parent"),
            )
            .output()
            .expect("run git");
        assert!(output.status.success(), "git {args:?}: {output:?}");
    }

    fn target_dir(&self) -> PathBuf {
        self.target_dir
            .clone()
            .unwrap_or_else(|| repo().join("target/cli-tests"))
    }

    /// Runs plain `cargo ARGS` in the crate, with the tests' shared target directory and
    /// without the variables `cargo test` sets for this test binary's own package.
    fn cargo(&self, args: &[&str]) -> Run {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        for (name, _) in std::env::vars() {
            if name.starts_with("CARGO_PKG_") || name.starts_with("CARGO_MANIFEST_") {
                command.env_remove(name);
            }
        }
        let output = command
            .args(args)
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", self.target_dir())
            .output()
            .expect("run cargo");
        Run(output)
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// `cargo-threatmodel threatmodel args` in the crate, with the environment variables `envs`
    /// set besides the target directory.
    fn command(&self, args: &[&str], envs: &[(&str, &str)]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-threatmodel"));
        command
            .arg("threatmodel")
            .args(args)
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", self.target_dir())
            .envs(envs.iter().copied());
        command
    }

    /// Like [`Crate::run`], with the environment variables `envs` set.
    fn run_env(&self, args: &[&str], envs: &[(&str, &str)]) -> Run {
        let output = self
            .command(args, envs)
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
    /// Standard error from the first diagnostic or summary line on, without cargo's progress.
    fn diagnostics(&self) -> String {
        let stderr = self.stderr();
        let mut offset = 0;
        for line in stderr.split_inclusive('\n') {
            if ["error", "warning", "note", "threat model of"]
                .iter()
                .any(|start| line.starts_with(start))
            {
                break;
            }
            offset += line.len();
        }
        stderr[offset..].to_owned()
    }
}

/// Rule lines for a `rules` table that turn off every rule but `keep`, so that a test sees only
/// the findings it is about whatever the other rules find.
fn allow_all_but(keep: &[&str]) -> String {
    threatmodel::rules::RULES
        .iter()
        .filter(|rule| !keep.contains(&rule.name))
        .map(|rule| format!("{} = \"allow\"\n", rule.name))
        .collect()
}

/// The 1-based line of `manifest` that contains `needle`.
fn line_of(manifest: &str, needle: &str) -> usize {
    manifest
        .lines()
        .position(|line| line.contains(needle))
        .expect("needle in manifest")
        + 1
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
    assert!(
        check.diagnostics().starts_with(
            "warning: no threatmodel annotations found in package `svc-empty`\n \
             |\n \
             = help: annotate a handler, such as `#[threatmodel::endpoint(\"GET /items/{id}\")]`"
        ),
        "{}",
        check.stderr()
    );
    let json = krate.run(&["check", "--format", "json"]);
    assert_eq!(json.code(), 0, "{}", json.stderr());
    assert!(
        json.stderr()
            .contains("warning: no threatmodel annotations found"),
        "{}",
        json.stderr()
    );
    let doc: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON document");
    assert_eq!(doc["exit_code"], 0, "{doc:#}");
    let export = krate.run(&["export", "--format", "json"]);
    assert_eq!(export.code(), 0, "{}", export.stderr());
    let model = threatmodel::export::json::parse(&export.stdout()).expect("valid model JSON");
    assert!(model.is_empty());
}

/// The packages cargo printed a `Checking` or `Compiling` line for, in order.
fn compiled(run: &Run) -> Vec<String> {
    run.stderr()
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("Checking ")
                .or_else(|| line.strip_prefix("Compiling "))?;
            Some(rest.split(' ').next().unwrap_or(rest).to_owned())
        })
        .collect()
}

#[test]
fn build_shares_dependencies_and_leaves_the_users_check_fresh() {
    // A target directory of its own, which only the user's `cargo check` below has built in.
    let target = tempfile::tempdir().expect("temporary directory");
    let mut krate = Crate::new("svc-shared-deps", SERVICE);
    krate.target_dir = Some(target.path().to_owned());
    let first = krate.cargo(&["check"]);
    assert!(first.0.status.success(), "{}", first.stderr());
    // The user's own `cargo check` built every dependency: the CLI re-checks the annotated
    // crate alone, in artifacts of its own.
    for _ in 0..2 {
        let report = krate.run(&["report"]);
        assert_eq!(report.code(), 0, "{}", report.stderr());
        assert_eq!(
            compiled(&report),
            ["svc-shared-deps"],
            "{}",
            report.stderr()
        );
    }
    // ... and the user's next `cargo check` still finds its own artifacts fresh.
    let again = krate.cargo(&["check"]);
    assert!(again.0.status.success(), "{}", again.stderr());
    assert_eq!(compiled(&again), Vec::<String>::new(), "{}", again.stderr());
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
    // The crate of a failed build is not read; saying so would only bury the error.
    assert!(!stderr.contains("was not read"), "{stderr}");
    let json = krate.run(&["check", "--format", "json"]);
    assert_eq!(json.code(), 1, "{}", json.stderr());
    let doc: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON document");
    assert_eq!(doc["exit_code"], 1);
    assert_eq!(doc["summary"]["compile_errors"], 1, "{doc:#}");
    assert!(
        doc["compile_errors"][0]
            .as_str()
            .is_some_and(|e| e.contains("unmitigated threat")),
        "{doc:#}"
    );
}

/// A build that fails only on threatmodel's own errors still gives its model: `report` and
/// `export` write what the build could assemble, the undisposed threat in it marked as such,
/// and exit 1.
#[test]
fn an_undisposed_threat_gives_a_partial_model_marked_undisposed_and_exit_1() {
    let krate = Crate::new(
        "svc-partial",
        &SERVICE.replace(
            "#[threat(bola, mitigated_by = ensure_owner)]",
            "#[threat(bola)]",
        ),
    );
    let report = krate.run(&["report"]);
    assert_eq!(report.code(), 1, "{}", report.stderr());
    assert!(
        report.stderr().contains("unmitigated threat `broken_object_level_authorization` (Broken Object Level Authorization)"),
        "{}",
        report.stderr()
    );
    let markdown = report.stdout();
    let banner = markdown
        .find("Incomplete model: the build failed")
        .expect("the report says the model is partial");
    let error = markdown
        .find("`src/lib.rs:17:10`: unmitigated threat `broken_object_level_authorization`")
        .expect("the report lists the error");
    let summary = markdown.find("## Summary").expect("a summary");
    assert!(banner < error && error < summary, "{markdown}");
    // The rest of the model is there: the endpoint, its other threat, the mitigation.
    assert!(markdown.contains("GET /customers/{id}"), "{markdown}");
    assert!(markdown.contains("⚠️ Accepted"), "{markdown}");
    assert!(markdown.contains("❌ *Undisposed*"), "{markdown}");
    assert!(
        markdown.contains("| Threats undisposed (the build fails) | 1 |"),
        "{markdown}"
    );

    let json = krate.run(&["export", "--format", "json"]);
    assert_eq!(json.code(), 1, "{}", json.stderr());
    let model: serde_json::Value = serde_json::from_str(&json.stdout()).expect("a JSON model");
    let threats = model["threats"].as_array().expect("threats");
    let bola = threats
        .iter()
        .find(|t| t["kind"] == "broken_object_level_authorization")
        .expect("the undisposed threat is in the model");
    assert_eq!(
        bola["disposition"],
        serde_json::json!({"status": "undisposed"})
    );
    assert_eq!(threats.len(), 2, "{model:#}");
    assert_eq!(
        model["endpoints"].as_array().map(Vec::len),
        Some(1),
        "{model:#}"
    );
    let problems = model["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{model:#}");
    assert_eq!(problems[0]["location"]["line"], 17, "{model:#}");

    let otm = krate.run(&["export", "--format", "otm"]);
    assert_eq!(otm.code(), 1, "{}", otm.stderr());
    assert!(
        otm.stdout().contains("\"state\": \"undisposed\""),
        "{}",
        otm.stdout()
    );
    let dragon = krate.run(&["export", "--format", "threat-dragon"]);
    assert_eq!(dragon.code(), 1, "{}", dragon.stderr());
    assert!(
        dragon.stdout().contains("Undisposed"),
        "{}",
        dragon.stdout()
    );
}

/// Items in inline `mod x { ... }` blocks are in that module, in the registry
/// (`Model::collect()`, through `module_path!()`) and in the CLI's model (through the code
/// facts' module tree) alike: two types of one name in two inline modules of one file are two
/// elements with two ids.
#[test]
fn inline_modules_give_their_items_the_same_distinct_ids_in_registry_and_cli() {
    let krate = Crate::new(
        "svc-inline-modules",
        r#"
pub mod billing {
    /// A customer as billing knows it.
    #[threatmodel::asset(high, data = "financial")]
    pub struct Customer;

    pub mod invoices {
        /// An invoice line's customer.
        #[threatmodel::asset(medium)]
        pub struct Customer;
    }
}

pub mod support {
    /// A customer as support knows it.
    #[threatmodel::asset(medium, data = "pii")]
    pub struct Customer;
}

/// The root's own.
#[threatmodel::asset(low)]
pub struct Customer;
"#,
    );
    std::fs::write(
        krate.dir.path().join("src/main.rs"),
        "fn main() {\n    let _ = svc_inline_modules::Customer;\n    \
         for asset in threatmodel::Model::collect().assets {\n        \
         println!(\"{}\", asset.id);\n    }\n}\n",
    )
    .expect("write main.rs");
    let registry = krate.cargo(&["run", "--quiet"]);
    assert_eq!(registry.code(), 0, "{}", registry.stderr());
    let registry: Vec<String> = registry.stdout().lines().map(str::to_owned).collect();
    let json = krate.run(&["export", "--format", "json"]);
    assert_eq!(json.code(), 0, "{}", json.stderr());
    let model: serde_json::Value = serde_json::from_str(&json.stdout()).expect("a JSON model");
    let cli: Vec<String> = model["assets"]
        .as_array()
        .expect("assets")
        .iter()
        .map(|asset| asset["id"].as_str().expect("id").to_owned())
        .collect();
    let want = [
        "svc_inline_modules::Customer",
        "svc_inline_modules::billing::Customer",
        "svc_inline_modules::billing::invoices::Customer",
        "svc_inline_modules::support::Customer",
    ];
    assert_eq!(cli, want, "{model:#}");
    assert_eq!(registry, want);
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
    // Not an annotation error: no SARIF log, as for any other failure of the tool.
    let sarif = krate.run(&["check", "--format", "sarif"]);
    assert_eq!(sarif.code(), 2, "{}", sarif.stderr());
    assert!(sarif.stdout().is_empty(), "{}", sarif.stdout());
    // Nor a partial report or model: only threatmodel's own errors leave one.
    for args in [&["report"][..], &["export", "--format", "json"]] {
        let run = krate.run(args);
        assert_eq!(run.code(), 2, "{args:?}: {}", run.stderr());
        assert!(run.stdout().is_empty(), "{args:?}: {}", run.stdout());
    }
}

/// `mitigated_by` naming a plain fn gets rustc's E0573, which no macro can replace:
/// `check` says what it means beside it.
#[test]
fn plain_fn_in_mitigated_by_is_explained_beside_rustcs_error() {
    let krate = Crate::new(
        "svc-plain-fn",
        &SERVICE.replace("#[mitigation(authorization)]\n", ""),
    );
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    let rustc = stderr
        .find("error[E0573]: expected type, found function `ensure_owner`")
        .expect("rustc's error");
    let note = stderr
        .find("note: `ensure_owner` is not a `#[mitigation]`")
        .expect("our note");
    assert!(rustc < note, "{stderr}");
    assert!(
        stderr.contains(
            "help: mark `ensure_owner` `#[mitigation(CONTROL)]` if it is a security control"
        ),
        "{stderr}"
    );
}

/// A type of the same name beside a `#[mitigation] fn` clashes with its marker (E0428): `check`
/// says to name the marker with `marker =`.
#[test]
fn marker_name_clash_is_explained_beside_rustcs_error() {
    let krate = Crate::new(
        "svc-marker-clash",
        &SERVICE.replace(
            "/// Checks the caller owns the record.",
            "#[allow(non_camel_case_types)]\npub struct ensure_owner {}\n\n/// Checks the caller owns the record.",
        ),
    );
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    let rustc = stderr
        .find("error[E0428]: the name `ensure_owner` is defined multiple times")
        .expect("rustc's error");
    let help = stderr
        .find("help: give the marker another name with `marker = EnsureOwner` and write `mitigated_by = EnsureOwner`")
        .expect("our help");
    assert!(rustc < help, "{stderr}");
}

#[test]
fn expired_acceptance_exits_1_and_valid_one_exits_0() {
    let config = format!(
        "\n[workspace.metadata.threatmodel.rules]\n{}",
        allow_all_but(&["expired_risk_acceptance"])
    );
    let krate = Crate::with_config("svc-expiry", &config, SERVICE);
    let before = krate.run(&["check", "--today", "2030-01-31"]);
    assert_eq!(before.code(), 0, "{}", before.stderr());
    assert!(
        before
            .stderr()
            .contains("warning[TM0002]: acceptance of `unrestricted_resource_consumption` on `svc_expiry::get_customer` expires on 2030-01-31"),
        "{}",
        before.stderr()
    );
    let after = krate.run(&["check", "--today", "2030-02-01"]);
    assert_eq!(after.code(), 1, "{}", after.stderr());
    let stderr = after.stderr();
    assert!(
        stderr.contains("error[TM0002]: acceptance of `unrestricted_resource_consumption` on `svc_expiry::get_customer` expired on 2030-01-31"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/lib.rs:18:1"), "{stderr}");
    assert_eq!(
        stderr.matches("[TM0002]").count(),
        1,
        "the expiry is reported once: {stderr}"
    );
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
        // Two items of one name in one module, in the value and the type namespace: two
        // mitigations of one id. (Two `check` fns in two inline modules are two ids.)
        r#"
use threatmodel::threat;

#[threatmodel::mitigation(input_validation, marker = CheckFn)]
pub fn check() {}

#[threatmodel::mitigation(input_validation)]
#[allow(non_camel_case_types)]
pub struct check {}

#[threat(injection, mitigated_by = check)]
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
        stderr.contains("error: `check` names one of several mitigations"),
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

/// One accepted threat with no owner: `expired_risk_acceptance` (TM0002) warns at line 3.
const ACCEPTED: &str = r#"
/// Searches the catalogue.
#[threatmodel::threat(injection, accepted = "queries are built from constants only")]
pub fn search() {}
"#;

/// A workspace `rules` table that leaves only `expired_risk_acceptance` on.
fn only_expiry_rule() -> String {
    format!(
        "\n[workspace.metadata.threatmodel.rules]\n{}",
        allow_all_but(&["expired_risk_acceptance"])
    )
}

#[test]
fn config_errors_point_into_cargo_toml_and_exit_2() {
    let config = "
[workspace.metadata.threatmodel]
fail-on = 1

[package.metadata.threatmodel]
fial-on = \"warning\"
route-prefix = \"/api\"

[package.metadata.threatmodel.rules]
TM0007 = \"allow\"
missing_rate_limit = \"allow\"
expired_risk_acceptance = \"warn\"
";
    let krate = Crate::with_config("svc-bad-config", config, ACCEPTED);
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    let stderr = run.stderr();
    let manifest = krate.manifest();
    let fial = line_of(&manifest, "fial-on");
    assert!(fial >= 10, "the expected text below has a two-digit gutter");
    let expected = format!(
        "error: unknown key `fial-on` in `[package.metadata.threatmodel]`\n  \
         --> Cargo.toml:{fial}:1\n   \
         |\n\
         {fial} | fial-on = \"warning\"\n   \
         | ^^^^^^^ unknown key\n   \
         |\n   \
         = help: a key with a similar name exists: `fail-on`\n"
    );
    assert!(stderr.contains(&expected), "{stderr}");
    for (needle, column, message) in [
        (
            "fail-on = 1",
            11,
            "error: `fail-on` must be a string, found an integer",
        ),
        (
            "route-prefix",
            1,
            "error: the `route-prefix` key is not supported in `[package.metadata.threatmodel]`",
        ),
        (
            "route-prefix",
            1,
            "help: write the whole route in each `#[endpoint(\"METHOD /prefix/...\")]` instead",
        ),
        (
            "TM0007",
            1,
            "help: `TM0007` is `missing_rate_limiting`: write `missing_rate_limiting = \"allow\"`",
        ),
        (
            "missing_rate_limit ",
            1,
            "help: a rule with a similar name exists: `missing_rate_limiting`",
        ),
        (
            "expired_risk_acceptance",
            27,
            "error: unknown level `warn` for rule `expired_risk_acceptance`",
        ),
    ] {
        let line = line_of(&manifest, needle);
        assert!(
            stderr.contains(message),
            "{message:?} missing from:\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("--> Cargo.toml:{line}:{column}\n")),
            "no pointer at line {line}, column {column} ({needle}):\n{stderr}"
        );
    }
    assert!(
        stderr.contains(
            "error: could not read the threatmodel configuration due to 6 previous errors"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Checking svc-bad-config"),
        "configuration is checked before the build: {stderr}"
    );
}

#[test]
fn a_rule_set_to_allow_disappears() {
    let krate = Crate::with_config("svc-allow", &only_expiry_rule(), ACCEPTED);
    let on = krate.run(&["check"]);
    assert_eq!(on.code(), 0, "{}", on.stderr());
    assert!(on.stderr().contains("warning[TM0002]"), "{}", on.stderr());
    krate.configure(&format!(
        "\n[workspace.metadata.threatmodel.rules]\n{}",
        allow_all_but(&[])
    ));
    let off = krate.run(&["check"]);
    assert_eq!(off.code(), 0, "{}", off.stderr());
    let stderr = off.stderr();
    assert!(!stderr.contains("TM0002"), "{stderr}");
    assert!(
        stderr.contains("1 threat; 0 errors, 0 warnings, 0 notes, 0 suppressed; 0 problems"),
        "{stderr}"
    );
}

#[test]
fn fail_on_warning_makes_a_warning_fail() {
    let config = format!(
        "\n[workspace.metadata.threatmodel]\nfail-on = \"warning\"\n{}",
        only_expiry_rule()
    );
    let krate = Crate::with_config("svc-fail-on", &config, ACCEPTED);
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("warning[TM0002]"), "{stderr}");
    assert!(
        stderr.contains(
            "error: the threat model check failed: 1 finding at or above the `fail-on` severity"
        ),
        "{stderr}"
    );
}

#[test]
fn package_settings_win_over_the_workspace() {
    let config = |package_level: &str| {
        format!(
            "\n[workspace.metadata.threatmodel]\nfail-on = \"note\"\n{}\
             expired_risk_acceptance = \"allow\"\n\n\
             [package.metadata.threatmodel]\nfail-on = \"error\"\n\n\
             [package.metadata.threatmodel.rules]\nexpired_risk_acceptance = \"{package_level}\"\n",
            only_expiry_rule()
        )
    };
    let krate = Crate::with_config("svc-precedence", &config("warning"), ACCEPTED);
    let run = krate.run(&["check"]);
    // The package's `warning` beats the workspace's `allow`; its `fail-on = "error"` beats the
    // workspace's `note`, so the warning does not fail.
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("warning[TM0002]"), "{stderr}");
    assert!(
        stderr.contains(
            "= note: `expired_risk_acceptance` is set to `warning` in \
             `[package.metadata.threatmodel.rules]` of Cargo.toml"
        ),
        "{stderr}"
    );
    krate.configure(&config("error"));
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("error[TM0002]"), "{}", run.stderr());
}

#[test]
fn human_output_of_one_finding() {
    let krate = Crate::with_config("svc-human", &only_expiry_rule(), ACCEPTED);
    let run = krate.run(&["check", "-p", "svc-human"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        run.diagnostics(),
        r#"warning[TM0002]: acceptance of `injection` on `svc_human::search` names no owner
 --> src/lib.rs:3:1
  |
3 | #[threatmodel::threat(injection, accepted = "queries are built from constants only")]
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: name who accepted the risk: `owner = "team"`
  = note: `expired_risk_acceptance` is on by default
  = note: see `cargo threatmodel explain TM0002`

threat model of svc-human: 0 endpoints, 1 threat; 0 errors, 1 warning, 0 notes, 0 suppressed; 0 problems
"#
    );
}

#[test]
fn json_format_has_every_finding_with_its_suppression() {
    let lib_rs = format!(
        "{ACCEPTED}\n\
         #[threatmodel::threat(xss, accepted = \"no HTML is rendered\", \
         allow(expired_risk_acceptance, reason = \"decided in the design review\"))]\n\
         pub fn render() {{}}\n"
    );
    let krate = Crate::with_config("svc-json", &only_expiry_rule(), &lib_rs);
    let run = krate.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let doc: serde_json::Value =
        serde_json::from_str(&run.stdout()).expect("stdout is one JSON document");
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["exit_code"], 0);
    let findings = doc["findings"].as_array().expect("findings array");
    assert_eq!(findings.len(), 2, "{doc:#}");
    let active = &findings[0];
    assert_eq!(active["rule_id"], "TM0002");
    assert_eq!(active["rule_name"], "expired_risk_acceptance");
    assert_eq!(active["severity"], "warning");
    assert_eq!(active["item"], "svc_json::search");
    assert_eq!(active["location"]["file"], "src/lib.rs");
    assert_eq!(active["location"]["line"], 3);
    assert_eq!(active["fails"], false);
    assert!(active.get("suppressed").is_none(), "{active:#}");
    let suppressed = &findings[1];
    assert_eq!(suppressed["item"], "svc_json::render");
    assert_eq!(suppressed["suppressed"], "decided in the design review");
    assert_eq!(
        doc["summary"],
        serde_json::json!({
            "errors": 0, "warnings": 1, "notes": 0, "suppressed": 1, "failing": 0,
            "problems": 0, "compile_errors": 0
        })
    );
    assert!(doc["problems"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn report_lists_the_findings() {
    let krate = Crate::with_config("svc-report-findings", &only_expiry_rule(), ACCEPTED);
    let run = krate.run(&["report"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let report = run.stdout();
    assert!(report.contains("## Findings"), "{report}");
    assert!(report.contains("TM0002"), "{report}");
    assert!(report.contains("names no owner"), "{report}");
}

#[test]
fn rules_lists_every_rule_and_the_owasp_coverage() {
    let krate = Crate::new("svc-rules", "");
    let human = krate.run(&["rules"]);
    assert_eq!(human.code(), 0, "{}", human.stderr());
    let text = human.stdout();
    for rule in threatmodel::rules::RULES {
        assert!(
            text.lines()
                .any(|line| line.starts_with(rule.id) && line.contains(rule.name)),
            "{} missing:\n{text}",
            rule.id
        );
    }
    assert!(
        text.contains("OWASP API Security Top 10 (2023) coverage"),
        "{text}"
    );
    assert!(text.contains("API10:2023"), "{text}");

    let markdown = krate.run(&["rules", "--format", "markdown"]).stdout();
    assert!(
        markdown.contains("| TM0007 | `missing_rate_limiting` | warning | SD | API4:2023 |"),
        "{markdown}"
    );

    let json = krate.run(&["rules", "--format", "json"]);
    assert_eq!(json.code(), 0, "{}", json.stderr());
    let doc: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    assert_eq!(
        doc["rules"].as_array().map(Vec::len),
        Some(threatmodel::rules::RULES.len())
    );
    let api4 = &doc["owasp_api_2023"][3];
    assert_eq!(api4["id"], "API4:2023");
    assert_eq!(api4["rules"], serde_json::json!(["TM0007"]));
    assert!(
        api4["threat_kinds"]
            .as_array()
            .is_some_and(|kinds| kinds.contains(&"unrestricted_resource_consumption".into())),
        "{api4}"
    );
}

#[test]
fn explain_prints_a_rule_and_rejects_unknown_ones() {
    let krate = Crate::new("svc-explain", "");
    let by_id = krate.run(&["explain", "tm0007"]);
    assert_eq!(by_id.code(), 0, "{}", by_id.stderr());
    let text = by_id.stdout();
    assert!(
        text.starts_with("# TM0007 `missing_rate_limiting`\n"),
        "{text}"
    );
    for section in [
        "default level:  warning",
        "OWASP API 2023: API4:2023 Unrestricted Resource Consumption",
        "CWE:            CWE-770, CWE-307",
        "## What it checks",
        "## Why it matters",
        "## Example",
        "## How to fix",
        "missing_rate_limiting = \"allow\"",
    ] {
        assert!(text.contains(section), "{section:?} missing:\n{text}");
    }
    let by_name = krate.run(&["explain", "missing_rate_limiting"]);
    assert_eq!(by_name.stdout(), text);

    let misspelt = krate.run(&["explain", "rate_limit"]);
    assert_eq!(misspelt.code(), 2);
    assert!(misspelt.stdout().is_empty());
    let stderr = misspelt.stderr();
    assert!(
        stderr.starts_with("error: unknown rule `rate_limit`\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: a rule with a similar name exists: `missing_rate_limiting`"),
        "{stderr}"
    );
    let unknown_id = krate.run(&["explain", "TM9999"]);
    assert_eq!(unknown_id.code(), 2);
    assert!(
        unknown_id
            .stderr()
            .contains("= help: `cargo threatmodel rules` lists every rule"),
        "{}",
        unknown_id.stderr()
    );
}

#[test]
fn suppressed_findings_are_listed_after_the_active_ones() {
    let lib_rs = format!(
        "{ACCEPTED}\n\
         #[threatmodel::threat(xss, accepted = \"no HTML is rendered\", \
         allow(expired_risk_acceptance, reason = \"decided in the design review\"))]\n\
         pub fn render() {{}}\n"
    );
    let krate = Crate::with_config("svc-suppressed", &only_expiry_rule(), &lib_rs);
    let run = krate.run(&["check", "-p", "svc-suppressed"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let diagnostics = run.diagnostics();
    let suppressed = "note: suppressed warning[TM0002] `expired_risk_acceptance` at \
                      src/lib.rs:6:1: acceptance of `xss` on `svc_suppressed::render` names no \
                      owner\n \
                      |\n \
                      = reason: decided in the design review\n\n\
                      threat model of svc-suppressed: 0 endpoints, 2 threats; 0 errors, 1 \
                      warning, 0 notes, 1 suppressed; 0 problems\n";
    assert!(diagnostics.ends_with(suppressed), "{diagnostics}");
    assert!(
        diagnostics
            .starts_with("warning[TM0002]: acceptance of `injection` on `svc_suppressed::search`"),
        "{diagnostics}"
    );
}

#[test]
fn invalid_annotation_is_one_compile_error_and_no_problem() {
    let krate = Crate::new(
        "svc-invalid",
        &SERVICE.replace(
            "#[threat(bola, mitigated_by = ensure_owner)]",
            "#[threat(bola, mitigated_by = ensure_owner)]\n#[threat(bogus_kind, mitigated_by = ensure_owner)]",
        ),
    );
    let json = krate.run(&["check", "--format", "json"]);
    assert_eq!(json.code(), 1, "{}", json.stderr());
    let doc: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON document");
    assert_eq!(
        doc["compile_errors"].as_array().map(Vec::len),
        Some(1),
        "{doc:#}"
    );
    assert_eq!(doc["problems"], serde_json::json!([]), "{doc:#}");
    assert_eq!(doc["summary"]["problems"], 0, "{doc:#}");
    assert_eq!(doc["summary"]["compile_errors"], 1, "{doc:#}");
    assert_eq!(doc["exit_code"], 1, "{doc:#}");
    let human = krate.run(&["check"]);
    assert_eq!(human.code(), 1, "{}", human.stderr());
    let stderr = human.stderr();
    assert_eq!(
        stderr.matches("unknown threat kind `bogus_kind`").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("invalid `"), "{stderr}");
}

#[test]
fn explain_resolves_short_ids_and_names_threat_kinds() {
    let krate = Crate::new("svc-explain-kinds", "");
    let full = krate.run(&["explain", "TM0004"]);
    assert_eq!(full.code(), 0, "{}", full.stderr());
    for short in ["TM4", "tm4", " tm04 ", "Missing-Object-Level-Authorization"] {
        let run = krate.run(&["explain", short]);
        assert_eq!(run.code(), 0, "{short:?}: {}", run.stderr());
        assert_eq!(run.stdout(), full.stdout(), "{short:?}");
    }
    assert!(
        full.stdout()
            .contains("applies to every finding of the rule"),
        "{}",
        full.stdout()
    );

    let kind = krate.run(&["explain", "bola"]);
    assert_eq!(kind.code(), 2);
    assert!(kind.stdout().is_empty());
    let stderr = kind.stderr();
    assert!(
        stderr.starts_with("error: `bola` is a threat kind, not a rule\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "= note: `bola` is short for `broken_object_level_authorization`, which is the OWASP \
             API Security Top 10 (2023) risk API1:2023 Broken Object Level Authorization"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "= help: the rule for API1:2023: TM0004 `missing_object_level_authorization`; run \
             `cargo threatmodel explain TM0004`"
        ),
        "{stderr}"
    );
    let no_risk = krate.run(&["explain", "sql_injection"]);
    assert_eq!(no_risk.code(), 2);
    assert!(
        no_risk
            .stderr()
            .contains("is not one of the OWASP API Security Top 10 (2023) risks"),
        "{}",
        no_risk.stderr()
    );
}

#[test]
fn misplaced_configuration_keys_say_where_they_belong() {
    let config = "
[package.metadata.threatmodel]
missing_rate_limiting = \"allow\"

[package.metadata.threatmodel.rules]
fail-on = \"warning\"
";
    let krate = Crate::with_config("svc-misplaced-config", config, ACCEPTED);
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    let stderr = run.stderr();
    for message in [
        "error: unknown key `missing_rate_limiting` in `[package.metadata.threatmodel]`",
        "= help: rule levels go in the `[package.metadata.threatmodel.rules]` table: write \
         `missing_rate_limiting = \"...\"` under it",
        "error: unknown rule `fail-on`",
        "= help: `fail-on` is a key of `[package.metadata.threatmodel]`, not a rule: move it to \
         that table, one table up",
    ] {
        assert!(
            stderr.contains(message),
            "{message:?} missing from:\n{stderr}"
        );
    }
}

#[test]
fn failure_names_the_packages_whose_fail_on_differs() {
    // The root package fails on warnings, the member on errors (the default): both have one
    // warning, and only the root's fails.
    let config = format!(
        "members = [\"member\"]\n\n\
         [workspace.metadata.threatmodel.rules]\n{}\n\
         [package.metadata.threatmodel]\nfail-on = \"warning\"\n",
        allow_all_but(&["expired_risk_acceptance"])
    );
    let krate = Crate::with_config("svc-fail-on-root", &config, ACCEPTED);
    krate.member("member", "svc-fail-on-member", "", ACCEPTED);
    let run = krate.run(&["check", "--workspace"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert_eq!(stderr.matches("warning[TM0002]").count(), 2, "{stderr}");
    assert!(
        stderr.contains(
            "error: the threat model check failed: 1 finding at or above the `fail-on` severity\n \
             |\n \
             = note: 1 failing finding in `svc-fail-on-root`, which fails on `warning` and above \
             (`fail-on = \"warning\"` in `[package.metadata.threatmodel]` of Cargo.toml)\n"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("in `svc-fail-on-member`"), "{stderr}");
}

/// Runs `cargo-threatmodel threatmodel args` in `dir` with `stdin` as standard input, and with
/// `CARGO` naming a program that does not exist, so that any attempt to run cargo (a build or
/// `cargo metadata`) fails.
fn run_without_cargo(dir: &Path, args: &[&str], stdin: &str) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cargo-threatmodel"))
        .arg("threatmodel")
        .args(args)
        .current_dir(dir)
        .env("CARGO", dir.join("no-such-cargo"))
        .env("CARGO_TARGET_DIR", repo().join("target/cli-tests"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cargo-threatmodel");
    child
        .stdin
        .take()
        .expect("stdin piped")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    Run(child
        .wait_with_output()
        .expect("cargo-threatmodel finishes"))
}

#[test]
fn sarif_of_check_and_export_points_at_the_finding() {
    let config = format!(
        "\n[workspace.metadata.threatmodel]\nfail-on = \"warning\"\n{}",
        only_expiry_rule()
    );
    let krate = Crate::with_config("svc-sarif", &config, ACCEPTED);
    let check = krate.run(&["check", "--format", "sarif", "--today", "2030-01-01"]);
    assert_eq!(check.code(), 1, "{}", check.stderr());
    // The human diagnostics stay on standard error.
    assert!(
        check
            .stderr()
            .contains("warning[TM0002]: acceptance of `injection`"),
        "{}",
        check.stderr()
    );
    let log: serde_json::Value =
        serde_json::from_str(&check.stdout()).expect("stdout is one SARIF log");
    assert_eq!(log["version"], "2.1.0", "{log:#}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{log:#}");
    let result = &results[0];
    assert_eq!(result["ruleId"], "TM0002", "{result:#}");
    assert_eq!(result["level"], "warning", "{result:#}");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"], "src/lib.rs",
        "{result:#}"
    );
    assert_eq!(
        location["artifactLocation"]["uriBaseId"], "%SRCROOT%",
        "{result:#}"
    );
    assert_eq!(location["region"]["startLine"], 3, "{result:#}");

    let export = krate.run(&["export", "--format", "sarif", "--today", "2030-01-01"]);
    assert_eq!(export.code(), 0, "{}", export.stderr());
    assert_eq!(
        export.stdout(),
        check.stdout(),
        "`export --format sarif` and `check --format sarif` differ"
    );
}

#[test]
fn report_and_exports_from_a_saved_model_need_no_build() {
    let krate = Crate::new("svc-from", SERVICE);
    let saved = tempfile::tempdir().expect("temporary directory");
    let model = saved.path().join("svc-from.json");
    let model = model.to_str().expect("UTF-8 path");
    let export = krate.run(&["export", "-p", "svc-from", "--format", "json", "-o", model]);
    assert_eq!(export.code(), 0, "{}", export.stderr());
    let built = krate.run(&["report", "-p", "svc-from", "--today", "2030-01-01"]);
    assert_eq!(built.code(), 0, "{}", built.stderr());
    assert!(
        built.stdout().contains("# Threat model: svc-from"),
        "{}",
        built.stdout()
    );

    // In a directory without Cargo.toml, with no cargo to run: the title is the file's name.
    let from = run_without_cargo(
        saved.path(),
        &["report", "--from", model, "--today", "2030-01-01"],
        "",
    );
    assert_eq!(from.code(), 0, "{}", from.stderr());
    assert_eq!(from.stdout(), built.stdout());
    let json = std::fs::read_to_string(model).expect("model written");
    let stdin = run_without_cargo(
        saved.path(),
        &["export", "--from", "-", "--format", "json"],
        &json,
    );
    assert_eq!(stdin.code(), 0, "{}", stdin.stderr());
    assert_eq!(stdin.stdout(), json, "the JSON model survives a round trip");

    let sarif = krate.run(&["export", "--format", "sarif", "--today", "2030-01-01"]);
    assert_eq!(sarif.code(), 0, "{}", sarif.stderr());
    let sarif_from = run_without_cargo(
        saved.path(),
        &[
            "export",
            "--from",
            model,
            "--format",
            "sarif",
            "--today",
            "2030-01-01",
        ],
        "",
    );
    assert_eq!(sarif_from.code(), 0, "{}", sarif_from.stderr());
    assert_eq!(sarif_from.stdout(), sarif.stdout());
    for (format, start) in [
        ("otm", "{"),
        ("threat-dragon", "{"),
        ("dot", "digraph"),
        ("mermaid", "flowchart"),
    ] {
        let run = run_without_cargo(
            saved.path(),
            &["export", "--from", model, "--format", format],
            "",
        );
        assert_eq!(run.code(), 0, "{format}: {}", run.stderr());
        assert!(
            run.stdout().starts_with(start),
            "{format}: {}",
            run.stdout()
        );
        assert!(
            run.stdout().contains("Customer"),
            "{format}: {}",
            run.stdout()
        );
    }
}

#[test]
fn unusable_saved_models_are_errors_with_the_path() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write model");
        name.to_owned()
    };
    let invalid = write(
        "invalid.json",
        "{\n  \"schema_version\": \"1\",\n  oops\n}\n",
    );
    let old = write("old.json", "{\"schema_version\": \"0\"}\n");
    let foreign = write(
        "foreign.json",
        "{\"schema_version\": \"1\", \"title\": \"x\"}\n",
    );
    for (args, expected) in [
        (
            vec!["report", "--from", "missing.json"],
            "error: cannot read the model `missing.json`: ",
        ),
        (
            vec!["report", "--from", &invalid],
            "error: `invalid.json` is not valid JSON: key must be a string\n \
             --> invalid.json:3:3\n",
        ),
        (
            vec!["export", "--from", &old],
            "error: unsupported schema version \"0\" in `old.json`\n",
        ),
        (
            vec!["export", "--from", &foreign, "--format", "sarif"],
            "error: `foreign.json` is not a threatmodel JSON model: unknown field `title`",
        ),
    ] {
        let run = run_without_cargo(dir.path(), &args, "");
        assert_eq!(run.code(), 2, "{args:?}: {}", run.stderr());
        assert!(run.stdout().is_empty(), "{args:?}: {}", run.stdout());
        assert!(
            run.stderr().starts_with(expected),
            "{args:?}: expected {expected:?}, got:\n{}",
            run.stderr()
        );
        assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    }
    let old = run_without_cargo(dir.path(), &["report", "--from", &old], "");
    assert!(
        old.stderr().contains(
            "= note: this version of cargo-threatmodel reads models of schema versions \"1\" and \"2\""
        ),
        "{}",
        old.stderr()
    );
    let with_package = run_without_cargo(
        dir.path(),
        &["report", "--from", "model.json", "-p", "svc"],
        "",
    );
    assert_eq!(with_package.code(), 2, "{}", with_package.stderr());
    assert!(
        with_package
            .stderr()
            .contains("the argument '--from <FILE>' cannot be used with '--package <SPEC>'"),
        "{}",
        with_package.stderr()
    );
}

#[test]
fn title_names_the_packages_not_the_checkout_directory() {
    let config = "members = [\"z\", \"b\", \"c\"]\n";
    let krate = Crate::with_config("svc-title", config, ACCEPTED);
    for (dir, name) in [
        ("z", "svc-title-z"),
        ("b", "svc-title-b"),
        ("c", "svc-title-c"),
    ] {
        krate.member(dir, name, "", "");
    }
    let title = |args: &[&str]| {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        let run = krate.run(&args);
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
        let doc: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON document");
        doc["title"].as_str().expect("title").to_owned()
    };
    // The default member is the root package, whatever the directory is called.
    assert_eq!(title(&["check"]), "svc-title");
    assert_eq!(
        title(&["check", "--workspace", "--exclude", "svc-title-c"]),
        "svc-title, svc-title-b, svc-title-z"
    );
    // More than three packages: the root package's name.
    assert_eq!(title(&["check", "--workspace"]), "svc-title");
    assert_eq!(
        title(&["check", "-p", "svc-title-z", "-p", "svc-title"]),
        "svc-title-z, svc-title"
    );

    let otm = krate.run(&["export", "--format", "otm"]);
    assert_eq!(otm.code(), 0, "{}", otm.stderr());
    let doc: serde_json::Value = serde_json::from_str(&otm.stdout()).expect("OTM document");
    assert_eq!(doc["project"]["name"], "svc-title", "{doc:#}");
    let selected = krate.run(&["export", "--format", "otm", "-p", "svc-title"]);
    assert_eq!(
        otm.stdout(),
        selected.stdout(),
        "the OTM project does not depend on `-p` naming the package"
    );
    let report = krate.run(&["report"]);
    assert!(
        report.stdout().starts_with("# Threat model: svc-title\n"),
        "{}",
        report.stdout()
    );
}

#[test]
fn sarif_of_a_build_failing_on_annotations_lists_the_errors() {
    let krate = Crate::new(
        "svc-sarif-invalid",
        &SERVICE.replace(
            "#[threat(bola, mitigated_by = ensure_owner)]",
            "#[threat(bola)]\n#[threat(bogus_kind, mitigated_by = ensure_owner)]",
        ),
    );
    let run = krate.run(&["check", "--format", "sarif"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    // The compile errors stay on standard error, as rustc rendered them.
    assert!(
        run.stderr().contains("unknown threat kind `bogus_kind`"),
        "{}",
        run.stderr()
    );
    let log: serde_json::Value =
        serde_json::from_str(&run.stdout()).expect("stdout is one SARIF log");
    assert_eq!(log["version"], "2.1.0", "{log:#}");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "{log:#}");
    let mut seen = Vec::new();
    for result in results {
        assert_eq!(result["ruleId"], "model-problem", "{result:#}");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex");
        assert_eq!(rules[index as usize]["id"], "model-problem", "{result:#}");
        assert_eq!(result["level"], "error", "{result:#}");
        let text = result["message"]["text"].as_str().expect("message text");
        assert!(
            !text.contains('\n') && !text.contains('\u{1b}') && !text.starts_with("error"),
            "{result:#}"
        );
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"], "src/lib.rs",
            "{result:#}"
        );
        let region = &location["region"];
        seen.push((
            region["startLine"].as_u64().expect("startLine"),
            region["startColumn"].as_u64().expect("startColumn"),
            text.to_owned(),
        ));
    }
    seen.sort();
    assert_eq!((seen[0].0, seen[0].1), (17, 10), "{seen:?}");
    assert!(
        seen[0]
            .2
            .starts_with("unmitigated threat `broken_object_level_authorization`"),
        "{seen:?}"
    );
    assert_eq!(seen[1].0, 18, "{seen:?}");
    assert!(
        seen[1].2.contains("unknown threat kind `bogus_kind`"),
        "{seen:?}"
    );
}

/// A saved model that parses but does not hold together (edited by hand) is checked as a build
/// would be: its inconsistencies are printed and listed as problems, and a malformed `expires`
/// date is not judged as expired or not.
#[test]
fn a_saved_model_is_validated_before_it_is_rendered() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let location =
        r#"{"package": "svc", "crate": "svc", "file": "src/lib.rs", "line": 3, "column": 1}"#;
    let model = format!(
        r#"{{
  "schema_version": "1",
  "trust_boundaries": [],
  "components": [],
  "assets": [],
  "mitigations": [],
  "endpoints": [],
  "data_flows": [
    {{"id": "svc::push", "name": "push", "to": "nowhere::Partner", "encrypted": true,
      "destination": "fixed", "bidirectional": false, "location": {location}}}
  ],
  "threats": [
    {{"id": "svc::push#denial_of_service", "kind": "denial_of_service", "title": "Denial of service",
      "stride": ["denial_of_service"], "subject": "svc::push",
      "disposition": {{"status": "accepted", "reason": "x", "owner": "ops", "expires": "2020-1-1"}},
      "location": {location}}}
  ]
}}"#
    );
    std::fs::write(dir.path().join("edited.json"), model).expect("write model");
    let run = run_without_cargo(
        dir.path(),
        &["report", "--from", "edited.json", "--today", "2026-11-30"],
        "",
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("`to` names `nowhere::Partner`, which is not a component of the model"),
        "{stderr}"
    );
    assert!(stderr.contains("`expires = \"2020-1-1\"`"), "{stderr}");
    let report = run.stdout();
    assert!(report.contains("| Problems | 2 |"), "{report}");
    assert!(
        !report.contains("expired_risk_acceptance"),
        "a malformed date is a problem, not an expiry:\n{report}"
    );
}

const OPEN: &str = r#"
use threatmodel::{endpoint, threat, trust_boundary};

/// The public internet.
#[trust_boundary]
pub struct Internet;

#[endpoint("PUT /posts/{id}", boundary = Internet)]
#[threat(bola, open = "update does not check the author", ticket = "SEC-142", owner = "api-team")]
pub fn update_post() {}
"#;

#[test]
fn an_open_threat_builds_fails_the_check_by_its_ticket_and_shows_as_open_everywhere() {
    let krate = Crate::new("svc-open", OPEN);
    let check = krate.run(&["check", "--today", "2030-01-01"]);
    assert_eq!(check.code(), 1, "{}", check.stderr());
    let stderr = check.stderr();
    assert!(
        stderr.contains(
            "error[TM0016]: threat `broken_object_level_authorization` on `svc_open::update_post` \
             is open: update does not check the author (ticket SEC-142, owned by api-team)\n \
             --> src/lib.rs:9:1"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("= note: `open_threat` is on by default"),
        "{stderr}"
    );

    // It built: the failure is the rule's finding, nothing else.
    let json = krate.run(&["check", "--format", "json", "--today", "2030-01-01"]);
    assert_eq!(json.code(), 1, "{}", json.stderr());
    let doc: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON document");
    assert_eq!(doc["summary"]["compile_errors"], 0, "{doc:#}");
    assert_eq!(doc["summary"]["problems"], 0, "{doc:#}");
    let failing: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["fails"] == true)
        .collect();
    assert_eq!(failing.len(), 1, "{doc:#}");
    assert_eq!(failing[0]["rule_name"], "open_threat");
    assert_eq!(
        failing[0]["element"],
        "svc_open::update_post#broken_object_level_authorization"
    );

    let report = krate.run(&["report", "--today", "2030-01-01"]);
    assert_eq!(report.code(), 0, "{}", report.stderr());
    let report = report.stdout();
    for needle in [
        "| Threats open (known weaknesses) | 1 |",
        "## Open weaknesses",
        "| ❌ Open | What is wrong: update does not check the author<br>Ticket: SEC-142<br>Owner: api-team |",
        "`open_threat` (TM0016)",
    ] {
        assert!(report.contains(needle), "{needle:?} missing:\n{report}");
    }

    let export = |format: &str| {
        let run = krate.run(&["export", "--format", format, "--today", "2030-01-01"]);
        assert_eq!(run.code(), 0, "{format}: {}", run.stderr());
        run.stdout()
    };
    let model = threatmodel::export::json::parse(&export("json")).expect("valid model JSON");
    assert_eq!(model.validate(), vec![]);
    assert_eq!(
        model.threats[0].disposition,
        threatmodel::Disposition::Open {
            reason: "update does not check the author".to_owned(),
            ticket: "SEC-142".to_owned(),
            owner: Some("api-team".to_owned()),
            expires: None,
        }
    );
    let sarif: serde_json::Value = serde_json::from_str(&export("sarif")).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "TM0016" && r["level"] == "error"),
        "{sarif:#}"
    );
    let otm = export("otm");
    assert!(otm.contains("\"state\": \"open\""), "{otm}");
    let dragon = export("threat-dragon");
    assert!(dragon.contains("\"status\": \"Open\""), "{dragon}");
    assert!(dragon.contains("Ticket: SEC-142"), "{dragon}");
    let mermaid = export("mermaid");
    assert!(mermaid.contains("⚠ 1 open, "), "{mermaid}");
    let dot = export("dot");
    assert!(dot.contains("⚠ 1 open, "), "{dot}");
    assert!(
        dot.contains("tooltip=\"open: Broken Object Level Authorization: update does not check the author (ticket SEC-142)"),
        "{dot}"
    );

    // The rule is configured like any other: as a warning, the open threat no longer fails.
    krate.configure("\n[workspace.metadata.threatmodel.rules]\nopen_threat = \"warning\"\n");
    let lowered = krate.run(&["check", "--today", "2030-01-01"]);
    assert_eq!(lowered.code(), 0, "{}", lowered.stderr());
    assert!(
        lowered.stderr().contains("warning[TM0016]"),
        "{}",
        lowered.stderr()
    );

    let explain = krate.run(&["explain", "open_threat"]);
    assert_eq!(explain.code(), 0, "{}", explain.stderr());
    assert!(
        explain.stdout().starts_with("# TM0016 `open_threat`\n"),
        "{}",
        explain.stdout()
    );
    assert_eq!(krate.run(&["explain", "TM0016"]).stdout(), explain.stdout());
}

/// An axum service with no threatmodel annotation: one route behind an authentication
/// middleware, its handler under another attribute (where a framework's would be); one public
/// route whose JSON body has "user" in its type's name, which says nothing about authentication.
const UNMODELLED_SERVICE: &str = r#"//! An axum service nobody has modelled yet.
use axum::Router;
use axum::extract::{Json, Path, Request};
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use axum::routing::{get, post};

/// Rejects requests without a valid bearer token.
pub async fn require_jwt(request: Request, next: Next) -> Response {
    next.run(request).await
}

/// The account with id `id`.
#[allow(clippy::unused_async)]
pub async fn get_account(Path(id): Path<u64>) -> String {
    id.to_string()
}

/// A new user's name, as the client sends it.
pub type NewUser = String;

pub async fn sign_up(Json(user): Json<NewUser>) -> String {
    user
}

/// The service's routes.
pub fn app() -> Router {
    Router::new()
        .route("/accounts/{id}", get(get_account))
        .route_layer(from_fn(require_jwt))
        .route("/users", post(sign_up))
}
"#;

#[test]
fn init_prints_an_endpoint_for_each_unmodelled_route_as_a_diff() {
    let krate = Crate::with_axum("svc-init-diff", UNMODELLED_SERVICE);
    let before = krate.read("src/lib.rs");
    let check = krate.run(&["check"]);
    assert_eq!(
        check
            .diagnostics()
            .matches("`unmodelled_endpoint` is on by default")
            .count(),
        2,
        "{}",
        check.diagnostics()
    );

    let init = krate.run(&["init"]);
    assert_eq!(init.code(), 0, "{}", init.stderr());
    insta::assert_snapshot!("init_diff", init.stdout());
    assert!(
        init.stderr().contains(
            "threatmodel init: the diff above adds 2 `#[endpoint]`s, trust boundary `Internet` \
             and service component `SvcInitDiff` to 1 file (src/lib.rs); write it with \
             `cargo threatmodel init --apply`"
        ),
        "{}",
        init.stderr()
    );
    assert_eq!(
        krate.read("src/lib.rs"),
        before,
        "without --apply nothing is written"
    );

    // The same diff, byte for byte, on a second run.
    assert_eq!(krate.run(&["init"]).stdout(), init.stdout());
}

/// An axum service with a model: an outside boundary, the service in a data centre, one
/// modelled route and two that are not (one of them on the handler of the modelled one).
const PARTLY_MODELLED_SERVICE: &str = r#"use axum::Router;
use axum::routing::{get, post};
use threatmodel::{component, endpoint, trust_boundary};

/// Customers' browsers.
#[trust_boundary]
pub struct Public;

/// Our cloud account.
#[trust_boundary]
pub struct DataCenter;

/// The shop.
#[component(service, boundary = DataCenter)]
pub struct Shop;

#[endpoint("GET /orders", boundary = Public, auth = "none")]
pub async fn list_orders() -> &'static str {
    "[]"
}

pub async fn create_order() -> &'static str {
    "created"
}

/// The routes.
pub fn app() -> Router {
    Router::new()
        .route("/orders", get(list_orders).post(create_order))
        .route("/v1/orders", get(list_orders))
}
"#;

#[test]
fn init_apply_writes_what_check_then_finds_modelled_and_a_second_run_has_nothing_to_do() {
    let krate = Crate::with_axum("svc-init-apply", PARTLY_MODELLED_SERVICE);
    krate.git(&["init", "--quiet"]);
    krate.git(&["add", "."]);
    krate.git(&["commit", "--quiet", "-m", "service"]);

    let apply = krate.run(&["init", "--apply"]);
    assert_eq!(apply.code(), 0, "{}", apply.stderr());
    assert_eq!(apply.stdout(), "", "--apply prints no diff");
    let lib = krate.read("src/lib.rs");
    // The crate's only boundary outside its service; no scaffold, as the crate has both.
    assert!(
        lib.contains(
            "#[threatmodel::endpoint(\"POST /orders\", boundary = crate::Public)]\n\
             pub async fn create_order()"
        ),
        "{lib}"
    );
    assert!(
        lib.contains(
            "// boundary: `crate::Public`, the crate's only trust boundary outside its service\n\
             // auth: left out, as no layer or handler parameter looks like authentication\n\
             #[threatmodel::endpoint(\"GET /v1/orders\", boundary = crate::Public)]\n\
             #[endpoint(\"GET /orders\", boundary = Public, auth = \"none\")]\n"
        ),
        "{lib}"
    );
    assert!(!lib.contains("#[threatmodel::trust_boundary]"), "{lib}");
    assert!(!lib.contains("#[threatmodel::component"), "{lib}");

    let check = krate.run(&["check"]);
    assert!(
        !check.diagnostics().contains("unmodelled_endpoint"),
        "{}",
        check.diagnostics()
    );
    assert!(
        check
            .diagnostics()
            .contains("threat model of svc-init-apply: 3 endpoints"),
        "{}",
        check.diagnostics()
    );

    let again = krate.run(&["init", "--apply", "--allow-dirty"]);
    assert_eq!(again.code(), 0, "{}", again.stderr());
    assert_eq!(again.stdout(), "");
    assert!(
        again.stderr().contains(
            "threatmodel init: nothing to do: an `#[endpoint]` describes every route served by a named handler"
        ),
        "{}",
        again.stderr()
    );
    assert_eq!(
        krate.read("src/lib.rs"),
        lib,
        "a second run changes nothing"
    );
}

#[test]
fn init_apply_refuses_uncommitted_files_and_files_outside_git_unless_allowed() {
    let krate = Crate::with_axum("svc-init-dirty", UNMODELLED_SERVICE);
    let outside = krate.run(&["init", "--apply"]);
    assert_eq!(outside.code(), 2, "{}", outside.stderr());
    assert!(
        outside.diagnostics().starts_with(&format!(
            "error: cannot tell whether the files to edit have uncommitted changes: `{}` is not in a git repository\n \
             |\n \
             = help: pass --allow-dirty to write them anyway\n",
            krate.dir.path().canonicalize().expect("canonical path").display()
        )),
        "{}",
        outside.stderr()
    );

    krate.git(&["init", "--quiet"]);
    krate.git(&["add", "."]);
    krate.git(&["commit", "--quiet", "-m", "service"]);
    let edited = format!(
        "{}\n// An edit not committed yet.\n",
        krate.read("src/lib.rs")
    );
    krate.write(&edited);
    let dirty = krate.run(&["init", "--apply"]);
    assert_eq!(dirty.code(), 2, "{}", dirty.stderr());
    assert!(
        dirty.diagnostics().starts_with(
            "error: the files to edit have uncommitted changes: `src/lib.rs`\n \
             |\n \
             = help: commit or stash them, or pass --allow-dirty\n"
        ),
        "{}",
        dirty.stderr()
    );
    assert_eq!(
        krate.read("src/lib.rs"),
        edited,
        "a refused file is left alone"
    );

    let allowed = krate.run(&["init", "--apply", "--allow-dirty"]);
    assert_eq!(allowed.code(), 0, "{}", allowed.stderr());
    let lib = krate.read("src/lib.rs");
    assert!(lib.ends_with("// An edit not committed yet.\n"), "{lib}");
    assert_eq!(lib.matches("#[threatmodel::endpoint(").count(), 2, "{lib}");
    let check = krate.run(&["check"]);
    assert!(
        check
            .diagnostics()
            .contains("threat model of svc-init-dirty: 2 endpoints")
            && !check.diagnostics().contains("unmodelled_endpoint"),
        "the scaffolded boundary and service build, and the routes are modelled: {}",
        check.diagnostics()
    );

    let usage = krate.run(&["init", "--allow-dirty"]);
    assert_eq!(
        usage.code(),
        2,
        "--allow-dirty without --apply: {}",
        usage.stderr()
    );
}

/// A `CARGO` for the CLI that writes each command line it is given as one line of `log` and
/// runs the real cargo for `cargo metadata` only; every other command (the build) succeeds at
/// once without output, so flags that would need a build of their own (`--release`, `--target`)
/// cost nothing.
#[cfg(unix)]
fn recording_cargo(dir: &Path, log: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let real = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let script = dir.join("recording-cargo");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\n\
             if [ \"$1\" = metadata ]; then exec '{real}' \"$@\"; fi\nexit 0\n",
            log.display()
        ),
    )
    .expect("write the recording cargo");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
        .expect("make the recording cargo executable");
    script
}

#[cfg(unix)]
#[test]
fn cargo_options_reach_every_cargo_it_runs() {
    let krate = Crate::new("svc-cargo-options", SERVICE);
    let scratch = tempfile::tempdir().expect("temporary directory");
    let target_dir = scratch.path().join("elsewhere");
    let target_dir = target_dir.to_str().expect("UTF-8 path");
    let runs: [(&[&str], &str, &str); 2] = [
        (
            &[
                "--locked",
                "--offline",
                "--config",
                "net.retry=7",
                "--target",
                "wasm32-unknown-unknown",
                "--target-dir",
                target_dir,
                "--release",
                "-j",
                "3",
                "--keep-going",
                "--all-targets",
                "--lib",
                "--bins",
                "--tests",
                "--cargo-quiet",
                "--color",
                "never",
            ],
            "--locked --offline --quiet --config net.retry=7 --color never",
            "--target wasm32-unknown-unknown --release --jobs 3 --keep-going --all-targets --lib \
             --bins --tests",
        ),
        (
            &[
                "--frozen",
                "--profile",
                "bench",
                "--cargo-verbose",
                "--cargo-verbose",
                "--color",
                "always",
            ],
            "--frozen --verbose --verbose --color always",
            "--profile bench",
        ),
    ];
    for (i, (flags, common, build)) in runs.into_iter().enumerate() {
        let log = scratch.path().join(format!("cargo-{i}.log"));
        let cargo = recording_cargo(scratch.path(), &log);
        let mut args = vec!["export"];
        args.extend_from_slice(flags);
        let run = krate.run_env(&args, &[("CARGO", cargo.to_str().expect("UTF-8 path"))]);
        assert_eq!(run.code(), 0, "{flags:?}: {}", run.stderr());
        let log = std::fs::read_to_string(&log).expect("the recording cargo ran");
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines.len(), 2, "{log}");
        assert!(
            lines[0].starts_with("metadata ") && lines[0].contains(common),
            "{flags:?}: {log}"
        );
        let message_format = if flags.contains(&"always") {
            "json-diagnostic-rendered-ansi"
        } else {
            "json"
        };
        let mut check = format!("check --message-format={message_format} {common} {build}");
        if i == 0 {
            check.push_str(&format!(" --target-dir {target_dir}"));
        }
        assert_eq!(lines[1], check, "{flags:?}");
    }
    // `--from` builds nothing: the flags that only a build uses are rejected with it.
    let from = krate.run(&["report", "--from", "model.json", "--release"]);
    assert_eq!(from.code(), 2, "{}", from.stderr());
    assert!(
        from.stderr().contains("cannot be used with"),
        "{}",
        from.stderr()
    );
}

#[test]
fn locked_and_offline_are_cargos() {
    // No Cargo.lock yet: with --locked, cargo refuses to write one.
    let krate = Crate::new("svc-locked", SERVICE);
    let locked = krate.run(&["report", "--locked"]);
    assert_eq!(locked.code(), 2, "{}", locked.stderr());
    assert!(locked.stderr().contains("--locked"), "{}", locked.stderr());
    assert!(!krate.dir.path().join("Cargo.lock").exists());
    // Offline, from what cargo has cached; then the lock file is current, and --locked passes.
    let offline = krate.run(&["report", "--offline"]);
    assert_eq!(offline.code(), 0, "{}", offline.stderr());
    let locked = krate.run(&["report", "--locked"]);
    assert_eq!(locked.code(), 0, "{}", locked.stderr());
}

/// The host's target triple, from `rustc -vV`.
fn host_triple() -> String {
    let output = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
        .arg("-vV")
        .output()
        .expect("run rustc -vV");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_owned()
}

#[test]
fn target_checks_for_the_triple_and_reads_its_code() {
    let krate = Crate::new(
        "svc-target",
        &format!("{SERVICE}\n#[cfg(unix)]\npub mod on_unix;\n"),
    );
    std::fs::write(
        krate.dir.path().join("src/on_unix.rs"),
        "/// Runs on unix.\npub fn here() {}\n",
    )
    .expect("write on_unix.rs");
    let triple = host_triple();
    let run = krate.run(&["export", "--target", &triple, "-v"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stderr().contains(&format!("--target {triple}")),
        "{}",
        run.stderr()
    );
    // Artifacts (and their dep-info) are under the triple's directory.
    assert!(
        krate.target_dir().join(&triple).join("debug/deps").is_dir(),
        "{}",
        run.stderr()
    );
    let model = threatmodel::export::json::parse(&run.stdout()).expect("valid model JSON");
    assert_eq!(model.endpoints.len(), 1);
    let facts = model.facts.expect("facts read");
    let files = &facts.crates.first().expect("one crate read").files;
    // The `cfg(unix)` module was found through the dep-info of the triple's artifact.
    if cfg!(unix) {
        assert!(
            files.iter().any(|file| file.ends_with("src/on_unix.rs")),
            "{files:?}"
        );
    }
}

const UNRELATED_ERROR: &str = "pub fn broken() -> u32 { \"not a number\" }\n";

#[test]
fn color_follows_the_flag_then_cargo_term_color() {
    let krate = Crate::new(
        "svc-color",
        &format!(
            "{SERVICE}\n#[threatmodel::endpoint(\"GET /x\")]\npub fn x() {{}}\n{UNRELATED_ERROR}"
        ),
    );
    // Coloured by CARGO_TERM_COLOR: cargo's lines, rustc's rendering, our own status lines.
    let always = krate.run_env(&["check"], &[("CARGO_TERM_COLOR", "always")]);
    assert_eq!(always.code(), 2, "{}", always.stderr());
    assert!(always.stderr().contains("\x1b["), "{}", always.stderr());
    assert!(
        always.stderr().contains("mismatched types"),
        "{}",
        always.stderr()
    );
    // `--color never` wins over it: no escape code anywhere.
    let never = krate.run_env(
        &["check", "--color", "never"],
        &[("CARGO_TERM_COLOR", "always")],
    );
    assert_eq!(never.code(), 2, "{}", never.stderr());
    assert!(!never.stderr().contains('\x1b'), "{}", never.stderr());
    assert!(
        never.stderr().contains("mismatched types"),
        "{}",
        never.stderr()
    );
    // Our own diagnostics too (a finding), and the JSON document stays plain when coloured.
    krate.write(SERVICE);
    let findings = krate.run_env(
        &["check", "--color", "never"],
        &[("CARGO_TERM_COLOR", "always")],
    );
    assert!(
        findings.stderr().contains("threat model of"),
        "{}",
        findings.stderr()
    );
    assert!(!findings.stderr().contains('\x1b'), "{}", findings.stderr());
    let coloured = krate.run(&["check", "--color", "always"]);
    assert!(coloured.stderr().contains("\x1b["), "{}", coloured.stderr());
}

#[test]
fn compile_errors_in_the_json_document_are_plain_when_coloured() {
    let krate = Crate::new(
        "svc-color-json",
        "#[threatmodel::threat(bola)]\npub fn f() {}\n",
    );
    let run = krate.run(&["check", "--format", "json", "--color", "always"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("\x1b["), "{}", run.stderr());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON document");
    let errors = doc["compile_errors"].as_array().expect("compile errors");
    assert!(!errors.is_empty(), "{doc:#}");
    for error in errors {
        let text = error.as_str().expect("text");
        assert!(!text.contains('\x1b'), "{text}");
        assert!(text.contains("unmitigated threat"), "{text}");
    }
}

#[test]
fn quiet_and_verbose_are_the_tools_own() {
    let krate = Crate::new("svc-verbosity", SERVICE);
    let status = "Building threat model of svc-verbosity (cargo check)";
    let default = krate.run(&["report"]);
    assert_eq!(default.code(), 0, "{}", default.stderr());
    assert!(default.stderr().contains(status), "{}", default.stderr());
    assert!(
        default.stderr().contains("Finished"),
        "{}",
        default.stderr()
    );
    assert!(
        !default.stderr().contains("Running `"),
        "{}",
        default.stderr()
    );
    // -q: none of ours, cargo's still there (as nextest: --cargo-quiet is cargo's).
    let quiet = krate.run(&["report", "-q"]);
    assert_eq!(quiet.code(), 0, "{}", quiet.stderr());
    assert!(
        !quiet.stderr().contains("threat model of"),
        "{}",
        quiet.stderr()
    );
    assert!(!quiet.stderr().contains("code facts"), "{}", quiet.stderr());
    assert!(quiet.stderr().contains("Finished"), "{}", quiet.stderr());
    assert_eq!(quiet.stdout(), default.stdout());
    // Both quiet: nothing at all on standard error; -q also goes before the subcommand.
    let silent = krate.run(&["-q", "report", "--cargo-quiet"]);
    assert_eq!(silent.code(), 0, "{}", silent.stderr());
    assert_eq!(silent.stderr(), "");
    // -v: the cargo command and what the code reader could not see.
    let verbose = krate.run(&["report", "-v"]);
    assert_eq!(verbose.code(), 0, "{}", verbose.stderr());
    assert!(
        verbose.stderr().contains("Running `")
            && verbose.stderr().contains(" check --message-format=json"),
        "{}",
        verbose.stderr()
    );
    assert!(
        verbose.stderr().contains("the code reader could not see"),
        "{}",
        verbose.stderr()
    );
}

#[test]
fn a_closed_standard_output_ends_quietly() {
    use std::process::Stdio;
    let krate = Crate::new("svc-closed-pipe", SERVICE);
    for args in [&["rules"][..], &["report"], &["export", "--format", "json"]] {
        let mut child = krate
            .command(args, &[])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run cargo-threatmodel");
        // The reader goes away before anything is written, as `head -1` after its line does.
        drop(child.stdout.take());
        let run = Run(child
            .wait_with_output()
            .expect("cargo-threatmodel finishes"));
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
        assert!(
            !run.stderr().contains("error"),
            "{args:?}: {}",
            run.stderr()
        );
        assert!(
            !run.stderr().contains("Broken pipe"),
            "{args:?}: {}",
            run.stderr()
        );
    }
}

#[test]
fn annotations_in_test_code_enter_with_test_targets_marked_test_only() {
    let krate = Crate::new(
        "svc-test-only",
        &format!(
            "{SERVICE}\n#[cfg(test)]\nmod tests {{\n    /// A stand-in for the real login.\n    \
             #[threatmodel::mitigation(authentication)]\n    pub fn fake_login() {{}}\n}}\n"
        ),
    );
    std::fs::create_dir(krate.dir.path().join("tests")).expect("create tests");
    std::fs::write(
        krate.dir.path().join("tests/api.rs"),
        "/// The test network.\n#[threatmodel::trust_boundary]\npub struct TestNet;\n",
    )
    .expect("write tests/api.rs");
    let ids = |args: &[&str]| {
        let run = krate.run(args);
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
        let model = threatmodel::export::json::parse(&run.stdout()).expect("valid model JSON");
        let mut ids: Vec<(String, bool)> = model
            .trust_boundaries
            .iter()
            .map(|b| (b.id.clone(), b.location.test_only))
            .chain(
                model
                    .mitigations
                    .iter()
                    .map(|m| (m.id.clone(), m.location.test_only)),
            )
            .collect();
        ids.sort();
        (ids, run.stdout())
    };
    let (plain, _) = ids(&["export"]);
    assert_eq!(
        plain,
        [
            ("svc_test_only::Internet".to_owned(), false),
            ("svc_test_only::ensure_owner".to_owned(), false),
        ]
    );
    let expected = [
        ("api::TestNet".to_owned(), true),
        ("svc_test_only::Internet".to_owned(), false),
        ("svc_test_only::ensure_owner".to_owned(), false),
        ("svc_test_only::fake_login".to_owned(), true),
    ];
    for flag in ["--tests", "--all-targets"] {
        let (with_tests, json) = ids(&["export", flag]);
        assert_eq!(with_tests, expected, "{flag}");
        assert_eq!(json.matches("\"test_only\": true").count(), 2, "{json}");
    }
    let report = krate.run(&["report", "--tests"]);
    assert_eq!(report.code(), 0, "{}", report.stderr());
    assert!(
        report.stdout().contains("`tests/api.rs:2` (test only)"),
        "{}",
        report.stdout()
    );
    for line in report
        .stdout()
        .lines()
        .filter(|l| l.contains("(test only)"))
    {
        assert!(
            line.contains("TestNet") || line.contains("fake_login"),
            "{line}"
        );
    }
}

/// A team's rule: no threat to a high or critical asset may stay accepted.
const POLICY: &str = r#"# The team's own rules.

[[rule]]
name = "team::no_accepted_risk_on_high_assets"
severity = "error"
summary = "a threat to a high or critical asset is accepted"
help = "mitigate it, or record it as `open` with its ticket"

[rule.threats]
assets = "high"

[rule.require]
dispositions = ["mitigated", "transferred", "open"]
"#;

#[test]
fn custom_rules_from_the_rules_file_run_and_are_configured_by_name() {
    let config = format!(
        "\n[workspace.metadata.threatmodel]\nrules-file = \"policy.toml\"\n\n\
         [workspace.metadata.threatmodel.rules]\n{}",
        allow_all_but(&[])
    );
    let krate = Crate::with_config("svc-custom-rules", &config, SERVICE);
    std::fs::write(krate.dir.path().join("policy.toml"), POLICY).expect("write policy.toml");
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    let line = line_of(SERVICE, "accepted = \"gateway limits\"");
    assert!(
        stderr.contains(&format!(
            "error[team::no_accepted_risk_on_high_assets]: a threat to a high or critical asset is accepted: threat `unrestricted_resource_consumption` on `svc_custom_rules::get_customer` is accepted, not mitigated or transferred or open\n  \
             --> src/lib.rs:{line}:1"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: mitigate it, or record it as `open` with its ticket"),
        "{stderr}"
    );

    krate.configure(&format!(
        "{config}\"team::no_accepted_risk_on_high_assets\" = \"warning\"\n"
    ));
    let warned = krate.run(&["check"]);
    assert_eq!(warned.code(), 0, "{}", warned.stderr());
    assert!(
        warned
            .stderr()
            .contains("warning[team::no_accepted_risk_on_high_assets]"),
        "{}",
        warned.stderr()
    );

    krate.configure(&format!(
        "{config}\"team::no_acepted_risk_on_high_assets\" = \"allow\"\n"
    ));
    let unknown = krate.run(&["check"]);
    assert_eq!(unknown.code(), 2, "{}", unknown.stderr());
    assert!(
        unknown.stderr().contains(
            "help: a custom rule with a similar name exists: `team::no_accepted_risk_on_high_assets`"
        ),
        "{}",
        unknown.stderr()
    );
}

#[test]
fn mistakes_in_the_rules_file_point_into_it_and_exit_2() {
    let config = "\n[workspace.metadata.threatmodel]\nrules-file = \"policy.toml\"\n";
    let krate = Crate::with_config("svc-custom-rules-bad", config, SERVICE);
    let missing = krate.run(&["check"]);
    assert_eq!(missing.code(), 2, "{}", missing.stderr());
    assert!(
        missing
            .stderr()
            .contains("error: cannot read the rules file `policy.toml`"),
        "{}",
        missing.stderr()
    );

    let misspelt = POLICY.replace("dispositions", "disposition");
    std::fs::write(krate.dir.path().join("policy.toml"), &misspelt).expect("write policy.toml");
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    let line = line_of(&misspelt, "disposition =");
    assert!(
        run.stderr()
            .contains("error: invalid rules file: unknown field `disposition`"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains(&format!("--> policy.toml:{line}:1")),
        "{}",
        run.stderr()
    );

    let unnamespaced = POLICY.replace("team::no_accepted", "no_accepted");
    std::fs::write(krate.dir.path().join("policy.toml"), &unnamespaced).expect("write policy.toml");
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "error: invalid rule: `no_accepted_risk_on_high_assets` is not a namespaced rule name"
        ),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("--> policy.toml:"),
        "{}",
        run.stderr()
    );
}

/// A cycle of trust boundaries' `parent` links compiles; `check` on the build reports it as
/// `report --from` does on the saved model (the same `Model::validate`).
#[test]
fn check_reports_a_parent_cycle_of_a_build() {
    let krate = Crate::new(
        "svc-cycle",
        r#"
/// One zone.
#[threatmodel::trust_boundary(parent = B)]
pub struct A;

/// Another zone, inside the first.
#[threatmodel::trust_boundary(parent = A)]
pub struct B;
"#,
    );
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    for boundary in ["A", "B"] {
        assert!(
            stderr.contains(&format!(
                "error: trust boundary `svc_cycle::{boundary}` is its own ancestor through `parent`"
            )),
            "{stderr}"
        );
    }
    let saved = krate.run(&["export", "--format", "json"]);
    let path = krate.dir.path().join("model.json");
    std::fs::write(&path, saved.stdout()).expect("write the saved model");
    let from = krate.run(&["report", "--from", path.to_str().expect("UTF-8 path")]);
    for boundary in ["A", "B"] {
        assert!(
            from.stderr().contains(&format!(
                "trust boundary `svc_cycle::{boundary}` is its own ancestor"
            )),
            "{}",
            from.stderr()
        );
    }
}

/// Twelve public endpoints and no rate limit anywhere: one warning at the service, listing ten
/// endpoints and counting the rest.
#[test]
fn a_service_wide_gap_is_one_finding_listing_its_endpoints() {
    let mut lib_rs = String::from(
        r#"use threatmodel::{component, endpoint, trust_boundary};

/// The public internet.
#[trust_boundary]
pub struct Internet;

/// Our network.
#[trust_boundary]
pub struct DataCenter;

/// The API.
#[component(service, boundary = DataCenter)]
pub struct Api;
"#,
    );
    for n in 1..=12 {
        lib_rs.push_str(&format!(
            "\n#[endpoint(\"GET /items/r{n:02}\", boundary = Internet, auth = \"none\")]\npub fn r{n:02}() {{}}\n"
        ));
    }
    let krate = Crate::with_config(
        "svc-service-wide",
        &format!(
            "\n[workspace.metadata.threatmodel.rules]\n{}",
            allow_all_but(&["missing_rate_limiting"])
        ),
        &lib_rs,
    );
    let run = krate.run(&["check"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let diagnostics = run.diagnostics();
    let mut expected = String::from(
        "warning[TM0007]: no rate limit covers any of the 12 endpoints of `Api` open to \
         untrusted callers, and none considers resource consumption (or, where callers sign in, \
         credential stuffing)\n  --> src/lib.rs:12:1\n",
    );
    expected.push_str("   |\n12 | #[component(service, boundary = DataCenter)]\n");
    expected.push_str("   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n   |\n");
    expected.push_str("   = note: the 12 endpoints:\n");
    for n in 1..=10 {
        expected.push_str(&format!(
            "             `GET /items/r{n:02}` of `svc_service_wide::r{n:02}` at src/lib.rs:{}:1\n",
            12 + 3 * n
        ));
    }
    expected.push_str("             and 2 more\n");
    assert!(
        diagnostics.starts_with(&expected),
        "expected:\n{expected}\ngot:\n{diagnostics}"
    );
    assert!(
        diagnostics.contains("0 errors, 1 warning, 0 notes, 0 suppressed"),
        "{diagnostics}"
    );
}

/// The build context the JSON export of `krate` records, with `args` added.
fn build_context(krate: &Crate, args: &[&str]) -> threatmodel::model::BuildContext {
    let mut all = vec!["export", "--format", "json"];
    all.extend_from_slice(args);
    let export = krate.run(&all);
    assert_eq!(export.code(), 0, "{}", export.stderr());
    let model = threatmodel::export::json::parse(&export.stdout()).expect("valid model JSON");
    model
        .build
        .expect("a built model records its build context")
}

#[test]
fn the_model_records_the_commit_packages_features_and_cfg_it_was_built_from() {
    let krate = Crate::with_config(
        "svc-build-context",
        "\n[features]\ndefault = [\"audit\"]\naudit = []\nextra = []\n",
        SERVICE,
    );
    // Outside a git checkout: no commit.
    let outside = build_context(&krate, &[]);
    assert_eq!(outside.commit, None);
    assert_eq!(outside.packages.len(), 1, "{outside:?}");
    assert_eq!(outside.packages[0].name, "svc-build-context");
    assert_eq!(outside.packages[0].version, "0.1.0");
    assert_eq!(outside.packages[0].features, ["audit", "default"]);
    assert!(
        outside.cfg.iter().any(|c| c.starts_with("target_os=")),
        "{outside:?}"
    );

    krate.git(&["init", "--quiet"]);
    krate.git(&["add", "."]);
    krate.git(&["commit", "--quiet", "-m", "service"]);
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(krate.dir.path())
        .output()
        .expect("run git");
    let head = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    let built = build_context(&krate, &["--features", "extra"]);
    assert_eq!(built.commit.as_deref(), Some(head.as_str()));
    assert!(!built.uncommitted_changes);
    assert_eq!(built.packages[0].features, ["audit", "default", "extra"]);

    krate.write(&format!("{SERVICE}\n// An edit not committed yet.\n"));
    let dirty = build_context(&krate, &[]);
    assert_eq!(dirty.commit.as_deref(), Some(head.as_str()));
    assert!(dirty.uncommitted_changes);

    // Injected, for reproducible outputs; an empty one records none.
    let injected = build_context(&krate, &["--commit", "0123abcd"]);
    assert_eq!(injected.commit.as_deref(), Some("0123abcd"));
    assert!(!injected.uncommitted_changes);
    assert_eq!(build_context(&krate, &["--commit", ""]).commit, None);

    // A saved model keeps what it was built with.
    let saved = krate.dir.path().join("model.json");
    let export = krate.run(&[
        "export",
        "--format",
        "json",
        "--commit",
        "0123abcd",
        "-o",
        saved.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(export.code(), 0, "{}", export.stderr());
    let report = krate.run(&["report", "--from", saved.to_str().expect("UTF-8 path")]);
    assert_eq!(report.code(), 0, "{}", report.stderr());
    assert!(
        report.stdout().contains("- **Commit:** `0123abcd`\n"),
        "{}",
        report.stdout()
    );
    assert!(
        report
            .stdout()
            .contains("- **Packages:** `svc-build-context` 0.1.0 (features: `audit`, `default`)\n"),
        "{}",
        report.stdout()
    );
}
