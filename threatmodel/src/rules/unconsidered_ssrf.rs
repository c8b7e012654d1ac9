//! TM0008 `unconsidered_ssrf`: outbound calls to caller-chosen targets with no thought given to
//! server-side request forgery.

use threatmodel_core::{ComponentKind, Destination, Stride};

use super::{Context, Hit, Rule, Severity};

/// The catalogue id of the threat the rule looks for.
const SSRF: &str = "server_side_request_forgery";

pub(super) static RULE: Rule = Rule {
    id: "TM0008",
    name: "unconsidered_ssrf",
    default_severity: Severity::Error,
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    owasp_api_2023: Some("API7:2023"),
    cwe: &[918],
    summary: "the service calls a target its caller chooses, and server-side request forgery is not considered",
    checks: "Every `#[data_flow]` to a `#[component(external_service)]` written with \
        `destination = \"caller\"` must have a `server_side_request_forgery` (`ssrf`) threat \
        recorded on the same fn, whatever its disposition (mitigated, accepted or transferred). \
        When that fn is also an endpoint handler, the threats of the handler are the threats of \
        the fn, so one `#[threat(ssrf, ...)]` on it serves both. Flows whose target is fixed by \
        code or configuration, and flows to anything other than an external service, are not \
        checked. One finding per flow.",
    why: "A request whose URL or host comes from the caller is made with the service's network \
        position and credentials: pointed at a metadata endpoint, an admin port or an internal \
        host, it reads or changes what the caller could never reach directly. Nobody builds an \
        allow-list for a risk nobody wrote down.",
    example: "use threatmodel::{asset, component, data_flow, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[asset(high, data = \"financial\")]\n\
        pub struct Transfer;\n\
        \n\
        #[component(external_service, boundary = Internet)]\n\
        pub struct WebhookReceiver;\n\
        \n\
        /// Delivers an event to the URL the customer registered.\n\
        #[data_flow(to = WebhookReceiver, data = [Transfer], protocol = \"https\",\n\
        \x20           destination = \"caller\")]\n\
        pub async fn deliver(_url: &str) {}",
    fix: "Record the threat on the fn that makes the request, and say how it is handled: \
        `#[threat(ssrf, mitigated_by = validate_webhook_url)]` naming a \
        `#[mitigation(url_allowlist)]` that checks the target (after parsing, and again on every \
        redirect), or `accepted = \"...\"` with an owner and an expiry when the risk is taken \
        knowingly.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    cx.model
        .data_flows
        .iter()
        .filter(|flow| flow.destination == Destination::Caller)
        .filter_map(|flow| {
            let target = cx.component(&flow.to)?;
            (target.kind == ComponentKind::ExternalService).then_some((flow, target))
        })
        // A flow's item is its fn; when that fn is a handler, its threats are the handler's too.
        .filter(|(flow, _)| !cx.considers(&flow.id, &[SSRF]))
        .map(|(flow, target)| {
            Hit::new(
                &flow.id,
                &flow.id,
                &flow.location,
                format!(
                    "`{}` calls `{}` at a target the caller chooses, and server-side request \
                     forgery is not considered",
                    flow.id, target.name
                ),
            )
            .help(format!(
                "add `#[threat(ssrf, mitigated_by = ...)]` to `{}`, naming a \
                 `#[mitigation(url_allowlist)]` that checks the target before each request",
                flow.id
            ))
        })
        .collect()
}
