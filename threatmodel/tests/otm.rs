//! The Open Threat Model 0.2.0 export: schema validity, references, derived values, stable ids,
//! determinism and a snapshot of a small model.

mod fixtures;
mod small;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use threatmodel::Model;
use threatmodel::export::otm::{OtmOptions, render};

/// The official OTM 0.2.0 schema (JSON Schema draft-07), as copied in `tests/schemas/`.
fn validator() -> jsonschema::Validator {
    fixtures::schema("otm-0.2.0.schema.json")
}

fn options() -> OtmOptions {
    OtmOptions {
        title: "Bank API".to_owned(),
        repository: None,
    }
}

fn otm(model: &Model) -> String {
    render(model, &options())
}

/// Parses `text` and asserts it validates against the schema.
fn assert_valid(text: &str) -> Value {
    let document: Value = serde_json::from_str(text).expect("the document is JSON");
    let errors = fixtures::schema_errors(&validator(), &document);
    assert!(errors.is_empty(), "invalid OTM: {errors:#?}\n{text}");
    document
}

fn list<'d>(document: &'d Value, key: &str) -> &'d Vec<Value> {
    document[key]
        .as_array()
        .unwrap_or_else(|| panic!("no list {key}"))
}

fn str_of<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key} in {value}"))
}

/// Every id the document defines, with the list it is in.
fn ids(document: &Value) -> BTreeSet<(String, String)> {
    let mut ids = BTreeSet::new();
    for key in [
        "trustZones",
        "components",
        "dataflows",
        "assets",
        "threats",
        "mitigations",
        "representations",
    ] {
        for element in list(document, key) {
            ids.insert((key.to_owned(), str_of(element, "id").to_owned()));
        }
    }
    ids
}

fn ids_in(document: &Value, key: &str) -> BTreeSet<String> {
    list(document, key)
        .iter()
        .map(|e| str_of(e, "id").to_owned())
        .collect()
}

/// The element of list `key` whose `attributes.rustPath` is `path`.
fn by_path<'d>(document: &'d Value, key: &str, path: &str) -> &'d Value {
    list(document, key)
        .iter()
        .find(|e| e["attributes"]["rustPath"] == path)
        .unwrap_or_else(|| panic!("no {key} for {path}"))
}

#[test]
fn the_bank_hostile_and_empty_models_validate() {
    for model in [fixtures::bank(), fixtures::hostile(), Model::empty()] {
        assert_valid(&otm(&model));
    }
    let mut options = options();
    options.title = fixtures::HOSTILE.to_owned();
    options.repository = Some("https://example.invalid/bank".to_owned());
    let document = assert_valid(&render(&fixtures::hostile(), &options));
    assert_eq!(document["project"]["name"], fixtures::HOSTILE.trim());
    assert_eq!(
        document["representations"][0]["repository"]["url"],
        "https://example.invalid/bank"
    );
}

#[test]
fn the_schema_check_can_fail() {
    let mut document: Value = serde_json::from_str(&otm(&fixtures::bank())).unwrap();
    document["trustZones"][0]
        .as_object_mut()
        .unwrap()
        .remove("risk");
    assert!(!validator().is_valid(&document));
}

#[test]
fn the_empty_model_gives_an_empty_document() {
    let document = assert_valid(&otm(&Model::empty()));
    assert_eq!(document["otmVersion"], "0.2.0");
    for key in [
        "trustZones",
        "components",
        "dataflows",
        "assets",
        "threats",
        "mitigations",
    ] {
        assert!(list(&document, key).is_empty(), "{key}");
    }
}

