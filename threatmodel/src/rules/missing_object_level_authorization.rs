//! TM0004 `missing_object_level_authorization`: endpoints that take an object id from the caller
//! with no object-level authorization threat considered.

use threatmodel_core::{DataClass, Stride};

use super::{Context, Hit, Rule, Severity};
use crate::model::Endpoint;

/// Catalogue id of the threat this rule asks for.
const BOLA: &str = "broken_object_level_authorization";

pub(super) static RULE: Rule = Rule {
    id: "TM0004",
    name: "missing_object_level_authorization",
    default_severity: Severity::Error,
    stride: &[Stride::ElevationOfPrivilege, Stride::InformationDisclosure],
    owasp_api_2023: Some("API1:2023"),
    cwe: &[639],
    summary: "an endpoint takes an object id from untrusted callers, and object-level \
        authorization is not considered",
    checks: "Every `#[endpoint]` whose callers are untrusted, whose route has a path parameter \
        (`/accounts/{id}`: the caller chooses the object) and which exposes at least one asset (with code facts, also an asset its request or response carries: see `undeclared_exposure`). \
        It is reported when its handler records no `broken_object_level_authorization` (`bola`) \
        threat, whatever the disposition: mitigated, accepted and transferred all count as \
        considered. Reading (`GET`, `HEAD`, `OPTIONS`) assets whose data class is `public` does \
        not count as exposing them.",
    why: "Broken object-level authorization is the most common API flaw (OWASP API1:2023): the \
        caller changes the id in the path and gets someone else's record, because the handler \
        checks that the caller is logged in but not that the object is theirs. Recording the \
        threat makes the team name the ownership or tenancy check that stops it.",
    example: "use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[asset(critical, data = \"financial\")]\n\
        pub struct Account;\n\
        \n\
        #[mitigation(authentication)]\n\
        pub async fn require_jwt() {}\n\
        \n\
        #[endpoint(\"GET /accounts/{id}\", boundary = Internet, exposes = [Account],\n\
        \x20          auth = \"required\")]\n\
        #[threat(broken_authentication, mitigated_by = require_jwt)]\n\
        pub async fn get_account() {}  // whose account?",
    fix: "Record the threat on the handler and name the check that ties the object to the \
        caller: `#[threat(bola, mitigated_by = ensure_owner)]`, where `ensure_owner` (or an \
        owner filter in the query) is a `#[mitigation(authorization)]`. If every caller may see \
        every object, say so with `accepted = \"...\"`.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    cx.model
        .endpoints
        .iter()
        .filter(|endpoint| !endpoint.path_params.is_empty())
        .filter(|endpoint| cx.callers_untrusted(endpoint))
        .filter(|endpoint| exposes_protected_data(cx, endpoint))
        .filter(|endpoint| !cx.considers(&endpoint.handler, &[BOLA]))
        .map(|endpoint| {
            let params = endpoint
                .path_params
                .iter()
                .map(|p| format!("`{{{p}}}`"))
                .collect::<Vec<_>>()
                .join(", ");
            Hit::new(
                &endpoint.id,
                &endpoint.handler,
                &endpoint.location,
                format!(
                    "`{} {}` lets the caller choose the object ({params}), but no object-level \
                     authorization threat is recorded on its handler",
                    endpoint.method, endpoint.route
                ),
            )
            .help(format!(
                "record `#[threat(bola, mitigated_by = ...)]` on `{}`, naming the check that \
                 the object belongs to the caller",
                endpoint.handler
            ))
        })
        .collect()
}

/// Whether `endpoint` exposes an asset an attacker could gain from reaching another caller's
/// object: any asset on a write, any non-public asset on a read.
fn exposes_protected_data(cx: &Context<'_>, endpoint: &Endpoint) -> bool {
    let reads = matches!(endpoint.method.as_str(), "GET" | "HEAD" | "OPTIONS");
    cx.exposed_assets(endpoint)
        .into_iter()
        .any(|asset| !reads || asset.data != Some(DataClass::Public))
}
