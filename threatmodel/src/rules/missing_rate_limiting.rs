//! TM0007 `missing_rate_limiting`: endpoints open to untrusted callers with no rate limit and no
//! thought given to resource consumption or, where callers sign in, credential stuffing.

use threatmodel_core::{AuthRequirement, Stride};

use super::{Context, Hit, Rule, ServiceWide, Severity};
use crate::model::Endpoint;

/// Route words of the places where callers prove who they are or obtain credentials.
pub(crate) const AUTHENTICATION_WORDS: &[&str] = &[
    "auth",
    "login",
    "logon",
    "signin",
    "signup",
    "register",
    "registration",
    "authenticate",
    "token",
    "oauth",
    "session",
    "password",
    "otp",
    "totp",
    "mfa",
    "2fa",
];

/// Threat kinds that show resource consumption was considered.
const CONSUMPTION: &[&str] = &["unrestricted_resource_consumption", "denial_of_service"];

pub(super) static RULE: Rule = Rule {
    id: "TM0007",
    name: "missing_rate_limiting",
    default_severity: Severity::Warning,
    stride: &[Stride::DenialOfService, Stride::Spoofing],
    owasp_api_2023: Some("API4:2023"),
    cwe: &[770, 307],
    summary: "an endpoint is open to untrusted callers with no rate limit, and resource \
        consumption (or, where callers sign in, credential stuffing) is not considered",
    checks: "Every `#[endpoint]` whose callers are untrusted and that no \
        `#[mitigation(rate_limiting)]` covers (through `applies_to`, or cited by a threat on the \
        handler). It is reported unless its handler records an \
        `unrestricted_resource_consumption` or `denial_of_service` threat, whatever the \
        disposition. Authentication endpoints are reported as open to credential stuffing, and \
        for them a recorded `credential_stuffing` threat also counts; an endpoint is one when a \
        route segment names `auth`, `login`, `logon`, `signin` (also written `sign_in` or \
        `sign-in`), `signup`, `register`, `registration`, `authenticate`, `token`, `oauth`, \
        `session`, `password`, `otp`, `totp`, `mfa` or `2fa` (a plural `s` and `-`/`_` \
        separated parts also match), when its handler records `credential_stuffing`, or when it \
        is `auth = \"none\"` and its handler records `broken_authentication` (the endpoint \
        itself authenticates someone). An endpoint the \
        code facts show unserved as claimed is left to `unserved_endpoint`. One finding per \
        endpoint; when every endpoint of a crate that is open to untrusted callers is reported \
        (at least two), one finding at the crate's `#[component(service)]` (or its crate root) \
        lists them instead: the service has no rate limit at all.",
    why: "Without a limit on how often a caller may ask, one client can exhaust CPU, memory, \
        connections or a paid upstream quota (OWASP API4:2023), and a login or token endpoint \
        becomes an oracle that tests millions of leaked passwords (credential stuffing, \
        OWASP API2:2023).",
    example: "use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[asset(critical, data = \"credentials\")]\n\
        pub struct Credentials;\n\
        \n\
        #[mitigation(password_hashing)]\n\
        pub fn verify_password() {}\n\
        \n\
        #[endpoint(\"POST /auth/login\", boundary = Internet, exposes = [Credentials],\n\
        \x20          auth = \"none\")]\n\
        #[threat(broken_authentication, mitigated_by = verify_password)]\n\
        pub async fn login() {}  // unlimited guesses",
    fix: "Limit requests per client or user and record it: \
        `#[mitigation(rate_limiting, applies_to = \"/auth/*\")]` on the limiter middleware, or \
        `#[threat(unrestricted_resource_consumption, mitigated_by = ...)]` (for sign-in routes \
        `#[threat(credential_stuffing, mitigated_by = ...)]`) on the handler. If a gateway in \
        front of the service limits requests, record the threat as `transferred` to it.",
    check,
    service_wide: Some(ServiceWide {
        applies: examines,
        message: |service, count| {
            format!(
                "no rate limit covers any of the {count} endpoints of `{service}` open to \
                 untrusted callers, and none considers resource consumption (or, where callers \
                 sign in, credential stuffing)"
            )
        },
        help: "limit requests for the whole service and record it: \
            `#[mitigation(rate_limiting, applies_to = \"/*\")]` on the limiter middleware, or \
            record the threats as `transferred` to the gateway that limits them",
    }),
};

