//! TM0009 `unsafe_api_consumption`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0009",
    name: "unsafe_api_consumption",
    default_severity: Severity::Warning,
    stride: &[Stride::Tampering],
    owasp_api_2023: Some("API10:2023"),
    cwe: &[20],
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
