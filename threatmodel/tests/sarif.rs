//! The SARIF 2.1.0 log: schema validity, locations, fingerprints, suppressions, determinism.

mod fixtures;

use std::collections::BTreeSet;

use serde_json::Value;
use threatmodel::Model;
use threatmodel::export::sarif::{
    FINGERPRINT, MANIFEST, PROBLEM_RULE_ID, SRCROOT, SarifOptions, render,
};
use threatmodel::model::{Location, Problem, Suppression};
use threatmodel::rules::{self, Finding, RULES, Settings};

/// The official SARIF 2.1.0 schema (errata 01, JSON Schema draft-04), as copied in the
/// repository's `tests/schemas/`.
fn validator() -> jsonschema::Validator {
    fixtures::schema("sarif-schema-2.1.0.json")
}

/// Schema errors of `log`, one line each.
fn schema_errors(log: &Value) -> Vec<String> {
    fixtures::schema_errors(&validator(), log)
}

fn assert_valid(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).expect("the log is JSON");
    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}\n{text}");
    log
}

fn checked(model: &Model) -> Vec<Finding> {
    rules::check(model, &Settings::default(), fixtures::TODAY)
}

fn sarif(model: &Model) -> String {
    render(model, &checked(model), &SarifOptions::default())
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

/// `(ruleId, fingerprint)` of every result.
fn fingerprints(log: &Value) -> BTreeSet<(String, String)> {
    results(log)
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                r["partialFingerprints"][FINGERPRINT]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect()
}

/// The log with the crate version replaced, so snapshots survive a release.
fn snapshot_text(text: &str) -> String {
    text.replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"[version]\"",
    )
}

/// Every result has one location: a relative URI against the declared `%SRCROOT%`, and a
/// region with a positive line.
fn assert_located(log: &Value) {
    let run = &log["runs"][0];
    assert!(
        run["originalUriBaseIds"][SRCROOT].is_object(),
        "{SRCROOT} is declared"
    );
    for result in results(log) {
        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), 1, "{result}");
        let physical = &locations[0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_else(|| panic!("no uri: {result}"));
        assert!(!uri.is_empty(), "{result}");
        assert!(!uri.starts_with('/'), "absolute path {uri}");
        assert!(
            !uri.contains(':') && !uri.contains('\\'),
            "not relative: {uri}"
        );
        assert!(!uri.split('/').any(|s| s == ".."), "leaves the root: {uri}");
        assert_eq!(physical["artifactLocation"]["uriBaseId"], SRCROOT);
        assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn bank_log_validates_and_has_one_result_per_finding_and_problem() {
    let model = fixtures::bank();
    let findings = checked(&model);
    assert!(!findings.is_empty(), "the bank fixture has findings");
    let log = assert_valid(&render(&model, &findings, &SarifOptions::default()));
    assert_located(&log);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let results = results(&log);
    assert_eq!(results.len(), findings.len() + model.problems.len());
    for (result, finding) in results.iter().zip(&findings) {
        assert_eq!(result["ruleId"], finding.rule_id.as_str());
        assert_eq!(result["level"], finding.severity.as_str());
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert_eq!(uri, finding.location.file);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], finding.location.line);
        assert_eq!(region["startColumn"], finding.location.column);
    }
    let problem = results.last().unwrap();
    assert_eq!(problem["ruleId"], PROBLEM_RULE_ID);
    assert_eq!(problem["level"], "error");
    assert_eq!(
        problem["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/api.rs"
    );
}

