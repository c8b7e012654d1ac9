//! Test evidence: the outcomes of the `#[verifies]` tests, written into the model's
//! verifications, from running them (`--run-tests`) or from a JUnit XML report
//! (`--test-results FILE`, see [`crate::junit`]).
//!
//! Running follows cargo-nextest: `cargo test --no-run --message-format=json` builds the test
//! binaries and names them; each binary lists its tests (`--list --format terse`, and with
//! `--ignored` the ignored ones), and each verifying test runs alone (`BIN --exact NAME`, in
//! its package's directory), its outcome read from the exit status (0 passed, 101 failed), since
//! libtest's JSON output is unstable. A test is found by its fn name under the module path of its
//! file (an inline `mod tests { }` adds segments between them); exactly one match is the test,
//! anything else leaves its outcome unknown, with the reason.

use std::collections::{BTreeSet, HashMap};
use std::io::BufReader;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use cargo_metadata::{Message, Metadata, TargetKind};
use threatmodel::Model;
use threatmodel::model::{TestOutcome, TestResults, TestStatus, Verification};

use crate::error::Error;
use crate::selection::Selection;
use crate::shell;

/// The heading of these options in `--help`.
const HEADING: &str = "Test evidence";

/// libtest's exit status when a test failed.
const LIBTEST_FAILED: i32 = 101;

/// `--run-tests` and `--test-results FILE`.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct EvidenceArgs {
    /// Check the test targets too, build the test binaries and run each `#[verifies]` test:
    /// their outcomes are the controls' evidence (rules TM0021, TM0022)
    #[arg(help_heading = HEADING, long, conflicts_with = "test_results")]
    pub(crate) run_tests: bool,
    /// Check the test targets too, and read the `#[verifies]` tests' outcomes from FILE, a JUnit
    /// XML report in cargo-nextest's layout (a test missing from it is "not run")
    #[arg(help_heading = HEADING, long, value_name = "FILE")]
    pub(crate) test_results: Option<PathBuf>,
}

/// One test suite: a test binary, or a JUnit `<testsuite>`, with the names of its tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Suite {
    /// cargo-nextest's binary id: `package`, `package::test-target`, `package::bin/name`.
    pub(crate) id: String,
    /// The package of its crate.
    pub(crate) package: String,
    /// Its crate's name as rustc knows it (`-` as `_`).
    pub(crate) krate: String,
    /// Its tests, by libtest name, with their outcomes where known (a JUnit report), else
    /// [`TestStatus::NotRun`] (a binary's list, before running).
    pub(crate) tests: Vec<(String, TestStatus)>,
}

impl Suite {
    /// The suite of nextest binary id `id`: `package` is a library's unit tests (crate named
    /// like the package), `package::target` an integration test, `package::kind/name` a
    /// binary, example or benchmark.
    pub(crate) fn from_binary_id(id: &str, tests: Vec<(String, TestStatus)>) -> Suite {
        let (package, target) = match id.split_once("::") {
            Some((package, target)) => (package, target.rsplit('/').next().unwrap_or(target)),
            None => (id, id),
        };
        Suite {
            id: id.to_owned(),
            package: package.to_owned(),
            krate: target.replace('-', "_"),
            tests,
        }
    }
}

impl EvidenceArgs {
    /// Whether test evidence is asked for.
    pub(crate) fn wanted(&self) -> bool {
        self.run_tests || self.test_results.is_some()
    }

    /// `selection` with its test targets checked too when evidence is asked for, so that the
    /// `#[verifies]` fragments are written: `--tests` beside the targets given, or beside the
    /// default ones (`--bins`, and `--lib` when a selected package has a library).
    pub(crate) fn selection(&self, selection: &Selection, metadata: &Metadata) -> Selection {
        let mut selection = selection.clone();
        let has_lib = selection.packages(metadata).iter().any(|package| {
            package.targets.iter().any(|target| {
                target.kind.iter().any(|kind| {
                    matches!(
                        kind,
                        TargetKind::Lib | TargetKind::RLib | TargetKind::ProcMacro
                    )
                })
            })
        });
        let cargo = &mut selection.cargo;
        if !self.wanted() || cargo.all_targets || cargo.tests {
            return selection;
        }
        if !cargo.lib && !cargo.bins {
            cargo.bins = true;
            cargo.lib = has_lib;
        }
        selection.cargo.tests = true;
        selection
    }