/// Whether the rule examines `endpoint`: its callers are untrusted, and the code facts do not
/// show it unserved as claimed (`unserved_endpoint` reports that, and a rate limit on a route
/// nobody serves means nothing).
fn examines(cx: &Context<'_>, endpoint: &Endpoint) -> bool {
    cx.callers_untrusted(endpoint) && !cx.unserved(endpoint)
}

fn check(cx: &Context<'_>) -> Vec<Hit> {
    cx.model
        .endpoints
        .iter()
        .filter(|endpoint| examines(cx, endpoint))
        .filter(|endpoint| !cx.covered_by_control(endpoint, "rate_limiting"))
        .filter_map(|endpoint| {
            if authenticates(cx, endpoint) {
                let considered = cx.considers(&endpoint.handler, CONSUMPTION)
                    || cx.considers(&endpoint.handler, &["credential_stuffing"]);
                (!considered).then(|| {
                    hit(
                        endpoint,
                        "lets untrusted callers try credentials with no rate limit \
                         (credential stuffing)",
                    )
                    .help(format!(
                        "cover `{}` with a `#[mitigation(rate_limiting, applies_to = ...)]`, or \
                         record `#[threat(credential_stuffing, mitigated_by = ...)]` on `{}`",
                        endpoint.route, endpoint.handler
                    ))
                })
            } else {
                (!cx.considers(&endpoint.handler, CONSUMPTION)).then(|| {
                    hit(
                        endpoint,
                        "is open to untrusted callers with no rate limit, and resource \
                         consumption is not considered",
                    )
                    .help(format!(
                        "cover `{}` with a `#[mitigation(rate_limiting, applies_to = ...)]`, or \
                         record `#[threat(unrestricted_resource_consumption, mitigated_by = ...)]` \
                         on `{}`",
                        endpoint.route, endpoint.handler
                    ))
                })
            }
        })
        .collect()
}

/// Whether `endpoint` is where callers authenticate or obtain credentials (see the rule's
/// `checks`).
fn authenticates(cx: &Context<'_>, endpoint: &Endpoint) -> bool {
    cx.route_mentions(endpoint, AUTHENTICATION_WORDS)
        || cx.considers(&endpoint.handler, &["credential_stuffing"])
        || (endpoint.auth == Some(AuthRequirement::None)
            && cx.considers(&endpoint.handler, &["broken_authentication"]))
}

fn hit(endpoint: &Endpoint, what: &str) -> Hit {
    Hit::new(
        &endpoint.id,
        &endpoint.handler,
        &endpoint.location,
        format!("`{} {}` {what}", endpoint.method, endpoint.route),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::authenticates;
    use crate::Model;
    use crate::rules::Context;

    #[test]
    fn sign_in_words_make_an_authentication_endpoint() {
        let routes = [
            ("/api/auth", true),
            ("/auth/login", true),
            ("/sessions", true),
            ("/oauth/token", true),
            ("/account/sign_in", true),
            ("/account/sign-in", true),
            ("/authors", false),
            ("/search", false),
        ];
        let endpoints: Vec<_> = routes
            .iter()
            .zip(1..)
            .map(|((route, _), line)| {
                json!({
                    "id": format!("s::h{line} POST {route}"), "method": "POST", "route": route,
                    "handler": format!("s::h{line}"),
                    "location": { "package": "s", "crate": "s", "file": "src/lib.rs",
                                  "line": line, "column": 1 },
                })
            })
            .collect();
        let model: Model = serde_json::from_value(json!({
            "schema_version": "2", "trust_boundaries": [], "components": [], "assets": [],
            "mitigations": [], "data_flows": [], "threats": [], "endpoints": endpoints,
        }))
        .expect("a model");
        let cx = Context::new(&model, "2026-11-30");
        for ((route, expected), endpoint) in routes.iter().zip(&model.endpoints) {
            assert_eq!(authenticates(&cx, endpoint), *expected, "{route}");
        }
    }
}
