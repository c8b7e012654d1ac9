//! TM0011 `sensitive_business_flow`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0011",
    name: "sensitive_business_flow",
    default_severity: Severity::Note,
    stride: &[Stride::DenialOfService, Stride::ElevationOfPrivilege],
    owasp_api_2023: Some("API6:2023"),
    cwe: &[799],
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
