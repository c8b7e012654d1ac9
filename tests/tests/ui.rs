//! Compile-time behaviour of the attributes: every failure the macros report (one per file under
//! `ui/fail/<attribute>/`, with rustc's expected output beside it) and every accepted form (under
//! `ui/pass/`, whose `main` checks the model `Model::collect()` returns).
//!
//! Expected output is rustc 1.95's (pinned by `rust-toolchain.toml`); regenerate it with
//! `TRYBUILD=overwrite cargo test -p threatmodel-tests --test ui` and review the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/**/*.rs");
    t.pass("ui/pass/**/*.rs");
}
