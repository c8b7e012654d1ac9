//! The Rocket 0.5 route table read from fixtures written after real-world router shapes.

use std::path::{Path, PathBuf};

use threatmodel_facts::CrateSource;
use threatmodel_facts::cfg::Cfg;

/// The fixture workspace `name` under `tests/fixtures/rocket`.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rocket")
        .join(name)
}

/// A crate of the fixture `root`: `(crate name, crate root relative to the fixture)`.
fn krate(root: &Path, name: &str, file: &str, cfg: &Cfg) -> CrateSource {
    CrateSource {
        package: name.replace('_', "-"),
        krate: name.to_owned(),
        root: root.join(file),
        files: None,
        cfg: cfg.clone(),
    }
}

/// The route table of the fixture `name`, read as the crates `crates`.
fn table(name: &str, crates: &[(&str, &str)], cfg: &Cfg) -> String {
    let root = fixture(name);
    let sources: Vec<CrateSource> = crates
        .iter()
        .map(|(krate_name, file)| krate(&root, krate_name, file, cfg))
        .collect();
    let facts = threatmodel_facts::read(&root, &sources);
    threatmodel_facts::route_table(&facts)
}

#[test]
fn launch_fn_with_modules_path_params_and_a_file_server() {
    insta::assert_snapshot!(table(
        "launch",
        &[("launch", "src/main.rs")],
        &Cfg::default()
    ));
}

#[test]
fn main_with_let_bindings_helper_fns_and_fairings() {
    insta::assert_snapshot!(table(
        "main_chain",
        &[("main_chain", "src/main.rs")],
        &Cfg::default()
    ));
}

#[test]
fn stages_mount_and_attach_on_ignite() {
    insta::assert_snapshot!(table("stage", &[("stage", "src/main.rs")], &Cfg::default()));
}

#[test]
fn library_rocket_launched_by_a_binary_of_another_crate() {
    insta::assert_snapshot!(table(
        "workspace",
        &[("app", "app/src/lib.rs"), ("server", "server/src/main.rs")],
        &Cfg::default()
    ));
}

#[test]
fn library_read_alone_serves_its_own_rocket() {
    insta::assert_snapshot!(table(
        "workspace",
        &[("app", "app/src/lib.rs")],
        &Cfg::default()
    ));
}

#[test]
fn what_is_not_seen_is_unknown() {
    insta::assert_snapshot!(table(
        "unknowns",
        &[("unknowns", "src/main.rs")],
        &Cfg::default()
    ));
}

#[test]
fn statements_switched_by_cfg_follow_the_build() {
    let cfg = Cfg::from_rustc_print("unix\n", ["admin".to_owned()].into());
    insta::assert_snapshot!(table("unknowns", &[("unknowns", "src/main.rs")], &cfg));
}

#[test]
fn routes_built_by_hand() {
    insta::assert_snapshot!(table(
        "manual",
        &[("manual", "src/main.rs")],
        &Cfg::default()
    ));
}