#[test]
fn hostile_log_validates_and_encodes_paths_and_placeholders() {
    let model = fixtures::hostile();
    let text = sarif(&model);
    let log = assert_valid(&text);
    assert_located(&log);
    let problem = results(&log).last().unwrap();
    assert_eq!(
        problem["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/we%7Crd%60.rs"
    );
    // §3.11.5: literal braces in message strings are doubled, so no consumer reads a route
    // parameter as a placeholder.
    for result in results(&log) {
        let message = result["message"]["text"].as_str().unwrap();
        let single = message.replace("{{", "").replace("}}", "");
        assert!(!single.contains(['{', '}']), "{message}");
    }
    assert!(text.contains("/evil|/accounts/{{id}}"), "{text}");
}

#[test]
fn empty_model_gives_a_valid_log_with_every_rule_and_no_result() {
    let model = Model::empty();
    let log = assert_valid(&sarif(&model));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    assert!(results(&log).is_empty());
    let rules = runs[0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len() + 1);
}

#[test]
fn driver_lists_every_rule_in_id_order_with_its_metadata() {
    let log = assert_valid(&sarif(&Model::empty()));
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "threatmodel");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    let descriptors = driver["rules"].as_array().unwrap();
    for (rule, descriptor) in RULES.iter().zip(descriptors) {
        assert_eq!(descriptor["id"], rule.id);
        assert_eq!(descriptor["name"], rule.name);
        assert_eq!(
            descriptor["defaultConfiguration"]["level"],
            rule.default_severity.as_str()
        );
        assert!(
            !descriptor["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(
            !descriptor["fullDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        let help = descriptor["help"]["markdown"].as_str().unwrap();
        let fence = format!("```{}\n", rule.example_language());
        assert!(help.contains(&fence), "{help}");
        let tags: Vec<&str> = descriptor["properties"]["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(tags.contains(&"security"));
        for stride in rule.stride {
            assert!(tags.contains(&format!("stride/{}", stride.as_str()).as_str()));
        }
        for cwe in rule.cwe {
            assert!(tags.contains(&format!("external/cwe/cwe-{cwe:03}").as_str()));
        }
        if let Some(owasp) = rule.owasp_api_2023 {
            assert!(tags.contains(&format!("external/owasp/{owasp}").as_str()));
        }
    }
    assert_eq!(descriptors[RULES.len()]["id"], PROBLEM_RULE_ID);
    let bola = &descriptors[3];
    assert_eq!(bola["id"], "TM0004");
    assert!(
        bola["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("external/cwe/cwe-639"))
    );
}

#[test]
fn rule_index_points_at_the_rule_of_the_result() {
    let log = assert_valid(&sarif(&fixtures::bank()));
    let descriptors = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in results(&log) {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(descriptors[index]["id"], result["ruleId"]);
    }
}

#[test]
fn fingerprints_survive_moved_lines_and_unrelated_additions() {
    let model = fixtures::bank();
    let before = assert_valid(&sarif(&model));

    // Every annotation moves down by 7 lines.
    let mut moved = model.clone();
    for endpoint in &mut moved.endpoints {
        endpoint.location.line += 7;
    }
    for threat in &mut moved.threats {
        threat.location.line += 7;
    }
    for flow in &mut moved.data_flows {
        flow.location.line += 7;
    }
    for problem in &mut moved.problems {
        problem.location.line += 7;
    }
    let after = assert_valid(&sarif(&moved));
    assert_ne!(
        before["runs"][0]["results"], after["runs"][0]["results"],
        "the regions moved"
    );
    assert_eq!(fingerprints(&before), fingerprints(&after));

    // An unrelated endpoint adds results but changes no existing fingerprint.
    let mut grown = model.clone();
    let mut extra = grown.endpoints[0].clone();
    extra.id = "bank_api::api::export_all GET /exports/{id}".to_owned();
    extra.handler = "bank_api::api::export_all".to_owned();
    extra.route = "/exports/{id}".to_owned();
    extra.path_params = vec!["id".to_owned()];
    extra.location.line = 1;
    grown.endpoints.push(extra);
    grown.endpoints.sort_by(|a, b| a.id.cmp(&b.id));
    let grown = assert_valid(&sarif(&grown));
    let (old, new) = (fingerprints(&before), fingerprints(&grown));
    assert!(new.len() > old.len(), "the new endpoint has findings");
    assert!(old.is_subset(&new), "{old:#?}\n{new:#?}");
}

#[test]
fn fingerprints_are_unique_within_a_log() {
    for model in [fixtures::bank(), fixtures::hostile()] {
        let log = assert_valid(&sarif(&model));
        let values: BTreeSet<&str> = results(&log)
            .iter()
            .map(|r| r["partialFingerprints"][FINGERPRINT].as_str().unwrap())
            .collect();
        assert_eq!(values.len(), results(&log).len());
    }
}

#[test]
fn rendering_is_byte_identical_and_ends_with_one_newline() {
    for model in [Model::empty(), fixtures::bank(), fixtures::hostile()] {
        let first = sarif(&model);
        let second = sarif(&model.clone());
        assert_eq!(first, second);
        assert!(first.ends_with("}\n"));
    }
}

#[test]
fn suppressed_findings_carry_an_in_source_suppression_with_its_reason() {
    let mut model = fixtures::bank();
    let findings = checked(&model);
    let target = findings
        .iter()
        .find(|f| f.location.file == "src/api.rs")
        .expect("a finding on the API");
    let (item, rule, rule_id) = (
        target.item.clone(),
        target.rule_name.clone(),
        target.rule_id.clone(),
    );
    model.suppressions.push(Suppression {
        item: item.clone(),
        rule,
        reason: "ids are random [128-bit] {uuid}".to_owned(),
        location: fixtures::at("src/api.rs", 19),
    });
    let log = assert_valid(&sarif(&model));
    let mut suppressed = 0;
    for result in results(&log) {
        let suppressions = result["suppressions"].as_array().expect("suppressions");
        let on_item = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
            == item.as_str()
            && result["ruleId"] == rule_id.as_str();
        if on_item {
            suppressed += 1;
            assert_eq!(suppressions.len(), 1, "{result}");
            assert_eq!(suppressions[0]["kind"], "inSource");
            assert_eq!(
                suppressions[0]["justification"],
                "ids are random [128-bit] {uuid}"
            );
            let written = &suppressions[0]["location"]["physicalLocation"];
            assert_eq!(written["artifactLocation"]["uri"], "src/api.rs");
            assert_eq!(written["region"]["startLine"], 19);
        } else {
            assert!(suppressions.is_empty(), "{result}");
        }
    }
    assert!(suppressed >= 1);
}

#[test]
fn unknown_and_outside_locations_anchor_to_the_manifest() {
    let mut model = Model::empty();
    model.problems = vec![
        Problem {
            location: Location::unknown(),
            message: "no location".to_owned(),
        },
        Problem {
            location: Location {
                file: "/home/ci/.cargo/registry/dep/src/lib.rs".to_owned(),
                ..fixtures::at("", 9)
            },
            message: "in a dependency".to_owned(),
        },
        Problem {
            location: Location {
                file: "/work/repo/crates/a/src/lib.rs".to_owned(),
                ..fixtures::at("", 4)
            },
            message: "under the workspace root".to_owned(),
        },
        Problem {
            location: fixtures::at("src/lib.rs", 0),
            message: "line unknown".to_owned(),
        },
    ];
    let options = SarifOptions {
        workspace_root: Some("/work/repo/".into()),
        ..SarifOptions::default()
    };
    let log = assert_valid(&render(&model, &[], &options));
    assert_located(&log);
    let uri = |n: usize| {
        results(&log)[n]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(uri(0), MANIFEST);
    assert_eq!(uri(1), MANIFEST);
    assert_eq!(uri(2), "crates/a/src/lib.rs");
    assert_eq!(uri(3), MANIFEST);
    let message = results(&log)[1]["message"]["text"].as_str().unwrap();
    assert!(
        message.contains("/home/ci/.cargo/registry/dep/src/lib.rs:9:1"),
        "{message}"
    );
    assert!(!render(&model, &[], &options).contains("/work/repo"));
}

#[test]
fn the_schema_check_rejects_a_broken_log() {
    // Guards the validity tests: a validator that accepted anything would pass them.
    let mut log: Value = serde_json::from_str(&sarif(&fixtures::bank())).unwrap();
    assert!(schema_errors(&log).is_empty());
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!schema_errors(&log).is_empty());
    let mut log: Value = serde_json::from_str(&sarif(&Model::empty())).unwrap();
    log.as_object_mut().unwrap().remove("version");
    assert!(!schema_errors(&log).is_empty());
}

#[test]
fn small_log_snapshot() {
    // The bank fixture reduced to one endpoint, its threats and one problem.
    let mut model = fixtures::bank();
    model.endpoints.retain(|e| e.route == "/transfers");
    model
        .threats
        .retain(|t| t.subject == "bank_api::api::create_transfer");
    model.data_flows.clear();
    model.suppressions.push(Suppression {
        item: "bank_api::api::create_transfer".to_owned(),
        rule: "unauthenticated_critical_asset".to_owned(),
        reason: "checked by the gateway".to_owned(),
        location: fixtures::at("src/api.rs", 39),
    });
    let text = sarif(&model);
    assert_valid(&text);
    insta::assert_snapshot!("small", snapshot_text(&text));
}

/// A team's rule for the custom-rule test: every endpoint names its owner.
struct EndpointsHaveOwners;

impl rules::CustomRule for EndpointsHaveOwners {
    fn name(&self) -> &str {
        "team::endpoints_have_owners"
    }

    fn default_severity(&self) -> rules::Severity {
        rules::Severity::Note
    }

    fn summary(&self) -> &str {
        "an endpoint names no owning team"
    }

    fn docs(&self) -> String {
        "Every endpoint has a team that answers for it.".to_owned()
    }

    fn cwe(&self) -> &[u32] {
        &[1059]
    }

    fn hits(&self, cx: &rules::Context<'_>) -> Vec<rules::Hit> {
        cx.model
            .endpoints
            .iter()
            .filter(|e| e.owner.is_none())
            .map(|e| rules::Hit::new(&e.id, &e.handler, &e.location, "no owner"))
            .collect()
    }
}

#[test]
fn custom_rules_get_descriptors_after_the_built_in_ones_and_their_results_point_at_them() {
    let model = fixtures::bank();
    let findings = rules::check_with(
        &model,
        &Settings::default(),
        fixtures::TODAY,
        &[&EndpointsHaveOwners],
    );
    let options = SarifOptions {
        custom_rules: vec![rules::CustomRuleMetadata::of(&EndpointsHaveOwners)],
        ..SarifOptions::default()
    };
    let log = assert_valid(&render(&model, &findings, &options));
    let descriptors = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let custom = &descriptors[RULES.len() + 1];
    assert_eq!(custom["id"], "team::endpoints_have_owners");
    assert_eq!(custom["defaultConfiguration"]["level"], "note");
    assert_eq!(
        custom["properties"]["tags"],
        serde_json::json!(["security", "custom", "external/cwe/cwe-1059"])
    );
    let ours: Vec<&Value> = results(&log)
        .iter()
        .filter(|r| r["ruleId"] == "team::endpoints_have_owners")
        .collect();
    assert!(
        !ours.is_empty(),
        "the bank model has endpoints without an owner"
    );
    for result in ours {
        assert_eq!(result["ruleIndex"], RULES.len() + 1);
        assert_eq!(result["level"], "note");
    }
}

/// A service in `Dc` and one `GET` endpoint per route open to the internet, none rate limited.
fn unlimited_service(routes: &[&str]) -> Model {
    let at = |line: usize| {
        format!(
            r#"{{"package": "shop", "crate": "shop", "file": "src/api.rs", "line": {line}, "column": 1}}"#
        )
    };
    let endpoints: Vec<String> = routes
        .iter()
        .enumerate()
        .map(|(n, route)| {
            format!(
                r#"{{"id": "shop::h{n} GET {route}", "method": "GET", "route": "{route}",
                "handler": "shop::h{n}", "boundary": "shop::Internet", "location": {}}}"#,
                at(10 * (n + 1))
            )
        })
        .collect();
    threatmodel::export::json::parse(&format!(
        r#"{{"schema_version": "2",
        "trust_boundaries": [{{"id": "shop::Internet", "name": "Internet", "location": {b}}},
                             {{"id": "shop::Dc", "name": "Dc", "location": {b}}}],
        "components": [{{"id": "shop::Api", "name": "Api", "kind": "service",
                         "boundary": "shop::Dc", "location": {b}}}],
        "assets": [], "mitigations": [], "endpoints": [{}], "data_flows": [], "threats": []}}"#,
        endpoints.join(","),
        b = at(2)
    ))
    .expect("a model")
}

#[test]
fn a_service_finding_lists_its_endpoints_as_related_locations_and_is_fingerprinted_by_crate() {
    let log = assert_valid(&sarif(&unlimited_service(&["/a", "/b", "/c"])));
    let result = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "TM0007")
        .expect("a rate-limiting result");
    assert_eq!(
        results(&log)
            .iter()
            .filter(|r| r["ruleId"] == "TM0007")
            .count(),
        1
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    let related = result["relatedLocations"].as_array().expect("related");
    let seen: Vec<(u64, u64, &str)> = related
        .iter()
        .map(|r| {
            (
                r["id"].as_u64().unwrap(),
                r["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
                r["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (1, 10, "shop::h0"),
            (2, 20, "shop::h1"),
            (3, 30, "shop::h2")
        ]
    );
    assert!(
        related[0]["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("`GET /a` is open to untrusted callers")
    );
    // Rule and crate: the same value with more endpoints, none of the endpoints' own.
    let fingerprint = result["partialFingerprints"][FINGERPRINT].clone();
    assert_eq!(
        fingerprint,
        format!(
            "{:016x}",
            threatmodel::export::ids::fnv1a64("TM0007\u{0}shop#service")
        )
    );
    let grown = assert_valid(&sarif(&unlimited_service(&["/a", "/b", "/c", "/d"])));
    let grown = results(&grown)
        .iter()
        .find(|r| r["ruleId"] == "TM0007")
        .expect("a rate-limiting result");
    assert_eq!(grown["partialFingerprints"][FINGERPRINT], fingerprint);
    assert_eq!(grown["relatedLocations"].as_array().map(Vec::len), Some(4));
}
