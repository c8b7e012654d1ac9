//! The actix-web 4 route table, read from fixture crates written after real-world router
//! shapes; each snapshot is the expected table, checked by hand against the fixture's source.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use threatmodel_facts::CrateSource;
use threatmodel_facts::cfg::Cfg;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/actix")
        .join(name)
}

/// Crate `krate` of the fixture `name`, rooted at `root` (relative to the fixture).
fn source(name: &str, krate: &str, root: &str, cfg: &Cfg) -> CrateSource {
    CrateSource {
        package: krate.replace('_', "-"),
        krate: krate.to_owned(),
        root: fixture(name).join(root),
        files: None,
        cfg: cfg.clone(),
    }
}

/// The route table of the one-crate fixture `name` (crate `demo`).
fn table(name: &str, root: &str, cfg: &Cfg) -> String {
    let facts = threatmodel_facts::read(&fixture(name), &[source(name, "demo", root, cfg)]);
    threatmodel_facts::route_table(&facts)
}

fn features(names: &[&str]) -> Cfg {
    Cfg {
        features: names
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<BTreeSet<_>>(),
        ..Cfg::default()
    }
}

#[test]
fn server_closure_with_scopes_resources_and_wraps() {
    insta::assert_snapshot!(table("server_closure", "src/main.rs", &Cfg::default()));
}

#[test]
fn configure_fns_across_modules_and_cfg() {
    insta::assert_snapshot!(table("configure", "src/lib.rs", &features(&["signup"])));
}

#[test]
fn configure_fn_from_another_workspace_crate() {
    let root = fixture("workspace");
    let cfg = Cfg::default();
    let facts = threatmodel_facts::read(
        &root,
        &[
            source("workspace", "api", "api/src/lib.rs", &cfg),
            source("workspace", "server", "server/src/main.rs", &cfg),
        ],
    );
    insta::assert_snapshot!(threatmodel_facts::route_table(&facts));
}

#[test]
fn unknowns_are_said() {
    insta::assert_snapshot!(table("unknowns", "src/main.rs", &Cfg::default()));
}

#[test]
fn reading_is_deterministic() {
    let cfg = features(&["signup"]);
    assert_eq!(
        table("configure", "src/lib.rs", &cfg),
        table("configure", "src/lib.rs", &cfg)
    );
}
