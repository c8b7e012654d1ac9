//! TM0012 `improper_inventory`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0012",
    name: "improper_inventory",
    default_severity: Severity::Note,
    stride: &[Stride::InformationDisclosure],
    owasp_api_2023: Some("API9:2023"),
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
