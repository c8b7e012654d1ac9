//! Cost of the code-facts stage on generated axum services of growing size.
//!
//! A bench binary (`harness = false`): `cargo bench -p cargo-threatmodel --bench facts`. For N
//! handlers it writes a crate (N / 100 handler modules, a router module nesting each module's
//! router under its own prefix with a `from_fn` layer, request and response types with nested
//! fields) to a temporary directory, then times, median of five runs:
//! - `read`: `threatmodel_facts::read` (parse every file, route table, functions, calls, types);
//! - `rules +facts`: `threatmodel::rules::check` on a model of N endpoints (two threats each,
//!   citing a middleware and an ownership check) with the facts attached, minus the same check
//!   without facts: what the four claims-against-facts rules add.
//!
//! It prints one Markdown table row per size, which BENCHMARKS.md quotes. Nothing here asserts a
//! time.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use threatmodel::model::{Asset, Endpoint, Location, Mitigation, Threat};
use threatmodel::rules::{Settings, check};
use threatmodel::{Disposition, Level, Model};
use threatmodel_facts::CrateSource;
use threatmodel_facts::cfg::Cfg;

const PER_MODULE: usize = 100;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--runs=N` (default 5): fewer runs for a profiler (`--runs=1` under callgrind).
    let runs = args
        .iter()
        .find_map(|a| a.strip_prefix("--runs=")?.parse().ok())
        .unwrap_or(5);
    // `--dump=DIR`: writes the facts read as text tables (`N-routes.txt`, `N-functions.txt`,
    // `N-types.txt`, and all of them as JSON in `N-facts.txt`), to check that a change of the reader changes no byte of its output.
    let dump = args
        .iter()
        .find_map(|a| a.strip_prefix("--dump="))
        .map(std::path::PathBuf::from);
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![300, 3_000, 10_000]
    } else {
        sizes
    };
    println!(
        "| handlers | source lines | routes read | `read` (ms) | `rules` without facts (ms) | `rules` with facts (ms) | facts total (ms) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for n in sizes {
        let dir = std::env::temp_dir().join(format!(
            "threatmodel-facts-bench-{}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let lines = write_crate(&dir, n);
        let source = CrateSource {
            package: "gen".to_owned(),
            krate: "gen".to_owned(),
            root: dir.join("src/lib.rs"),
            files: None,
            cfg: Cfg::default(),
        };
        let (read, facts) = median(runs, || {
            threatmodel_facts::read(&dir, std::slice::from_ref(&source))
        });
        let routes = facts.routes().count();
        if let Some(dump) = &dump {
            let _ = std::fs::create_dir_all(dump);
            for (name, table) in [
                ("routes", threatmodel_facts::route_table(&facts)),
                ("functions", threatmodel_facts::functions_table(&facts)),
                ("types", threatmodel_facts::types_table(&facts)),
                (
                    "facts",
                    serde_json::to_string_pretty(&facts).expect("facts as JSON"),
                ),
            ] {
                std::fs::write(dump.join(format!("{n}-{name}.txt")), table).expect("write table");
            }
        }
        let mut model = model(n);
        let (bare, _) = median(runs, || {
            check(&model, &Settings::default(), "2026-12-01").len()
        });
        model.facts = Some(facts);
        let (with, findings) = median(runs, || {
            check(&model, &Settings::default(), "2026-12-01").len()
        });
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| {n} | {lines} | {routes} | {:.0} | {:.0} | {:.0} | {:.0} |",
            ms(read),
            ms(bare),
            ms(with),
            ms(read) + (ms(with) - ms(bare)).max(0.0)
        );
        eprintln!("  ({findings} findings with facts)");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Runs `f` `runs` times (at least once); the median time and the last result.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let value = std::hint::black_box(f());
        times.push(start.elapsed());
        last = Some(value);
    }
    times.sort();
    (times[times.len() / 2], last.expect("one run at least"))
}

/// Writes the generated crate of `n` handlers under `dir`; returns its number of lines.
fn write_crate(dir: &Path, n: usize) -> usize {
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("handlers")).expect("create src");
    let modules = n.div_ceil(PER_MODULE);
    let mut lines = 0;
    let mut lib = String::from(
        "pub mod handlers;\npub mod auth;\npub mod db;\npub mod model;\n\nuse axum::Router;\nuse axum::middleware::from_fn;\n\npub fn app() -> Router {\n    Router::new()\n",
    );
    for m in 0..modules {
        let _ = writeln!(lib, "        .nest(\"/m{m}\", handlers::m{m}::router())");
    }
    lib.push_str("        .layer(from_fn(auth::require_session))\n}\n");
    let mut handlers_mod = String::new();
    for m in 0..modules {
        let _ = writeln!(handlers_mod, "pub mod m{m};");
        let mut module = String::from(
            "use axum::extract::Path;\nuse axum::routing::{get, post};\nuse axum::{Json, Router};\n\nuse crate::auth::ensure_owner;\nuse crate::db::Db;\nuse crate::model::{Item, ItemView, NewItem};\n\n",
        );
        let mut router = String::from("pub fn router() -> Router {\n    Router::new()\n");
        for h in 0..PER_MODULE.min(n - m * PER_MODULE) {
            let i = m * PER_MODULE + h;
            let _ = write!(
                module,
                "/// Reads item {i}.\npub async fn get_{i}(Path(id): Path<u64>) -> Json<ItemView> {{\n    let item: Item = Db::load(id);\n    ensure_owner(&item);\n    Json(ItemView::from(item))\n}}\n\n/// Creates item {i}.\npub async fn create_{i}(Json(body): Json<NewItem>) -> Json<ItemView> {{\n    let item = Db::insert(body);\n    Json(ItemView::from(item))\n}}\n\n"
            );
            let _ = writeln!(
                router,
                "        .route(\"/items{i}/{{id}}\", get(get_{i}))\n        .route(\"/items{i}\", post(create_{i}))"
            );
        }
        router.push_str("}\n");
        module.push_str(&router);
        lines += module.lines().count();
        std::fs::write(src.join(format!("handlers/m{m}.rs")), module).expect("write module");
    }
    let files = [
        ("lib.rs", lib),
        ("handlers/mod.rs", handlers_mod),
        ("auth.rs", "use axum::extract::Request;\nuse axum::middleware::Next;\nuse axum::response::Response;\nuse crate::model::Item;\n\npub async fn require_session(request: Request, next: Next) -> Response {\n    next.run(request).await\n}\n\npub fn ensure_owner(item: &Item) -> bool {\n    item.owner == 1\n}\n".to_owned()),
        ("db.rs", "use crate::model::{Item, NewItem};\n\npub struct Db;\n\nimpl Db {\n    pub fn load(id: u64) -> Item {\n        Item { id, owner: 1, secret: String::new() }\n    }\n    pub fn insert(body: NewItem) -> Item {\n        Item { id: 0, owner: body.owner, secret: String::new() }\n    }\n}\n".to_owned()),
        ("model.rs", "pub struct Item {\n    pub id: u64,\n    pub owner: u64,\n    pub secret: String,\n}\n\npub struct NewItem {\n    pub owner: u64,\n}\n\npub struct ItemView {\n    pub id: u64,\n    pub item: Item,\n}\n\nimpl From<Item> for ItemView {\n    fn from(item: Item) -> Self {\n        ItemView { id: item.id, item }\n    }\n}\n".to_owned()),
    ];
    for (path, text) in files {
        lines += text.lines().count();
        std::fs::write(src.join(path), text).expect("write file");
    }
    lines
}

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

/// The model a team would annotate on the generated crate: an endpoint per route, a BOLA
/// threat citing the ownership check and a rate-limit threat citing the session middleware.
fn model(n: usize) -> Model {
    let mut model = Model::empty();
    model.assets.push(Asset {
        id: "gen::model::Item".to_owned(),
        name: "Item".to_owned(),
        description: None,
        level: Level::High,
        data: None,
        confidentiality: Level::High,
        integrity: Level::High,
        availability: Level::High,
        owner: None,
        fields: vec!["secret".to_owned()],
        location: at(1),
    });
    for (id, control) in [
        ("gen::auth::ensure_owner", "authorization"),
        ("gen::auth::require_session", "authentication"),
    ] {
        model.mitigations.push(Mitigation {
            id: id.to_owned(),
            name: id.rsplit("::").next().unwrap_or(id).to_owned(),
            controls: vec![control.to_owned()],
            custom: None,
            description: None,
            marker: None,
            applies_to: Vec::new(),
            addresses: vec!["broken_object_level_authorization".to_owned()],
            installed_by: Vec::new(),
            location: at(2),
        });
    }
    for i in 0..n {
        let m = i / PER_MODULE;
        for (kind, method, route, handler) in [
            (
                "get",
                "GET",
                format!("/m{m}/items{i}/{{id}}"),
                format!("gen::handlers::m{m}::get_{i}"),
            ),
            (
                "create",
                "POST",
                format!("/m{m}/items{i}"),
                format!("gen::handlers::m{m}::create_{i}"),
            ),
        ] {
            model.endpoints.push(Endpoint {
                id: format!("{handler} {method} {route}"),
                method: method.to_owned(),
                route,
                route_from_framework: false,
                path_params: if kind == "get" {
                    vec!["id".to_owned()]
                } else {
                    Vec::new()
                },
                handler: handler.clone(),
                boundary: None,
                exposes: vec!["gen::model::Item".to_owned()],
                auth: None,
                owner: None,
                version: None,
                description: None,
                location: at(3),
            });
            for (threat, by) in [
                (
                    "broken_object_level_authorization",
                    "gen::auth::ensure_owner",
                ),
                ("broken_authentication", "gen::auth::require_session"),
            ] {
                model.threats.push(Threat {
                    id: format!("{handler}#{threat}"),
                    kind: threat.to_owned(),
                    custom: false,
                    title: threat.to_owned(),
                    stride: Vec::new(),
                    owasp_api_2023: None,
                    cwe: Vec::new(),
                    capec: Vec::new(),
                    subject: handler.clone(),
                    disposition: Disposition::Mitigated {
                        by: vec![by.to_owned()],
                        residual: None,
                    },
                    assets: Vec::new(),
                    severity: None,
                    description: None,
                    location: at(4),
                });
            }
        }
    }
    model
}
