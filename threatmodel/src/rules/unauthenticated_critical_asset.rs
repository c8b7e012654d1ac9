//! TM0003 `unauthenticated_critical_asset`: critical or high-value assets served to untrusted
//! callers with no authentication in front of them.

use threatmodel_core::{AuthRequirement, Level, Stride};

use super::{Context, Hit, Rule, Severity};
use crate::claims::Running;
use crate::model::{Asset, Endpoint};

pub(super) static RULE: Rule = Rule {
    id: "TM0003",
    name: "unauthenticated_critical_asset",
    default_severity: Severity::Error,
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    owasp_api_2023: Some("API2:2023"),
    cwe: &[306],
    summary: "an endpoint open to untrusted callers exposes a critical or high asset, and no \
        authentication covers it",
    checks: "Every `#[endpoint]` whose callers are untrusted (its `boundary` lies outside the \
        service's own boundary, or it names none) and whose `exposes` lists an asset of level, or \
        confidentiality, `critical` or `high` (with code facts, also an asset its request or response carries: see `undeclared_exposure`). The endpoint is reported when no \
        `#[mitigation(authentication)]` covers it (through `applies_to`, or cited by a threat on \
        the handler), none is seen running on its routes by the code facts (an extractor the \
        handler takes, a layer in force), and its handler does not handle `broken_authentication` (mitigated by a \
        mitigation of the model, or transferred; an acceptance does not count). `auth = \"none\"` \
        does not exempt an endpoint: a public route that hands out critical data still has to say \
        what protects it; and an authentication scope whose `applies_to` matches the route of an \
        `auth = \"none\"` endpoint does not count for it (the two contradict each other, and the \
        endpoint's own statement wins). One finding per endpoint, naming the assets.",
    why: "An endpoint anyone can call without proving who they are gives its data to anyone. \
        Missing authentication on a route that serves accounts, credentials or personal data is \
        the shortest path from the internet to a breach, and it usually happens when a route is \
        added outside the scope the authentication middleware is mounted on.",
    example: "use threatmodel::{asset, endpoint, mitigation, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[mitigation(authentication, applies_to = \"/accounts/*\")]\n\
        pub async fn require_jwt() {}\n\
        \n\
        #[asset(critical, data = \"financial\")]\n\
        pub struct Account;\n\
        \n\
        // outside `/accounts/*`: require_jwt does not cover it\n\
        #[endpoint(\"GET /export/accounts\", boundary = Internet, exposes = [Account])]\n\
        pub async fn export_accounts() {}",
    fix: "Put the endpoint behind authentication and say so: widen the `applies_to` of the \
        `#[mitigation(authentication)]` that guards the service, or record \
        `#[threat(broken_authentication, mitigated_by = ...)]` on the handler naming the check \
        (for a sign-in or sign-up route, the credential checks it performs). If the data really \
        is public, lower the asset's level or confidentiality instead.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    cx.model
        .endpoints
        .iter()
        .filter(|endpoint| cx.callers_untrusted(endpoint))
        .filter(|endpoint| {
            // An endpoint that states `auth = "none"` is not behind the authentication a scope
            // (`applies_to`) claims for its route: one of the two is wrong, and the rule
            // believes the endpoint.
            let scoped = endpoint.auth != Some(AuthRequirement::None)
                && cx.covered_by_control(endpoint, "authentication");
            !scoped
                && !cx.handles(&endpoint.handler, &["broken_authentication"])
                && !authentication_seen_running(cx, endpoint)
        })
        .filter_map(|endpoint| {
            let valuable: Vec<&Asset> = cx
                .exposed_assets(endpoint)
                .into_iter()
                .filter(|asset| value(asset) <= Level::High)
                .collect();
            (!valuable.is_empty()).then(|| hit(endpoint, &valuable))
        })
        .collect()
}

/// Whether the code facts show an authentication control running on `endpoint`'s routes
/// without any annotation citing it: an extractor or request guard the handler takes (not as
/// `Option`/`Result`), a layer in force, or code it reaches. Only a control seen running
/// counts; an unknown one does not silence the rule.
fn authentication_seen_running(cx: &Context<'_>, endpoint: &Endpoint) -> bool {
    let Some(claims) = &cx.claims else {
        return false;
    };
    cx.model
        .mitigations
        .iter()
        .filter(|m| m.controls.iter().any(|c| c == "authentication"))
        .any(|m| matches!(claims.runs(endpoint, m), Running::Seen(_)))
}

/// The more severe of an asset's level and its confidentiality requirement.
fn value(asset: &Asset) -> Level {
    asset.level.min(asset.confidentiality)
}

fn hit(endpoint: &Endpoint, assets: &[&Asset]) -> Hit {
    let names = assets
        .iter()
        .map(|asset| {
            if asset.level <= Level::High {
                format!("`{}` ({})", asset.name, asset.level)
            } else {
                format!(
                    "`{}` ({} confidentiality)",
                    asset.name, asset.confidentiality
                )
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let public = if endpoint.auth == Some(AuthRequirement::None) {
        "public "
    } else {
        ""
    };
    Hit::new(
        &endpoint.id,
        &endpoint.handler,
        &endpoint.location,
        format!(
            "{public}endpoint `{} {}` exposes {names} to untrusted callers, and no authentication \
             covers it{}",
            endpoint.method,
            endpoint.route,
            if endpoint.auth == Some(AuthRequirement::Required) {
                " (`auth = \"required\"` states the need; a `#[mitigation]` must meet it)"
            } else {
                ""
            }
        ),
    )
    .help(format!(
        "cover `{}` with a `#[mitigation(authentication, applies_to = ...)]`, or record \
         `#[threat(broken_authentication, mitigated_by = ...)]` on `{}` naming the check",
        endpoint.route, endpoint.handler
    ))
}
