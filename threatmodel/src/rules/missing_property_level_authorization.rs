//! TM0006 `missing_property_level_authorization`: write endpoints on sensitive data with no
//! thought given to which properties the caller may set.

use threatmodel_core::{DataClass, Level, Stride};

use super::{Context, Hit, Rule, Severity};
use crate::model::{Asset, Endpoint};

/// Route words of sign-in and sign-out actions: they check credentials, issue a session or
/// token, or end a session, and store none of the request's properties.
const SIGN_IN_WORDS: &[&str] = &[
    "auth",
    "login",
    "logon",
    "signin",
    "session",
    "token",
    "logout",
    "signout",
    "authenticate",
];

pub(super) static RULE: Rule = Rule {
    id: "TM0006",
    name: "missing_property_level_authorization",
    default_severity: Severity::Warning,
    stride: &[Stride::Tampering, Stride::InformationDisclosure],
    owasp_api_2023: Some("API3:2023"),
    cwe: &[915, 213],
    summary: "an endpoint writes sensitive data, and nothing says which properties the caller may \
        set",
    checks: "Every `#[endpoint]` whose callers are untrusted, whose method writes (`POST`, `PUT`, \
        `PATCH` or `ANY`) and which exposes a sensitive asset (with code facts, also an asset its request or response carries: see `undeclared_exposure`): data class `pii`, `credentials`, \
        `financial`, `health` or `secret`, or level `critical` or `high`. It is reported unless \
        its handler records a `broken_object_property_level_authorization` (`bopla`) or \
        `mass_assignment` threat, whatever the disposition, or a `#[mitigation(field_allowlist)]` \
        covers it. Sign-in and sign-out actions (last literal route segment `auth`, `login`, \
        `logon`, `signin` (also written `sign_in` or `sign-in`), `session`, `token`, `logout`, \
        `signout` or `authenticate`; a plural `s` and `-`/`_` separated parts also match) are \
        not reported: they store none of the request's properties. Nor are uploads: a handler \
        the code facts show taking a multipart body (axum's or actix-multipart's `Multipart`) \
        or Rocket's `Data` or `Form<TempFile>` stores a file, not an object's properties.",
    why: "When a request body is bound straight onto a stored object, callers can set \
        properties they were never meant to touch: `role`, `balance`, `owner_id`, `verified` \
        (OWASP API3:2023, mass assignment). The endpoint passes every authentication and \
        ownership check and still hands out privileges or money.",
    example: "use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[asset(high, data = \"pii\")]\n\
        pub struct Profile;\n\
        \n\
        #[mitigation(authentication)]\n\
        pub async fn require_jwt() {}\n\
        \n\
        #[endpoint(\"PATCH /profile\", boundary = Internet, exposes = [Profile], auth = \"required\")]\n\
        #[threat(broken_authentication, mitigated_by = require_jwt)]\n\
        pub async fn update_profile() {}  // can the body set `role`?",
    fix: "Decide which properties a caller may write, enforce it (a dedicated input type that \
        refuses unknown fields, or an explicit allowlist) and record it: \
        `#[threat(mass_assignment, mitigated_by = ...)]` (or `bopla`) on the handler, naming a \
        `#[mitigation(input_validation)]` or `#[mitigation(field_allowlist)]`.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    cx.model
        .endpoints
        .iter()
        .filter(|endpoint| cx.writes(endpoint) && cx.callers_untrusted(endpoint))
        .filter(|endpoint| !cx.route_acts_on(endpoint, SIGN_IN_WORDS))
        .filter(|endpoint| !cx.takes_upload(endpoint))
        .filter(|endpoint| {
            !cx.considers(
                &endpoint.handler,
                &[
                    "broken_object_property_level_authorization",
                    "mass_assignment",
                ],
            ) && !cx.covered_by_control(endpoint, "field_allowlist")
        })
        .filter_map(|endpoint| {
            let sensitive: Vec<&Asset> = cx
                .exposed_assets(endpoint)
                .into_iter()
                .filter(|asset| is_sensitive(asset))
                .collect();
            (!sensitive.is_empty()).then(|| hit(endpoint, &sensitive))
        })
        .collect()
}

/// Whether `asset` holds sensitive data: a sensitive data class, or a critical or high level.
fn is_sensitive(asset: &Asset) -> bool {
    matches!(
        asset.data,
        Some(
            DataClass::Pii
                | DataClass::Credentials
                | DataClass::Financial
                | DataClass::Health
                | DataClass::Secret
        )
    ) || asset.level <= Level::High
}

