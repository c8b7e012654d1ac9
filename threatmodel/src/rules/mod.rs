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
mod custom;

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
pub use context::{Context, ServicePlace, route_matches};
pub use custom::{
    CustomRule, CustomRuleMetadata, DeclaredRule, DispositionKind, EndpointFilter, InvalidRule,
    Requirement, ThreatFilter, is_custom_rule_name,
};
pub(crate) use missing_rate_limiting::AUTHENTICATION_WORDS;
pub use unverified_mitigation::has_evidence_to_check;

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use threatmodel_core::Stride;

use crate::Model;
use crate::model::{Endpoint, Location};

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
    /// Documentation: an example that the rule flags, self-contained: the whole `src/lib.rs` of
    /// a crate that depends on threatmodel (and axum or serde where it uses them), or, for a gap
    /// one crate's annotations cannot show, a saved model as `cargo threatmodel export --format
    /// json` writes it (see [`Rule::example_language`]). A test checks that each produces its
    /// finding.
    pub example: &'static str,
    /// Documentation: how to close the gap.
    pub fix: &'static str,
    /// Applies the rule: one [`Hit`] per gap, at the element that has it.
    pub(crate) check: fn(&Context<'_>) -> Vec<Hit>,
    /// For a rule that examines endpoints one by one and whose gap is usually the service's
    /// (no rate limiter anywhere): how one finding at the service replaces a finding on every
    /// endpoint (see [`Rule::service_hits`]). `None`: one finding per gap, always.
    pub service_wide: Option<ServiceWide>,
}

/// How a rule reports a gap that every endpoint of a service shares, once, at the service.
///
/// The service is the crate: its one `#[component(service)]` when it declares exactly one, the
/// finding then pointing at that annotation (an `allow(RULE, reason = "...")` there suppresses
/// it); otherwise the crate root (line 1 of its root file, read from the code facts; the
/// finding's item is then the crate name). A crate with neither keeps one finding per endpoint.
#[derive(Debug)]
pub struct ServiceWide {
    /// Whether the rule examines `endpoint` at all (TM0007: an endpoint open to untrusted
    /// callers and served as claimed): the gap is the service's when the rule reports every
    /// endpoint it examines in the crate, and at least [`SERVICE_WIDE_MIN`] of them.
    pub applies: fn(&Context<'_>, &Endpoint) -> bool,
    /// The service-level finding's message, given the service's name and how many endpoints
    /// it stands for: lower case, no trailing period.
    pub message: fn(&str, usize) -> String,
    /// The service-level finding's `help:` line.
    pub help: &'static str,
}

/// Fewest endpoints a service-level finding stands for: below it, findings stay per endpoint.
pub const SERVICE_WIDE_MIN: usize = 2;

impl Rule {
    /// Applies the rule to the model behind `cx` (configuration and suppressions not applied):
    /// one hit per gap, at the element that has it.
    pub fn hits(&self, cx: &Context<'_>) -> Vec<Hit> {
        (self.check)(cx)
    }

    /// The hits [`check`] reports: those of [`Rule::hits`], where the rule is
    /// [`service_wide`](Rule::service_wide) and reports every endpoint it examines in a crate
    /// (at least [`SERVICE_WIDE_MIN`]), the hits on that crate's endpoints replaced by one at
    /// its service (see [`ServiceWide`]) whose [`Hit::related`] lists them, sorted by location.
    ///
    /// An endpoint with `allow(RULE, reason = "...")` leaves the list and keeps its own hit (so
    /// that it is reported as suppressed, and its `allow` is used); the others stay grouped,
    /// since the gap is still the service's. When fewer than [`SERVICE_WIDE_MIN`] are left
    /// unsuppressed, every endpoint keeps its own hit.
    pub fn service_hits(&self, cx: &Context<'_>) -> Vec<Hit> {
        let hits = self.hits(cx);
        match &self.service_wide {
            Some(service_wide) => group_by_service(cx, self, service_wide, hits),
            None => hits,
        }
    }

