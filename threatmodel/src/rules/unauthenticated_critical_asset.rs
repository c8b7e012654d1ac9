//! TM0003 `unauthenticated_critical_asset`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0003",
    name: "unauthenticated_critical_asset",
    default_severity: Severity::Error,
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    owasp_api_2023: Some("API2:2023"),
    cwe: &[306],
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
