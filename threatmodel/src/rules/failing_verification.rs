//! TM0021 `failing_verification`: a test that verifies a control failed, or is ignored while it
//! is the control's only evidence.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};
use crate::model::{TestStatus, Verification};

pub(super) static RULE: Rule = Rule {
    id: "TM0021",
    name: "failing_verification",
    default_severity: Severity::Error,
    stride: Stride::ALL,
    owasp_api_2023: None,
    cwe: &[693],
    summary: "a test that verifies a control failed, or is ignored while it is the control's only evidence",
    checks: "Every test marked `#[verifies(...)]`, once its outcome is known (`cargo threatmodel \
        check --run-tests`, or `--test-results FILE` with a JUnit report): one finding per test \
        that failed, and one per `#[ignore]`d test that is the only test verifying one of its \
        controls. A test that did not run or whose outcome cannot be told is not reported here \
        (an unverified control is `unverified_mitigation`). Skipped when no test results were \
        given.",
    why: "A verifying test is the evidence that a control does what the model says. When it \
        fails, the control is cited but does not hold: a negative test (another user's account \
        is refused) failing means the refusal does not happen, whatever the annotations say. A \
        static check cannot see an ownership check whose result the handler ignores; the \
        failing test does. An ignored test proves nothing, and when it is the only one the \
        control is unverified while looking verified.",
    example: "#[mitigation(authorization)]\n\
        pub fn ensure_owner(user: &User, account: &Account) -> Result<(), ApiError> { .. }\n\
        \n\
        pub async fn delete_comment(..) {\n\
        \x20   let _ = ensure_owner(&user, &account);   // result ignored\n\
        \x20   db.delete(id);\n\
        }\n\
        \n\
        #[tokio::test]\n\
        #[threatmodel::verifies(ensure_owner, threat = bola)]\n\
        async fn another_users_comment_is_not_deleted() { .. }   // fails",
    fix: "Fix the control, or the handler that ignores it, until the test passes; if the test is \
        wrong, fix the test. Run an ignored test (remove `#[ignore]`) or add another verifying \
        test that runs. Until the control holds, record the threat as `open = \"...\"` with a \
        ticket rather than `mitigated_by`.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let model = cx.model;
    if model.test_results.is_none() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for test in &model.verifications {
        let controls = names(cx, &test.mitigations);
        match test.status() {
            TestStatus::Failed => hits.push(
                Hit::new(
                    &test.id,
                    &test.id,
                    &test.location,
                    format!("test `{}`, which verifies {controls}, failed", test.test),
                )
                .help(
                    "a failing verifying test means the control does not hold: fix the control \
                     (or the handler that ignores its result), or record the threat as \
                     `open = \"...\"` with a ticket",
                ),
            ),
            TestStatus::Ignored => {
                let alone: Vec<&String> = test
                    .mitigations
                    .iter()
                    .filter(|id| only_test_of(model.verifications.iter(), id, test))
                    .collect();
                if !alone.is_empty() {
                    let alone: Vec<String> = alone.into_iter().cloned().collect();
                    hits.push(
                        Hit::new(
                            &test.id,
                            &test.id,
                            &test.location,
                            format!(
                                "test `{}` is ignored, and it is the only test verifying {}",
                                test.test,
                                names(cx, &alone)
                            ),
                        )
                        .help("run it (remove `#[ignore]`), or add a verifying test that runs"),
                    );
                }
            }
            TestStatus::Passed | TestStatus::NotRun | TestStatus::Unknown => {}
        }
    }
    hits
}

/// Whether `test` is the only verification naming mitigation `id`.
fn only_test_of<'v>(
    mut tests: impl Iterator<Item = &'v Verification>,
    id: &str,
    test: &Verification,
) -> bool {
    tests.all(|other| std::ptr::eq(other, test) || !other.mitigations.iter().any(|m| m == id))
}

/// `` `ensure_owner` `` or `` `ensure_owner`, `require_jwt` ``: the controls' names.
pub(super) fn names(cx: &Context<'_>, ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("`{}`", cx.mitigation(id).map_or(id.as_str(), |m| &m.name)))
        .collect::<Vec<_>>()
        .join(", ")
}
