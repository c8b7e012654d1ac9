//! TM0019 `unapplied_mitigation`: a control the model relies on for a route does not run on it.

use threatmodel_core::{Disposition, Stride};

use super::{Context, Hit, Rule, Severity, route_matches};
use crate::claims::{Running, Served};

pub(super) static RULE: Rule = Rule {
    id: "TM0019",
    name: "unapplied_mitigation",
    default_severity: Severity::Error,
    stride: Stride::ALL,
    owasp_api_2023: Some("API8:2023"),
    cwe: &[693],
    summary: "a control cited for a route, or claiming to cover it, is seen not running there",
    checks: "Every control a threat on a handler cites with `mitigated_by`, and every control \
        whose `applies_to` pattern matches a route the handler is served at, checked against \
        the facts read from the code on each route that serves the endpoint. The control runs \
        when it is one of the route's layers or middleware (its own path, or a path it is \
        `installed_by`), when the handler takes it as a parameter (an extractor or request \
        guard; `Option<T>` and `Result<T, E>` do not reject the request, so they do not \
        count), or when the handler, its extractors or its middleware reach it through calls. \
        It is reported only when the facts show it missing: every call on the way was followed \
        to code that was read or to library code. A control whose code was not read and that \
        names no `installed_by` (a `declare!`d third-party layer), a router or call the reader \
        could not follow, is unknown and never reported. Skipped when the model has no facts.",
    why: "A control that is cited but never runs is worse than none: the model and its report \
        say the threat is handled, reviewers stop looking, and the route stays open (OWASP \
        API8:2023, security misconfiguration). Classic causes: an ownership check written but \
        never called, a rate limiter built but not installed on the router, an admin handler \
        mounted outside the scope that carries the session middleware.",
    example: "use axum::{Json, Router, extract::Path, routing::get};\n\
        use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[asset(critical, data = \"financial\")]\n\
        pub struct Account;\n\
        \n\
        #[mitigation(authorization)]\n\
        pub fn ensure_owner(owner: u64, caller: u64) -> bool {\n\
        \x20   owner == caller\n\
        }\n\
        \n\
        #[endpoint(\"GET /accounts/{id}\", boundary = Internet, exposes = [Account])]\n\
        #[threat(bola, mitigated_by = ensure_owner)]\n\
        pub async fn get_account(Path(id): Path<u64>) -> Json<u64> {\n\
        \x20   Json(id) // ensure_owner is never called\n\
        }\n\
        \n\
        pub fn app() -> Router {\n\
        \x20   Router::new().route(\"/accounts/{id}\", get(get_account))\n\
        }",
    fix: "Make the control run where the model says it does: call it from the handler, take \
        the guard type as a parameter (not as `Option<T>`), or install the layer on the router \
        or scope that serves the route. Otherwise correct the model: cite the control that \
        does run, or record the threat as `open = \"...\"` with a ticket until it is fixed.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(claims) = &cx.claims else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for endpoint in &cx.model.endpoints {
        // Controls cited by the handler's threats.
        for threat in cx.threats_on(&endpoint.handler) {
            let Disposition::Mitigated { by, .. } = &threat.disposition else {
                continue;
            };
            for id in by {
                let Some(mitigation) = cx.mitigation(id) else {
                    continue;
                };
                if let Running::Missing { route, why } = claims.runs(endpoint, mitigation) {
                    hits.push(
                        Hit::new(
                            format!("{} {}", threat.id, mitigation.id),
                            &threat.subject,
                            &threat.location,
                            format!(
                                "`{}` is cited for `{}` on `{} {}`, but it does not run on `{route}`: {why}",
                                mitigation.name, threat.kind, endpoint.method, endpoint.route
                            ),
                        )
                        .help(format!(
                            "make `{}` run on `{route}` (call it, take it as a parameter, or install it on the router), or record the threat as `open = \"...\"` with a ticket",
                            mitigation.name
                        )),
                    );
                }
            }
        }
        // Controls that claim to cover the routes it is served at.
        let Some(Served::At(routes)) = claims.served(&endpoint.id) else {
            continue;
        };
        for mitigation in cx.model.mitigations.iter().filter(|m| {
            m.applies_to.iter().any(|pattern| {
                routes
                    .iter()
                    .any(|route| route_matches(pattern, &route.path))
            })
        }) {
            if let Running::Missing { route, why } = claims.runs(endpoint, mitigation) {
                let patterns = mitigation
                    .applies_to
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                hits.push(
                    Hit::new(
                        format!("{} {}", endpoint.id, mitigation.id),
                        &endpoint.handler,
                        &endpoint.location,
                        format!(
                            "`{}` claims to cover {patterns} (`applies_to`), but it does not run on `{route}`: {why}",
                            mitigation.name
                        ),
                    )
                    .help(format!(
                        "install `{}` on the router or scope that serves `{route}`, or narrow its `applies_to`",
                        mitigation.name
                    )),
                );
            }
        }
    }
    // Served routes no endpoint describes still run, or not, what claims to cover them.
    for unmodelled in claims.unmodelled() {
        let route = unmodelled.route;
        for mitigation in cx.model.mitigations.iter().filter(|m| {
            m.applies_to
                .iter()
                .any(|pattern| route_matches(pattern, &route.path))
        }) {
            if let Running::Missing { route: at, why } =
                claims.runs_on(unmodelled.handler, route, mitigation)
            {
                hits.push(
                    Hit::new(
                        format!("{} {} {} {}", unmodelled.handler, route.method, route.path, mitigation.id),
                        unmodelled.handler,
                        &unmodelled.location,
                        format!(
                            "`{}` claims to cover `{at}` (`applies_to`), but it does not run there: {why}",
                            mitigation.name
                        ),
                    )
                    .help(format!(
                        "install `{}` on the router or scope that serves `{at}`, or narrow its `applies_to`",
                        mitigation.name
                    )),
                );
            }
        }
    }
    hits
}
