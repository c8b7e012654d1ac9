//! TM0014 `incomplete_stride_coverage`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0014",
    name: "incomplete_stride_coverage",
    default_severity: Severity::Warning,
    stride: &[Stride::Spoofing, Stride::Tampering, Stride::InformationDisclosure],
    owasp_api_2023: None,
    cwe: &[1059],
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
