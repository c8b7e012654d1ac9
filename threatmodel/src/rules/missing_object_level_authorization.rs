//! TM0004 `missing_object_level_authorization`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0004",
    name: "missing_object_level_authorization",
    default_severity: Severity::Error,
    stride: &[Stride::ElevationOfPrivilege, Stride::InformationDisclosure],
    owasp_api_2023: Some("API1:2023"),
    cwe: &[639],
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
