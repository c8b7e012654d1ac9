//! TM0012 `improper_inventory`: model elements nobody can place: shadow endpoints, orphaned
//! assets, mitigations and trust boundaries.

use std::collections::BTreeMap;

use threatmodel_core::{Disposition, Stride};

use super::{Context, Hit, Rule, Severity};
use crate::model::Endpoint;

pub(super) static RULE: Rule = Rule {
    id: "TM0012",
    name: "improper_inventory",
    default_severity: Severity::Note,
    stride: &[Stride::InformationDisclosure],
    owasp_api_2023: Some("API9:2023"),
    cwe: &[1059],
    summary: "an element of the model is missing from the inventory or connected to nothing",
    checks: "Five checks, one finding per element. (1) An `#[endpoint]` without `version` in a \
        crate where another endpoint declares one, and likewise for `owner`; a crate where no \
        endpoint declares a version (or an owner) is not reported for it. (2) An `#[asset]` that \
        no endpoint `exposes`, no data flow carries in `data`, no threat names in `assets`, and \
        that carries no threat itself. (3) A `#[mitigation]` that no threat cites in \
        `mitigated_by` and that declares no `applies_to`. (4) A `#[trust_boundary]` that no \
        component runs in, no endpoint names as its `boundary`, and no other boundary names as \
        its `parent`. (5) A crate with endpoints and no `#[component(service)]`, reported once at \
        its crate root (line 1 of the root file, when the code facts show it; else at its first \
        endpoint): without it, the rules cannot tell which zone the service runs in, \
        where its own data flows start, or which process to hold to STRIDE per element.",
    why: "OWASP API9:2023: the endpoints attackers find first are the ones the inventory forgot, \
        an old version or a debug route nobody owns. In a crate that versions and assigns its \
        endpoints, one that does not is such a shadow endpoint. An asset, control or boundary \
        connected to nothing is either dead or, worse, in use where the model does not say, so \
        every review built on the model misses it.",
    example: "use threatmodel::{endpoint, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[endpoint(\"GET /v2/orders\", boundary = Internet, version = \"v2\", owner = \"orders\")]\n\
        pub async fn list_orders() {}\n\
        \n\
        #[endpoint(\"GET /v1/orders\", boundary = Internet)] // no version, no owner\n\
        pub async fn list_orders_v1() {}",
    fix: "Give every endpoint the `version` and `owner` its siblings have, or retire it. Connect \
        each asset, mitigation and boundary to what uses it (`exposes`, `data`, `assets`, \
        `mitigated_by`, `applies_to`, `boundary`, `parent`), or delete the annotation when the \
        element is gone.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let mut hits = shadow_endpoints(cx);
    hits.extend(orphaned_assets(cx));
    hits.extend(uncited_mitigations(cx));
    hits.extend(undeclared_services(cx));
    hits.extend(empty_boundaries(cx));
    hits
}

/// Check (5): crates that serve endpoints but declare no service component, each reported
/// once, at its crate root when the code facts show it, else at its first endpoint; the
/// finding's item is the crate (no endpoint is the cause).
fn undeclared_services(cx: &Context<'_>) -> Vec<Hit> {
    let mut first_endpoint: BTreeMap<&str, &Endpoint> = BTreeMap::new();
    for endpoint in &cx.model.endpoints {
        let first = first_endpoint
            .entry(endpoint.location.krate.as_str())
            .or_insert(endpoint);
        if endpoint.location < first.location {
            *first = endpoint;
        }
    }
    first_endpoint
        .into_iter()
        .filter(|(krate, _)| {
            !cx.model.components.iter().any(|c| {
                c.kind == threatmodel_core::ComponentKind::Service && c.location.krate == *krate
            })
        })
        .map(|(krate, endpoint)| {
            let location = cx
                .crate_root(krate)
                .unwrap_or_else(|| endpoint.location.clone());
            Hit::new(
                format!("{krate}#service"),
                krate,
                &location,
                format!("crate `{krate}` serves endpoints but declares no `#[component(service)]`"),
            )
            .help(
                "declare the service the crate is, in the zone it runs in: `#[component(service, \
                 boundary = ...)] pub struct Api;`",
            )
        })
        .collect()
}

/// Reads one inventory field (`version`, `owner`) of an endpoint.
type InventoryField = fn(&Endpoint) -> Option<&str>;

/// Check (1): endpoints without the `version` or `owner` other endpoints of their crate have.
fn shadow_endpoints(cx: &Context<'_>) -> Vec<Hit> {
    let mut by_crate: BTreeMap<&str, Vec<&Endpoint>> = BTreeMap::new();
    for endpoint in &cx.model.endpoints {
        by_crate
            .entry(endpoint.location.krate.as_str())
            .or_default()
            .push(endpoint);
    }
    let fields: [(&str, InventoryField); 2] = [
        ("version", |e| e.version.as_deref()),
        ("owner", |e| e.owner.as_deref()),
    ];
    let mut hits = Vec::new();
    for (krate, endpoints) in by_crate {
        for (field, value) in fields {
            let Some(usual) = most_common(endpoints.iter().filter_map(|e| value(e))) else {
                continue;
            };
            for endpoint in endpoints.iter().filter(|e| value(e).is_none()) {
                hits.push(
                    Hit::new(
                        &endpoint.id,
                        &endpoint.handler,
                        &endpoint.location,
                        format!(
                            "endpoint `{} {}` of `{}` declares no `{field}`, unlike other \
                             endpoints of crate `{krate}`",
                            endpoint.method, endpoint.route, endpoint.handler
                        ),
                    )
                    .help(format!(
                        "add `{field} = \"{usual}\"` (or the right one) to its `#[endpoint]`, or \
                         retire the endpoint if nobody owns it"
                    )),
                );
            }
        }
    }
    hits
}

