//! TM0006 `missing_property_level_authorization`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0006",
    name: "missing_property_level_authorization",
    default_severity: Severity::Warning,
    stride: &[Stride::Tampering, Stride::InformationDisclosure],
    owasp_api_2023: Some("API3:2023"),
    cwe: &[915, 213],
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