fn hit(endpoint: &Endpoint, assets: &[&Asset]) -> Hit {
    let names = assets
        .iter()
        .map(|asset| format!("`{}`", asset.name))
        .collect::<Vec<_>>()
        .join(", ");
    Hit::new(
        &endpoint.id,
        &endpoint.handler,
        &endpoint.location,
        format!(
            "`{} {}` writes {names}, but no property-level authorization or mass assignment \
             threat is recorded",
            endpoint.method, endpoint.route
        ),
    )
    .help(format!(
        "record `#[threat(mass_assignment, mitigated_by = ...)]` on `{}`, naming the input type \
         or field allowlist that limits which properties a caller may set",
        endpoint.handler
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::check;
    use crate::Model;
    use crate::rules::Context;

    fn location(line: u32) -> Value {
        json!({ "package": "docs", "crate": "docs", "file": "src/lib.rs", "line": line, "column": 1 })
    }

    /// A `POST /{route}` of handler `docs::{handler}` on a pii asset, open to the internet, and
    /// the facts of each handler taking a parameter of `types` (outermost first).
    fn model(handlers: &[(&str, &str, &[&str])]) -> Model {
        let endpoints: Vec<Value> = handlers
            .iter()
            .zip(1..)
            .map(|((route, handler, _), line)| {
                json!({
                    "id": format!("docs::{handler} POST {route}"), "method": "POST",
                    "route": route, "handler": format!("docs::{handler}"),
                    "exposes": ["docs::Document"], "location": location(line),
                })
            })
            .collect();
        let functions: Vec<Value> = handlers
            .iter()
            .zip(1..)
            .map(|((_, handler, types), line)| {
                json!({
                    "path": format!("docs::{handler}"),
                    "params": [{ "types": types, "optional": false }],
                    "returns": [], "calls": [],
                    "location": { "file": "src/lib.rs", "line": line, "column": 1 },
                })
            })
            .collect();
        serde_json::from_value(json!({
            "schema_version": "2",
            "trust_boundaries": [], "components": [], "mitigations": [], "data_flows": [],
            "threats": [],
            "assets": [{
                "id": "docs::Document", "name": "Document", "level": "medium", "data": "pii",
                "confidentiality": "medium", "integrity": "medium", "availability": "medium",
                "location": location(100),
            }],
            "endpoints": endpoints,
            "facts": { "crates": [{
                "package": "docs", "crate": "docs", "files": ["src/lib.rs"], "routes": [],
                "types": [], "unknowns": [], "routes_complete": false, "functions": functions,
            }]},
        }))
        .expect("a model")
    }

    #[test]
    fn uploads_are_not_mass_assignment_but_bodies_bound_to_objects_are() {
        let model = model(&[
            ("/axum", "axum_upload", &["axum::extract::Multipart"]),
            (
                "/axum-extra",
                "extra_upload",
                &["axum_extra::extract::multipart::Multipart"],
            ),
            ("/actix", "actix_upload", &["actix_multipart::Multipart"]),
            ("/rocket-data", "rocket_data", &["rocket::data::Data"]),
            (
                "/rocket-file",
                "rocket_file",
                &["rocket::form::Form", "rocket::fs::TempFile"],
            ),
            // A form of a struct binds its fields: still reported.
            (
                "/rocket-form",
                "rocket_form",
                &["rocket::form::Form", "docs::Document"],
            ),
            ("/json", "json_body", &["axum::Json", "docs::Document"]),
            // A typed multipart form binds its fields too.
            (
                "/typed",
                "typed_form",
                &["actix_multipart::form::MultipartForm", "docs::Document"],
            ),
        ]);
        let reported: Vec<String> = check(&Context::new(&model, "2026-11-30"))
            .into_iter()
            .map(|hit| hit.item)
            .collect();
        assert_eq!(
            reported,
            ["docs::rocket_form", "docs::json_body", "docs::typed_form"]
        );
    }

    #[test]
    fn sign_in_routes_are_not_mass_assignment() {
        let model = model(&[
            ("/api/auth", "auth", &[]),
            ("/sessions", "session", &[]),
            ("/oauth/token", "token", &[]),
            ("/account/sign_in", "sign_in", &[]),
            ("/account/sign-in", "sign_in_dash", &[]),
            ("/account/signin", "signin", &[]),
            ("/account/profile", "profile", &[]),
        ]);
        let reported: Vec<String> = check(&Context::new(&model, "2026-11-30"))
            .into_iter()
            .map(|hit| hit.item)
            .collect();
        assert_eq!(reported, ["docs::profile"]);
    }
}
