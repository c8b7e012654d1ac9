//! The threat model the annotations describe, as `threatmodel::Model::collect()` returns it.

use std::collections::{BTreeMap, BTreeSet};

use threatmodel::model::Model;
use threatmodel::{AuthRequirement, Destination, Disposition};

/// Every route the router serves, with its handler.
const ROUTES: &[(&str, &str, &str)] = &[
    ("GET", "/healthz", "bank_api::healthz"),
    ("POST", "/auth/register", "bank_api::auth::register"),
    ("POST", "/auth/login", "bank_api::auth::login"),
    ("GET", "/accounts", "bank_api::accounts::list_accounts"),
    ("POST", "/accounts", "bank_api::accounts::create_account"),
    ("GET", "/accounts/{id}", "bank_api::accounts::get_account"),
    (
        "GET",
        "/accounts/{id}/transfers",
        "bank_api::transfers::list_transfers",
    ),
    (
        "POST",
        "/accounts/{id}/transfers",
        "bank_api::transfers::create_transfer",
    ),
    ("GET", "/webhook", "bank_api::webhooks::get_webhook"),
    ("PUT", "/webhook", "bank_api::webhooks::set_webhook"),
    ("DELETE", "/webhook", "bank_api::webhooks::delete_webhook"),
];

fn model() -> Model {
    // Name the crate so that it is linked, with its registry entries.
    let _ = bank_api::app;
    Model::collect()
}

#[test]
fn the_model_has_no_problems() {
    let model = model();
    assert!(model.problems.is_empty(), "{:#?}", model.problems);
    // And it passes the checks a model read from a file gets (`report --from`).
    assert_eq!(model.validate(), vec![]);
}

/// The example is a correctly modelled service: no rule of `cargo threatmodel check` reports
/// anything on it, suppressed or not. Checked on a fixed date, before any acceptance expires
/// (the earliest `expires` of the example is 2027-03-31).
#[test]
fn no_rule_finds_a_gap() {
    let model = model();
    let findings = threatmodel::rules::check(
        &model,
        &threatmodel::rules::Settings::default(),
        "2026-11-30",
    );
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn every_route_is_an_endpoint() {
    let model = model();
    let got: BTreeSet<(&str, &str, &str)> = model
        .endpoints
        .iter()
        .map(|e| (e.method.as_str(), e.route.as_str(), e.handler.as_str()))
        .collect();
    let want: BTreeSet<(&str, &str, &str)> = ROUTES.iter().copied().collect();
    assert_eq!(got, want);
    for endpoint in &model.endpoints {
        assert_eq!(
            endpoint.boundary.as_deref(),
            Some("bank_api::architecture::Internet"),
            "{}",
            endpoint.id
        );
        assert!(
            endpoint.description.is_some(),
            "{} has no doc comment",
            endpoint.id
        );
        let public =
            ["/healthz", "/auth/register", "/auth/login"].contains(&endpoint.route.as_str());
        let expected = if public {
            AuthRequirement::None
        } else {
            AuthRequirement::Required
        };
        assert_eq!(endpoint.auth, Some(expected), "{}", endpoint.id);
    }
}

#[test]
fn every_endpoint_has_threats_and_authenticated_ones_rely_on_the_jwt_middleware() {
    let model = model();
    for endpoint in &model.endpoints {
        let threats: Vec<_> = model.threats_of(endpoint).collect();
        assert!(!threats.is_empty(), "{} has no threat", endpoint.id);
        if endpoint.auth == Some(AuthRequirement::Required) {
            assert!(
                threats.iter().any(|t| t.kind == "broken_authentication"
                    && matches!(&t.disposition, Disposition::Mitigated { by, .. }
                        if by.iter().any(|m| m == "bank_api::auth::require_jwt"))),
                "{} does not rely on require_jwt",
                endpoint.id
            );
        }
        if endpoint.path_params.iter().any(|p| p == "id") {
            assert!(
                threats
                    .iter()
                    .any(|t| t.kind == "broken_object_level_authorization"),
                "{} takes an object id but records no BOLA threat",
                endpoint.id
            );
        }
    }
}

#[test]
fn every_mitigation_reference_resolves_to_a_control_that_addresses_the_threat() {
    let model = model();
    let mitigations: BTreeMap<&str, &threatmodel::model::Mitigation> = model
        .mitigations
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();
    let mut dispositions = BTreeSet::new();
    for threat in &model.threats {
        match &threat.disposition {
            Disposition::Mitigated { by, .. } => {
                dispositions.insert("mitigated");
                assert!(!by.is_empty(), "{}: unresolved mitigations", threat.id);
                for id in by {
                    let mitigation = mitigations
                        .get(id.as_str())
                        .unwrap_or_else(|| panic!("{}: unknown mitigation {id}", threat.id));
                    assert!(
                        mitigation.addresses.contains(&threat.kind),
                        "{}: {id} ({:?}) does not address {}",
                        threat.id,
                        mitigation.controls,
                        threat.kind
                    );
                }
            }
            Disposition::Accepted { owner, expires, .. } => {
                dispositions.insert("accepted");
                assert!(owner.is_some(), "{}: accepted without an owner", threat.id);
                let expires = expires.as_deref().expect("accepted risks expire");
                assert!(expires > "2026-06-01", "{}: acceptance expired", threat.id);
            }
            Disposition::Transferred { .. } => {
                dispositions.insert("transferred");
            }
            Disposition::Open { ticket, .. } => {
                panic!(
                    "{}: the example records no open weakness ({ticket})",
                    threat.id
                )
            }
            Disposition::Undisposed => {
                panic!(
                    "{}: a model that builds has no undisposed threat",
                    threat.id
                )
            }
        }
    }
    assert_eq!(
        dispositions,
        BTreeSet::from(["accepted", "mitigated", "transferred"])
    );
    // Every control is used by some threat.
    for mitigation in &model.mitigations {
        assert!(
            model.threats_relying_on(&mitigation.id).next().is_some(),
            "{} mitigates nothing",
            mitigation.id
        );
        assert!(
            mitigation.description.is_some(),
            "{} has no doc comment",
            mitigation.id
        );
    }
}

#[test]
fn architecture_and_data_flows_are_described() {
    let model = model();
    assert_eq!(
        model
            .trust_boundaries
            .iter()
            .map(|b| b.id.as_str())
            .collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "bank_api::architecture::DataCenter",
            "bank_api::architecture::Internet",
            "bank_api::architecture::PartnerNetwork",
        ])
    );
    assert_eq!(
        model
            .components
            .iter()
            .map(|c| c.id.as_str())
            .collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "bank_api::architecture::BankApi",
            "bank_api::architecture::Customer",
            "bank_api::architecture::WebhookReceiver",
            "bank_api::db::Db",
        ])
    );
    assert_eq!(
        model
            .assets
            .iter()
            .map(|a| a.id.as_str())
            .collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "bank_api::auth::JwtSecret",
            "bank_api::model::Account",
            "bank_api::model::Credentials",
            "bank_api::model::Transfer",
            "bank_api::model::User",
            "bank_api::model::WebhookConfig",
        ])
    );
    let to_db = model
        .data_flows
        .iter()
        .filter(|f| f.to == "bank_api::db::Db")
        .count();
    assert!(to_db >= 8, "{to_db} flows to the database");
    let webhook = model
        .data_flows
        .iter()
        .find(|f| f.to == "bank_api::architecture::WebhookReceiver")
        .expect("webhook flow");
    assert_eq!(webhook.destination, Destination::Caller);
    assert!(webhook.encrypted);
    assert_eq!(webhook.data, ["bank_api::model::Transfer"]);
    // What the model takes to hold without the code showing it.
    let assumptions: Vec<(&str, Option<&str>)> = model
        .assumptions
        .iter()
        .map(|a| (a.name.as_str(), a.owner.as_deref()))
        .collect();
    assert_eq!(
        assumptions,
        [
            ("PrivateDatabaseVolume", Some("platform")),
            ("TlsAtIngress", Some("platform")),
        ]
    );
}

