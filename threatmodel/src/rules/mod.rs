//! The rules of `cargo threatmodel check`: what a security reviewer looks for in a threat model.
//!
//! Each rule lives in its own module and reads the assembled [`Model`] only: routes, trust
//! boundaries, exposed assets, data flows, recorded threats and the controls that cover each
//! endpoint. A rule never guesses from names alone where the model says more. One [`Rule`] value
//! per rule carries everything said about it (id, name, default severity, STRIDE, OWASP API
//! Security Top 10 2023, CWE and the documentation sections); `check` output, `cargo threatmodel
//! rules`, `cargo threatmodel explain`, the report and SARIF all read it from [`RULES`].
//!
//! Ids (`TM0001`, ...) are never reused and names never change: both appear in configuration
//! (`[package.metadata.threatmodel.rules]`) and in `allow(RULE, reason = "...")` suppressions.

mod config;
mod context;

mod expired_risk_acceptance;
mod failing_verification;
mod improper_inventory;
mod incomplete_stride_coverage;
mod mismatched_mitigation;
mod missing_function_level_authorization;
mod missing_object_level_authorization;
mod missing_property_level_authorization;
mod missing_rate_limiting;
mod open_threat;
mod sensitive_business_flow;
mod unapplied_mitigation;
mod unauthenticated_critical_asset;
mod unconsidered_ssrf;
mod undeclared_exposure;
mod unencrypted_flow_across_boundary;
mod unmitigated_threats;
mod unmodelled_endpoint;
mod unsafe_api_consumption;
mod unserved_endpoint;
mod unused_suppression;
mod unverified_mitigation;

pub use config::{Config, RuleLevel, Settings, UnknownRuleLevel};
pub(crate) use context::ScopedMitigations;
pub use context::{Context, route_matches};
pub use unverified_mitigation::has_evidence_to_check;

use serde::{Deserialize, Serialize};
use threatmodel_core::Stride;

use crate::Model;
use crate::model::Location;

/// Every rule, in id order.
pub static RULES: &[&Rule] = &[
    &unmitigated_threats::RULE,
    &expired_risk_acceptance::RULE,
    &unauthenticated_critical_asset::RULE,
    &missing_object_level_authorization::RULE,
    &missing_function_level_authorization::RULE,
    &missing_property_level_authorization::RULE,
    &missing_rate_limiting::RULE,
    &unconsidered_ssrf::RULE,
    &unsafe_api_consumption::RULE,
    &unencrypted_flow_across_boundary::RULE,
    &sensitive_business_flow::RULE,
    &improper_inventory::RULE,
    &mismatched_mitigation::RULE,
    &incomplete_stride_coverage::RULE,
    &unused_suppression::RULE,
    &open_threat::RULE,
    &unmodelled_endpoint::RULE,
    &unserved_endpoint::RULE,
    &unapplied_mitigation::RULE,
    &undeclared_exposure::RULE,
    &failing_verification::RULE,
    &unverified_mitigation::RULE,
];

/// How serious a finding is, in the order rustc and SARIF 2.1.0 (section 3.27.10, `level`) use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails `check` unless `fail-on = "note"`.
    Note,
    /// Probably a gap in the model or the code.
    Warning,
    /// A gap that must be closed (or suppressed with a reason).
    Error,
}

impl Severity {
    /// `note`, `warning` or `error`, as in rustc's diagnostics and in configuration.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule: its metadata, its documentation and the function that applies it to a model.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, `TM0001` form; never reused.
    pub id: &'static str,
    /// snake_case name that reads as "allow <name>"; never changed.
    pub name: &'static str,
    /// Severity of its findings unless configured otherwise.
    pub default_severity: Severity,
    /// STRIDE categories of the gaps it finds.
    pub stride: &'static [Stride],
    /// OWASP API Security Top 10 2023 risk id (`API1:2023` ...), where one applies.
    pub owasp_api_2023: Option<&'static str>,
    /// CWE ids (numbers only, MITRE CWE v4.14).
    pub cwe: &'static [u32],
    /// One line, lower case, no trailing period: what a finding means.
    pub summary: &'static str,
    /// Documentation: what the rule checks, in terms of the model.
    pub checks: &'static str,
    /// Documentation: why the gap matters.
    pub why: &'static str,
    /// Documentation: an annotated example that the rule flags.
    pub example: &'static str,
    /// Documentation: how to close the gap.
    pub fix: &'static str,
    /// Applies the rule: one [`Hit`] per gap, at the element that has it.
    pub(crate) check: fn(&Context<'_>) -> Vec<Hit>,
}

impl Rule {
    /// Applies the rule to the model behind `cx` (configuration and suppressions not applied).
    pub fn hits(&self, cx: &Context<'_>) -> Vec<Hit> {
        (self.check)(cx)
    }

    /// `CWE-639` forms of [`Rule::cwe`].
    pub fn cwe_ids(&self) -> Vec<String> {
        self.cwe.iter().map(|n| format!("CWE-{n}")).collect()
    }
}

/// Looks a rule up by id (`TM0007`, any case) or name (`missing_rate_limiting`).
pub fn rule(id_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.id.eq_ignore_ascii_case(id_or_name) || rule.name == id_or_name)
}

