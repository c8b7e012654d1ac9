//! A team's own rules: the [`CustomRule`] trait for policy checks written in Rust, and
//! [`DeclaredRule`], a rule written as data (a `[[rule]]` of a rules file) that `cargo
//! threatmodel` runs without executing any of the team's code.
//!
//! Custom rules have namespaced names, `team::no_public_admin`, as clippy's lints are `clippy::`
//! names to rustc: the macros accept a namespaced name in `allow(...)` without knowing it, and
//! `cargo threatmodel` checks it against the rules it loaded. They are configured
//! (`[workspace.metadata.threatmodel.rules]`) and suppressed exactly as built-in rules are.

use std::fmt;

use serde::{Deserialize, Serialize};
use threatmodel_core::{AuthRequirement, Disposition, Level};

use super::{Context, Hit, Severity, route_matches};
use crate::claims::{Running, Served};
use crate::model::{Endpoint, Threat};

/// A rule a team adds to the built-in ones, checked like them over a [`Context`].
///
/// Implement it to check a policy in a test over `Model::collect()` (see [`super::check_with`]);
/// [`DeclaredRule`] implements it for rules written as data.
pub trait CustomRule {
    /// Namespaced snake_case name, `team::rule_name` (see [`is_custom_rule_name`]); what
    /// `allow(...)`, configuration, findings and SARIF call the rule.
    fn name(&self) -> &str;
    /// Severity of its findings unless configured otherwise.
    fn default_severity(&self) -> Severity;
    /// One line, lower case, no trailing period: what a finding means.
    fn summary(&self) -> &str;
    /// Documentation: why the gap matters and how to close it, as Markdown; empty if none.
    fn docs(&self) -> String {
        String::new()
    }
    /// OWASP API Security Top 10 2023 risk id (`API1:2023` ...), where one applies.
    fn owasp_api_2023(&self) -> Option<&str> {
        None
    }
    /// CWE ids (numbers only).
    fn cwe(&self) -> &[u32] {
        &[]
    }
    /// Applies the rule: one [`Hit`] per gap, at the element that has it.
    fn hits(&self, cx: &Context<'_>) -> Vec<Hit>;
}

/// What a report or SARIF log says of a custom rule: its metadata, owned, so it outlives the
/// rule it was taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomRuleMetadata {
    /// [`CustomRule::name`].
    pub name: String,
    /// [`CustomRule::default_severity`].
    pub default_severity: Severity,
    /// [`CustomRule::summary`].
    pub summary: String,
    /// [`CustomRule::docs`].
    pub docs: String,
    /// [`CustomRule::owasp_api_2023`].
    pub owasp_api_2023: Option<String>,
    /// [`CustomRule::cwe`].
    pub cwe: Vec<u32>,
}

impl CustomRuleMetadata {
    /// The metadata of `rule`.
    pub fn of(rule: &dyn CustomRule) -> Self {
        CustomRuleMetadata {
            name: rule.name().to_owned(),
            default_severity: rule.default_severity(),
            summary: rule.summary().to_owned(),
            docs: rule.docs(),
            owasp_api_2023: rule.owasp_api_2023().map(str::to_owned),
            cwe: rule.cwe().to_vec(),
        }
    }
}

/// Whether `name` is a custom rule's name: two or more snake_case identifiers joined by `::`
/// (`team::no_public_admin`), so it can never be a built-in rule's name.
pub fn is_custom_rule_name(name: &str) -> bool {
    let mut segments = 0;
    for segment in name.split("::") {
        segments += 1;
        let mut chars = segment.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if !(first.is_ascii_lowercase() || first == '_')
            || !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return false;
        }
    }
    segments >= 2
}