    /// The language of [`Rule::example`], as a Markdown code fence names it: `json` for a saved
    /// model (the example is a JSON object), else `rust`.
    pub fn example_language(&self) -> &'static str {
        if self.example.trim_start().starts_with('{') {
            "json"
        } else {
            "rust"
        }
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
    /// For a hit at a service that stands for a gap on each of its endpoints (see
    /// [`Rule::service_hits`]): those endpoints, sorted by location. Empty otherwise.
    pub related: Vec<Related>,
}

/// One element a service-level finding stands for: an endpoint with the gap, where it is
/// annotated and what the rule says about it alone. SARIF writes these as the result's
/// `relatedLocations` (SARIF 2.1.0 §3.27.22).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// Where the element is annotated.
    pub location: Location,
    /// Id of the model element (an endpoint id).
    pub element: String,
    /// Rust path of the annotated item (the endpoint's handler).
    pub item: String,
    /// What the rule reports on this element alone, lower case, no trailing period.
    pub message: String,
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
            related: Vec::new(),
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
    /// For a finding at a service that stands for the same gap on several of its endpoints:
    /// those endpoints, sorted by location (see [`Rule::service_hits`]). Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
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
/// them. A gap a rule finds on every endpoint of a service is one finding at the service (see
/// [`Rule::service_hits`]). The result is sorted by file, line, column, rule id and element, so
/// the same model always gives the same findings in the same order.
pub fn check(model: &Model, settings: &Settings, today: &str) -> Vec<Finding> {
    check_with(model, settings, today, &[])
}

/// [`check`] with a team's own rules run beside the built-in ones, configured and suppressed
/// the same way; their findings carry the rule's namespaced name as `rule_id` and `rule_name`.
///
/// A custom rule whose name is not namespaced ([`is_custom_rule_name`]) could shadow a
/// built-in rule; its findings are still reported, under its name. Validate rule names before
/// (`cargo threatmodel` does, and [`DeclaredRule::validate`] checks declared rules).
pub fn check_with(
    model: &Model,
    settings: &Settings,
    today: &str,
    custom: &[&dyn CustomRule],
) -> Vec<Finding> {
    let cx = Context::new(model, today);
    let built_in = RULES.iter().map(|rule| {
        (
            rule.id,
            rule.name,
            rule.default_severity,
            rule.service_hits(&cx),
        )
    });
    let custom: Vec<_> = custom
        .iter()
        .map(|rule| {
            (
                rule.name(),
                rule.name(),
                rule.default_severity(),
                rule.hits(&cx),
            )
        })
        .collect();
    let unused = (
        unused_suppression::RULE.id,
        unused_suppression::RULE.name,
        unused_suppression::RULE.default_severity,
        unused_suppression::custom_hits(&cx, &custom),
    );
    let mut findings = Vec::new();
    for (id, name, default_severity, hits) in built_in.chain(custom).chain([unused]) {
        for hit in hits {
            let severity = match settings.level(&hit.location.package, name) {
                RuleLevel::Allow => continue,
                RuleLevel::Default => hit.severity.unwrap_or(default_severity),
                RuleLevel::Note => Severity::Note,
                RuleLevel::Warning => Severity::Warning,
                RuleLevel::Error => Severity::Error,
            };
            let suppressed = model
                .suppressions
                .iter()
                .find(|s| s.item == hit.item && s.rule == name)
                .map(|s| s.reason.clone());
            findings.push(Finding {
                rule_id: id.to_owned(),
                rule_name: name.to_owned(),
                severity,
                message: hit.message,
                help: hit.help,
                element: hit.element,
                item: hit.item,
                location: hit.location,
                suppressed,
                related: hit.related,
            });
        }
    }
    findings.sort_by(|a, b| {
        (&a.location, &a.rule_id, &a.element).cmp(&(&b.location, &b.rule_id, &b.element))
    });
    findings.dedup();
    findings
}

/// Whether an `allow(RULE, ...)` of rule `rule` is written on item `item`.
fn is_allowed(model: &Model, item: &str, rule: &str) -> bool {
    model
        .suppressions
        .iter()
        .any(|s| s.item == item && s.rule == rule)
}

/// `hits` of `rule` with the hits on the endpoints of each crate where the rule reports every
/// endpoint it examines replaced by one hit at the crate's service (see [`Rule::service_hits`]).
fn group_by_service(
    cx: &Context<'_>,
    rule: &Rule,
    service_wide: &ServiceWide,
    mut hits: Vec<Hit>,
) -> Vec<Hit> {
    let mut examined: BTreeMap<&str, Vec<&Endpoint>> = BTreeMap::new();
    for endpoint in &cx.model.endpoints {
        if (service_wide.applies)(cx, endpoint) {
            examined
                .entry(endpoint.location.krate.as_str())
                .or_default()
                .push(endpoint);
        }
    }
    let hit_elements: HashSet<&str> = hits.iter().map(|hit| hit.element.as_str()).collect();
    let mut grouped = Vec::new();
    let mut taken = vec![false; hits.len()];
    for (krate, endpoints) in examined {
        if endpoints.len() < SERVICE_WIDE_MIN
            || !endpoints
                .iter()
                .all(|e| hit_elements.contains(e.id.as_str()))
        {
            continue;
        }
        let ids: HashSet<&str> = endpoints.iter().map(|e| e.id.as_str()).collect();
        let Some(service) = cx.service_place(krate) else {
            continue;
        };
        let members: Vec<usize> = hits
            .iter()
            .enumerate()
            .filter(|(_, hit)| {
                ids.contains(hit.element.as_str()) && !is_allowed(cx.model, &hit.item, rule.name)
            })
            .map(|(position, _)| position)
            .collect();
        if members.len() < SERVICE_WIDE_MIN {
            continue;
        }
        let mut related: Vec<Related> = members
            .iter()
            .map(|&position| {
                taken[position] = true;
                let hit = &hits[position];
                Related {
                    location: hit.location.clone(),
                    element: hit.element.clone(),
                    item: hit.item.clone(),
                    message: hit.message.clone(),
                }
            })
            .collect();
        related.sort();
        let mut hit = Hit::new(
            format!("{krate}#service"),
            service.item,
            &service.location,
            (service_wide.message)(&service.name, related.len()),
        )
        .help(service_wide.help);
        hit.related = related;
        grouped.push(hit);
    }
    let mut position = 0;
    hits.retain(|_| {
        position += 1;
        !taken[position - 1]
    });
    hits.extend(grouped);
    hits
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

    /// A model of crate `shop` (JSON, the `export --format json` form): boundaries `Internet`
    /// and `Dc`, the service `Api` in `Dc` unless `service` is false, and `endpoints` as
    /// (route, extra JSON fields) on lines 10, 20, ...; `more` adds top-level JSON fields.
    fn shop(service: bool, endpoints: &[(&str, &str)], more: &str) -> Model {
        let at = |line: usize| {
            format!(
                r#"{{"package": "shop", "crate": "shop", "file": "src/api.rs", "line": {line}, "column": 1}}"#
            )
        };
        let endpoints: Vec<String> = endpoints
            .iter()
            .enumerate()
            .map(|(n, (route, extra))| {
                format!(
                    r#"{{"id": "shop::h{n} GET {route}", "method": "GET", "route": "{route}",
                    "handler": "shop::h{n}", "boundary": "shop::Internet", "location": {}{extra}}}"#,
                    at(10 * (n + 1))
                )
            })
            .collect();
        let service = if service {
            format!(
                r#"{{"id": "shop::Api", "name": "Api", "kind": "service", "boundary": "shop::Dc", "location": {}}}"#,
                at(2)
            )
        } else {
            String::new()
        };
        crate::export::json::parse(&format!(
            r#"{{"schema_version": "2",
            "trust_boundaries": [
                {{"id": "shop::Internet", "name": "Internet", "location": {b}}},
                {{"id": "shop::Dc", "name": "Dc", "location": {b}}}],
            "components": [{service}], "assets": [], "mitigations": [],
            "endpoints": [{}], "data_flows": [], "threats": []{more}}}"#,
            endpoints.join(","),
            b = at(1)
        ))
        .expect("a model")
    }

    fn allow(n: usize, rule: &str) -> String {
        format!(
            r#"{{"item": "shop::h{n}", "rule": "{rule}", "reason": "r",
            "location": {{"package": "shop", "crate": "shop", "file": "src/api.rs", "line": {}, "column": 1}}}}"#,
            10 * (n + 1)
        )
    }

    fn of_rule<'f>(findings: &'f [Finding], rule: &str) -> Vec<&'f Finding> {
        findings.iter().filter(|f| f.rule_name == rule).collect()
    }

    const RATE: &str = "missing_rate_limiting";

    #[test]
    fn a_gap_on_every_endpoint_is_one_finding_at_the_service() {
        let model = shop(true, &[("/a", ""), ("/b", ""), ("/c", "")], "");
        let findings = check(&model, &Settings::default(), "2026-11-30");
        let rate = of_rule(&findings, RATE);
        assert_eq!(rate.len(), 1, "{rate:#?}");
        let finding = rate[0];
        assert_eq!(finding.element, "shop#service");
        assert_eq!(finding.item, "shop::Api");
        assert_eq!(finding.location.line, 2);
        assert!(
            finding.message.contains("any of the 3 endpoints of `Api`"),
            "{}",
            finding.message
        );
        let related: Vec<(&str, u32)> = finding
            .related
            .iter()
            .map(|r| (r.item.as_str(), r.location.line))
            .collect();
        assert_eq!(
            related,
            [("shop::h0", 10), ("shop::h1", 20), ("shop::h2", 30)]
        );
        assert!(finding.related[0].message.starts_with("`GET /a` is open"));
    }

    #[test]
    fn an_endpoint_the_rule_does_not_report_keeps_findings_per_endpoint() {
        // `/c` considers resource consumption: the gap is not the whole service's.
        let threat = r#", "threats": [{"id": "shop::h2#unrestricted_resource_consumption",
            "kind": "unrestricted_resource_consumption", "title": "t", "stride": [],
            "subject": "shop::h2", "disposition": {"status": "accepted", "reason": "cheap"},
            "location": {"package": "shop", "crate": "shop", "file": "src/api.rs", "line": 31, "column": 1}}]"#;
        let mut model = shop(true, &[("/a", ""), ("/b", ""), ("/c", "")], "");
        model.threats = crate::export::json::parse(&format!(
            r#"{{"schema_version": "2", "trust_boundaries": [], "components": [], "assets": [],
            "mitigations": [], "endpoints": [], "data_flows": []{threat}}}"#
        ))
        .expect("threats")
        .threats;
        let findings = check(&model, &Settings::default(), "2026-11-30");
        let rate = of_rule(&findings, RATE);
        let lines: Vec<u32> = rate.iter().map(|f| f.location.line).collect();
        assert_eq!(lines, [10, 20], "{rate:#?}");
        assert!(rate.iter().all(|f| f.related.is_empty()));
    }

    #[test]
    fn an_allowed_endpoint_leaves_the_service_finding_and_the_rest_stay_grouped() {
        let model = shop(
            true,
            &[("/a", ""), ("/b", ""), ("/c", "")],
            &format!(r#", "suppressions": [{}]"#, allow(1, RATE)),
        );
        let findings = check(&model, &Settings::default(), "2026-11-30");
        let rate = of_rule(&findings, RATE);
        assert_eq!(rate.len(), 2, "{rate:#?}");
        let service = rate
            .iter()
            .find(|f| !f.related.is_empty())
            .expect("grouped");
        assert!(service.suppressed.is_none());
        let items: Vec<&str> = service.related.iter().map(|r| r.item.as_str()).collect();
        assert_eq!(items, ["shop::h0", "shop::h2"]);
        let allowed = rate
            .iter()
            .find(|f| f.related.is_empty())
            .expect("own finding");
        assert_eq!(
            (allowed.item.as_str(), allowed.suppressed.as_deref()),
            ("shop::h1", Some("r"))
        );
        // Its `allow` is used: no unused suppression.
        assert!(of_rule(&findings, "unused_suppression").is_empty());
    }

    #[test]
    fn with_one_endpoint_left_unsuppressed_findings_are_per_endpoint() {
        let model = shop(
            true,
            &[("/a", ""), ("/b", ""), ("/c", "")],
            &format!(
                r#", "suppressions": [{}, {}]"#,
                allow(0, RATE),
                allow(2, RATE)
            ),
        );
        let findings = check(&model, &Settings::default(), "2026-11-30");
        let rate = of_rule(&findings, RATE);
        let seen: Vec<(&str, bool)> = rate
            .iter()
            .map(|f| (f.item.as_str(), f.suppressed.is_some()))
            .collect();
        assert_eq!(
            seen,
            [("shop::h0", true), ("shop::h1", false), ("shop::h2", true)]
        );
    }

    #[test]
    fn an_allow_on_the_service_suppresses_the_service_finding_and_is_used() {
        let suppression = r#", "suppressions": [{"item": "shop::Api", "rule": "missing_rate_limiting",
            "reason": "the gateway limits every route",
            "location": {"package": "shop", "crate": "shop", "file": "src/api.rs", "line": 2, "column": 1}}]"#;
        let model = shop(true, &[("/a", ""), ("/b", "")], suppression);
        let findings = check(&model, &Settings::default(), "2026-11-30");
        let rate = of_rule(&findings, RATE);
        assert_eq!(rate.len(), 1, "{rate:#?}");
        assert_eq!(
            rate[0].suppressed.as_deref(),
            Some("the gateway limits every route")
        );
        assert!(of_rule(&findings, "unused_suppression").is_empty());
    }

    #[test]
    fn a_crate_without_a_service_is_grouped_at_its_crate_root_when_the_facts_show_it() {
        let endpoints = [("/a", ""), ("/b", "")];
        let without_facts = check(&shop(false, &endpoints, ""), &Settings::default(), "");
        assert_eq!(of_rule(&without_facts, RATE).len(), 2);
        let facts = r#", "facts": {"crates": [{"package": "shop", "crate": "shop",
            "files": ["src/api.rs", "src/main.rs"], "routes": [], "types": [], "unknowns": [],
            "routes_complete": false, "functions": [
                {"path": "shop::api::h0", "params": [], "returns": [], "calls": [],
                 "location": {"file": "src/api.rs", "line": 10, "column": 1}},
                {"path": "shop::main", "params": [], "returns": [], "calls": [],
                 "location": {"file": "src/main.rs", "line": 7, "column": 1}}]}]}"#;
        let findings = check(&shop(false, &endpoints, facts), &Settings::default(), "");
        let rate = of_rule(&findings, RATE);
        assert_eq!(rate.len(), 1, "{rate:#?}");
        assert_eq!(
            (rate[0].location.file.as_str(), rate[0].location.line),
            ("src/main.rs", 1)
        );
        assert_eq!(rate[0].item, "shop");
        // The missing service is reported there too, not at the first endpoint.
        let inventory: Vec<&Finding> = of_rule(&findings, "improper_inventory")
            .into_iter()
            .filter(|f| f.element == "shop#service")
            .collect();
        assert_eq!(inventory.len(), 1, "{inventory:#?}");
        assert_eq!(
            (
                inventory[0].location.file.as_str(),
                inventory[0].item.as_str()
            ),
            ("src/main.rs", "shop")
        );
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
