//! TM0013 `mismatched_mitigation`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0013",
    name: "mismatched_mitigation",
    default_severity: Severity::Warning,
    stride: &[Stride::ElevationOfPrivilege],
    owasp_api_2023: None,
    cwe: &[693],
    summary: "",
    checks: "",
    why: "",
    example: "",
    fix: "",
    check,
};

fn check(_cx: &Context<'_>) -> Vec<Hit> {
    Vec::new()
}
