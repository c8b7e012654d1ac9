//! The Rocket route table of real open-source services, against tables written by hand from
//! their code (`tests/real/rocket-<name>.json`). Ignored by default: the services are checked
//! out outside the repository, under `$THREATMODEL_REAL_SERVICES/<name>`:
//!
//! ```text
//! THREATMODEL_REAL_SERVICES=/tmp/real cargo test -p threatmodel-facts --test real_rocket -- --ignored
//! ```

use std::path::{Path, PathBuf};

use serde_json::Value;
use threatmodel_core::facts::{Handler, Route};
use threatmodel_facts::CrateSource;
use threatmodel_facts::cfg::Cfg;

/// The hand-written tables, by service name.
fn expectations() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/real")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("rocket-") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.strip_prefix("rocket-"))
                .expect("rocket-<name>.json")
                .to_owned();
            let text = std::fs::read_to_string(&path).expect("readable");
            (name, serde_json::from_str(&text).expect("JSON"))
        })
        .collect()
}

fn text(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_owned()
}

/// `METHOD PATH -> handler`.
fn describe(route: &Route) -> String {
    let handler = match &route.handler {
        Handler::Fn { path } => path.clone(),
        Handler::Service { name } => format!("service {name}"),
        Handler::Unknown { reason } => format!("unknown ({reason})"),
    };
    format!("{} {} -> {handler}", route.method, route.path)
}

/// The build configuration the table was written for: `"cfg"`, lines of `rustc --print cfg`
/// (then target options are known), and `"features"`; none gives `Cfg::default()`.
fn cfg_of(expected: &Value) -> Cfg {
    let features = expected["features"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    match expected["cfg"].as_array() {
        Some(lines) => {
            let text: Vec<&str> = lines.iter().filter_map(Value::as_str).collect();
            Cfg::from_rustc_print(&text.join("\n"), features)
        }
        None => Cfg {
            features,
            ..Cfg::default()
        },
    }
}

#[test]
#[ignore = "needs the real services checked out under $THREATMODEL_REAL_SERVICES"]
fn real_services_route_tables() {
    let root = PathBuf::from(
        std::env::var("THREATMODEL_REAL_SERVICES").expect("THREATMODEL_REAL_SERVICES"),
    );
    let mut misses = Vec::new();
    for (name, expected) in expectations() {
        let service = root.join(&name);
        let krate = text(&expected, "crate");
        let source = CrateSource {
            package: krate.replace('_', "-"),
            krate: krate.clone(),
            root: service.join(text(&expected, "crate_root")),
            files: None,
            cfg: cfg_of(&expected),
        };
        let facts = threatmodel_facts::read(&service, &[source]);
        let actual: Vec<&Route> = facts.routes().collect();
        let unknowns: Vec<String> = facts
            .crates
            .iter()
            .flat_map(|c| &c.unknowns)
            .map(|u| format!("{} @ {}:{}", u.what, u.location.file, u.location.line))
            .collect();
        let accepted: Vec<String> = expected["unknown"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let mut matched = 0;
        let mut seen = vec![false; actual.len()];
        for want in expected["routes"].as_array().expect("routes") {
            let (method, path, handler) = (
                text(want, "method"),
                text(want, "path"),
                text(want, "handler"),
            );
            let found = actual.iter().enumerate().find(|(i, r)| {
                !seen[*i]
                    && r.method == method
                    && r.path == path
                    && r.handler.fn_path() == Some(handler.as_str())
            });
            let Some((i, route)) = found else {
                let key = format!("{method} {path}");
                if accepted.contains(&key) && !unknowns.is_empty() {
                    println!("{name}: unknown, as expected: {key} -> {handler}");
                } else {
                    misses.push(format!("{name}: not read: {key} -> {handler}"));
                }
                continue;
            };
            seen[i] = true;
            let layers: Vec<&str> = want["layers"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let layers_match = route.layers.len() == layers.len()
                && route
                    .layers
                    .iter()
                    .zip(&layers)
                    .all(|(l, want)| l.names.iter().any(|n| n == want));
            if layers_match {
                matched += 1;
            } else {
                let got: Vec<String> = route.layers.iter().map(|l| l.names.join(" + ")).collect();
                misses.push(format!(
                    "{name}: layers of {}: expected {layers:?}, read {got:?}",
                    describe(route)
                ));
            }
        }
        for (route, seen) in actual.iter().zip(&seen) {
            if !seen {
                misses.push(format!(
                    "{name}: read but not expected: {}",
                    describe(route)
                ));
            }
        }
        println!(
            "{name}: {matched} routes matched, {} read, {} unknowns",
            actual.len(),
            unknowns.len()
        );
        for unknown in &unknowns {
            println!("{name}: ? {unknown}");
        }
    }
    for miss in &misses {
        println!("MISS {miss}");
    }
    assert!(misses.is_empty(), "{} misses", misses.len());
}
