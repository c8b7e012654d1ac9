//! Consistency of a model: what the compiler cannot guarantee of one built from the annotations
//! (a cycle of `parent` links), and everything for one that did not come from them (a saved
//! JSON file edited by hand or written by another tool, read by `cargo threatmodel report
//! --from`). [`Model::from_records`] runs it too, so `check` on a build and `report --from` on
//! the saved model report the same problems.

use std::collections::BTreeSet;

use threatmodel_core::Disposition;
use threatmodel_core::catalogue::{control_kind, threat_kind};

use super::{Location, Model, Problem, Threat};

impl Model {
    /// Checks what the compiler and [`Model::from_records`] guarantee for a model built from the
    /// code, and returns each violation as a [`Problem`] at the element concerned (sorted, no
    /// repeats); an empty list means the model is consistent.
    ///
    /// Checked: ids unique per kind (and one route per handler); every reference (`parent`,
    /// `boundary`, `exposes`, flows' `from`/`to`/`data`, threats' mitigations and `assets`)
    /// names an element of the right kind; no cycle of `parent` links; catalogue threat and
    /// control kinds exist; `expires` dates are ISO 8601 calendar dates (`YYYY-MM-DD`);
    /// reasons of acceptances, transfers and open weaknesses, the tickets of open weaknesses and
    /// the reasons of suppressions and the texts of assumptions are not blank; suppressions
    /// name a rule;
    /// endpoints have an upper-case method and a route starting with `/`. The model's own
    /// [`Model::problems`] are not repeated.
    pub fn validate(&self) -> Vec<Problem> {
        let mut sorted = self.clone();
        sorted.sort();
        let mut found = Found(sorted.duplicate_problems());
        for (plural, ids) in [
            (
                "endpoints",
                sorted
                    .endpoints
                    .iter()
                    // One route declared twice on one handler gives two endpoints of one id;
                    // `duplicate_problems` reports it as such, once.
                    .map(|e| {
                        (
                            e.id.as_str(),
                            &e.location,
                            Some((&e.method, &e.route, &e.handler)),
                        )
                    })
                    .collect::<Vec<_>>(),
            ),
            (
                "threats",
                sorted
                    .threats
                    .iter()
                    .map(|t| (t.id.as_str(), &t.location, None))
                    .collect(),
            ),
        ] {
            for pair in ids.windows(2) {
                if pair[0].0 == pair[1].0 && (pair[0].2.is_none() || pair[0].2 != pair[1].2) {
                    found.add(
                        pair[1].1,
                        format!(
                            "two {plural} have the id `{}` (the other is at {})",
                            pair[1].0, pair[0].1
                        ),
                    );
                }
            }
        }

        let boundaries: BTreeSet<&str> = self
            .trust_boundaries
            .iter()
            .map(|b| b.id.as_str())
            .collect();
        let components: BTreeSet<&str> = self.components.iter().map(|c| c.id.as_str()).collect();
        let assets: BTreeSet<&str> = self.assets.iter().map(|a| a.id.as_str()).collect();
        let mitigations: BTreeSet<&str> = self.mitigations.iter().map(|m| m.id.as_str()).collect();

        for boundary in &self.trust_boundaries {
            if let Some(parent) = &boundary.parent {
                if !boundaries.contains(parent.as_str()) {
                    found.missing(&boundary.location, "trust boundary", "parent", parent);
                } else if self.parent_cycle(&boundary.id) {
                    found.add(
                        &boundary.location,
                        format!(
                            "trust boundary `{}` is its own ancestor through `parent`",
                            boundary.id
                        ),
                    );
                }
            }
        }
        for component in &self.components {
            if let Some(boundary) = &component.boundary
                && !boundaries.contains(boundary.as_str())
            {
                found.missing(&component.location, "trust boundary", "boundary", boundary);
            }
        }
        for mitigation in &self.mitigations {
            for control in &mitigation.controls {
                if control_kind(control).is_none() {
                    found.add(
                        &mitigation.location,
                        format!("unknown control kind `{control}` on `{}`", mitigation.id),
                    );
                }
            }
        }
        for endpoint in &self.endpoints {
            if let Some(boundary) = &endpoint.boundary
                && !boundaries.contains(boundary.as_str())
            {
                found.missing(&endpoint.location, "trust boundary", "boundary", boundary);
            }
            for asset in &endpoint.exposes {
                if !assets.contains(asset.as_str()) {
                    found.missing(&endpoint.location, "asset", "exposes", asset);
                }
            }
            if endpoint.method.is_empty()
                || !endpoint.method.chars().all(|c| c.is_ascii_uppercase())
            {
                found.add(
                    &endpoint.location,
                    format!(
                        "endpoint `{}` has the method `{}`; expected an upper-case HTTP method \
                         or `ANY`",
                        endpoint.id, endpoint.method
                    ),
                );
            }
            if !endpoint.route.starts_with('/') {
                found.add(
                    &endpoint.location,
                    format!(
                        "endpoint `{}` has the route `{}`, which does not start with `/`",
                        endpoint.id, endpoint.route
                    ),
                );
            }
        }
        for flow in &self.data_flows {
            if let Some(from) = &flow.from
                && !components.contains(from.as_str())
            {
                found.missing(&flow.location, "component", "from", from);
            }
            if !components.contains(flow.to.as_str()) {
                found.missing(&flow.location, "component", "to", &flow.to);
            }
            for asset in &flow.data {
                if !assets.contains(asset.as_str()) {
                    found.missing(&flow.location, "asset", "data", asset);
                }
            }
        }
        for threat in &self.threats {
            if !threat.custom && threat_kind(&threat.kind).is_none() {
                found.add(
                    &threat.location,
                    format!(
                        "unknown threat kind `{}` on `{}`",
                        threat.kind, threat.subject
                    ),
                );
            }
            for asset in &threat.assets {
                if !assets.contains(asset.as_str()) {
                    found.missing(&threat.location, "asset", "assets", asset);
                }
            }
            match &threat.disposition {
                // A partial model carries the build's error for it, on its line: said once.
                Disposition::Undisposed
                    if self.problems.iter().any(|p| {
                        p.location.file == threat.location.file
                            && p.location.line == threat.location.line
                    }) => {}
                Disposition::Undisposed => found.add(
                    &threat.location,
                    format!(
                        "`{}` has no disposition (the build that saved the model failed on it)",
                        threat.id
                    ),
                ),
                Disposition::Mitigated { by, .. } => {
                    for id in by {
                        if !mitigations.contains(id.as_str()) {
                            found.missing(&threat.location, "mitigation", "mitigated_by", id);
                        }
                    }
                }
                Disposition::Accepted {
                    reason, expires, ..
                } => {
                    if reason.trim().is_empty() {
                        found.add(
                            &threat.location,
                            format!("the acceptance of `{}` gives no reason", threat.id),
                        );
                    }
                    if let Some(expires) = expires {
                        found.malformed_expires(threat, expires);
                    }
                }
                Disposition::Transferred { to, .. } => {
                    if to.trim().is_empty() {
                        found.add(
                            &threat.location,
                            format!("`{}` is transferred to nobody", threat.id),
                        );
                    }
                }
                Disposition::Open {
                    reason,
                    ticket,
                    expires,
                    ..
                } => {
                    if reason.trim().is_empty() {
                        found.add(
                            &threat.location,
                            format!(
                                "the open weakness `{}` does not say what is wrong",
                                threat.id
                            ),
                        );
                    }
                    if ticket.trim().is_empty() {
                        found.add(
                            &threat.location,
                            format!("the open weakness `{}` names no ticket", threat.id),
                        );
                    }
                    if let Some(expires) = expires {
                        found.malformed_expires(threat, expires);
                    }
                }
            }
        }
        for suppression in &self.suppressions {
            // A custom rule's namespaced name is checked against the custom rules run
            // (`unused_suppression`), which the model does not know.
            if threatmodel_core::rule_names::rule_name(&suppression.rule).is_none()
                && !crate::rules::is_custom_rule_name(&suppression.rule)
            {
                found.add(
                    &suppression.location,
                    format!("`allow` names no rule `{}`", suppression.rule),
                );
            }
            if suppression.reason.trim().is_empty() {
                found.add(
                    &suppression.location,
                    format!(
                        "`allow({})` on `{}` gives no reason",
                        suppression.rule, suppression.item
                    ),
                );
            }
        }
        for assumption in &self.assumptions {
            if assumption.text.trim().is_empty() {
                found.add(
                    &assumption.location,
                    format!(
                        "the assumption `{}` does not say what is assumed",
                        assumption.id
                    ),
                );
            }
        }
        let mut problems = found.0;
        problems.retain(|p| !self.problems.contains(p));
        problems.sort();
        problems.dedup();
        problems
    }

