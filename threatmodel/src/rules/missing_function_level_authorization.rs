//! TM0005 `missing_function_level_authorization`: administrative routes open to untrusted callers
//! with no function-level authorization.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};
use crate::model::Endpoint;

/// Route words that mark an administrative or operational function (`/admin/users`,
/// `/internal/jobs`, `/actuator/env`, `/ops-tools/flush`).
const ADMIN_WORDS: &[&str] = &[
    "admin",
    "administration",
    "administrator",
    "backoffice",
    "internal",
    "management",
    "manage",
    "ops",
    "debug",
    "actuator",
    "staff",
    "sudo",
    "superuser",
];

pub(super) static RULE: Rule = Rule {
    id: "TM0005",
    name: "missing_function_level_authorization",
    default_severity: Severity::Error,
    stride: &[Stride::ElevationOfPrivilege],
    owasp_api_2023: Some("API5:2023"),
    cwe: &[285],
    summary: "an administrative route is open to untrusted callers with no function-level \
        authorization",
    checks: "Every `#[endpoint]` whose callers are untrusted and whose route has an \
        administrative segment: a literal segment, or a `-`/`_`/`.` separated part of one, that \
        is `admin`, `administration`, `administrator`, `backoffice`, `internal`, `management`, \
        `manage`, `ops`, `debug`, `actuator`, `staff`, `sudo` or `superuser` (a plural `s` also \
        matches). It is reported unless a `#[mitigation(authorization)]` covers the route through \
        `applies_to` (a role check mounted on the scope) or the handler records a \
        `broken_function_level_authorization` (`bfla`) threat, whatever its disposition. An \
        ownership check cited for another threat does not count: it says whose object this is, \
        not who may call the function.",
    why: "Administrative functions are usually protected by being hard to find, and they are \
        easy to find: the route names say `admin`. When the check is \"is logged in\" instead of \
        \"is an administrator\", any customer can call them (OWASP API5:2023).",
    example: "use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[asset(high, data = \"pii\")]\n\
        pub struct User;\n\
        \n\
        #[mitigation(authentication)]\n\
        pub async fn require_jwt() {}\n\
        \n\
        #[mitigation(authorization)]\n\
        pub async fn load_user() {}\n\
        \n\
        #[endpoint(\"POST /admin/users/{id}/unlock\", boundary = Internet, exposes = [User],\n\
        \x20          auth = \"required\")]\n\
        #[threat(broken_authentication, mitigated_by = require_jwt)]\n\
        #[threat(bola, mitigated_by = load_user)]\n\
        pub async fn unlock_user() {}  // any logged-in customer may call it",
    fix: "Guard the administrative scope with a role check and record it: \
        `#[mitigation(authorization, applies_to = \"/admin/*\")]` on the middleware or guard, or \
        `#[threat(bfla, mitigated_by = require_admin)]` on the handler. If the route must not be \
        reachable from outside at all, put it in the service's own trust boundary.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    cx.model
        .endpoints
        .iter()
        .filter(|endpoint| cx.callers_untrusted(endpoint))
        .filter(|endpoint| cx.route_mentions(endpoint, ADMIN_WORDS))
        .filter(|endpoint| !role_check_covers(cx, endpoint))
        .filter(|endpoint| {
            !cx.considers(&endpoint.handler, &["broken_function_level_authorization"])
        })
        .map(|endpoint| {
            Hit::new(
                &endpoint.id,
                &endpoint.handler,
                &endpoint.location,
                format!(
                    "administrative route `{} {}` is open to untrusted callers with no \
                     function-level authorization",
                    endpoint.method, endpoint.route
                ),
            )
            .help(format!(
                "guard the scope with `#[mitigation(authorization, applies_to = \"{}\")]`, or \
                 record `#[threat(bfla, mitigated_by = ...)]` on `{}`",
                scope_of(endpoint),
                endpoint.handler
            ))
        })
        .collect()
}

/// Whether a `#[mitigation(authorization)]` is mounted on a scope that covers `endpoint`.
fn role_check_covers(cx: &Context<'_>, endpoint: &Endpoint) -> bool {
    cx.scoped_covering(&endpoint.route)
        .iter()
        .any(|m| m.controls.iter().any(|c| c == "authorization"))
}

/// The `applies_to` pattern of the administrative scope `endpoint` is in: its route up to the
/// first administrative segment, then `/*` (`/api/admin/*` for `/api/admin/users/{id}`); the
/// route itself when nothing follows that segment.
fn scope_of(endpoint: &Endpoint) -> String {
    let segments: Vec<&str> = endpoint.route.split('/').collect();
    let admin = segments
        .iter()
        .position(|segment| Context::segment_names(segment, ADMIN_WORDS));
    match admin {
        Some(i) if i + 1 < segments.len() => format!("{}/*", segments[..=i].join("/")),
        _ => endpoint.route.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Model;
    use crate::model::{Location, Mitigation};

    fn endpoint(route: &str) -> Endpoint {
        Endpoint {
            id: format!("app::handler POST {route}"),
            method: "POST".to_owned(),
            route: route.to_owned(),
            route_from_framework: false,
            path_params: Vec::new(),
            handler: "app::handler".to_owned(),
            boundary: None,
            exposes: Vec::new(),
            auth: None,
            owner: None,
            version: None,
            description: None,
            location: Location::unknown(),
        }
    }

    #[test]
    fn admin_segments_are_words_not_substrings() {
        for segment in [
            "admin",
            "Admin",
            "admin-tools",
            "_internal",
            "administrators",
            "ops",
        ] {
            assert!(Context::segment_names(segment, ADMIN_WORDS), "{segment}");
        }
        for segment in ["{admin}", "shops", "devops", "adminx", "operations"] {
            assert!(!Context::segment_names(segment, ADMIN_WORDS), "{segment}");
        }
    }

    #[test]
    fn the_suggested_scope_ends_at_the_admin_segment() {
        assert_eq!(scope_of(&endpoint("/api/admin/users/{id}")), "/api/admin/*");
        assert_eq!(scope_of(&endpoint("/admin-tools/cache")), "/admin-tools/*");
        assert_eq!(scope_of(&endpoint("/admin")), "/admin");
    }

    #[test]
    fn a_role_check_mounted_on_the_scope_covers_it() {
        let mut model = Model {
            endpoints: vec![endpoint("/admin/users"), endpoint("/admin")],
            ..Model::default()
        };
        let names = |hits: Vec<Hit>| hits.into_iter().map(|h| h.element).collect::<Vec<_>>();
        assert_eq!(names(check(&Context::new(&model, "2026-11-30"))).len(), 2);
        model.mitigations.push(Mitigation {
            id: "app::require_admin".to_owned(),
            name: "require_admin".to_owned(),
            controls: vec!["authorization".to_owned()],
            custom: None,
            description: None,
            marker: None,
            applies_to: vec!["/admin/*".to_owned()],
            addresses: Vec::new(),
            installed_by: Vec::new(),
            location: Location::unknown(),
        });
        assert_eq!(
            names(check(&Context::new(&model, "2026-11-30"))),
            ["app::handler POST /admin"]
        );
    }
}