/// A rule written as data: which endpoints or threats it applies to, and what each must have.
///
/// The TOML form, one `[[rule]]` per rule in the file that `rules-file` in
/// `[workspace.metadata.threatmodel]` names:
///
/// ```toml
/// [[rule]]
/// name = "team::admin_authorization_runs"
/// severity = "error"
/// summary = "an admin route has no authorization control seen running"
/// docs = "Admin routes change other users' data; the check must run, not only be cited."
/// owasp = "API5:2023"
/// cwe = [285]
///
/// [rule.endpoints]
/// route = "/admin/*"
///
/// [rule.require]
/// controls = ["authorization"]
/// seen-running = true
/// ```
///
/// A rule applies to `endpoints` or to `threats` (exactly one); every key given under it must
/// match. Each unmet requirement of `require` is named in the finding's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DeclaredRule {
    /// Namespaced name, `team::rule_name`.
    pub name: String,
    /// Severity of its findings unless configured otherwise; `warning` if not given.
    #[serde(default = "warning")]
    pub severity: Severity,
    /// One line, lower case, no trailing period: what a finding means.
    pub summary: String,
    /// Why the gap matters and how to close it (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// The `help:` line of each finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// OWASP API Security Top 10 2023 id, `API5:2023` form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owasp: Option<String>,
    /// CWE ids, numbers only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cwe: Vec<u32>,
    /// The endpoints the rule applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<EndpointFilter>,
    /// The threats the rule applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threats: Option<ThreatFilter>,
    /// What each endpoint or threat it applies to must have.
    pub require: Requirement,
}

fn warning() -> Severity {
    Severity::Warning
}

/// Which endpoints a [`DeclaredRule`] applies to; a key left out matches every endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EndpointFilter {
    /// A route pattern, as `applies_to` takes (`/admin/*`): matched against every path the
    /// endpoint is served at when the code facts show them, else against its claimed route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// HTTP methods, upper case; `ANY` endpoints match every method.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<String>,
    /// The endpoint's `auth` is one of these (an endpoint that states none matches none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auth: Vec<AuthRequirement>,
    /// Its callers come from this trust boundary (its id) or one nested inside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<String>,
    /// It exposes an asset (in `exposes`, or carried per the code facts) at least this critical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposes: Option<Level>,
    /// It is annotated in one of these crates (crate names, `bank_api` form).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crates: Vec<String>,
}

/// Which threats a [`DeclaredRule`] applies to; a key left out matches every threat.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ThreatFilter {
    /// Threat kinds (catalogue ids such as `bola`, or custom kinds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    /// It concerns an asset (its `assets`, or its endpoint's exposed assets) at least this
    /// critical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<Level>,
    /// It is recorded in one of these crates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crates: Vec<String>,
}

/// What a [`DeclaredRule`] requires; every key given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Requirement {
    /// Endpoints: a control of each of these kinds covers it (cited by one of its threats, or
    /// through `applies_to`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// Endpoints: the code facts see each required control running on it, not only cited. A
    /// control whose running cannot be told gives a note saying why, never a pass.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub seen_running: bool,
    /// Endpoints: its `auth` is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auth: Vec<AuthRequirement>,
    /// Endpoints: a threat of each of these kinds is recorded on its handler, whatever its
    /// disposition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<String>,
    /// Threats: its disposition is one of these (`mitigated`, `accepted`, `transferred`,
    /// `open`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dispositions: Vec<DispositionKind>,
}

/// The kind of a threat's disposition, without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DispositionKind {
    /// `mitigated_by = ...`.
    Mitigated,
    /// `accepted = "..."`.
    Accepted,
    /// `transferred = "..."`.
    Transferred,
    /// `open = "..."`.
    Open,
    /// No disposition: only in the partial model of a build that failed on it.
    Undisposed,
}

impl DispositionKind {
    /// The kind of `disposition`.
    pub fn of(disposition: &Disposition) -> Self {
        match disposition {
            Disposition::Mitigated { .. } => DispositionKind::Mitigated,
            Disposition::Accepted { .. } => DispositionKind::Accepted,
            Disposition::Transferred { .. } => DispositionKind::Transferred,
            Disposition::Open { .. } => DispositionKind::Open,
            Disposition::Undisposed => DispositionKind::Undisposed,
        }
    }