#[test]
fn every_reference_names_an_element_of_the_document() {
    for model in [fixtures::bank(), fixtures::hostile(), small::small()] {
        let document = assert_valid(&otm(&model));
        let all = ids(&document);
        let unique: BTreeSet<&String> = all.iter().map(|(_, id)| id).collect();
        assert_eq!(unique.len(), all.len(), "ids are unique across lists");
        let zones = ids_in(&document, "trustZones");
        let components = ids_in(&document, "components");
        let assets = ids_in(&document, "assets");
        let threats = ids_in(&document, "threats");
        let mitigations = ids_in(&document, "mitigations");
        let representations = ids_in(&document, "representations");

        let mut instances = Vec::new();
        for zone in list(&document, "trustZones") {
            if let Some(parent) = zone["parent"]["trustZone"].as_str() {
                assert!(zones.contains(parent), "{parent}");
            }
        }
        for component in list(&document, "components") {
            match (
                component["parent"]["trustZone"].as_str(),
                component["parent"]["component"].as_str(),
            ) {
                (Some(zone), None) => assert!(zones.contains(zone), "{zone}"),
                (None, Some(parent)) => assert!(components.contains(parent), "{parent}"),
                other => panic!("one parent expected, got {other:?}"),
            }
            for kind in ["processed", "stored"] {
                for asset in component["assets"][kind].as_array().into_iter().flatten() {
                    assert!(assets.contains(asset.as_str().unwrap()), "{asset}");
                }
            }
            instances.extend(component["threats"].as_array().into_iter().flatten());
        }
        for flow in list(&document, "dataflows") {
            assert!(components.contains(str_of(flow, "source")), "{flow}");
            assert!(components.contains(str_of(flow, "destination")), "{flow}");
            for asset in flow["assets"].as_array().into_iter().flatten() {
                assert!(assets.contains(asset.as_str().unwrap()), "{asset}");
            }
            instances.extend(flow["threats"].as_array().into_iter().flatten());
        }
        for instance in &instances {
            assert!(threats.contains(str_of(instance, "threat")), "{instance}");
            for mitigation in instance["mitigations"].as_array().into_iter().flatten() {
                assert!(mitigations.contains(str_of(mitigation, "mitigation")));
            }
        }
        // Every threat is instanced somewhere.
        let instanced: BTreeSet<&str> = instances.iter().map(|i| str_of(i, "threat")).collect();
        assert_eq!(instanced.len(), threats.len());
        // Every code location points at the one code representation.
        for key in ["trustZones", "components", "dataflows"] {
            for element in list(&document, key) {
                for representation in element["representations"].as_array().into_iter().flatten() {
                    assert!(representations.contains(str_of(representation, "representation")));
                    assert!(representation["line"].as_u64().unwrap() >= 1);
                }
            }
        }
    }
}

#[test]
fn trust_ratings_follow_what_each_zone_holds() {
    let document = otm(&fixtures::bank());
    let document: Value = serde_json::from_str(&document).unwrap();
    let rating = |name: &str| {
        list(&document, "trustZones")
            .iter()
            .find(|z| z["name"] == name)
            .unwrap_or_else(|| panic!("no zone {name}"))["risk"]["trustRating"]
            .as_u64()
            .unwrap()
    };
    // Callers come from the Internet; Postgres runs in the VPC, nested in Internal.
    assert_eq!(rating("Internet"), 20);
    assert_eq!(rating("Payments VPC"), 80);
    assert_eq!(rating("Internal network"), 80);
    // `bank_api` has no service component: its own service runs in no declared boundary.
    assert_eq!(rating("Unzoned system elements"), 100);
    assert_eq!(rating("Unzoned external elements"), 20);
    let vpc = by_path(&document, "trustZones", "bank_api::zones::PaymentsVpc");
    let internal = by_path(&document, "trustZones", "bank_api::zones::Internal");
    assert_eq!(vpc["parent"]["trustZone"], internal["id"]);
}

#[test]
fn flows_endpoints_and_assets_map_as_documented() {
    let document: Value = serde_json::from_str(&otm(&fixtures::bank())).unwrap();
    let crate_service = list(&document, "components")
        .iter()
        .find(|c| c["attributes"]["crate"] == "bank_api")
        .expect("a synthetic component for the crate");
    assert_eq!(crate_service["type"], "service");

    let load = by_path(&document, "dataflows", "bank_api::db::load_account");
    assert_eq!(load["source"], crate_service["id"]);
    let postgres = by_path(&document, "components", "bank_api::infra::Postgres");
    assert_eq!(load["destination"], postgres["id"]);
    let account = by_path(&document, "assets", "bank_api::model::Account");
    assert_eq!(load["assets"][0], account["id"]);
    assert_eq!(postgres["assets"]["stored"][0], account["id"]);
    assert_eq!(account["risk"]["confidentiality"], 100);
    assert_eq!(account["risk"]["integrity"], 100);
    assert_eq!(account["risk"]["availability"], 75);

    let endpoint = by_path(
        &document,
        "components",
        "bank_api::api::get_account GET /accounts/{id}",
    );
    assert_eq!(endpoint["type"], "api-endpoint");
    assert_eq!(endpoint["parent"]["component"], crate_service["id"]);
    assert_eq!(endpoint["representations"][0]["file"], "src/api.rs");
    assert_eq!(endpoint["representations"][0]["line"], 20);
}