    /// Whether following `parent` links from boundary `id` comes back to it.
    fn parent_cycle(&self, id: &str) -> bool {
        let mut current = self
            .trust_boundaries
            .iter()
            .find(|b| b.id == id)
            .and_then(|b| b.parent.as_deref());
        for _ in 0..self.trust_boundaries.len() {
            match current {
                None => return false,
                Some(parent) if parent == id => return true,
                Some(parent) => {
                    current = self
                        .trust_boundaries
                        .iter()
                        .find(|b| b.id == parent)
                        .and_then(|b| b.parent.as_deref());
                }
            }
        }
        // Still climbing after as many steps as there are boundaries: a cycle lies above this
        // boundary, which is not on it (the boundaries on it are reported themselves).
        false
    }
}

/// The problems found so far.
struct Found(Vec<Problem>);

impl Found {
    fn add(&mut self, location: &Location, message: String) {
        self.0.push(Problem {
            location: location.clone(),
            message,
        });
    }

    /// The `expires` date of `threat` is not a calendar date written `YYYY-MM-DD`.
    fn malformed_expires(&mut self, threat: &Threat, expires: &str) {
        if !threatmodel_core::date::is_iso_date(expires) {
            self.add(
                &threat.location,
                format!(
                    "`expires = \"{expires}\"` of `{}` is not a calendar date (`YYYY-MM-DD`)",
                    threat.id
                ),
            );
        }
    }

    /// `field` of the element at `location` names `id`, which is no `what` of the model.
    fn missing(&mut self, location: &Location, what: &str, field: &str, id: &str) {
        self.add(
            location,
            format!("`{field}` names `{id}`, which is not a {what} of the model"),
        );
    }
}