/// What one rule found at one element, before configuration and suppressions apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Id of the model element with the gap (an endpoint, threat, flow, ... id).
    pub element: String,
    /// Rust path of the annotated item the element is written on; `allow(...)` on that item
    /// suppresses the finding.
    pub item: String,
    /// Where to point: the annotation of the element.
    pub location: Location,
    /// What is wrong, lower case, no trailing period.
    pub message: String,
    /// How to fix it, when one fix is known.
    pub help: Option<String>,
    /// Severity of this hit when the rule grades its findings (`expired_risk_acceptance`);
    /// `None` means the rule's default.
    pub severity: Option<Severity>,
}

impl Hit {
    /// A hit at `location` on element `element` of item `item`.
    pub fn new(
        element: impl Into<String>,
        item: impl Into<String>,
        location: &Location,
        message: impl Into<String>,
    ) -> Self {
        Hit {
            element: element.into(),
            item: item.into(),
            location: location.clone(),
            message: message.into(),
            help: None,
            severity: None,
        }
    }

    /// The same hit with a `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same hit at `severity` instead of the rule's default.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }
}

/// A rule's finding after configuration: what `check` prints and the report lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Rule id, `TM0001` form.
    pub rule_id: String,
    /// Rule name, e.g. `missing_rate_limiting`.
    pub rule_name: String,
    /// Severity after configuration.
    pub severity: Severity,
    /// What is wrong, lower case, no trailing period.
    pub message: String,
    /// How to fix it, when one fix is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Id of the model element with the gap.
    pub element: String,
    /// Rust path of the annotated item the element is written on.
    pub item: String,
    /// Where the element is annotated.
    pub location: Location,
    /// The reason of the `allow(...)` that suppresses the finding, if one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
}

impl Finding {
    /// Whether the finding makes `cargo threatmodel check` fail under `settings`: not
    /// suppressed, and at or above the `fail-on` severity of its package.
    pub fn fails(&self, settings: &Settings) -> bool {
        self.suppressed.is_none() && self.severity >= settings.fail_on(&self.location.package)
    }
}

/// Applies every rule to `model` under `settings` on date `today` (`YYYY-MM-DD`, ISO 8601).
///
/// Findings of rules configured `allow` are dropped; findings on items that carry
/// `allow(RULE, reason = "...")` are kept with [`Finding::suppressed`] set, so reports can show
/// them. The result is sorted by file, line, column, rule id and element, so the same model
/// always gives the same findings in the same order.
pub fn check(model: &Model, settings: &Settings, today: &str) -> Vec<Finding> {
    let cx = Context::new(model, today);
    let mut findings = Vec::new();
    for rule in RULES {
        for hit in rule.hits(&cx) {
            let severity = match settings.level(&hit.location.package, rule.name) {
                RuleLevel::Allow => continue,
                RuleLevel::Default => hit.severity.unwrap_or(rule.default_severity),
                RuleLevel::Note => Severity::Note,
                RuleLevel::Warning => Severity::Warning,
                RuleLevel::Error => Severity::Error,
            };
            let suppressed = model
                .suppressions
                .iter()
                .find(|s| s.item == hit.item && s.rule == rule.name)
                .map(|s| s.reason.clone());
            findings.push(Finding {
                rule_id: rule.id.to_owned(),
                rule_name: rule.name.to_owned(),
                severity,
                message: hit.message,
                help: hit.help,
                element: hit.element,
                item: hit.item,
                location: hit.location,
                suppressed,
            });
        }
    }
    findings.sort_by(|a, b| {
        (&a.location, &a.rule_id, &a.element).cmp(&(&b.location, &b.rule_id, &b.element))
    });
    findings.dedup();
    findings
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_match_the_list_the_macros_check() {
        let listed: Vec<(&str, &str)> = RULES.iter().map(|r| (r.id, r.name)).collect();
        assert_eq!(listed, threatmodel_core::rule_names::RULE_NAMES);
        let ids: BTreeSet<&str> = RULES.iter().map(|r| r.id).collect();
        let names: BTreeSet<&str> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(ids.len(), RULES.len(), "duplicate rule id");
        assert_eq!(names.len(), RULES.len(), "duplicate rule name");
    }

    #[test]
    fn ids_are_sequential_and_names_are_snake_case() {
        for (n, rule) in RULES.iter().enumerate() {
            assert_eq!(rule.id, format!("TM{:04}", n + 1));
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                rule.name
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in RULES {
            for (section, text) in [
                ("summary", rule.summary),
                ("checks", rule.checks),
                ("why", rule.why),
                ("example", rule.example),
                ("fix", rule.fix),
            ] {
                assert!(!text.trim().is_empty(), "{} has no {section}", rule.name);
            }
            assert!(
                !rule.summary.ends_with('.'),
                "{}: summary ends with a period",
                rule.name
            );
            assert!(
                !rule.stride.is_empty(),
                "{} has no STRIDE category",
                rule.name
            );
        }
    }

    #[test]
    fn every_owasp_api_2023_risk_is_covered_by_a_rule_or_a_catalogue_threat() {
        for n in 1..=10 {
            let id = format!("API{n}:2023");
            let by_rule = RULES.iter().any(|r| r.owasp_api_2023 == Some(id.as_str()));
            let by_threat = threatmodel_core::THREAT_KINDS
                .iter()
                .any(|t| t.owasp_api_2023 == Some(id.as_str()));
            assert!(by_rule || by_threat, "{id} is not covered");
        }
    }

    #[test]
    fn lookup_by_id_or_name() {
        assert_eq!(
            rule("tm0007").map(|r| r.name),
            Some("missing_rate_limiting")
        );
        assert_eq!(rule("missing_rate_limiting").map(|r| r.id), Some("TM0007"));
        assert!(rule("TM9999").is_none());
    }
}
