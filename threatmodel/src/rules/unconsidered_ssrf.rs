//! TM0008 `unconsidered_ssrf`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0008",
    name: "unconsidered_ssrf",
    default_severity: Severity::Error,
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    owasp_api_2023: Some("API7:2023"),
    cwe: &[918],
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
