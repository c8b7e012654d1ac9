//! The OWASP Threat Dragon v2 export: schema validity, no nulls, layout without overlaps,
//! statuses, stable ids, determinism and a snapshot of a small model.

mod fixtures;
mod small;

use std::collections::BTreeSet;

use serde_json::Value;
use threatmodel::Model;
use threatmodel::export::threat_dragon::{ThreatDragonOptions, render};

/// The Threat Dragon v2 schema the application validates imports with, from `tests/schemas/`.
fn validator() -> jsonschema::Validator {
    fixtures::schema("threat-dragon-v2.schema.json")
}

fn td(model: &Model) -> String {
    render(
        model,
        &ThreatDragonOptions {
            title: "Bank API".to_owned(),
        },
    )
}

/// Paths of the `null`s in `value`.
fn nulls(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Null => found.push(path.to_owned()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                nulls(item, &format!("{path}/{i}"), found);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                nulls(item, &format!("{path}/{key}"), found);
            }
        }
        _ => {}
    }
}

/// Parses `text` and asserts it validates against the schema and holds no `null`.
fn assert_valid(text: &str) -> Value {
    let document: Value = serde_json::from_str(text).expect("the document is JSON");
    let errors = fixtures::schema_errors(&validator(), &document);
    assert!(
        errors.is_empty(),
        "invalid Threat Dragon model: {errors:#?}\n{text}"
    );
    let mut found = Vec::new();
    nulls(&document, "", &mut found);
    assert!(found.is_empty(), "nulls at {found:?}");
    document
}

fn cells(document: &Value) -> &Vec<Value> {
    document["detail"]["diagrams"][0]["cells"]
        .as_array()
        .expect("cells")
}

fn cell_type(cell: &Value) -> &str {
    cell["data"]["type"].as_str().expect("data.type")
}

/// The cell named `name`.
fn named<'d>(document: &'d Value, name: &str) -> &'d Value {
    cells(document)
        .iter()
        .find(|c| c["data"]["name"] == name)
        .unwrap_or_else(|| panic!("no cell {name}"))
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: i64,
    y: i64,
    width: i64,
    height: i64,
}

impl Rect {
    fn of(cell: &Value) -> Rect {
        let int = |v: &Value| {
            v.as_i64()
                .unwrap_or_else(|| panic!("integer expected: {v}"))
        };
        Rect {
            x: int(&cell["position"]["x"]),
            y: int(&cell["position"]["y"]),
            width: int(&cell["size"]["width"]),
            height: int(&cell["size"]["height"]),
        }
    }

    fn contains(self, other: Rect) -> bool {
        self.x <= other.x
            && self.y <= other.y
            && other.x + other.width <= self.x + self.width
            && other.y + other.height <= self.y + self.height
    }

    fn disjoint(self, other: Rect) -> bool {
        self.x + self.width <= other.x
            || other.x + other.width <= self.x
            || self.y + self.height <= other.y
            || other.y + other.height <= self.y
    }
}

/// Asserts that no two shapes overlap: elements are disjoint from each other, and a box and
/// another shape are disjoint or the box encloses the other (boxes nest).
fn assert_no_overlap(document: &Value) {
    let shapes: Vec<(&str, bool, Rect)> = cells(document)
        .iter()
        .filter(|c| cell_type(c) != "tm.Flow")
        .map(|c| {
            (
                c["data"]["name"].as_str().unwrap(),
                cell_type(c) == "tm.BoundaryBox",
                Rect::of(c),
            )
        })
        .collect();
    assert!(shapes.len() > 1);
    assert!(shapes.iter().all(|(_, _, r)| r.x >= 0 && r.y >= 0));
    for (i, (a, a_box, ra)) in shapes.iter().enumerate() {
        for (b, b_box, rb) in &shapes[i + 1..] {
            let nested = (*a_box && ra.contains(*rb)) || (*b_box && rb.contains(*ra));
            assert!(
                ra.disjoint(*rb) || nested,
                "{a:?} {ra:?} overlaps {b:?} {rb:?}"
            );
        }
    }
}

