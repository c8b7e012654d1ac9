//! Time and peak memory of every export format on generated models of growing size.
//!
//! A bench binary (`harness = false`): `cargo bench -p threatmodel --bench exports`. For each
//! size it builds a model of N handlers ([`synthetic::model`]: each an endpoint with a path
//! parameter, two threats and a data flow) and saves it as JSON. Then, for each format, it runs
//! a child process (this binary again, with `--child FORMAT FILE`) that does what
//! `cargo threatmodel export --from FILE` (or `report --from FILE`) does after parsing its
//! arguments: read and parse the file, validate the model, run the rules with their default
//! settings, render, write the output (to a sink). The child reports the time of each stage
//! and its peak resident set size (`VmHWM` of `/proc/self/status`, so the code, stack and
//! allocator overhead of the process are included). The parent prints, as Markdown tables
//! BENCHMARKS.md quotes, the median over a few runs of the whole pipeline's time, its render
//! stage, the shared stages, and the median peak memory. Nothing here asserts a time.
//!
//! Times are wall-clock. The child also reads its CPU time (`/proc/thread-self/schedstat`, in
//! nanoseconds), which a busy machine does not inflate: on a shared machine, compare the CPU
//! time column with the wall time to see how much of the latter was waiting for a core.
//!
//! `--child FORMAT FILE OUT` also writes the output to `OUT`, to compare two commits' outputs
//! byte for byte.
//!
//! Environment: `BENCH_RUNS` (runs per format and size, default 5), `BENCH_SIZES` (handler
//! counts, comma-separated, default `300,3000,10000`), `BENCH_FORMATS` (comma-separated,
//! default every format), `BENCH_MODEL_DIR` (where the models are saved and kept, for running
//! the CLI on them; default a temporary directory, removed at the end).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use threatmodel::export::diagram::DiagramOptions;
use threatmodel::export::markdown::{self, ReportOptions};
use threatmodel::export::otm::{self, OtmOptions};
use threatmodel::export::sarif::{self, SarifOptions};
use threatmodel::export::threat_dragon::{self, ThreatDragonOptions};
use threatmodel::export::{dot, json, mermaid};
use threatmodel::rules::{Settings, check};

mod synthetic;

/// Two threats per handler, as `bench/gen.py` writes them: BOLA mitigated, unrestricted
/// resource consumption accepted.
const SHAPE: synthetic::Shape = synthetic::Shape {
    threat_kinds: &[
        "broken_object_level_authorization",
        "unrestricted_resource_consumption",
    ],
};

/// The date acceptances are judged against (fixed, so that every run gives the same output).
const TODAY: &str = "2026-11-30";

/// Every format, as `--format` spells it; `report` is `cargo threatmodel report`.
const FORMATS: [&str; 7] = [
    "json",
    "sarif",
    "otm",
    "threat-dragon",
    "dot",
    "mermaid",
    "report",
];

/// What one child process measured.
#[derive(Debug, Clone, Copy, Default)]
struct Sample {
    /// Reading and parsing the file, in seconds.
    parse: f64,
    /// `Model::validate`, in seconds.
    validate: f64,
    /// `rules::check`, in seconds.
    rules: f64,
    /// Rendering and writing the output, in seconds.
    render: f64,
    /// Size of the output in bytes.
    bytes: usize,
    /// Peak resident set size of the process, in KiB.
    peak_kib: u64,
    /// CPU time of the whole pipeline, in seconds.
    cpu: f64,
}

impl Sample {
    fn total(&self) -> f64 {
        self.parse + self.validate + self.rules + self.render
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        let (Some(format), Some(path)) = (args.get(2), args.get(3)) else {
            eprintln!("usage: exports --child FORMAT FILE [OUT]");
            std::process::exit(2);
        };
        child(format, Path::new(path), args.get(4).map(Path::new));
        return;
    }
    let runs: usize = env_or("BENCH_RUNS", "5").parse().unwrap_or(5).max(1);
    let sizes: Vec<u32> = env_or("BENCH_SIZES", "300,3000,10000")
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let formats: Vec<String> = match std::env::var("BENCH_FORMATS") {
        Ok(list) => list.split(',').map(|f| f.trim().to_owned()).collect(),
        Err(_) => FORMATS.iter().map(|f| (*f).to_owned()).collect(),
    };
    let (dir, keep) = match std::env::var("BENCH_MODEL_DIR") {
        Ok(dir) => (PathBuf::from(dir), true),
        Err(_) => (
            std::env::temp_dir().join(format!("threatmodel-bench-exports-{}", std::process::id())),
            false,
        ),
    };
    std::fs::create_dir_all(&dir).expect("create the model directory");
    let exe = std::env::current_exe().expect("path of this binary");