    /// The annotation's word for it.
    pub const fn as_str(self) -> &'static str {
        match self {
            DispositionKind::Mitigated => "mitigated",
            DispositionKind::Accepted => "accepted",
            DispositionKind::Transferred => "transferred",
            DispositionKind::Open => "open",
            DispositionKind::Undisposed => "undisposed",
        }
    }
}

/// Why a [`DeclaredRule`] cannot be run: its name, subject or requirements do not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRule {
    /// The rule's name as written.
    pub rule: String,
    /// What is wrong, lower case, no trailing period.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl fmt::Display for InvalidRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rule `{}`: {}", self.rule, self.message)
    }
}

impl std::error::Error for InvalidRule {}

impl DeclaredRule {
    /// Checks what serde cannot: a namespaced name, one subject, requirements that fit it, a
    /// one-line summary, control kinds of the catalogue.
    ///
    /// # Errors
    /// The first problem found, with a fix.
    pub fn validate(&self) -> Result<(), InvalidRule> {
        let invalid = |message: String, help: &str| InvalidRule {
            rule: self.name.clone(),
            message,
            help: help.to_owned(),
        };
        if !is_custom_rule_name(&self.name) {
            return Err(invalid(
                format!("`{}` is not a namespaced rule name", self.name),
                "name it `namespace::rule_name` in snake_case, such as `team::no_public_admin`; \
                 the namespace keeps it apart from built-in rules",
            ));
        }
        if self.summary.trim().is_empty() || self.summary.contains('\n') {
            return Err(invalid(
                "`summary` must be one non-empty line".to_owned(),
                "say in one line what a finding means, such as \"an admin route has no authorization control\"",
            ));
        }
        let require = &self.require;
        let for_endpoints = !require.controls.is_empty()
            || require.seen_running
            || !require.auth.is_empty()
            || !require.threats.is_empty();
        match (&self.endpoints, &self.threats) {
            (Some(_), Some(_)) | (None, None) => {
                return Err(invalid(
                    "a rule applies to `endpoints` or to `threats`, exactly one".to_owned(),
                    "keep one of `[rule.endpoints]` and `[rule.threats]` (an empty table applies to all)",
                ));
            }
            (Some(_), None) if !require.dispositions.is_empty() => {
                return Err(invalid(
                    "`dispositions` is a requirement of threats, and this rule applies to endpoints"
                        .to_owned(),
                    "apply the rule to threats with `[rule.threats]`, or require `controls`, `seen-running`, `auth` or `threats`",
                ));
            }
            (None, Some(_)) if for_endpoints => {
                return Err(invalid(
                    "`controls`, `seen-running`, `auth` and `threats` are requirements of endpoints, and this rule applies to threats".to_owned(),
                    "apply the rule to endpoints with `[rule.endpoints]`, or require `dispositions`",
                ));
            }
            _ => {}
        }
        if !for_endpoints && require.dispositions.is_empty() {
            return Err(invalid(
                "`require` names nothing to check".to_owned(),
                "add a requirement under `[rule.require]`, such as `controls = [\"authorization\"]`",
            ));
        }
        if require.seen_running && require.controls.is_empty() {
            return Err(invalid(
                "`seen-running` needs `controls` to know which controls must run".to_owned(),
                "add `controls = [\"...\"]` beside it",
            ));
        }
        for control in &require.controls {
            if threatmodel_core::catalogue::control_kind(control).is_none() {
                return Err(invalid(
                    format!("unknown control kind `{control}`"),
                    "`cargo threatmodel explain` lists the control kinds of the catalogue",
                ));
            }
        }
        Ok(())
    }