    /// Writes the outcomes of the model's verifying tests into it: by running them in the
    /// workspace of `metadata` (`--run-tests`, with `selection`'s packages, features and
    /// options), or from the JUnit report. Nothing happens when no evidence is asked for.
    ///
    /// # Errors
    /// The test binaries do not build or cannot be run; the report cannot be read or parsed.
    pub(crate) fn apply(
        &self,
        model: &mut Model,
        selection: Option<(&Selection, &Metadata)>,
    ) -> Result<(), Error> {
        if let Some(path) = &self.test_results {
            let suites = crate::junit::read(path)?;
            model.test_results = Some(TestResults::Junit {
                file: path.display().to_string(),
            });
            for verification in &mut model.verifications {
                verification.outcome = Some(from_report(verification, &suites));
            }
            return Ok(());
        }
        let Some((selection, metadata)) = selection.filter(|_| self.run_tests) else {
            return Ok(());
        };
        let binaries = build_test_binaries(selection, metadata)?;
        shell::status(
            "Running",
            format_args!("{} verifying test(s)", model.verifications.len()),
        );
        let mut listed = Vec::new();
        for binary in &binaries {
            listed.push(list(binary));
        }
        // A test with several `#[verifies]` runs once.
        let mut ran = HashMap::new();
        for verification in &mut model.verifications {
            let outcome = run_one(verification, &binaries, &listed, &mut ran);
            shell::verbose_status(
                "Tested",
                format_args!("{} ({})", verification.id, outcome.status.as_str()),
            );
            verification.outcome = Some(outcome);
        }
        model.test_results = Some(TestResults::Run);
        Ok(())
    }
}

/// A test binary built by `cargo test --no-run`.
#[derive(Debug)]
struct Binary {
    suite: Suite,
    executable: PathBuf,
    /// The package's directory, where cargo runs its tests.
    dir: PathBuf,
}

/// `cargo test --no-run --message-format=json` with `selection`'s packages, features, targets
/// and options: the test binaries it names.
fn build_test_binaries(selection: &Selection, metadata: &Metadata) -> Result<Vec<Binary>, Error> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["test", "--no-run", "--message-format=json"])
        .args(
            selection
                .cargo_args()
                .into_iter()
                .filter(|arg| arg != "--keep-going"),
        );
    if let Some(dir) = selection.cargo.target_dir() {
        command.arg("--target-dir").arg(dir);
    }
    crate::build::remove_package_variables(&mut command);
    shell::status("Building", "test binaries (cargo test --no-run)");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|err| Error::Tests(format!("cannot run `cargo test`: {err}")))?;
    let mut binaries = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for message in Message::parse_stream(BufReader::new(stdout)) {
            let message =
                message.map_err(|err| Error::Tests(format!("cannot read `cargo test`: {err}")))?;
            let Message::CompilerArtifact(artifact) = message else {
                continue;
            };
            let (Some(executable), true) = (artifact.executable, artifact.profile.test) else {
                continue;
            };
            let Some(package) = metadata
                .packages
                .iter()
                .find(|p| p.id == artifact.package_id)
            else {
                continue;
            };
            let target = &artifact.target;
            let kind = target.kind.first();
            let id = match kind {
                Some(TargetKind::Lib | TargetKind::RLib | TargetKind::ProcMacro) => {
                    package.name.to_string()
                }
                Some(TargetKind::Test) => format!("{}::{}", package.name, target.name),
                Some(kind) => format!("{}::{kind}/{}", package.name, target.name),
                None => continue,
            };
            let mut suite = Suite::from_binary_id(&id, Vec::new());
            suite.krate = target.name.replace('-', "_");
            binaries.push(Binary {
                suite,
                executable: executable.into_std_path_buf(),
                dir: package
                    .manifest_path
                    .parent()
                    .map(|dir| dir.as_std_path().to_owned())
                    .unwrap_or_default(),
            });
        }
    }
    let status = child
        .wait()
        .map_err(|err| Error::Tests(format!("cannot run `cargo test`: {err}")))?;
    if !status.success() {
        return Err(Error::Tests(
            "`cargo test --no-run` failed to build the test binaries".to_owned(),
        ));
    }
    binaries.sort_by(|a, b| a.suite.id.cmp(&b.suite.id));
    Ok(binaries)
}

/// What a test binary lists: its tests and the ignored ones among them, or why it cannot list
/// them (a custom harness).
type Listing = Result<(Vec<String>, BTreeSet<String>), String>;

/// The tests `binary` lists (see [`Listing`]).
fn list(binary: &Binary) -> Listing {
    let names = |ignored: bool| -> Result<Vec<String>, String> {
        let mut command = binary_command(binary);
        command.args(["--list", "--format", "terse"]);
        if ignored {
            command.arg("--ignored");
        }
        let output = command
            .stderr(Stdio::null())
            .output()
            .map_err(|err| format!("`{}` cannot be run: {err}", binary.suite.id))?;
        if !output.status.success() {
            return Err(format!(
                "`{}` cannot list its tests (a custom test harness?)",
                binary.suite.id
            ));
        }
        Ok(String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.strip_suffix(": test"))
            .map(str::to_owned)
            .collect())
    };
    Ok((names(false)?, names(true)?.into_iter().collect()))
}

/// A command running `binary` as cargo runs tests: in its package's directory, with the
/// variables cargo sets for the package.
fn binary_command(binary: &Binary) -> Command {
    let mut command = Command::new(&binary.executable);
    command
        .current_dir(&binary.dir)
        .env("CARGO_MANIFEST_DIR", &binary.dir)
        .env("CARGO_PKG_NAME", &binary.suite.package)
        .env("CARGO_CRATE_NAME", &binary.suite.krate)
        .stdin(Stdio::null());
    command
}

