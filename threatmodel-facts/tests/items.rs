//! Functions (signatures, calls) and types (fields) read from fixture crates, compared with
//! snapshots of `functions_table` and `types_table`, and the queries run on them.

use std::path::{Path, PathBuf};

use threatmodel_core::facts::{Facts, Reach};
use threatmodel_facts::CrateSource;
use threatmodel_facts::cfg::Cfg;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/items")
}

/// Reads crates of fixture `shape`: each `(package directory under the fixture or "", crate
/// name, root file)`; file paths in facts are relative to the fixture.
fn read(shape: &str, crates: &[(&str, &str, &str)]) -> Facts {
    let root = fixtures().join(shape);
    let sources: Vec<CrateSource> = crates
        .iter()
        .map(|(dir, krate, file)| CrateSource {
            package: krate.replace('_', "-"),
            krate: (*krate).into(),
            root: root.join(dir).join(file),
            files: None,
            cfg: Cfg::default(),
        })
        .collect();
    threatmodel_facts::read(&root, &sources)
}

fn axum_service() -> Facts {
    read("axum_service", &[("", "shop", "src/lib.rs")])
}

#[test]
fn axum_service_functions() {
    insta::assert_snapshot!(threatmodel_facts::functions_table(&axum_service()));
}

#[test]
fn axum_service_types() {
    insta::assert_snapshot!(threatmodel_facts::types_table(&axum_service()));
}

#[test]
fn axum_service_reaches() {
    let facts = axum_service();
    let reaches = |from: &str, to: &str| facts.reaches(from, to);
    let owner = "shop::auth::ensure_owner";
    // Through `state.db.find_item(id).await?` and then a direct call.
    assert_eq!(reaches("shop::handlers::get_item", owner), Reach::Reached);
    // A call through the `Arc<dyn Repo>` trait object could go anywhere.
    assert_eq!(
        reaches("shop::handlers::delete_item", owner),
        Reach::Unknown
    );
    // `list_items` calls `Vec::into_iter` and `Option::unwrap_or`, whose bodies are not read.
    assert_eq!(reaches("shop::handlers::list_items", owner), Reach::Unknown);
    // Every call on the way is to a fn read.
    assert_eq!(reaches("shop::auth::may_edit", owner), Reach::NotReached);
    assert_eq!(
        reaches("shop::auth::may_edit", "shop::auth::is_owner"),
        Reach::Reached
    );
    assert_eq!(reaches("shop::handlers::health", owner), Reach::NotReached);
    // A result ignored with `let _ =` is still a call.
    assert_eq!(
        reaches("shop::handlers::create_item", "shop::auth::audit"),
        Reach::Reached
    );
    // Called inside a closure.
    assert_eq!(
        reaches("shop::handlers::list_items", "shop::auth::is_admin"),
        Reach::Reached
    );
    assert_eq!(reaches("shop::handlers::missing", owner), Reach::Unknown);
}

#[test]
fn axum_service_contained_types() {
    let facts = axum_service();
    let get_item = facts.function("shop::handlers::get_item").expect("read");
    let response = facts.contained_types_of(get_item.returns.iter().map(String::as_str));
    assert!(response.contains("shop::model::Item"), "{response:?}");
    // `Item::owner` is `#[serde(skip_serializing)]`: the user is not sent.
    assert!(!response.contains("shop::model::User"), "{response:?}");
    let create_item = facts.function("shop::handlers::create_item").expect("read");
    let request = facts.contained_types_of(
        create_item
            .params
            .iter()
            .flat_map(|p| p.types.iter().map(String::as_str)),
    );
    for expected in [
        "shop::model::NewItem",
        "shop::model::User",
        "shop::AppState",
        "shop::db::Db",
    ] {
        assert!(request.contains(expected), "{expected}: {request:?}");
    }
}

fn rocket_guards() -> Facts {
    read("rocket_guards", &[("", "notes", "src/main.rs")])
}

#[test]
fn rocket_guards_functions() {
    insta::assert_snapshot!(threatmodel_facts::functions_table(&rocket_guards()));
}

#[test]
fn rocket_guards_optional_guards_and_reaches() {
    let facts = rocket_guards();
    let optional = |handler: &str| -> Vec<bool> {
        let function = facts.function(handler).expect("read");
        function.params.iter().map(|p| p.optional).collect()
    };
    assert_eq!(optional("notes::get_note"), [false, false, false]);
    // `Option<User>` and `Result<ApiKey, _>` guards do not reject the request.
    assert_eq!(optional("notes::list_notes"), [true, false]);
    assert_eq!(optional("notes::create_note"), [true, false, false]);
    assert_eq!(
        facts.reaches("notes::get_note", "notes::guards::ensure_owner"),
        Reach::Reached
    );
    // `db.find` goes through `&State<Db>` to `Db::find`.
    assert_eq!(
        facts.reaches("notes::get_note", "notes::db::Db::find"),
        Reach::Reached
    );
    assert_eq!(
        facts.reaches("notes::list_notes", "notes::guards::ensure_owner"),
        Reach::Unknown
    );
}

fn edge_shapes() -> Facts {
    read(
        "edge_shapes",
        &[
            ("api", "api", "src/lib.rs"),
            ("common", "common", "src/lib.rs"),
        ],
    )
}

#[test]
fn edge_shapes_functions() {
    insta::assert_snapshot!(threatmodel_facts::functions_table(&edge_shapes()));
}

#[test]
fn edge_shapes_reaches_across_crates_and_stops_at_unknowns() {
    let facts = edge_shapes();
    assert_eq!(
        facts.reaches("api::resolved", "common::auth::has_role"),
        Reach::Reached
    );
    assert_eq!(
        facts.reaches("api::generic", "common::auth::has_role"),
        Reach::Unknown
    );
    let reachable = facts.reachable("api::unresolved").expect("read");
    let unresolved: Vec<&str> = reachable
        .unresolved
        .iter()
        .filter_map(|(_, call)| match call {
            threatmodel_core::facts::Call::Unknown { text, .. } => Some(text.as_str()),
            threatmodel_core::facts::Call::Fn { .. } => None,
        })
        .collect();
    for expected in [
        "account.get",
        "notifier.notify",
        "hook",
        "compute",
        "sql!",
        "serde_json::json!",
    ] {
        assert!(unresolved.contains(&expected), "{expected}: {unresolved:?}");
    }
}

#[test]
fn edge_shapes_types() {
    insta::assert_snapshot!(threatmodel_facts::types_table(&edge_shapes()));
}

#[test]
fn edge_shapes_contained_types_look_through_aliases_and_skip_variants() {
    let facts = edge_shapes();
    let wrapper = facts.contained_types("api::Wrapper");
    for expected in [
        "api::SharedAccounts",
        "std::sync::Arc",
        "api::Accounts",
        "api::Page",
        "api::Event",
    ] {
        assert!(wrapper.contains(expected), "{expected}: {wrapper:?}");
    }
    // `Event::Internal` is `#[serde(skip)]` and `Page::callback` is skipped.
    assert!(!wrapper.contains("common::auth::Session"), "{wrapper:?}");
    assert!(!wrapper.contains("api::Ledger"), "{wrapper:?}");
}