#[test]
fn threat_states_follow_the_dispositions() {
    let document: Value = serde_json::from_str(&otm(&fixtures::bank())).unwrap();
    let mut states: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for element in list(&document, "components")
        .iter()
        .chain(list(&document, "dataflows"))
    {
        for instance in element["threats"].as_array().into_iter().flatten() {
            let threat = list(&document, "threats")
                .iter()
                .find(|t| t["id"] == instance["threat"])
                .unwrap();
            let mitigations = instance["mitigations"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|m| format!("{}", m["state"]))
                .collect();
            states.insert(
                str_of(&threat["attributes"], "rustPath").to_owned(),
                (str_of(instance, "state").to_owned(), mitigations),
            );
        }
    }
    let state = |id: &str| {
        states
            .get(id)
            .unwrap_or_else(|| panic!("{id}: {states:#?}"))
    };
    let get = "bank_api::api::get_account#";
    let post = "bank_api::api::create_transfer#";
    // A residual risk makes it partly mitigated.
    assert_eq!(
        state(&format!("{get}broken_object_level_authorization")).0,
        "partly-mitigated"
    );
    let resource = state(&format!("{get}unrestricted_resource_consumption"));
    assert_eq!(resource.0, "mitigated");
    assert_eq!(resource.1, vec!["\"implemented\""]);
    assert_eq!(
        state(&format!("{post}broken_object_level_authorization-2")).0,
        "accepted"
    );
    assert_eq!(
        state(&format!("{post}server_side_request_forgery")).0,
        "transferred"
    );
    let open = state(&format!("{post}mass_assignment"));
    assert_eq!(open.0, "open");
    assert!(open.1.is_empty(), "an open threat cites no mitigation");
    let definition = list(&document, "threats")
        .iter()
        .find(|t| t["attributes"]["rustPath"] == format!("{post}mass_assignment"))
        .unwrap();
    assert_eq!(definition["attributes"]["disposition"], "open");
    assert_eq!(definition["attributes"]["ticket"], "SEC-142");
    assert_eq!(definition["attributes"]["fixOwner"], "api-team");
    assert_eq!(definition["attributes"]["fixDue"], "2025-05-15");
    // The SQL injection threat is on the data-flow fn, the custom one on an asset: the crate.
    let load = by_path(&document, "dataflows", "bank_api::db::load_account");
    assert_eq!(load["threats"].as_array().unwrap().len(), 1);
    assert_eq!(
        state("bank_api::model::Account#insider-fraud").0,
        "accepted"
    );

    let bola = by_path(
        &document,
        "threats",
        "bank_api::api::get_account#broken_object_level_authorization",
    );
    assert_eq!(bola["risk"]["impact"], 100, "severity critical");
    assert_eq!(
        bola["categories"],
        serde_json::json!([
            "Elevation of Privilege",
            "Information Disclosure",
            "Tampering"
        ])
    );
    let audit = by_path(&document, "mitigations", "bank_api::audit::audit_log");
    assert_eq!(audit["riskReduction"], 25, "detective control only");
    let owner = by_path(&document, "mitigations", "bank_api::auth::ensure_owner");
    assert_eq!(owner["riskReduction"], 75);
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    for model in [fixtures::bank(), fixtures::hostile(), Model::empty()] {
        let first = otm(&model);
        assert_eq!(first, otm(&model.clone()));
        assert!(first.ends_with("}\n"));
    }
}

#[test]
fn an_unrelated_handler_changes_no_existing_id() {
    for model in [fixtures::bank(), small::small()] {
        let before: Value = serde_json::from_str(&otm(&model)).unwrap();
        let mut grown = model.clone();
        small::add_unrelated_handler(&mut grown);
        let after: Value = serde_json::from_str(&otm(&grown)).unwrap();
        let (before, after) = (ids(&before), ids(&after));
        let lost: Vec<_> = before.difference(&after).collect();
        assert!(lost.is_empty(), "ids changed: {lost:#?}");
        // The new endpoint and its threat are there.
        let added: Vec<&str> = after.difference(&before).map(|(k, _)| k.as_str()).collect();
        assert!(added.contains(&"components"), "{added:?}");
        assert!(added.contains(&"threats"), "{added:?}");
    }
}

#[test]
fn small_model_snapshot() {
    let text = render(
        &small::small(),
        &OtmOptions {
            title: "Shop".to_owned(),
            repository: Some("https://example.invalid/shop".to_owned()),
        },
    );
    assert_valid(&text);
    insta::assert_snapshot!("small", text);
}
