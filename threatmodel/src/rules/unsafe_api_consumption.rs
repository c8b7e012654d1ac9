//! TM0009 `unsafe_api_consumption`: data from a third-party API stored without validation.

use threatmodel_core::{ComponentKind, Disposition, Stride};

use super::{Context, Hit, Rule, Severity};
use crate::model::{Component, DataFlow};

/// The catalogue id of the threat that records the risk.
const UNSAFE_CONSUMPTION: &str = "unsafe_consumption_of_apis";

/// The control kind that closes the gap.
const INPUT_VALIDATION: &str = "input_validation";

pub(super) static RULE: Rule = Rule {
    id: "TM0009",
    name: "unsafe_api_consumption",
    default_severity: Severity::Warning,
    stride: &[Stride::Tampering],
    owasp_api_2023: Some("API10:2023"),
    cwe: &[20],
    summary: "data received from an external service is stored without validation or a recorded threat",
    checks: "An inbound flow is a `#[data_flow]` whose source is a \
        `#[component(external_service)]` (`from = ...`), or a `bidirectional` flow to one. Its \
        receiver is the flow's `to` in the first case and its source (`from`, else the crate's \
        service) in the second. The inbound flow reaches a datastore when a `#[data_flow]` to a \
        `#[component(datastore)]` carries one of the assets in its `data` and starts at the same \
        receiver (when either receiver is unknown: is written in the same crate); an inbound flow \
        straight to a datastore reaches it itself. Such an inbound flow is reported unless a \
        threat recorded on the inbound flow's fn or on one of those datastore flows' fns is \
        `mitigated_by` a mitigation implementing `input_validation`, or an \
        `unsafe_consumption_of_apis` threat (any disposition) is recorded on one of them. One \
        finding per inbound flow, at the inbound flow; inbound flows whose data reaches no \
        datastore are not reported.",
    why: "Teams validate what their own users send and trust what a partner's API answers. An \
        attacker who controls or compromises that API (or sits on its network path) then writes \
        whatever they like into the service's database, where it is read back later as if it \
        had been checked: stored injection, forged records, oversized values.",
    example: "use threatmodel::{asset, component, data_flow, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct DataCenter;\n\
        \n\
        #[trust_boundary]\n\
        pub struct PartnerNetwork;\n\
        \n\
        #[component(service, boundary = DataCenter)]\n\
        pub struct Api;\n\
        \n\
        #[component(datastore, boundary = DataCenter)]\n\
        pub struct Database;\n\
        \n\
        #[component(external_service, boundary = PartnerNetwork)]\n\
        pub struct PartnerApi;\n\
        \n\
        #[asset(medium, data = \"financial\")]\n\
        pub struct Quote;\n\
        \n\
        #[data_flow(from = PartnerApi, to = Api, data = [Quote], protocol = \"https\")]\n\
        pub async fn fetch_quote() {}\n\
        \n\
        #[data_flow(to = Database, data = [Quote], protocol = \"postgres+tls\")]\n\
        pub fn save_quote() {}  // stored as received",
    fix: "Parse the upstream answer into a strict type and reject what does not fit, and record \
        it: `#[threat(unsafe_consumption_of_apis, mitigated_by = parse_quote)]` on the inbound \
        flow's fn, naming a `#[mitigation(input_validation)]`. If the data is trusted on purpose, \
        record the threat as `accepted = \"...\"` with an owner.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for inbound in &cx.model.data_flows {
        let Some(receiver) = receiver_of(cx, inbound) else {
            continue;
        };
        let stores: Vec<&DataFlow> = cx
            .model
            .data_flows
            .iter()
            .filter(|flow| {
                is_datastore(cx.component(&flow.to))
                    && flow.data.iter().any(|asset| inbound.data.contains(asset))
                    && (flow.id == inbound.id || same_receiver(cx, receiver, inbound, flow))
            })
            .collect();
        let Some(first) = stores.first() else {
            continue;
        };
        let guarded = std::iter::once(inbound)
            .chain(stores.iter().copied())
            .any(|flow| {
                cx.considers(&flow.id, &[UNSAFE_CONSUMPTION])
                    || cites_control(cx, &flow.id, INPUT_VALIDATION)
            });
        if guarded {
            continue;
        }
        let store = cx
            .component(&first.to)
            .map_or(first.to.as_str(), |c| c.name.as_str());
        hits.push(
            Hit::new(
                &inbound.id,
                &inbound.id,
                &inbound.location,
                format!(
                    "data received by `{}` reaches `{store}` (through `{}`) without validation \
                     or a recorded `unsafe_consumption_of_apis` threat",
                    inbound.id, first.id
                ),
            )
            .help(format!(
                "add `#[threat(unsafe_consumption_of_apis, mitigated_by = ...)]` to `{}`, naming \
                 a `#[mitigation(input_validation)]` that parses the upstream answer",
                inbound.id
            )),
        );
    }
    hits
}

/// The component that receives data from an external service through `flow`, when `flow` is
/// inbound: `Some(None)` when the receiver is the crate's service but that is not known.
fn receiver_of<'m>(cx: &Context<'m>, flow: &DataFlow) -> Option<Option<&'m Component>> {
    let source = cx.source_of(flow);
    if is_external(source) {
        return Some(cx.component(&flow.to));
    }
    (flow.bidirectional && is_external(cx.component(&flow.to))).then_some(source)
}

/// Whether `store` starts where `inbound` delivers: at `receiver`, or in the same crate when
/// either end is unknown.
fn same_receiver(
    cx: &Context<'_>,
    receiver: Option<&Component>,
    inbound: &DataFlow,
    store: &DataFlow,
) -> bool {
    match (receiver, cx.source_of(store)) {
        (Some(receiver), Some(source)) => receiver.id == source.id,
        _ => inbound.location.krate == store.location.krate,
    }
}

fn is_external(component: Option<&Component>) -> bool {
    component.is_some_and(|c| c.kind == ComponentKind::ExternalService)
}

fn is_datastore(component: Option<&Component>) -> bool {
    component.is_some_and(|c| c.kind == ComponentKind::Datastore)
}

/// Whether a threat recorded on `item` is mitigated by a mitigation implementing `control`.
fn cites_control(cx: &Context<'_>, item: &str, control: &str) -> bool {
    cx.threats_on(item)
        .iter()
        .any(|threat| match &threat.disposition {
            Disposition::Mitigated { by, .. } => by
                .iter()
                .filter_map(|id| cx.mitigation(id))
                .any(|m| m.controls.iter().any(|c| c == control)),
            _ => false,
        })
}
