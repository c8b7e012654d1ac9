//! The published JSON Schema of the model (`threatmodel/schema/model.schema.json`): it matches
//! the model types, and real models validate against it.
//!
//! Regenerate after changing a model type with `THREATMODEL_BLESS=1 cargo test --test schema`
//! and review the diff.

use std::path::PathBuf;

use threatmodel::Model;
use threatmodel::model::{TestOutcome, TestResults, TestStatus};
use threatmodel::record::{Annotation, Disposition, ItemKind, Record, RecordItem, SourceSpan};
use threatmodel::{ComponentKind, DataClass, Destination, Level};

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../threatmodel/schema/model.schema.json")
}

fn generated_schema() -> String {
    let schema = schemars::schema_for!(Model);
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    text
}

#[test]
fn published_schema_matches_the_model_types() {
    let generated = generated_schema();
    if std::env::var_os("THREATMODEL_BLESS").is_some() {
        std::fs::write(schema_path(), &generated).expect("write schema");
    }
    let published = std::fs::read_to_string(schema_path()).expect("schema file is checked in");
    assert!(
        published == generated,
        "threatmodel/schema/model.schema.json is out of date; rerun with THREATMODEL_BLESS=1"
    );
}

fn record(line: u32, name: &str, kind: ItemKind, annotation: Annotation) -> Record {
    Record {
        format: threatmodel::record::RECORD_FORMAT_VERSION,
        package: "svc".to_owned(),
        krate: "svc".to_owned(),
        module: vec!["api".to_owned()],
        span: SourceSpan {
            file: "src/api.rs".to_owned(),
            line,
            column: 1,
            end_line: line,
            end_column: 40,
        },
        item: RecordItem {
            name: name.to_owned(),
            kind,
            owner: None,
            doc: Some(format!("Docs of {name}.")),
        },
        annotation,
        test_only: false,
    }
}