    /// The hits on endpoints: for each endpoint the filter selects, one hit naming every unmet
    /// requirement; a hit at `note` when the only doubt is a control whose running cannot be
    /// told.
    fn endpoint_hits(&self, cx: &Context<'_>, filter: &EndpointFilter) -> Vec<Hit> {
        let mut hits = Vec::new();
        for endpoint in &cx.model.endpoints {
            if !selects(cx, filter, endpoint) {
                continue;
            }
            let mut unmet = Vec::new();
            let mut unknown = Vec::new();
            let covering = cx.covering(endpoint);
            for control in &self.require.controls {
                let control = threatmodel_core::catalogue::control_kind(control)
                    .map_or(control.as_str(), |c| c.id);
                let of_kind: Vec<_> = covering
                    .iter()
                    .filter(|m| m.controls.iter().any(|c| c == control))
                    .collect();
                if of_kind.is_empty() {
                    unmet.push(format!("no `{control}` control covers it"));
                    continue;
                }
                if !self.require.seen_running {
                    continue;
                }
                let Some(claims) = &cx.claims else {
                    unknown.push(format!(
                        "whether a `{control}` control runs: the model has no code facts"
                    ));
                    continue;
                };
                let runs: Vec<Running> = of_kind.iter().map(|m| claims.runs(endpoint, m)).collect();
                if runs.iter().any(|r| matches!(r, Running::Seen(_))) {
                    continue;
                }
                let why_unknown: Vec<&str> = runs
                    .iter()
                    .filter_map(|r| match r {
                        Running::Unknown(why) => Some(why.as_str()),
                        _ => None,
                    })
                    .collect();
                if let Some(why) = why_unknown.first() {
                    unknown.push(format!("whether a `{control}` control runs: {why}"));
                } else {
                    let names: Vec<String> =
                        of_kind.iter().map(|m| format!("`{}`", m.name)).collect();
                    unmet.push(format!(
                        "its `{control}` control ({}) is cited but not seen running",
                        names.join(", ")
                    ));
                }
            }
            if !self.require.auth.is_empty()
                && !endpoint
                    .auth
                    .is_some_and(|auth| self.require.auth.contains(&auth))
            {
                let stated = endpoint.auth.map_or("not stated", AuthRequirement::as_str);
                unmet.push(format!("its `auth` is {stated}"));
            }
            for kind in &self.require.threats {
                if !cx
                    .threats_on(&endpoint.handler)
                    .iter()
                    .any(|t| same_kind(kind, &t.kind))
                {
                    unmet.push(format!("no `{kind}` threat is recorded on it"));
                }
            }
            let subject = format!("`{} {}`", endpoint.method, endpoint.route);
            if !unmet.is_empty() {
                hits.push(self.hit(
                    &endpoint.id,
                    &endpoint.handler,
                    endpoint,
                    format!("{}: {subject}: {}", self.summary, unmet.join("; ")),
                    None,
                ));
            } else if !unknown.is_empty() {
                hits.push(self.hit(
                    &endpoint.id,
                    &endpoint.handler,
                    endpoint,
                    format!(
                        "{}: {subject}: cannot tell {}",
                        self.summary,
                        unknown.join("; ")
                    ),
                    Some(Severity::Note),
                ));
            }
        }
        hits
    }

    /// The hits on threats: one per threat the filter selects whose disposition is not one of
    /// the required ones.
    fn threat_hits(&self, cx: &Context<'_>, filter: &ThreatFilter) -> Vec<Hit> {
        cx.model
            .threats
            .iter()
            .filter(|threat| selects_threat(cx, filter, threat))
            .filter(|threat| {
                !self.require.dispositions.is_empty()
                    && !self
                        .require
                        .dispositions
                        .contains(&DispositionKind::of(&threat.disposition))
            })
            .map(|threat| {
                let allowed: Vec<&str> = self
                    .require
                    .dispositions
                    .iter()
                    .map(|d| d.as_str())
                    .collect();
                let hit = Hit::new(
                    &threat.id,
                    &threat.subject,
                    &threat.location,
                    format!(
                        "{}: threat `{}` on `{}` is {}, not {}",
                        self.summary,
                        threat.kind,
                        threat.subject,
                        DispositionKind::of(&threat.disposition).as_str(),
                        allowed.join(" or ")
                    ),
                );
                match &self.help {
                    Some(help) => hit.help(help.clone()),
                    None => hit,
                }
            })
            .collect()
    }

