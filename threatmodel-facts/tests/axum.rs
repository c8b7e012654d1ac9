//! The axum route table read from fixture crates written from real-world router shapes; each
//! snapshot is the expected table, checked by hand against its fixture.

use std::path::{Path, PathBuf};

use threatmodel_facts::{CrateSource, cfg::Cfg, read, route_table};

/// The route table of fixture `shape` (`tests/fixtures/axum/<shape>`), read with `cfg`.
fn table_with(shape: &str, cfg: Cfg) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/axum")
        .join(shape);
    let root: PathBuf = ["src/main.rs", "src/lib.rs"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
        .expect("a crate root");
    let source = CrateSource {
        package: shape.replace('_', "-"),
        krate: shape.to_owned(),
        root,
        files: None,
        cfg,
    };
    route_table(&read(&dir, &[source]))
}

fn table(shape: &str) -> String {
    table_with(shape, Cfg::default())
}

#[test]
fn routes_registered_in_main() {
    insta::assert_snapshot!(table("basic"));
}

#[test]
fn routers_nested_and_merged_across_modules() {
    insta::assert_snapshot!(table("nested"));
}

#[test]
fn layers_wrap_the_routes_added_before_them_outermost_first() {
    insta::assert_snapshot!(table("layers"));
}

#[test]
fn routers_through_bindings_helpers_and_cfg() {
    insta::assert_snapshot!(table("bindings"));
}

#[test]
fn cfg_decided_by_the_build() {
    let cfg = Cfg::from_rustc_print("unix\n", ["debug".to_owned()].into());
    insta::assert_snapshot!(table_with("bindings", cfg));
}

#[test]
fn what_the_reader_cannot_see_is_unknown() {
    insta::assert_snapshot!(table("unknowns"));
}

#[test]
fn axum_0_6_server_and_path_syntax() {
    insta::assert_snapshot!(table("axum06"));
}

#[test]
fn other_frameworks_routers_are_not_axum() {
    insta::assert_snapshot!(table("near_miss"));
}

#[test]
fn odd_code_gives_unknowns_not_panics() {
    insta::assert_snapshot!(table("odd"));
}

#[test]
fn a_router_fn_named_like_its_module_and_an_unused_remount() {
    insta::assert_snapshot!(table("remount"));
}