/// A model with every element kind and every disposition, plus a problem.
fn full_model() -> Model {
    let none = None;
    let mut model = Model::from_records(vec![
        record(
            1,
            "Internet",
            ItemKind::Struct,
            Annotation::TrustBoundary {
                parent: None,
                name: None,
                description: None,
            },
        ),
        record(
            2,
            "Dmz",
            ItemKind::Struct,
            Annotation::TrustBoundary {
                parent: Some("Internet".into()),
                name: Some("DMZ".into()),
                description: none.clone(),
            },
        ),
        record(
            3,
            "Db",
            ItemKind::Struct,
            Annotation::Component {
                kind: ComponentKind::Datastore,
                boundary: Some("Dmz".into()),
                name: None,
                description: None,
            },
        ),
        record(
            4,
            "Account",
            ItemKind::Struct,
            Annotation::Asset {
                level: Level::Critical,
                fields: vec!["iban".into()],
                data: Some(DataClass::Financial),
                confidentiality: None,
                integrity: Some(Level::High),
                availability: None,
                owner: Some("payments".into()),
                name: None,
                description: None,
            },
        ),
        record(
            5,
            "ensure_owner",
            ItemKind::Fn,
            Annotation::Mitigation {
                controls: vec!["authorization".into()],
                custom: None,
                description: None,
                marker: None,
                applies_to: vec!["/accounts/*".into()],
                addresses: vec!["tampering".into()],
                installed_by: vec!["tower_governor::GovernorLayer".into()],
            },
        ),
        record(
            6,
            "get_account",
            ItemKind::Fn,
            Annotation::Endpoint {
                method: "GET".into(),
                route: "/accounts/:id".into(),
                from_framework: false,
                boundary: Some("Internet".into()),
                exposes: vec!["Account".into()],
                auth: Some(threatmodel::AuthRequirement::Required),
                owner: Some("payments".into()),
                version: Some("v1".into()),
                description: None,
            },
        ),
        record(
            7,
            "get_account",
            ItemKind::Fn,
            Annotation::Threat {
                kind: threatmodel::record::ThreatKindRef::Catalogue(
                    "broken_object_level_authorization".into(),
                ),
                disposition: Disposition::Mitigated {
                    by: vec!["ensure_owner".into()],
                    residual: Some("admins".into()),
                },
                assets: vec!["Account".into()],
                description: None,
                severity: Some(Level::High),
            },
        ),
        record(
            8,
            "get_account",
            ItemKind::Fn,
            Annotation::Threat {
                kind: threatmodel::record::ThreatKindRef::Custom {
                    id: "ACME-1".into(),
                    stride: vec![threatmodel::Stride::Tampering],
                },
                disposition: Disposition::Accepted {
                    reason: "low value".into(),
                    owner: Some("sec".into()),
                    expires: Some("2027-01-01".into()),
                    ticket: Some("SEC-1".into()),
                },
                assets: vec![],
                description: Some("custom".into()),
                severity: None,
            },
        ),
        record(
            9,
            "get_account",
            ItemKind::Fn,
            Annotation::Threat {
                kind: threatmodel::record::ThreatKindRef::Catalogue("denial_of_service".into()),
                disposition: Disposition::Transferred {
                    to: "CDN".into(),
                    ticket: None,
                },
                assets: vec![],
                description: None,
                severity: None,
            },
        ),
        record(
            10,
            "get_account",
            ItemKind::Fn,
            Annotation::Threat {
                kind: threatmodel::record::ThreatKindRef::Catalogue("mass_assignment".into()),
                disposition: Disposition::Open {
                    reason: "the body is bound whole".into(),
                    ticket: "SEC-142".into(),
                    owner: Some("api-team".into()),
                    expires: Some("2027-03-31".into()),
                },
                assets: vec![],
                description: None,
                severity: None,
            },
        ),
        // Only in the partial model of a build that failed on it.
        record(
            10,
            "get_account",
            ItemKind::Fn,
            Annotation::Threat {
                kind: threatmodel::record::ThreatKindRef::Catalogue("xss".into()),
                disposition: Disposition::Undisposed,
                assets: vec![],
                description: None,
                severity: None,
            },
        ),
        record(
            10,
            "load",
            ItemKind::Fn,
            Annotation::DataFlow {
                from: None,
                to: "Db".into(),
                data: vec!["Account".into()],
                protocol: Some("postgres+tls".into()),
                encrypted: None,
                destination: Some(Destination::Fixed),
                bidirectional: true,
                description: None,
            },
        ),
        record(
            12,
            "TlsAtIngress",
            ItemKind::Declared,
            Annotation::Assumption {
                text: "TLS terminates at the load balancer".into(),
                owner: Some("platform".into()),
            },
        ),
        record(
            11,
            "broken",
            ItemKind::Fn,
            Annotation::Invalid {
                name: "threat".into(),
                errors: vec!["unmitigated threat `xss`".into()],
            },
        ),
        record(
            12,
            "another_users_account_is_refused",
            ItemKind::Fn,
            Annotation::Verifies {
                mitigation: Some("ensure_owner".into()),
                threat: Some("broken_object_level_authorization".into()),
                endpoint: None,
            },
        ),
    ]);
    // Outcomes, as `--run-tests` writes them.
    model.test_results = Some(TestResults::Run);
    let verification = &mut model.verifications[0];
    verification.outcome = Some(TestOutcome {
        status: TestStatus::Failed,
        binary: Some("svc".into()),
        test_name: Some("api::tests::another_users_account_is_refused".into()),
        reason: None,
    });
    model
}

fn assert_valid(model: &Model) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).expect("schema"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let instance = serde_json::to_value(model).expect("model serializes");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "model does not validate: {errors:#?}");
}

#[test]
fn a_model_with_every_element_validates() {
    let model = full_model();
    assert_eq!(model.threats.len(), 5);
    assert_eq!(model.summary().open, 1);
    assert_eq!(model.summary().undisposed, 1);
    assert_eq!(model.assumptions.len(), 1);
    // The invalid annotation, and the undisposed threat `Model::validate` reports.
    assert_eq!(model.problems.len(), 2, "{:#?}", model.problems);
    assert_eq!(
        model.verifications[0].mitigations,
        ["svc::api::ensure_owner"],
        "the verification resolves its mitigation"
    );
    assert_valid(&model);
}

#[test]
fn the_schema_rejects_an_open_threat_without_its_ticket() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).expect("schema"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut instance = serde_json::to_value(full_model()).expect("model serializes");
    assert!(validator.is_valid(&instance));
    let threats = instance["threats"].as_array_mut().expect("threats");
    let open = threats
        .iter_mut()
        .find(|t| t["disposition"]["status"] == "open")
        .expect("the open threat");
    open["disposition"]
        .as_object_mut()
        .expect("disposition object")
        .remove("ticket");
    assert!(!validator.is_valid(&instance));
}

#[test]
fn the_empty_model_validates() {
    assert_valid(&Model::empty());
}

#[test]
fn the_schema_rejects_a_model_missing_a_required_field() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).expect("schema"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut instance = serde_json::to_value(full_model()).expect("model serializes");
    instance["assets"][0]
        .as_object_mut()
        .expect("asset object")
        .remove("level");
    assert!(!validator.is_valid(&instance));
}
