//! TM0015 `unused_suppression`: `allow(RULE, reason = "...")` on an item where the rule reports
//! nothing, as rustc's `unfulfilled_lint_expectations` does for `#[expect]`.

use threatmodel_core::Stride;

use super::{Context, Hit, RULES, Rule, Severity, is_custom_rule_name};

pub(super) static RULE: Rule = Rule {
    id: "TM0015",
    name: "unused_suppression",
    default_severity: Severity::Warning,
    stride: Stride::ALL,
    owasp_api_2023: None,
    cwe: &[1059],
    summary: "an `allow(...)` suppresses a rule that reports nothing on its item",
    checks: "Every `allow(RULE, reason = \"...\")` written on an item: the rule, run with its \
        default level, must report at least one finding on that item. The rule's findings are \
        counted before configuration, so a rule set to `allow` in Cargo.toml does not make its \
        suppressions unused. Suppressions of this rule itself are not checked.",
    why: "A suppression outlives the finding it was written for: the gap gets closed, the \
        annotation moves, or the `allow` was put on the wrong item to begin with. A stale \
        suppression then silences the rule on that item for good, so the next real gap there \
        passes review unseen, with an old reason that no longer describes the code.",
    example: "use threatmodel::{endpoint, mitigation, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[mitigation(rate_limiting, applies_to = \"/*\")]\n\
        pub async fn limit_requests() {}\n\
        \n\
        /// Rate-limited by `limit_requests` (applies_to = \"/*\") since last spring.\n\
        #[endpoint(\"GET /avatar/{id}\", boundary = Internet,\n\
        \x20          allow(missing_rate_limiting, reason = \"served by the CDN\"))]\n\
        pub async fn avatar() {}",
    fix: "Remove the `allow(...)`, or move it to the item the finding is reported on (the \
        finding's `-->` location names it).",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let suppressions: Vec<_> = cx
        .model
        .suppressions
        .iter()
        .filter(|s| s.rule != RULE.name && !is_custom_rule_name(&s.rule))
        .collect();
    if suppressions.is_empty() {
        return Vec::new();
    }
    let reported: Vec<(&str, String)> = RULES
        .iter()
        .filter(|rule| rule.name != RULE.name)
        .flat_map(|rule| {
            // An `allow` on an endpoint is used by the endpoint's own hit, one on a service by
            // the hit that stands for its endpoints (`Rule::service_hits`).
            let mut hits = rule.hits(cx);
            if rule.service_wide.is_some() {
                hits.extend(
                    rule.service_hits(cx)
                        .into_iter()
                        .filter(|hit| !hit.related.is_empty()),
                );
            }
            hits.into_iter().map(|hit| (rule.name, hit.item))
        })
        .collect();
    suppressions
        .into_iter()
        .filter(|s| {
            !reported
                .iter()
                .any(|(rule, item)| *rule == s.rule && *item == s.item)
        })
        .map(|s| {
            Hit::new(
                format!("{}#allow({})", s.item, s.rule),
                &s.item,
                &s.location,
                format!(
                    "`allow({})` on `{}` suppresses nothing: the rule reports no finding on this item",
                    s.rule, s.item
                ),
            )
            .help("remove the `allow(...)`, or move it to the item the finding is reported on")
        })
        .collect()
}

/// The unused suppressions of custom rules (namespaced names), given the hits of the custom
/// rules of this run (`(id, name, severity, hits)`, as `check_with` holds them): an `allow` of
/// a custom rule that reports nothing on its item, or of a name that is no rule of this run.
pub(super) fn custom_hits(
    cx: &Context<'_>,
    custom: &[(&str, &str, Severity, Vec<Hit>)],
) -> Vec<Hit> {
    cx.model
        .suppressions
        .iter()
        .filter(|s| is_custom_rule_name(&s.rule))
        .filter_map(|s| {
            let message = match custom.iter().find(|(_, name, ..)| *name == s.rule) {
                None => format!(
                    "`allow({})` on `{}` suppresses nothing: no rule of this run is named `{}`",
                    s.rule, s.item, s.rule
                ),
                Some((.., hits)) if hits.iter().all(|hit| hit.item != s.item) => format!(
                    "`allow({})` on `{}` suppresses nothing: the rule reports no finding on this item",
                    s.rule, s.item
                ),
                Some(_) => return None,
            };
            Some(
                Hit::new(
                    format!("{}#allow({})", s.item, s.rule),
                    &s.item,
                    &s.location,
                    message,
                )
                .help("remove the `allow(...)`, or move it to the item the finding is reported on"),
            )
        })
        .collect()
}
