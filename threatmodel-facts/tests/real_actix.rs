//! The actix-web route table of real open-source services, against tables written by reading
//! their code (`tests/real/actix-*.json`). Their sources are not in this repository: check out
//! each `repository` at `commit` under `$THREATMODEL_REAL_SERVICES/<repository name>`, then run
//! `THREATMODEL_REAL_SERVICES=/tmp/real cargo test -p threatmodel-facts --test real_actix -- --ignored`.
//!
//! A route matches when the reader serves the same method and path with the same handler and
//! as many layers, each expected name among the names of the layer at its position (outermost
//! first). A route listed under `"unknown"` is one the reader cannot see: it passes when one of
//! the crate's unknowns says so (its text contains the entry's `unknown`) and no route claims it.
//! Every miss is printed; any miss fails.

use std::path::{Path, PathBuf};

use serde_json::Value;
use threatmodel_core::facts::{CrateFacts, Handler};
use threatmodel_facts::CrateSource;
use threatmodel_facts::cfg::Cfg;

fn expected_tables() -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/real")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("actix-") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            let value = serde_json::from_str(&text).expect("JSON");
            (path, value)
        })
        .collect()
}

fn str_of<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` in {value}"))
}

/// The misses of one service's table.
fn compare(facts: &CrateFacts, expected: &Value) -> Vec<String> {
    let mut misses = Vec::new();
    let mut claimed = vec![false; facts.routes.len()];
    for route in expected["routes"].as_array().into_iter().flatten() {
        let (method, path) = (str_of(route, "method"), str_of(route, "path"));
        let handler = str_of(route, "handler");
        let layers: Vec<&str> = route["layers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let found = facts
            .routes
            .iter()
            .enumerate()
            .find(|(i, r)| !claimed[*i] && r.method == method && r.path == path);
        let Some((index, found)) = found else {
            misses.push(format!("missing: {method} {path} -> {handler}"));
            continue;
        };
        claimed[index] = true;
        if found.handler
            != (Handler::Fn {
                path: handler.to_owned(),
            })
        {
            misses.push(format!(
                "handler: {method} {path}: expected {handler}, read {:?}",
                found.handler
            ));
        }
        let read: Vec<&Vec<String>> = found.layers.iter().map(|l| &l.names).collect();
        let layers_match = read.len() == layers.len()
            && read
                .iter()
                .zip(&layers)
                .all(|(names, name)| names.iter().any(|n| n == name));
        if !layers_match {
            misses.push(format!(
                "layers: {method} {path}: expected {layers:?}, read {read:?}"
            ));
        }
    }
    for entry in expected["unknown"].as_array().into_iter().flatten() {
        let (method, path) = (str_of(entry, "method"), str_of(entry, "path"));
        let said = str_of(entry, "unknown");
        if !facts.unknowns.iter().any(|u| u.what.contains(said)) {
            misses.push(format!("not said unknown: {method} {path} ({said})"));
        }
        if facts
            .routes
            .iter()
            .any(|r| r.method == method && r.path == path)
        {
            misses.push(format!("listed as unknown but read: {method} {path}"));
        }
    }
    for (route, claimed) in facts.routes.iter().zip(&claimed) {
        if !claimed {
            misses.push(format!(
                "not expected: {} {} -> {:?} @ {}:{}",
                route.method, route.path, route.handler, route.location.file, route.location.line
            ));
        }
    }
    misses
}

#[test]
#[ignore = "needs the real services checked out under $THREATMODEL_REAL_SERVICES"]
fn real_services_route_tables() {
    let base = PathBuf::from(
        std::env::var_os("THREATMODEL_REAL_SERVICES")
            .expect("THREATMODEL_REAL_SERVICES: the directory holding the checked-out services"),
    );
    let mut failed = false;
    for (file, expected) in expected_tables() {
        let repository = str_of(&expected, "repository");
        let name = repository.rsplit('/').next().unwrap_or(repository);
        let root = base.join(name);
        let krate = str_of(&expected, "crate");
        let source = CrateSource {
            package: krate.replace('_', "-"),
            krate: krate.to_owned(),
            root: root.join(str_of(&expected, "crate_root")),
            files: None,
            cfg: Cfg::default(),
        };
        let mut facts = threatmodel_facts::read(&root, &[source]);
        // The tables are of the actix-web routers; a service may serve an axum router too
        // (actix-web-demo does), which the axum tables check.
        facts.crates[0]
            .routes
            .retain(|route| route.framework == threatmodel_core::facts::Framework::ActixWeb);
        let crate_facts = &facts.crates[0];
        let misses = compare(crate_facts, &expected);
        let total = expected["routes"].as_array().map_or(0, Vec::len);
        println!(
            "{repository} ({}): {} expected routes, {} read, {} misses",
            file.display(),
            total,
            crate_facts.routes.len(),
            misses.len()
        );
        for miss in &misses {
            println!("  {miss}");
        }
        for unknown in &crate_facts.unknowns {
            println!(
                "  ? {} @ {}:{}",
                unknown.what, unknown.location.file, unknown.location.line
            );
        }
        failed |= !misses.is_empty();
    }
    assert!(!failed, "some real routes were missed; see above");
}