/// Finds `verification`'s test among `binaries` (with what each lists) and runs it, unless
/// `ran` holds its outcome already.
fn run_one(
    verification: &Verification,
    binaries: &[Binary],
    listed: &[Listing],
    ran: &mut HashMap<(PathBuf, String), TestOutcome>,
) -> TestOutcome {
    let mut found = Vec::new();
    let mut unlisted = Vec::new();
    for (binary, list) in binaries.iter().zip(listed) {
        if !is_suite_of(&binary.suite, verification) {
            continue;
        }
        match list {
            Ok((names, ignored)) => {
                for name in verification.test_name_candidates(names.iter().map(String::as_str)) {
                    found.push((binary, name.to_owned(), ignored.contains(name)));
                }
            }
            Err(why) => unlisted.push(why.clone()),
        }
    }
    let outcome =
        |status, binary: Option<&Binary>, test_name: Option<String>, reason| TestOutcome {
            status,
            binary: binary.map(|b| b.suite.id.clone()),
            test_name,
            reason,
        };
    let (binary, name, ignored) = match found.as_slice() {
        [one] => one.clone(),
        [] if !unlisted.is_empty() => {
            return outcome(TestStatus::Unknown, None, None, Some(unlisted.join("; ")));
        }
        [] => {
            return outcome(
                TestStatus::Unknown,
                None,
                None,
                Some(format!(
                    "no test of crate `{}` is named `{}` under `{}` (a test-generating macro \
                     such as rstest or test-case renames it)",
                    verification.location.krate,
                    verification.test,
                    module_text(verification)
                )),
            );
        }
        many => {
            return outcome(
                TestStatus::Unknown,
                None,
                None,
                Some(format!(
                    "{} tests could be `{}`: {}",
                    many.len(),
                    verification.test,
                    many.iter()
                        .map(|(b, name, _)| format!("`{name}` in `{}`", b.suite.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    };
    if ignored {
        return outcome(TestStatus::Ignored, Some(binary), Some(name), None);
    }
    let key = (binary.executable.clone(), name.clone());
    if let Some(done) = ran.get(&key) {
        return done.clone();
    }
    let status = binary_command(binary)
        .args(["--exact", &name, "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let done = match status.map(|s| s.code()) {
        Ok(Some(0)) => outcome(TestStatus::Passed, Some(binary), Some(name), None),
        Ok(Some(LIBTEST_FAILED)) => outcome(TestStatus::Failed, Some(binary), Some(name), None),
        Ok(code) => {
            let reason = match code {
                Some(code) => format!("the test binary exited with status {code}"),
                None => "the test binary was ended by a signal".to_owned(),
            };
            outcome(TestStatus::Unknown, Some(binary), Some(name), Some(reason))
        }
        Err(err) => outcome(
            TestStatus::Unknown,
            Some(binary),
            Some(name),
            Some(format!("the test binary cannot be run: {err}")),
        ),
    };
    ran.insert(key, done.clone());
    done
}

/// Whether `suite` is a test binary of `verification`'s crate.
fn is_suite_of(suite: &Suite, verification: &Verification) -> bool {
    suite.package == verification.location.package && suite.krate == verification.location.krate
}

/// `verification`'s file module as a path, `crate` for the crate root.
fn module_text(verification: &Verification) -> String {
    if verification.module.is_empty() {
        "the crate root".to_owned()
    } else {
        format!("`{}`", verification.module.join("::"))
    }
}

/// The outcome of `verification` in a JUnit report's `suites`: a test missing from the report
/// did not run (never passed); several candidates leave it unknown.
pub(crate) fn from_report(verification: &Verification, suites: &[Suite]) -> TestOutcome {
    let mut found = Vec::new();
    for suite in suites.iter().filter(|s| is_suite_of(s, verification)) {
        let names = suite.tests.iter().map(|(name, _)| name.as_str());
        for name in verification.test_name_candidates(names) {
            if let Some((_, status)) = suite.tests.iter().find(|(n, _)| n == name) {
                found.push((suite, name.to_owned(), *status));
            }
        }
    }
    match found.as_slice() {
        [(suite, name, status)] => TestOutcome {
            status: *status,
            binary: Some(suite.id.clone()),
            test_name: Some(name.clone()),
            reason: None,
        },
        [] => TestOutcome {
            status: TestStatus::NotRun,
            binary: None,
            test_name: None,
            reason: Some(format!(
                "the report has no test `{}` of crate `{}`",
                verification.test, verification.location.krate
            )),
        },
        many => TestOutcome {
            status: TestStatus::Unknown,
            binary: None,
            test_name: None,
            reason: Some(format!(
                "{} tests of the report could be `{}`: {}",
                many.len(),
                verification.test,
                many.iter()
                    .map(|(s, name, _)| format!("`{name}` in `{}`", s.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
    }
}