    // (format, size) -> median sample; size -> (threats, median shared stages).
    let mut medians: BTreeMap<(String, u32), Sample> = BTreeMap::new();
    let mut shared: BTreeMap<u32, (usize, Sample)> = BTreeMap::new();
    for &n in &sizes {
        let model = synthetic::model(n, &SHAPE);
        let path = dir.join(format!("gen-{n}.json"));
        std::fs::write(&path, json::render(&model).expect("a model serializes"))
            .expect("write the model");
        let mut all: Vec<Sample> = Vec::new();
        for format in &formats {
            let samples: Vec<Sample> = (0..runs).map(|_| run_child(&exe, format, &path)).collect();
            all.extend(&samples);
            let sample = median(&samples);
            eprintln!(
                "{n:>6} handlers {format:<14} {:>9.1} ms (cpu {:>9.1} ms, render {:>9.1} ms) \
                 {:>6.1} MiB",
                sample.total() * 1e3,
                sample.cpu * 1e3,
                sample.render * 1e3,
                mib(sample.peak_kib)
            );
            medians.insert((format.clone(), n), sample);
        }
        shared.insert(n, (model.threats.len(), median(&all)));
        if !keep {
            std::fs::remove_file(&path).ok();
        }
    }
    if !keep {
        std::fs::remove_dir(&dir).ok();
    }

    let header = |what: &str| {
        let mut line = format!("| {what} |");
        for n in &sizes {
            line.push_str(&format!(" {n} handlers |"));
        }
        if sizes.len() > 1 {
            for pair in sizes.windows(2) {
                line.push_str(&format!(" growth {}→{} |", pair[0], pair[1]));
            }
        }
        println!("{line}");
        println!(
            "|---|{}",
            "---|".repeat(sizes.len() + sizes.len().saturating_sub(1))
        );
    };
    let row = |label: &str, value: &dyn Fn(u32) -> Option<f64>, unit: &dyn Fn(f64) -> String| {
        let mut line = format!("| {label} |");
        for &n in &sizes {
            line.push_str(&format!(" {} |", value(n).map_or("—".to_owned(), unit)));
        }
        for pair in sizes.windows(2) {
            let ratio = match (value(pair[0]), value(pair[1])) {
                (Some(a), Some(b)) if a > 0.0 => format!("{:.1}×", b / a),
                _ => "—".to_owned(),
            };
            line.push_str(&format!(" {ratio} |"));
        }
        println!("{line}");
    };
    let ms = |s: f64| format!("{:.1} ms", s * 1e3);