#[test]
fn the_bank_hostile_and_empty_models_validate() {
    for model in [fixtures::bank(), fixtures::hostile(), Model::empty()] {
        assert_valid(&td(&model));
    }
    let hostile = render(
        &fixtures::hostile(),
        &ThreatDragonOptions {
            title: fixtures::HOSTILE.to_owned(),
        },
    );
    let document = assert_valid(&hostile);
    assert_eq!(document["summary"]["title"], fixtures::HOSTILE.trim());
}

#[test]
fn the_schema_check_can_fail() {
    let mut document: Value = serde_json::from_str(&td(&fixtures::bank())).unwrap();
    document["detail"]["diagrams"][0]["cells"][0]
        .as_object_mut()
        .unwrap()
        .remove("zIndex");
    assert!(!validator().is_valid(&document));
}

#[test]
fn the_empty_model_gives_one_empty_stride_diagram() {
    let document = assert_valid(&td(&Model::empty()));
    let diagrams = document["detail"]["diagrams"].as_array().unwrap();
    assert_eq!(diagrams.len(), 1);
    assert_eq!(diagrams[0]["diagramType"], "STRIDE");
    assert!(cells(&document).is_empty());
    assert_eq!(document["detail"]["threatTop"], 0);
}

#[test]
fn the_layout_has_no_overlaps_and_boxes_enclose_their_elements() {
    for model in [fixtures::bank(), fixtures::hostile(), small::small()] {
        assert_no_overlap(&assert_valid(&td(&model)));
    }
    let document: Value = serde_json::from_str(&td(&fixtures::bank())).unwrap();
    let inside = |element: &str, boundary: &str| {
        Rect::of(named(&document, boundary)).contains(Rect::of(named(&document, element)))
    };
    assert!(inside("Postgres", "Payments VPC"));
    assert!(inside("Postgres", "Internal network"));
    assert!(inside("Payments VPC", "Internal network"));
    assert!(!inside("Postgres", "Internet"));
    assert!(inside("Callers from Internet", "Internet"));
    assert!(!inside("Payments gateway", "Internet"));
    assert!(!inside("Payments gateway", "Internal network"));
    // Least trusted on the left.
    assert!(
        Rect::of(named(&document, "Internet")).x < Rect::of(named(&document, "Internal network")).x
    );
}

#[test]
fn the_small_model_is_laid_out_inside_its_boxes() {
    let document: Value = serde_json::from_str(&td(&small::small())).unwrap();
    let private = Rect::of(named(&document, "Private network"));
    for element in ["Shop API", "Orders DB", "GET /orders/{id}"] {
        assert!(
            private.contains(Rect::of(named(&document, element))),
            "{element}"
        );
    }
}

#[test]
fn flows_join_cells_of_the_diagram() {
    for model in [fixtures::bank(), fixtures::hostile(), small::small()] {
        let document = assert_valid(&td(&model));
        let ids: BTreeSet<&str> = cells(&document)
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), cells(&document).len(), "cell ids are unique");
        let flows: Vec<&Value> = cells(&document)
            .iter()
            .filter(|c| cell_type(c) == "tm.Flow")
            .collect();
        assert!(!flows.is_empty());
        for flow in flows {
            for end in ["source", "target"] {
                let cell = flow[end]["cell"].as_str().unwrap();
                assert!(ids.contains(cell), "{end} {cell} of {flow}");
            }
        }
    }
    let document: Value = serde_json::from_str(&td(&fixtures::bank())).unwrap();
    let load = named(&document, "load_account");
    assert_eq!(
        load["labels"][0]["attrs"]["labelText"]["text"],
        "Account\n[postgres+tls]"
    );
    assert_eq!(load["data"]["protocol"], "postgres+tls");
    assert_eq!(load["data"]["isBidirectional"], true);
    let crate_service = named(&document, "bank_api (this service)");
    assert_eq!(load["source"]["cell"], crate_service["id"]);
    assert_eq!(cell_type(crate_service), "tm.Process");
    assert_eq!(cell_type(named(&document, "Postgres")), "tm.Store");
    assert_eq!(cell_type(named(&document, "Payments gateway")), "tm.Actor");
}

