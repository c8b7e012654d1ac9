//! TM0014 `incomplete_stride_coverage`: processes at a trust boundary with no spoofing,
//! tampering or information disclosure threat considered (STRIDE per element).

use std::collections::BTreeSet;

use threatmodel_core::{ComponentKind, Stride};

use super::{Context, Hit, Rule, Severity};
use crate::model::{Component, DataFlow};

/// The STRIDE categories every process at a trust boundary must have considered, in order.
const REQUIRED: &[Stride] = &[
    Stride::Spoofing,
    Stride::Tampering,
    Stride::InformationDisclosure,
];

pub(super) static RULE: Rule = Rule {
    id: "TM0014",
    name: "incomplete_stride_coverage",
    default_severity: Severity::Warning,
    stride: REQUIRED,
    owasp_api_2023: None,
    cwe: &[1059],
    summary: "a process that crosses a trust boundary has no spoofing, tampering or information disclosure threat",
    checks: "Every `#[component(service)]` that crosses a trust boundary: it is its crate's one \
        service and an endpoint of that crate has callers from outside the service's zone, or a \
        `#[data_flow]` starting at it (`from`, else the crate's service) or going to it runs \
        between two trust boundaries. The threats that count are those recorded on the \
        component, on the handlers of its crate's endpoints (when it is the crate's service) and \
        on the fns of the data flows from or to it, whatever their disposition; a threat counts \
        for every STRIDE category it falls under (custom threats by their `stride`). Each of \
        spoofing, tampering and information disclosure must be among them. One finding per \
        process, naming the missing categories.",
    why: "STRIDE per element (Shostack, Threat Modeling, 2014) asks of every process at a trust \
        boundary whether a caller can pretend to be someone else, change data in flight or at \
        rest, or read what it should not. A process modelled without one of these questions \
        answered has a blind spot exactly where attackers arrive.",
    example: "use threatmodel::{component, data_flow, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct DataCenter;\n\
        \n\
        #[trust_boundary]\n\
        pub struct PartnerNetwork;\n\
        \n\
        #[component(external_service, boundary = PartnerNetwork)]\n\
        pub struct PartnerApi;\n\
        \n\
        #[component(service, boundary = DataCenter)]\n\
        pub struct Worker; // calls PartnerApi, no S, T or I threat anywhere\n\
        \n\
        #[data_flow(from = Worker, to = PartnerApi, protocol = \"https\")]\n\
        pub async fn sync_orders() {}",
    fix: "Consider each missing category where it applies and record the outcome: for instance \
        `#[threat(spoofing, transferred = \"platform: mutual TLS\")]` on the component, \
        `#[threat(tampering, mitigated_by = ...)]` on a handler, or \
        `#[threat(information_disclosure, mitigated_by = ...)]` on a data flow. A specific \
        threat kind counts for its categories too (`sql_injection` is tampering).",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for process in cx
        .model
        .components
        .iter()
        .filter(|c| c.kind == ComponentKind::Service)
    {
        let is_crate_service = cx
            .service_of(&process.location.krate)
            .map(|s| s.id.as_str())
            == Some(&process.id);
        let handlers: Vec<&str> = if is_crate_service {
            cx.model
                .endpoints
                .iter()
                .filter(|e| e.location.krate == process.location.krate)
                .map(|e| e.handler.as_str())
                .collect()
        } else {
            Vec::new()
        };
        let flows: Vec<&DataFlow> = cx
            .model
            .data_flows
            .iter()
            .filter(|flow| touches(cx, flow, process))
            .collect();
        let untrusted_callers = is_crate_service
            && cx
                .model
                .endpoints
                .iter()
                .any(|e| e.location.krate == process.location.krate && cx.callers_untrusted(e));
        if !untrusted_callers && !flows.iter().any(|flow| cx.crosses_boundary(flow)) {
            continue;
        }
        let covered: BTreeSet<Stride> = std::iter::once(process.id.as_str())
            .chain(handlers.iter().copied())
            .chain(flows.iter().map(|flow| flow.id.as_str()))
            .flat_map(|item| cx.threats_on(item))
            .flat_map(|threat| threat.stride.iter().copied())
            .collect();
        let missing: Vec<Stride> = REQUIRED
            .iter()
            .copied()
            .filter(|s| !covered.contains(s))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let names: Vec<String> = missing
            .iter()
            .map(|s| s.as_str().replace('_', " "))
            .collect();
        let annotations: Vec<String> = missing
            .iter()
            .map(|s| format!("`#[threat({s}, ...)]`"))
            .collect();
        hits.push(
            Hit::new(
                &process.id,
                &process.id,
                &process.location,
                format!(
                    "process `{}` crosses a trust boundary, and no threat on it, its handlers or \
                     its data flows is of category {}",
                    process.id,
                    or_list(&names)
                ),
            )
            .help(format!(
                "consider {} and record the outcome: {} on `{}`, or on the handler or data flow \
                 concerned",
                names.join(", "),
                annotations.join(", "),
                process.id.rsplit("::").next().unwrap_or(&process.id)
            )),
        );
    }
    hits
}

/// Whether `flow` starts at `process` or goes to it.
fn touches(cx: &Context<'_>, flow: &DataFlow, process: &Component) -> bool {
    flow.to == process.id || cx.source_of(flow).is_some_and(|c| c.id == process.id)
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::check;
    use crate::Model;
    use crate::rules::Context;

    fn location() -> Value {
        json!({ "package": "api", "crate": "api", "file": "src/lib.rs", "line": 1, "column": 1 })
    }

    fn threat(kind: &str, stride: &[&str], subject: &str) -> Value {
        json!({
            "id": format!("{subject}#{kind}"), "kind": kind, "title": kind, "stride": stride,
            "subject": subject, "disposition": { "status": "transferred", "to": "platform" },
            "location": location(),
        })
    }

    /// A service in `DataCenter` whose one endpoint is called from `Internet`, with `threats`.
    fn model(threats: Vec<Value>) -> Model {
        serde_json::from_value(json!({
            "schema_version": "1",
            "trust_boundaries": [
                { "id": "api::DataCenter", "name": "DataCenter", "location": location() },
                { "id": "api::Internet", "name": "Internet", "location": location() },
            ],
            "components": [{
                "id": "api::Api", "name": "Api", "kind": "service",
                "boundary": "api::DataCenter", "location": location(),
            }],
            "assets": [], "mitigations": [], "data_flows": [],
            "endpoints": [{
                "id": "api::get GET /x", "method": "GET", "route": "/x", "handler": "api::get",
                "boundary": "api::Internet", "location": location(),
            }],
            "threats": threats,
        }))
        .unwrap()
    }

    #[test]
    fn threats_on_the_crate_s_handlers_count_for_its_service() {
        let gaps = model(vec![threat(
            "broken_authentication",
            &["spoofing"],
            "api::get",
        )]);
        let hits = check(&Context::new(&gaps, "2026-01-01"));
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(
            hits[0]
                .message
                .ends_with("of category tampering or information disclosure"),
            "{}",
            hits[0].message
        );

        let covered = model(vec![
            threat("broken_authentication", &["spoofing"], "api::get"),
            threat("sql_injection", &["tampering"], "api::get"),
            threat(
                "information_disclosure",
                &["information_disclosure"],
                "api::Api",
            ),
        ]);
        assert!(check(&Context::new(&covered, "2026-01-01")).is_empty());
    }
}
