//! TM0022 `unverified_mitigation`: a control that protects a critical or high asset has no
//! verifying test.

use threatmodel_core::{Disposition, Level, Stride};

use super::{Context, Hit, Rule, Severity};
use crate::model::TestStatus;

pub(super) static RULE: Rule = Rule {
    id: "TM0022",
    name: "unverified_mitigation",
    default_severity: Severity::Warning,
    stride: Stride::ALL,
    owasp_api_2023: None,
    cwe: &[693],
    summary: "a control cited for a threat to a critical or high asset has no verifying test",
    checks: "Every control a threat cites with `mitigated_by`, where the threat puts a critical \
        or high asset at risk: one of the threat's `assets`, or one its handler's endpoints \
        `exposes`. The control needs a test marked `#[verifies(...)]` that covers that threat \
        (a bare `#[verifies(control)]`; `threat = KIND` of the threat's kind; `threat = KIND, \
        endpoint = HANDLER` of its kind and handler) and that ran, or whose outcome is unknown \
        (a test the tool cannot map is not reported). A test that did not run does not count. \
        One finding per control, at the control, naming the threats it is unverified for. \
        Skipped when no test results were given (`--run-tests` or `--test-results FILE`).",
    why: "A control counts as mitigating as soon as its name resolves, whether or not it works. \
        For the assets that matter most, a reviewer asks for the test that shows the refusal \
        (another user's account is refused; an over-limit burst is throttled). Without one, a \
        check whose result is ignored, or a limiter installed on the wrong router, keeps the \
        threat marked mitigated.",
    example: "#[endpoint(\"GET /accounts/{id}\", boundary = Internet, exposes = [Account])]\n\
        #[threat(bola, mitigated_by = ensure_owner)]   // Account is critical\n\
        pub async fn get_account(..) { .. }\n\
        // and no test is marked #[verifies(ensure_owner)]",
    fix: "Write a test that exercises the control, the refusal included, and mark it \
        `#[threatmodel::verifies(ensure_owner)]` (or `#[verifies(threat = bola, endpoint = \
        get_account)]`). The level is configurable: `unverified_mitigation = \"error\"` in \
        `[package.metadata.threatmodel.rules]` makes every such control need a test.",
    check,
    service_wide: None,
};

/// Whether test results would give the rules on test evidence something to check in `model`:
/// it has verifying tests, or a control cited for a threat to a critical or high asset. Without
/// results, `cargo threatmodel check` notes that these rules were skipped only then.
pub fn has_evidence_to_check(model: &crate::Model) -> bool {
    let cx = Context::new(model, "");
    !model.verifications.is_empty()
        || model.threats.iter().any(|threat| {
            matches!(&threat.disposition, Disposition::Mitigated { by, .. } if !by.is_empty())
                && at_risk(&cx, threat).is_some()
        })
}

/// The most critical of the critical or high assets `threat` puts at risk: its `assets`, and
/// those its handler's endpoints expose.
fn at_risk<'m>(cx: &Context<'m>, threat: &crate::model::Threat) -> Option<&'m crate::model::Asset> {
    let model = cx.model;
    let mut ids: Vec<&str> = threat.assets.iter().map(String::as_str).collect();
    for endpoint in model
        .endpoints
        .iter()
        .filter(|e| e.handler == threat.subject)
    {
        ids.extend(endpoint.exposes.iter().map(String::as_str));
    }
    ids.iter()
        .filter_map(|id| cx.asset(id))
        .filter(|asset| matches!(asset.level, Level::Critical | Level::High))
        .min_by_key(|asset| (asset.level, &asset.id))
}

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let model = cx.model;
    if model.test_results.is_none() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for mitigation in &model.mitigations {
        let mut unverified = Vec::new();
        let mut not_run = false;
        for threat in model.threats_relying_on(&mitigation.id) {
            let Disposition::Mitigated { .. } = threat.disposition else {
                continue;
            };
            let Some(asset) = at_risk(cx, threat) else {
                continue;
            };
            let mut tests = model.verifications_of(&mitigation.id, threat).peekable();
            let any = tests.peek().is_some();
            let verified = tests.any(|test| test.status() != TestStatus::NotRun);
            if !verified {
                not_run |= any;
                let subject = threat.subject.rsplit("::").next().unwrap_or_default();
                unverified.push(format!(
                    "`{}` on `{subject}` ({} asset `{}`)",
                    threat.kind,
                    asset.level.as_str(),
                    asset.name
                ));
            }
        }
        if unverified.is_empty() {
            continue;
        }
        let mut message = format!(
            "`{}` is cited for {}, and no test verifies it",
            mitigation.name,
            unverified.join(", ")
        );
        if not_run {
            message.push_str(" (its verifying tests did not run)");
        }
        hits.push(
            Hit::new(
                &mitigation.id,
                &mitigation.id,
                &mitigation.location,
                message,
            )
            .help(format!(
                "write a test that exercises `{}`, the refusal included, and mark it \
                 `#[threatmodel::verifies({})]`",
                mitigation.name,
                mitigation.marker.as_deref().unwrap_or(&mitigation.name)
            )),
        );
    }
    hits
}