#[test]
fn the_model_is_deterministic() {
    let first = serde_json::to_string(&model()).expect("json");
    let second = serde_json::to_string(&model()).expect("json");
    assert_eq!(first, second);
}

/// RULES.md's noise section states the example's endpoints, threats and findings; regenerated
/// here so that it cannot drift (`THREATMODEL_BLESS=1` rewrites it).
#[test]
fn rules_md_states_the_examples_findings() {
    const START: &str = "<!-- bank-api:start -->\n";
    const END: &str = "<!-- bank-api:end -->";
    let model = model();
    let findings = threatmodel::rules::check(
        &model,
        &threatmodel::rules::Settings::default(),
        "2026-11-30",
    );
    let generated = format!(
        "\n- **The example service** (`examples/bank-api`, {} endpoints, {} threats): **{} \
         findings**, {:.2} per endpoint, asserted by `no_rule_finds_a_gap` in \
         `examples/bank-api/tests/threat_model.rs` and by `cargo threatmodel check -p bank-api` \
         exiting 0.\n",
        model.endpoints.len(),
        model.threats.len(),
        findings.len(),
        // 11 endpoints and a handful of findings at most: exact as f64.
        findings.len() as f64 / model.endpoints.len().max(1) as f64,
    );
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../RULES.md");
    let text = std::fs::read_to_string(path).expect("RULES.md");
    let (Some(start), Some(end)) = (text.find(START), text.find(END)) else {
        panic!("RULES.md has no {START:?} ... {END:?} section");
    };
    if std::env::var_os("THREATMODEL_BLESS").is_some() {
        let updated = format!(
            "{}{generated}{}",
            &text[..start + START.len()],
            &text[end..]
        );
        std::fs::write(path, updated).expect("write RULES.md");
    } else {
        assert_eq!(
            &text[start + START.len()..end],
            generated,
            "RULES.md is stale; rerun with THREATMODEL_BLESS=1 and review the diff"
        );
    }
}