/// The value that occurs most often, the first in sort order on a tie.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|&(_, count)| count == best)
        .map(|(value, _)| value)
}

/// Check (2): assets nothing exposes, carries or threatens.
fn orphaned_assets(cx: &Context<'_>) -> Vec<Hit> {
    let model = cx.model;
    model
        .assets
        .iter()
        .filter(|asset| {
            let id = &asset.id;
            !model.endpoints.iter().any(|e| e.exposes.contains(id))
                && !cx.carried_anywhere(id)
                && !model.data_flows.iter().any(|f| f.data.contains(id))
                && !model
                    .threats
                    .iter()
                    .any(|t| t.assets.contains(id) || &t.subject == id)
        })
        .map(|asset| {
            Hit::new(
                &asset.id,
                &asset.id,
                &asset.location,
                format!(
                    "asset `{}` is exposed by no endpoint, carried by no data flow and named by no \
                     threat",
                    asset.id
                ),
            )
            .help(format!(
                "name `{}` where it is used (`exposes = [...]` on an `#[endpoint]`, \
                 `data = [...]` on a `#[data_flow]`, `assets = [...]` on a `#[threat]`), or \
                 remove its `#[asset]` if it is gone",
                short_name(&asset.id)
            ))
        })
        .collect()
}

/// Check (3): mitigations no threat cites and that cover no route.
fn uncited_mitigations(cx: &Context<'_>) -> Vec<Hit> {
    let cited: std::collections::HashSet<&str> = cx
        .model
        .threats
        .iter()
        .flat_map(|t| match &t.disposition {
            Disposition::Mitigated { by, .. } => by.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        })
        .collect();
    cx.model
        .mitigations
        .iter()
        .filter(|m| m.applies_to.is_empty() && !cited.contains(m.id.as_str()))
        .map(|m| {
            Hit::new(
                &m.id,
                &m.id,
                &m.location,
                format!(
                    "mitigation `{}` is cited by no threat and declares no `applies_to`",
                    m.id
                ),
            )
            .help(format!(
                "name `{}` in `mitigated_by` of the threats it handles, or add `applies_to = \
                 \"/route/*\"` for the routes it covers; remove the `#[mitigation]` if the \
                 control is gone",
                m.marker.as_deref().unwrap_or(&m.name)
            ))
        })
        .collect()
}

/// The last segment of a Rust path: the name a `use` brings into scope.
fn short_name(id: &str) -> &str {
    id.rsplit("::").next().unwrap_or(id)
}

/// Check (4): trust boundaries with nothing in them.
fn empty_boundaries(cx: &Context<'_>) -> Vec<Hit> {
    let model = cx.model;
    model
        .trust_boundaries
        .iter()
        .filter(|boundary| {
            let id = Some(boundary.id.as_str());
            !model.components.iter().any(|c| c.boundary.as_deref() == id)
                && !model.endpoints.iter().any(|e| e.boundary.as_deref() == id)
                && !model
                    .trust_boundaries
                    .iter()
                    .any(|b| b.parent.as_deref() == id)
        })
        .map(|boundary| {
            Hit::new(
                &boundary.id,
                &boundary.id,
                &boundary.location,
                format!(
                    "trust boundary `{}` holds no component, no endpoint names it and no boundary \
                     is nested in it",
                    boundary.id
                ),
            )
            .help(format!(
                "place the components that run there in it (`#[component(..., boundary = {})]`) \
                 or name it as the `boundary` of the endpoints its callers reach; remove it if the \
                 zone is gone",
                short_name(&boundary.id)
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::undeclared_services;
    use crate::Model;
    use crate::rules::Context;

    fn location(krate: &str, line: u32) -> Value {
        json!({ "package": krate, "crate": krate, "file": "src/lib.rs", "line": line, "column": 1 })
    }

    fn endpoint(krate: &str, route: &str, line: u32) -> Value {
        json!({
            "id": format!("{krate}::h{line} GET {route}"), "method": "GET", "route": route,
            "handler": format!("{krate}::h{line}"), "location": location(krate, line),
        })
    }

    #[test]
    fn a_crate_with_endpoints_and_no_service_is_reported_once_at_its_first_endpoint() {
        let model: Model = serde_json::from_value(json!({
            "schema_version": "1",
            "trust_boundaries": [], "assets": [], "mitigations": [], "data_flows": [],
            "threats": [],
            "components": [{
                "id": "served::Api", "name": "Api", "kind": "service",
                "location": location("served", 1),
            }],
            "endpoints": [
                endpoint("bare", "/b", 9), endpoint("bare", "/a", 4), endpoint("served", "/c", 2),
            ],
        }))
        .unwrap();
        let hits = undeclared_services(&Context::new(&model, "2026-11-30"));
        assert_eq!(hits.len(), 1, "{hits:#?}");
        assert_eq!(hits[0].location.line, 4);
        assert!(
            hits[0].message.starts_with("crate `bare` serves endpoints"),
            "{}",
            hits[0].message
        );
    }
}
