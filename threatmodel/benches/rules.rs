//! Time of `threatmodel::rules::check` on generated models of growing size.
//!
//! A bench binary (`harness = false`): `cargo bench -p threatmodel --bench rules`. For each size
//! it builds a model of N endpoints (each with a path parameter, an exposed asset, three threats
//! and a data flow; one mitigation per ten endpoints, half of them scoped with `applies_to`),
//! runs the rules a few times and prints the median wall time and the number of findings as a
//! Markdown table row, which BENCHMARKS.md quotes. Nothing here asserts a time.

use std::hint::black_box;
use std::time::{Duration, Instant};

use threatmodel::model::{
    Asset, Component, DataFlow, Endpoint, Location, Mitigation, Threat, TrustBoundary,
};
use threatmodel::rules::{Context, RULES, Settings, check};
use threatmodel::{ComponentKind, Destination, Disposition, Level, Model, Stride};

fn at(line: u32) -> Location {
    Location {
        package: "gen".to_owned(),
        krate: "gen".to_owned(),
        file: "src/lib.rs".to_owned(),
        line,
        column: 1,
        test_only: false,
    }
}

/// A model with `n` endpoints, built like the annotations of a large service would build it.
fn model(n: u32) -> Model {
    let mut model = Model::empty();
    for (id, name) in [
        ("gen::Internet", "Internet"),
        ("gen::DataCenter", "DataCenter"),
    ] {
        model.trust_boundaries.push(TrustBoundary {
            id: id.to_owned(),
            name: name.to_owned(),
            description: None,
            parent: None,
            location: at(1),
        });
    }
    for (id, kind) in [
        ("gen::Api", ComponentKind::Service),
        ("gen::Db", ComponentKind::Datastore),
    ] {
        model.components.push(Component {
            id: id.to_owned(),
            name: id.to_owned(),
            kind,
            boundary: Some("gen::DataCenter".to_owned()),
            description: None,
            location: at(2),
        });
    }
    for i in 0..n.div_ceil(10) {
        model.mitigations.push(Mitigation {
            id: format!("gen::control_{i}"),
            name: format!("control_{i}"),
            controls: vec!["authorization".to_owned(), "rate_limiting".to_owned()],
            custom: None,
            description: None,
            marker: None,
            applies_to: if i % 2 == 0 {
                vec![format!("/items{i}/*")]
            } else {
                Vec::new()
            },
            addresses: vec![
                "broken_object_level_authorization".to_owned(),
                "unrestricted_resource_consumption".to_owned(),
            ],
            installed_by: Vec::new(),
            location: at(3),
        });
    }
    for i in 0..n {
        let handler = format!("gen::handler_{i}");
        let asset = format!("gen::Item{}", i % 50);
        if i < 50 {
            model.assets.push(Asset {
                id: asset.clone(),
                name: asset.clone(),
                description: None,
                level: Level::High,
                data: None,
                confidentiality: Level::High,
                integrity: Level::High,
                availability: Level::Medium,
                fields: Vec::new(),
                owner: None,
                location: at(4),
            });
        }
        let route = format!("/items{}/{i}/{{id}}", i / 10);
        model.endpoints.push(Endpoint {
            id: format!("{handler} GET {route}"),
            method: "GET".to_owned(),
            route,
            route_from_framework: false,
            path_params: vec!["id".to_owned()],
            handler: handler.clone(),
            boundary: Some("gen::Internet".to_owned()),
            exposes: vec![asset.clone()],
            auth: None,
            owner: None,
            version: None,
            description: None,
            location: at(10 + i),
        });
        let control = format!("gen::control_{}", i / 10);
        for (k, kind) in [
            "broken_object_level_authorization",
            "unrestricted_resource_consumption",
            "injection",
        ]
        .iter()
        .enumerate()
        {
            model.threats.push(Threat {
                id: format!("{handler}#{kind}"),
                kind: (*kind).to_owned(),
                custom: false,
                title: (*kind).to_owned(),
                stride: vec![Stride::Tampering],
                owasp_api_2023: None,
                cwe: Vec::new(),
                capec: Vec::new(),
                subject: handler.clone(),
                disposition: if k == 2 {
                    Disposition::Accepted {
                        reason: "generated".to_owned(),
                        owner: Some("team".to_owned()),
                        expires: Some("2030-01-31".to_owned()),
                        ticket: None,
                    }
                } else {
                    Disposition::Mitigated {
                        by: vec![control.clone()],
                        residual: None,
                    }
                },
                assets: Vec::new(),
                severity: None,
                description: None,
                location: at(10 + i),
            });
        }
        model.data_flows.push(DataFlow {
            id: format!("gen::store_{i}"),
            name: format!("store_{i}"),
            from: None,
            to: "gen::Db".to_owned(),
            data: vec![asset],
            protocol: Some("postgres+tls".to_owned()),
            encrypted: true,
            destination: Destination::Fixed,
            bidirectional: false,
            description: None,
            location: at(10 + i),
        });
    }
    model.threats.sort_by(|a, b| a.id.cmp(&b.id));
    model
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    println!("| endpoints | threats | findings | median time of `rules::check` |");
    println!("|---|---|---|---|");
    for n in [100, 1_000, 5_000] {
        let model = model(n);
        let settings = Settings::default();
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut findings = 0;
        for _ in 0..runs {
            let start = Instant::now();
            findings = black_box(check(black_box(&model), &settings, "2026-11-30")).len();
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "| {n} | {} | {findings} | {:.1} ms |",
            model.threats.len(),
            times[times.len() / 2].as_secs_f64() * 1e3
        );
    }
    let model = model(5_000);
    let cx = Context::new(&model, "2026-11-30");
    println!();
    println!("| rule (5000 endpoints) | time of one run |");
    println!("|---|---|");
    for rule in RULES {
        let start = Instant::now();
        black_box(rule.hits(black_box(&cx)));
        println!(
            "| {} `{}` | {:.1} ms |",
            rule.id,
            rule.name,
            start.elapsed().as_secs_f64() * 1e3
        );
    }
}
