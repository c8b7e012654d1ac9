//! TM0010 `unencrypted_flow_across_boundary`: plaintext traffic between trust zones.

use threatmodel_core::Stride;

use super::{Context, Hit, Rule, Severity};

/// The catalogue id of the threat that records the risk.
const INFORMATION_DISCLOSURE: &str = "information_disclosure";

pub(super) static RULE: Rule = Rule {
    id: "TM0010",
    name: "unencrypted_flow_across_boundary",
    default_severity: Severity::Error,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    owasp_api_2023: Some("API8:2023"),
    cwe: &[319],
    summary: "an unencrypted data flow crosses a trust boundary",
    checks: "Every `#[data_flow]` that is not encrypted (`encrypted = false`, or a protocol that \
        is not inferred as protected, such as `http`, or no protocol at all) and whose two ends \
        run in different trust boundaries (the source is `from`, else the crate's service; an \
        end with no boundary differs from one with a boundary). The flow is not reported when an \
        `information_disclosure` threat is recorded on its fn, whatever its disposition: the \
        exposure was weighed, for instance transferred to a TLS-terminating proxy. One finding \
        per flow.",
    why: "Outside its own zone, traffic passes networks and machines the service does not \
        control. In plaintext, anyone on the path reads the data and the credentials beside it, \
        and can change them in flight (OWASP API8:2023, security misconfiguration: missing \
        transport security).",
    example: "use threatmodel::{asset, component, data_flow, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct DataCenter;\n\
        \n\
        #[trust_boundary]\n\
        pub struct PartnerNetwork;\n\
        \n\
        #[component(service, boundary = DataCenter)]\n\
        pub struct Shop;\n\
        \n\
        #[component(external_service, boundary = PartnerNetwork)]\n\
        pub struct PartnerApi;\n\
        \n\
        #[asset(high, data = \"pii\")]\n\
        pub struct Order;\n\
        \n\
        #[data_flow(to = PartnerApi, data = [Order], protocol = \"http\")]\n\
        pub async fn submit_order() {}",
    fix: "Use an encrypted protocol with certificate verification (`protocol = \"https\"`, \
        `\"postgres+tls\"`), or write `encrypted` when protection the protocol name does not \
        show is in place (a VPN, mutual TLS in a sidecar). When the plaintext hop is deliberate, \
        record it: `#[threat(information_disclosure, accepted = \"...\")]` or \
        `transferred = \"...\"` on the flow's fn.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    cx.model
        .data_flows
        .iter()
        .filter(|flow| !flow.encrypted && cx.crosses_boundary(flow))
        .filter(|flow| !cx.considers(&flow.id, &[INFORMATION_DISCLOSURE]))
        .map(|flow| {
            let zone = |boundary: Option<&str>| {
                boundary.map_or_else(
                    || "an unknown boundary".to_owned(),
                    |id| format!("`{}`", cx.boundary(id).map_or(id, |b| b.name.as_str())),
                )
            };
            let from = zone(cx.source_boundary(flow));
            let to = zone(cx.component(&flow.to).and_then(|c| c.boundary.as_deref()));
            let protocol = flow
                .protocol
                .as_deref()
                .map_or_else(|| "no stated protocol".to_owned(), |p| format!("`{p}`"));
            Hit::new(
                &flow.id,
                &flow.id,
                &flow.location,
                format!(
                    "`{}` carries data from {from} to {to} unencrypted ({protocol})",
                    flow.id
                ),
            )
            .help(if flow.from.is_none() && cx.source_of(flow).is_none() {
                format!(
                    "the flow starts at the crate's service, which is not declared: if both ends \
                     run in one zone, declare `#[component(service, boundary = ...)]`; otherwise \
                     use an encrypted protocol, or record `#[threat(information_disclosure, ...)]` \
                     on `{}`",
                    flow.id
                )
            } else {
                format!(
                    "use an encrypted protocol (`protocol = \"https\"`), or record the exposure \
                     with `#[threat(information_disclosure, ...)]` on `{}`",
                    flow.id
                )
            })
        })
        .collect()
}