    println!(
        "Whole `--from` pipeline (read, parse, validate, rules, render, write), median of {runs}:"
    );
    println!();
    header("format");
    for format in &formats {
        row(
            format,
            &|n| medians.get(&(format.clone(), n)).map(Sample::total),
            &ms,
        );
    }
    println!();
    println!("CPU time of the whole pipeline, median of {runs}:");
    println!();
    header("format");
    for format in &formats {
        row(
            format,
            &|n| medians.get(&(format.clone(), n)).map(|s| s.cpu),
            &ms,
        );
    }
    println!();
    println!("Render stage alone (the exporter, and writing its output), median of {runs}:");
    println!();
    header("format");
    for format in &formats {
        row(
            format,
            &|n| medians.get(&(format.clone(), n)).map(|s| s.render),
            &ms,
        );
    }
    println!();
    println!("Stages every format shares, median over all runs:");
    println!();
    header("stage");
    row(
        "threats in the model",
        &|n| shared.get(&n).map(|(threats, _)| *threats as f64),
        &|v| format!("{v:.0}"),
    );
    row(
        "read + parse",
        &|n| shared.get(&n).map(|(_, s)| s.parse),
        &ms,
    );
    row(
        "`Model::validate`",
        &|n| shared.get(&n).map(|(_, s)| s.validate),
        &ms,
    );
    row(
        "`rules::check`",
        &|n| shared.get(&n).map(|(_, s)| s.rules),
        &ms,
    );
    println!();
    println!("Peak resident set of the process (VmHWM), median of {runs}:");
    println!();
    header("format");
    for format in &formats {
        row(
            format,
            &|n| medians.get(&(format.clone(), n)).map(|s| mib(s.peak_kib)),
            &|v| format!("{v:.1} MiB"),
        );
    }
    println!();
    println!("Output size:");
    println!();
    header("format");
    for format in &formats {
        row(
            format,
            &|n| {
                medians
                    .get(&(format.clone(), n))
                    .map(|s| s.bytes as f64 / 1_048_576.0)
            },
            &|v| format!("{v:.1} MiB"),
        );
    }
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Runs the child for `format` on the model in `path` and reads what it measured.
fn run_child(exe: &Path, format: &str, path: &Path) -> Sample {
    let output = Command::new(exe)
        .arg("--child")
        .arg(format)
        .arg(path)
        .output()
        .expect("run the child process");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child for {format} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let fields: Vec<&str> = stdout.split_whitespace().collect();
    let number = |i: usize| -> f64 { fields.get(i).and_then(|v| v.parse().ok()).unwrap_or(0.0) };
    Sample {
        parse: number(0),
        validate: number(1),
        rules: number(2),
        render: number(3),
        bytes: number(4) as usize,
        peak_kib: number(5) as u64,
        cpu: number(6),
    }
}

/// The sample with the median total time; its peak memory replaced by the median peak.
fn median(samples: &[Sample]) -> Sample {
    let mut by_time = samples.to_vec();
    by_time.sort_by(|a, b| a.total().total_cmp(&b.total()));
    let mut sample = by_time[by_time.len() / 2];
    let mut peaks: Vec<u64> = samples.iter().map(|s| s.peak_kib).collect();
    peaks.sort_unstable();
    sample.peak_kib = peaks[peaks.len() / 2];
    let stage = |get: fn(&Sample) -> f64| {
        let mut values: Vec<f64> = samples.iter().map(get).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    sample.parse = stage(|s| s.parse);
    sample.validate = stage(|s| s.validate);
    sample.rules = stage(|s| s.rules);
    sample.render = stage(|s| s.render);
    sample.cpu = stage(|s| s.cpu);
    sample
}

/// The child: one `--from` export of `format`, timed by stage; prints
/// `parse validate rules render bytes peak_kib cpu` on one line, and writes the output to `out`.
fn child(format: &str, path: &Path, out: Option<&Path>) {
    let cpu = cpu_seconds();
    let start = Instant::now();
    // As the CLI reads a model: the text, its `schema_version` checked first.
    let text = std::fs::read_to_string(path).expect("read the model");
    let version = json::schema_version(&text).expect("a JSON file");
    assert!(version.is_some(), "a model");
    let mut model = json::parse(&text).expect("parse the model");
    drop(text);
    let parsed = Instant::now();
    let problems = model.validate();
    model.problems.extend(problems);
    model.problems.sort();
    let validated = Instant::now();
    let findings = check(&model, &Settings::default(), TODAY);
    let checked = Instant::now();
    let title = "gen".to_owned();
    let output = match format {
        "json" => json::render(&model).expect("a model serializes"),
        "sarif" => sarif::render(&model, &findings, &SarifOptions::default()),
        "otm" => otm::render(
            &model,
            &OtmOptions {
                title,
                repository: None,
            },
        ),
        "threat-dragon" => threat_dragon::render(&model, &ThreatDragonOptions { title }),
        "dot" => dot::render(
            &model,
            &DiagramOptions {
                findings: Some(findings.clone()),
            },
        ),
        "mermaid" => mermaid::render(
            &model,
            &DiagramOptions {
                findings: Some(findings.clone()),
            },
        ),
        "report" => markdown::render(
            &model,
            &ReportOptions {
                title,
                today: Some(TODAY.to_owned()),
                findings: Some(findings.clone()),
                ..ReportOptions::default()
            },
        ),
        other => {
            eprintln!("unknown format {other}");
            std::process::exit(2);
        }
    };
    std::io::sink()
        .write_all(black_box(output.as_bytes()))
        .expect("a sink takes anything");
    let rendered = Instant::now();
    let cpu = cpu_seconds() - cpu;
    if let Some(out) = out {
        std::fs::write(out, &output).expect("write the output");
    }
    println!(
        "{:.6} {:.6} {:.6} {:.6} {} {} {:.6}",
        (parsed - start).as_secs_f64(),
        (validated - parsed).as_secs_f64(),
        (checked - validated).as_secs_f64(),
        (rendered - checked).as_secs_f64(),
        output.len(),
        peak_kib(),
        cpu
    );
}

/// CPU time this thread has run, in seconds: the first field of `/proc/thread-self/schedstat`
/// (nanoseconds); 0 where the file does not exist.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| stat.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// `VmHWM` of `/proc/self/status`: the peak resident set size of this process, in KiB (0 where
/// the file does not exist).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmHWM:")
                    .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}
