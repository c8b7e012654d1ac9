//! Time of `threatmodel::rules::check` on generated models of growing size.
//!
//! A bench binary (`harness = false`): `cargo bench -p threatmodel --bench rules`. For each size
//! it builds a model of N endpoints ([`synthetic::model`]: each with a path parameter, an exposed
//! asset, three threats and a data flow; one mitigation per ten endpoints, half of them scoped
//! with `applies_to`), runs the rules a few times and prints the median wall time and the number
//! of findings as a Markdown table row, which BENCHMARKS.md quotes. Nothing here asserts a time.

use std::hint::black_box;
use std::time::{Duration, Instant};

use threatmodel::rules::{Context, RULES, Settings, check};

mod synthetic;

/// Three threats per handler: two mitigated, `injection` accepted.
const SHAPE: synthetic::Shape = synthetic::Shape {
    threat_kinds: &[
        "broken_object_level_authorization",
        "unrestricted_resource_consumption",
        "injection",
    ],
};

fn model(n: u32) -> threatmodel::Model {
    synthetic::model(n, &SHAPE)
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
