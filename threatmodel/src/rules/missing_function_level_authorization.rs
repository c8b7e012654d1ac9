//! TM0005 `missing_function_level_authorization`: NOT YET WRITTEN.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0005",
    name: "missing_function_level_authorization",
    default_severity: Severity::Error,
    stride: &[Stride::ElevationOfPrivilege],
    owasp_api_2023: Some("API5:2023"),
    cwe: &[285],
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
