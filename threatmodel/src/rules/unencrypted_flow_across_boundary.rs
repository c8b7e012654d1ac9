//! TM0010 `unencrypted_flow_across_boundary`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0010",
    name: "unencrypted_flow_across_boundary",
    default_severity: Severity::Error,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    owasp_api_2023: Some("API8:2023"),
    cwe: &[319],
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
