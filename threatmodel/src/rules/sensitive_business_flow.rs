//! TM0011 `sensitive_business_flow`: money-moving or account-creating endpoints open to
//! untrusted callers, with no thought given to automated abuse of the flow.

use threatmodel_core::{DataClass, Stride};

use super::{Context, Hit, Rule, Severity};
use crate::model::Endpoint;

/// Words of the actions that move money or create accounts, as the last literal route segment.
const FLOW_WORDS: &[&str] = &[
    "transfer",
    "payment",
    "pay",
    "checkout",
    "order",
    "purchase",
    "withdraw",
    "withdrawal",
    "refund",
    "payout",
    "deposit",
    "charge",
    "redeem",
    "register",
    "registration",
    "signup",
];

/// Catalogue id of the threat this rule asks for.
const SENSITIVE_FLOWS: &str = "unrestricted_access_to_sensitive_business_flows";

pub(super) static RULE: Rule = Rule {
    id: "TM0011",
    name: "sensitive_business_flow",
    default_severity: Severity::Note,
    stride: &[Stride::DenialOfService, Stride::ElevationOfPrivilege],
    owasp_api_2023: Some("API6:2023"),
    cwe: &[799],
    summary: "an endpoint moves money or creates accounts for untrusted callers, and automated \
        abuse of the flow is not considered",
    checks: "Every `#[endpoint]` whose callers are untrusted and that starts a money-moving or \
        account-creating flow: its method writes (`POST`, `PUT`, `PATCH` or `ANY`) and the last \
        literal segment of its route names `transfer`, `payment`, `pay`, `checkout`, `order`, \
        `purchase`, `withdraw`, `withdrawal`, `refund`, `payout`, `deposit`, `charge`, `redeem`, \
        `register`, `registration` or `signup` (a plural `s` and `-`/`_` separated parts also \
        match); or it is a `POST` (or `ANY`) to a collection (the route ends in a literal \
        segment) that exposes an asset of data class `financial`. It is reported unless its \
        handler records an `unrestricted_access_to_sensitive_business_flows` \
        (`sensitive_business_flows`) threat, whatever the disposition.",
    why: "A flow can be secure request by request and still be abused at scale: bots that buy \
        up stock, farm sign-up bonuses, test stolen cards with small payments or drain an \
        account through many small transfers (OWASP API6:2023). Rate limits sized for ordinary \
        traffic rarely stop them; the team has to decide what normal use of the flow is.",
    example: "use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[asset(high, data = \"pii\")]\n\
        pub struct User;\n\
        \n\
        #[mitigation(password_hashing)]\n\
        pub fn check_credentials() {}\n\
        \n\
        #[endpoint(\"POST /auth/register\", boundary = Internet, exposes = [User],\n\
        \x20          auth = \"none\")]\n\
        #[threat(broken_authentication, mitigated_by = check_credentials)]\n\
        pub async fn register() {}  // sign-up bonus, unlimited sign-ups",
    fix: "Decide how the flow may be used and record it on the handler: \
        `#[threat(sensitive_business_flows, mitigated_by = ...)]` naming per-user or per-client \
        limits, quotas, a `#[mitigation(monitoring)]` of the flow, or `accepted = \"...\"` with \
        the reason the flow is not worth abusing.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    cx.model
        .endpoints
        .iter()
        .filter(|endpoint| cx.writes(endpoint) && cx.callers_untrusted(endpoint))
        .filter(|endpoint| {
            cx.route_acts_on(endpoint, FLOW_WORDS) || creates_financial_record(cx, endpoint)
        })
        .filter(|endpoint| !cx.considers(&endpoint.handler, &[SENSITIVE_FLOWS]))
        .map(|endpoint| {
            Hit::new(
                &endpoint.id,
                &endpoint.handler,
                &endpoint.location,
                format!(
                    "`{} {}` moves money or creates accounts, but automated abuse of the flow \
                     is not considered",
                    endpoint.method, endpoint.route
                ),
            )
            .help(format!(
                "record `#[threat(sensitive_business_flows, mitigated_by = ...)]` on `{}`, \
                 naming the limits or monitoring that keep the flow to human use",
                endpoint.handler
            ))
        })
        .collect()
}

/// Whether `endpoint` creates a record in a collection of financial data: a `POST` (or `ANY`)
/// to a route ending in a literal segment that exposes a `financial` asset.
fn creates_financial_record(cx: &Context<'_>, endpoint: &Endpoint) -> bool {
    matches!(endpoint.method.as_str(), "POST" | "ANY")
        && endpoint
            .route
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .is_some_and(|last| !last.is_empty() && !last.starts_with('{'))
        && cx
            .assets_of(&endpoint.exposes)
            .any(|asset| asset.data == Some(DataClass::Financial))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Model;
    use crate::model::{Asset, Location};
    use threatmodel_core::Level;

    fn endpoint(method: &str, route: &str, exposes: &[&str]) -> Endpoint {
        Endpoint {
            id: format!("app::handler {method} {route}"),
            method: method.to_owned(),
            route: route.to_owned(),
            route_from_framework: false,
            path_params: Vec::new(),
            handler: "app::handler".to_owned(),
            boundary: None,
            exposes: exposes.iter().map(|id| (*id).to_owned()).collect(),
            auth: None,
            owner: None,
            version: None,
            description: None,
            location: Location::unknown(),
        }
    }

    #[test]
    fn flows_are_named_by_the_last_literal_segment_or_a_financial_collection() {
        let card = Asset {
            id: "app::Card".to_owned(),
            name: "Card".to_owned(),
            description: None,
            level: Level::Critical,
            data: Some(DataClass::Financial),
            confidentiality: Level::Critical,
            integrity: Level::Critical,
            availability: Level::Critical,
            fields: Vec::new(),
            owner: None,
            location: Location::unknown(),
        };
        let model = Model {
            assets: vec![card],
            endpoints: vec![
                endpoint("POST", "/accounts/{id}/transfers", &[]),
                endpoint("POST", "/auth/sign-up", &[]),
                endpoint("PUT", "/orders/{id}", &[]),
                endpoint("POST", "/cards", &["app::Card"]),
                endpoint("POST", "/transfers/{id}/notes", &[]),
                endpoint("POST", "/cards/{id}", &["app::Card"]),
                endpoint("GET", "/payments", &[]),
            ],
            ..Model::default()
        };
        let hits: Vec<String> = check(&Context::new(&model, "2026-11-30"))
            .into_iter()
            .map(|h| h.element)
            .collect();
        assert_eq!(
            hits,
            [
                "app::handler POST /accounts/{id}/transfers",
                "app::handler POST /auth/sign-up",
                "app::handler PUT /orders/{id}",
                "app::handler POST /cards",
            ]
        );
    }
}