    fn hit(
        &self,
        element: &str,
        item: &str,
        endpoint: &Endpoint,
        message: String,
        severity: Option<Severity>,
    ) -> Hit {
        let mut hit = Hit::new(element, item, &endpoint.location, message);
        if let Some(help) = &self.help {
            hit = hit.help(help.clone());
        }
        if let Some(severity) = severity {
            hit = hit.severity(severity);
        }
        hit
    }
}

impl CustomRule for DeclaredRule {
    fn name(&self) -> &str {
        &self.name
    }

    fn default_severity(&self) -> Severity {
        self.severity
    }

    fn summary(&self) -> &str {
        &self.summary
    }

    fn docs(&self) -> String {
        self.docs.clone().unwrap_or_default()
    }

    fn owasp_api_2023(&self) -> Option<&str> {
        self.owasp.as_deref()
    }

    fn cwe(&self) -> &[u32] {
        &self.cwe
    }

    fn hits(&self, cx: &Context<'_>) -> Vec<Hit> {
        match (&self.endpoints, &self.threats) {
            (Some(filter), _) => self.endpoint_hits(cx, filter),
            (None, Some(filter)) => self.threat_hits(cx, filter),
            (None, None) => Vec::new(),
        }
    }
}

/// Whether `filter` selects `endpoint`.
fn selects(cx: &Context<'_>, filter: &EndpointFilter, endpoint: &Endpoint) -> bool {
    if let Some(pattern) = &filter.route {
        let served: Vec<&str> = match cx.claims.as_ref().and_then(|c| c.served(&endpoint.id)) {
            Some(Served::At(routes)) => routes.iter().map(|r| r.path.as_str()).collect(),
            _ => vec![endpoint.route.as_str()],
        };
        if !served.iter().any(|path| route_matches(pattern, path)) {
            return false;
        }
    }
    if !filter.methods.is_empty()
        && endpoint.method != "ANY"
        && !filter
            .methods
            .iter()
            .any(|m| m.eq_ignore_ascii_case(&endpoint.method))
    {
        return false;
    }
    if !filter.auth.is_empty() && !endpoint.auth.is_some_and(|a| filter.auth.contains(&a)) {
        return false;
    }
    if let Some(boundary) = &filter.boundary
        && !endpoint
            .boundary
            .as_deref()
            .is_some_and(|b| cx.within(b, boundary))
    {
        return false;
    }
    if let Some(level) = filter.exposes
        && !cx.exposed_assets(endpoint).iter().any(|a| a.level <= level)
    {
        return false;
    }
    filter.crates.is_empty() || filter.crates.contains(&endpoint.location.krate)
}

/// Whether `filter` selects `threat`.
fn selects_threat(cx: &Context<'_>, filter: &ThreatFilter, threat: &Threat) -> bool {
    if !filter.kinds.is_empty() && !filter.kinds.iter().any(|k| same_kind(k, &threat.kind)) {
        return false;
    }
    if let Some(level) = filter.assets {
        let on_endpoints = cx
            .model
            .endpoints
            .iter()
            .filter(|e| e.handler == threat.subject)
            .flat_map(|e| cx.exposed_assets(e));
        let critical_enough = cx
            .assets_of(&threat.assets)
            .chain(on_endpoints)
            .any(|a| a.level <= level);
        if !critical_enough {
            return false;
        }
    }
    filter.crates.is_empty() || filter.crates.contains(&threat.location.krate)
}

