//! TM0007 `missing_rate_limiting`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0007",
    name: "missing_rate_limiting",
    default_severity: Severity::Warning,
    stride: &[Stride::DenialOfService],
    owasp_api_2023: Some("API4:2023"),
    cwe: &[770, 307],
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
