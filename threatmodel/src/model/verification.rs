//! Verifications: tests that exercise a control, and what running them showed.

use serde::{Deserialize, Serialize};

use super::Location;

/// One `#[verifies(...)]` on a test fn, with the controls it stands for and, once tests were
/// run or a JUnit report read, its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Verification {
    /// Rust path of the test fn as the macros see it: crate, the module of its *file*, fn name
    /// (`bank_api::accounts::another_users_account_is_refused`; an inline `mod tests { }` is
    /// not in it, see [`Verification::test_name`]).
    pub id: String,
    /// The test fn's name.
    pub test: String,
    /// The module path of the test's file inside its crate (`["accounts"]`; empty for the crate
    /// root and for an integration test file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub module: Vec<String>,
    /// Ids of the mitigations the test verifies: the one named, or every control the named
    /// threat on the named handler cites.
    pub mitigations: Vec<String>,
    /// Threat kind the evidence is narrowed to (`threat = KIND`): it counts only for threats of
    /// this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threat: Option<String>,
    /// The handler whose threat's controls the test verifies (`endpoint = HANDLER`), by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// What running the test showed; `None` until tests are run or a report is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<TestOutcome>,
    /// Where the `#[verifies]` is written.
    pub location: Location,
}

impl Verification {
    /// Whether this test is evidence for control `mitigation` on a threat of kind `threat_kind`
    /// recorded on `subject`.
    pub fn covers(&self, mitigation: &str, threat_kind: &str, subject: &str) -> bool {
        self.mitigations.iter().any(|m| m == mitigation)
            && self
                .threat
                .as_deref()
                .is_none_or(|kind| kind == threat_kind)
            && self
                .endpoint
                .as_deref()
                .is_none_or(|handler| handler == subject)
    }

    /// The status of the test: [`TestStatus::NotRun`] while no outcome is known.
    pub fn status(&self) -> TestStatus {
        self.outcome
            .as_ref()
            .map_or(TestStatus::NotRun, |outcome| outcome.status)
    }

    /// The libtest names this test may have in a test binary of its crate, among `names`: those
    /// under its file's module that end with its fn name (an inline `mod tests { }` adds
    /// segments between the two). Exactly one is the test; none or several leave it unknown.
    pub fn test_name_candidates<'n>(
        &self,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Vec<&'n str> {
        let prefix: String = self.module.iter().map(|m| format!("{m}::")).collect();
        names
            .into_iter()
            .filter(|name| {
                name.strip_prefix(prefix.as_str()).is_some_and(|rest| {
                    rest == self.test || rest.ends_with(&format!("::{}", self.test))
                })
            })
            .collect()
    }
}

/// What one run of a verifying test showed, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TestOutcome {
    /// Passed, failed, ignored, not run or unknown.
    pub status: TestStatus,
    /// The test binary (cargo-nextest's binary id: `package`, `package::test-target`,
    /// `package::bin/name`), when the test was found in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<String>,
    /// The exact libtest name (`tests::another_users_account_is_refused`), when one was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_name: Option<String>,
    /// Why the test was not run or its outcome is unknown, lower case, no trailing period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The outcome of a verifying test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    /// It ran and passed: evidence that the control works.
    Passed,
    /// It ran and failed.
    Failed,
    /// It is `#[ignore]`d, so it did not run.
    Ignored,
    /// It did not run: missing from the test binaries or from the JUnit report.
    NotRun,
    /// Its outcome cannot be told: its libtest name could not be mapped (a custom harness,
    /// `rstest` or `test-case` names), or its binary ended in another way.
    Unknown,
}

impl TestStatus {
    /// `passed`, `failed`, `ignored`, `not run`, `unknown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TestStatus::Passed => "passed",
            TestStatus::Failed => "failed",
            TestStatus::Ignored => "ignored",
            TestStatus::NotRun => "not run",
            TestStatus::Unknown => "unknown",
        }
    }
}

/// Where the outcomes of a model's verifying tests come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(tag = "source", rename_all = "snake_case", deny_unknown_fields)]
pub enum TestResults {
    /// `cargo threatmodel --run-tests` built the test binaries and ran each verifying test.
    Run,
    /// A JUnit XML report (`--test-results FILE`) in cargo-nextest's layout.
    Junit {
        /// The report's path, as given.
        file: String,
    },
}

/// The evidence for one control: its verifying tests by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Verifying tests that passed.
    pub passed: usize,
    /// Verifying tests that failed.
    pub failed: usize,
    /// Verifying tests that are ignored.
    pub ignored: usize,
    /// Verifying tests that did not run.
    pub not_run: usize,
    /// Verifying tests whose outcome is unknown.
    pub unknown: usize,
}

impl Evidence {
    /// Counts the statuses of `tests`.
    pub fn of<'v>(tests: impl IntoIterator<Item = &'v Verification>) -> Self {
        let mut evidence = Evidence::default();
        for test in tests {
            match test.status() {
                TestStatus::Passed => evidence.passed += 1,
                TestStatus::Failed => evidence.failed += 1,
                TestStatus::Ignored => evidence.ignored += 1,
                TestStatus::NotRun => evidence.not_run += 1,
                TestStatus::Unknown => evidence.unknown += 1,
            }
        }
        evidence
    }

    /// How many verifying tests there are.
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.ignored + self.not_run + self.unknown
    }

    /// One cell of the report's evidence column: `✅ verified by N tests`, `❌ N failing`,
    /// `☐ N not run`/`unknown`, `—` when no test verifies the control.
    pub fn signal(&self) -> String {
        let tests = |n: usize| format!("{n} test{}", if n == 1 { "" } else { "s" });
        if self.failed > 0 {
            format!("❌ {} failing", tests(self.failed))
        } else if self.passed > 0 {
            format!("✅ verified by {}", tests(self.passed))
        } else if self.total() == 0 {
            "—".to_owned()
        } else {
            let mut parts = Vec::new();
            for (n, what) in [
                (self.ignored, "ignored"),
                (self.not_run, "not run"),
                (self.unknown, "unknown"),
            ] {
                if n > 0 {
                    parts.push(format!("{} {what}", tests(n)));
                }
            }
            format!("☐ {}", parts.join(", "))
        }
    }
}