/// `(title, status, severity, type, mitigation)` of the threats of the cell named `name`.
fn threats_of(document: &Value, name: &str) -> Vec<(String, String, String, String, String)> {
    named(document, name)["data"]["threats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let s = |k: &str| t[k].as_str().unwrap().to_owned();
            (
                s("title"),
                s("status"),
                s("severity"),
                s("type"),
                s("mitigation"),
            )
        })
        .collect()
}

#[test]
fn threats_carry_status_severity_type_and_mitigation() {
    let document = assert_valid(&td(&fixtures::bank()));
    let get = threats_of(&document, "GET /accounts/{id}");
    assert_eq!(get.len(), 2);
    let bola = &get[0];
    assert_eq!(bola.0, "Broken Object Level Authorization");
    assert_eq!(bola.1, "Mitigated");
    assert_eq!(bola.2, "High", "severity critical");
    assert_eq!(bola.3, "Elevation of privilege");
    assert_eq!(
        bola.4,
        "Mitigated by: ensure_owner\nResidual risk: admins can read every account"
    );
    assert_eq!(get[1].3, "Denial of service");

    let post = threats_of(&document, "POST /transfers");
    let status = |title: &str, needle: &str| {
        post.iter()
            .find(|t| t.0 == title && t.4.contains(needle))
            .unwrap_or_else(|| panic!("{title}: {post:#?}"))
            .1
            .clone()
    };
    assert_eq!(
        status("Server Side Request Forgery", "transferred"),
        "Mitigated"
    );
    assert_eq!(
        status("Broken Object Level Authorization", "Risk accepted: legacy"),
        "Open"
    );
    assert_eq!(
        status(
            "Mass Assignment",
            "Open weakness, not fixed yet: the request body"
        ),
        "Open"
    );
    let open = post.iter().find(|t| t.0 == "Mass Assignment").unwrap();
    assert!(
        open.4
            .contains("Ticket: SEC-142\nOwner: api-team\nFix due: 2025-05-15"),
        "{open:?}"
    );
    let handler = named(&document, "POST /transfers");
    assert_eq!(handler["data"]["hasOpenThreats"], true);
    assert_eq!(handler["attrs"]["body"]["stroke"], "red");
    let get = named(&document, "GET /accounts/{id}");
    assert_eq!(get["data"]["hasOpenThreats"], false);

    // The SQL injection threat is on the data-flow fn; the custom one on an asset goes to the
    // crate's service.
    assert_eq!(threats_of(&document, "load_account")[0].0, "SQL Injection");
    let service = threats_of(&document, "bank_api (this service)");
    assert_eq!(service[0].0, "insider-fraud");
    assert_eq!(service[0].2, "Medium");
    assert_eq!(service[0].3, "Repudiation");

    // Every threat of the model is on exactly one cell.
    let count: usize = cells(&document)
        .iter()
        .map(|c| c["data"]["threats"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(count, fixtures::bank().threats.len());
    assert_eq!(document["detail"]["threatTop"], count);
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    for model in [fixtures::bank(), fixtures::hostile(), Model::empty()] {
        let first = td(&model);
        assert_eq!(first, td(&model.clone()));
        assert!(first.ends_with("}\n"));
    }
}

/// Ids of the cells and of the threats on them.
fn ids(document: &Value) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for cell in cells(document) {
        ids.insert(cell["id"].as_str().unwrap().to_owned());
        for threat in cell["data"]["threats"].as_array().into_iter().flatten() {
            ids.insert(threat["id"].as_str().unwrap().to_owned());
        }
    }
    ids
}

#[test]
fn an_unrelated_handler_changes_no_existing_id() {
    for model in [fixtures::bank(), small::small()] {
        let before = ids(&serde_json::from_str(&td(&model)).unwrap());
        let mut grown = model.clone();
        small::add_unrelated_handler(&mut grown);
        let after = ids(&serde_json::from_str(&td(&grown)).unwrap());
        let lost: Vec<_> = before.difference(&after).collect();
        assert!(lost.is_empty(), "ids changed: {lost:#?}");
        assert!(after.len() > before.len());
    }
}

#[test]
fn small_model_snapshot() {
    let text = render(
        &small::small(),
        &ThreatDragonOptions {
            title: "Shop".to_owned(),
        },
    );
    assert_valid(&text);
    insta::assert_snapshot!("small", text);
}
