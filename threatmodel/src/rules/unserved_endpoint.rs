//! TM0018 `unserved_endpoint`: an `#[endpoint]` that no router serves, or whose method or path
//! disagrees with what the router serves.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};
use crate::claims::Served;

pub(super) static RULE: Rule = Rule {
    id: "TM0018",
    name: "unserved_endpoint",
    default_severity: Severity::Warning,
    stride: Stride::ALL,
    owasp_api_2023: Some("API9:2023"),
    cwe: &[1059],
    summary: "an `#[endpoint]` describes a route that no router serves as claimed",
    checks: "Every `#[endpoint]` compared with the route table read from the code. It is \
        reported when its handler is served, but on no route with the claimed method and path \
        (a hand-written template that lacks a mount prefix, a changed method), naming what is \
        served; or when no route serves its handler while the routers serving the other \
        handlers of its crate were read completely (a stale model). When a router could not \
        be read completely (a closure handler, a macro-built router) or no router of its crate \
        was read, the endpoint is unknown and not reported. Skipped when the model has no \
        facts.",
    why: "A model that describes routes the service does not serve misleads its reviewers: \
        threats and controls are recorded for a path attackers never reach, while the path \
        they do reach (with its mount prefix, under other middleware) goes unexamined.",
    example: "use axum::{Router, routing::get};\n\
        use threatmodel::{endpoint, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[endpoint(\"GET /tags\", boundary = Internet)] // mounted under /api\n\
        pub async fn tags() {}\n\
        \n\
        pub fn app() -> Router {\n\
        \x20   Router::new().nest(\"/api\", Router::new().route(\"/tags\", get(tags)))\n\
        }",
    fix: "Write the method and the full path the router serves (`GET /api/tags`), or put \
        `#[endpoint]` above the framework attribute and let the route table supply the mount \
        prefix; delete the annotation (or the handler) when the route is gone.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(claims) = &cx.claims else {
        return Vec::new();
    };
    cx.model
        .endpoints
        .iter()
        .filter_map(|endpoint| {
            let claimed = format!("{} {}", endpoint.method, endpoint.route);
            let hit = |message: String| {
                Hit::new(&endpoint.id, &endpoint.handler, &endpoint.location, message)
            };
            match claims.served(&endpoint.id)? {
                Served::At(_) | Served::Unknown(_) => None,
                Served::Elsewhere(routes) => {
                    let served: Vec<String> = routes
                        .iter()
                        .map(|r| format!("`{} {}`", r.method, r.path))
                        .collect();
                    Some(
                        hit(format!(
                            "`{claimed}` is not what the router serves: `{}` is served as {}",
                            endpoint.handler,
                            served.join(", ")
                        ))
                        .help(format!(
                            "write the route as served: `#[endpoint(\"{} {}\", ...)]`",
                            routes[0].method, routes[0].path
                        )),
                    )
                }
                Served::Not => Some(
                    hit(format!(
                        "`{claimed}` is served by no router: no route has `{}` as its handler",
                        endpoint.handler
                    ))
                    .help("mount the handler, or remove the stale annotation"),
                ),
            }
        })
        .collect()
}
