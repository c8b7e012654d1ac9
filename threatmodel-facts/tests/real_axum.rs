//! The axum route table of real open-source services, compared with the table written by hand
//! from reading their code (`tests/real/axum-<name>.json`).
//!
//! The services are not part of this repository: check each out at the commit its JSON names,
//! under `$THREATMODEL_REAL_SERVICES/<name>`, then run
//! `THREATMODEL_REAL_SERVICES=/tmp/real cargo test -p threatmodel-facts --test real_axum -- --ignored`.

use std::path::{Path, PathBuf};

use serde_json::Value;
use threatmodel_core::facts::{Handler, Route};
use threatmodel_facts::{CrateSource, cfg::Cfg, read, route_table};

/// `(method, path)` of a route in the JSON.
fn key(route: &Value) -> (String, String) {
    let field = |name: &str| route[name].as_str().unwrap_or_default().to_owned();
    (field("method"), field("path"))
}

/// The layers of a route as the JSON writes them: one list of names per layer, outermost first.
fn layers(route: &Route) -> Value {
    Value::from(
        route
            .layers
            .iter()
            .map(|layer| Value::from(layer.names.clone()))
            .collect::<Vec<_>>(),
    )
}

/// Compares the reader's table of service `name` with `expected`; returns every miss.
fn compare(services: &Path, name: &str, expected: &Value) -> Vec<String> {
    let dir = services.join(name);
    let krate = expected["crate"].as_str().expect("crate");
    let source = CrateSource {
        package: krate.replace('_', "-"),
        krate: krate.to_owned(),
        root: dir.join(expected["crate_root"].as_str().expect("crate_root")),
        files: None,
        cfg: Cfg::default(),
    };
    let facts = read(&dir, &[source]);
    let read_routes: Vec<&Route> = facts.routes().collect();
    let has_unknowns = facts.crates.iter().any(|c| !c.unknowns.is_empty());
    let mut misses = Vec::new();
    let mut seen = vec![false; read_routes.len()];
    let empty = Vec::new();
    for route in expected["routes"].as_array().unwrap_or(&empty) {
        let (method, path) = key(route);
        let found = read_routes
            .iter()
            .position(|r| r.method == method && r.path == path);
        let Some(i) = found else {
            misses.push(format!("{name}: {method} {path}: not read"));
            continue;
        };
        seen[i] = true;
        let handler = read_routes[i].handler.fn_path().unwrap_or("<not a fn>");
        if route["handler"].as_str() != Some(handler) {
            misses.push(format!(
                "{name}: {method} {path}: handler {handler}, expected {}",
                route["handler"]
            ));
        }
        let read_layers = layers(read_routes[i]);
        if route["layers"] != read_layers {
            misses.push(format!(
                "{name}: {method} {path}: layers {read_layers}, expected {}",
                route["layers"]
            ));
        }
    }
    for route in expected["unknown"].as_array().unwrap_or(&empty) {
        let (method, path) = key(route);
        match read_routes
            .iter()
            .position(|r| r.method == method && r.path == path)
        {
            Some(i) => {
                seen[i] = true;
                if !matches!(read_routes[i].handler, Handler::Unknown { .. }) {
                    misses.push(format!(
                        "{name}: {method} {path}: listed as unknown, read as {:?}",
                        read_routes[i].handler
                    ));
                }
            }
            None if has_unknowns => {}
            None => misses.push(format!(
                "{name}: {method} {path}: listed as unknown, but neither read nor any unknown"
            )),
        }
    }
    for (route, seen) in read_routes.iter().zip(seen) {
        if !seen {
            misses.push(format!(
                "{name}: {} {}: read, not in the expected table",
                route.method, route.path
            ));
        }
    }
    eprintln!("{name}: the reader's table:\n{}", route_table(&facts));
    misses
}

#[test]
#[ignore = "needs the real services checked out under $THREATMODEL_REAL_SERVICES"]
fn real_services_route_tables() {
    let services = PathBuf::from(
        std::env::var_os("THREATMODEL_REAL_SERVICES")
            .expect("THREATMODEL_REAL_SERVICES: the directory the services are checked out in"),
    );
    let expected_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&expected_dir)
        .expect("tests/real")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("axum-") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no tests/real/axum-*.json");
    let mut misses = Vec::new();
    for file in files {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let name = stem.trim_start_matches("axum-");
        let text = std::fs::read_to_string(&file).expect("readable JSON");
        let expected: Value = serde_json::from_str(&text).expect("valid JSON");
        eprintln!(
            "{name}: {} at {}",
            expected["repository"], expected["commit"]
        );
        misses.extend(compare(&services, name, &expected));
    }
    for miss in &misses {
        eprintln!("miss: {miss}");
    }
    assert!(misses.is_empty(), "{} misses", misses.len());
}