/// Whether threat kind `written` (a catalogue id, one of its aliases such as `bola`, or a custom
/// kind) names `kind`, a model threat's canonical kind.
fn same_kind(written: &str, kind: &str) -> bool {
    threatmodel_core::catalogue::threat_kind(written).map_or(written, |t| t.id) == kind
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(json: serde_json::Value) -> DeclaredRule {
        serde_json::from_value(json).expect("a rule of the declared shape")
    }

    fn valid() -> serde_json::Value {
        serde_json::json!({
            "name": "team::admin_runs",
            "summary": "an admin route has no authorization control",
            "endpoints": { "route": "/admin/*" },
            "require": { "controls": ["authorization"] },
        })
    }

    fn invalid(edit: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut json = valid();
        edit(&mut json);
        rule(json).validate().expect_err("an invalid rule").message
    }

    #[test]
    fn custom_rule_names_are_namespaced_snake_case() {
        for name in ["team::rule", "a::b::c", "acme_2::no_public_admin"] {
            assert!(is_custom_rule_name(name), "{name}");
        }
        for name in [
            "rule",
            "missing_rate_limiting",
            "Team::rule",
            "team::",
            "::rule",
            "team:rule",
            "team::no-dash",
            "",
        ] {
            assert!(!is_custom_rule_name(name), "{name}");
        }
    }

    #[test]
    fn a_valid_rule_validates_and_defaults_to_warning() {
        let rule = rule(valid());
        assert_eq!(rule.validate(), Ok(()));
        assert_eq!(rule.severity, Severity::Warning);
    }

    #[test]
    fn validation_names_each_mistake() {
        assert_eq!(
            invalid(|r| r["name"] = "admin_runs".into()),
            "`admin_runs` is not a namespaced rule name"
        );
        assert_eq!(
            invalid(|r| r["summary"] = " ".into()),
            "`summary` must be one non-empty line"
        );
        assert_eq!(
            invalid(|r| r["threats"] = serde_json::json!({})),
            "a rule applies to `endpoints` or to `threats`, exactly one"
        );
        assert_eq!(
            invalid(|r| {
                r.as_object_mut().expect("an object").remove("endpoints");
            }),
            "a rule applies to `endpoints` or to `threats`, exactly one"
        );
        assert_eq!(
            invalid(|r| r["require"] = serde_json::json!({ "dispositions": ["mitigated"] })),
            "`dispositions` is a requirement of threats, and this rule applies to endpoints"
        );
        assert_eq!(
            invalid(|r| r["require"] = serde_json::json!({})),
            "`require` names nothing to check"
        );
        assert_eq!(
            invalid(|r| r["require"] = serde_json::json!({ "seen-running": true })),
            "`seen-running` needs `controls` to know which controls must run"
        );
        assert_eq!(
            invalid(|r| r["require"]["controls"] = serde_json::json!(["authorisation"])),
            "unknown control kind `authorisation`"
        );
        let threats_rule = |r: &mut serde_json::Value| {
            r.as_object_mut().expect("an object").remove("endpoints");
            r["threats"] = serde_json::json!({ "kinds": ["bola"] });
        };
        assert_eq!(
            invalid(threats_rule),
            "`controls`, `seen-running`, `auth` and `threats` are requirements of endpoints, and this rule applies to threats"
        );
    }

    #[test]
    fn unknown_keys_are_rejected_not_ignored() {
        let mut json = valid();
        json["require"]["control"] = serde_json::json!(["authorization"]);
        let err = serde_json::from_value::<DeclaredRule>(json).expect_err("a misspelt key");
        assert!(err.to_string().contains("unknown field `control`"), "{err}");
    }

    #[test]
    fn threat_kinds_match_by_id_or_alias() {
        assert!(same_kind("bola", "broken_object_level_authorization"));
        assert!(same_kind(
            "broken_object_level_authorization",
            "broken_object_level_authorization"
        ));
        assert!(same_kind("team_kind", "team_kind"));
        assert!(!same_kind("injection", "broken_object_level_authorization"));
    }
}
