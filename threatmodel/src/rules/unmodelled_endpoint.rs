//! TM0017 `unmodelled_endpoint`: a route the service serves that no `#[endpoint]` describes.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0017",
    name: "unmodelled_endpoint",
    default_severity: Severity::Warning,
    stride: Stride::ALL,
    owasp_api_2023: Some("API9:2023"),
    cwe: &[1059],
    summary: "a route the service serves is described by no `#[endpoint]`",
    checks: "Every route of the route table read from the code (axum, actix-web and Rocket \
        routers: method, full path with mount prefixes, handler) whose handler is a named fn \
        that carries no `#[endpoint]` claiming that method and path. A claimed path matches \
        whatever its parameter names; a route read from the framework attribute \
        (`#[endpoint]` above `#[get(\"/tags\")]`) matches under any mount prefix. Routes whose \
        handler the reader could not identify (closures, macro-built routers) are unknown and \
        not reported. The finding points at the route's registration. Skipped when the model \
        has no facts (`Model::collect()`, a saved model of schema version 1).",
    why: "A threat model that misses a served route cannot say anything about it: no threat is \
        recorded, no rule checks its authentication or authorization, and reviewers never see \
        it (OWASP API9:2023, improper inventory). Debug and admin routes added in a hurry are \
        the classic case.",
    example: "use axum::{Router, routing::get};\n\
        use threatmodel::{endpoint, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[endpoint(\"GET /accounts/{id}\", boundary = Internet)]\n\
        pub async fn get_account() {}\n\
        \n\
        pub async fn dump() {}\n\
        \n\
        pub fn app() -> Router {\n\
        \x20   Router::new()\n\
        \x20       .route(\"/accounts/{id}\", get(get_account))\n\
        \x20       .route(\"/admin/dump\", get(dump)) // nothing on dump\n\
        }",
    fix: "Annotate the handler with `#[endpoint(\"METHOD /full/path\", boundary = ..., auth = \
        ...)]` and record its threats (`cargo threatmodel init` writes the annotations of \
        every unmodelled route as a diff), or remove the route if it should not be served.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(claims) = &cx.claims else {
        return Vec::new();
    };
    claims
        .unmodelled()
        .iter()
        .map(|unmodelled| {
            let route = unmodelled.route;
            Hit::new(
                format!("{} {} {}", unmodelled.handler, route.method, route.path),
                unmodelled.handler,
                &unmodelled.location,
                format!(
                    "`{} {}` is served by `{}`, but no `#[endpoint]` describes it",
                    route.method, route.path, unmodelled.handler
                ),
            )
            .help(format!(
                "annotate `{}` with `#[endpoint(\"{} {}\", boundary = ..., auth = ...)]` and record its threats",
                unmodelled.handler, route.method, route.path
            ))
        })
        .collect()
}
