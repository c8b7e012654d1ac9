//! Test suites of threatmodel: `tests/ui.rs` runs the compile-time (trybuild) cases under `ui/`.
//!
//! This library holds the lookups the pass cases (`ui/pass/`) check the model with at run time:
//! each finds exactly one element by the end of its id and panics, listing what there is,
//! otherwise. Ids start with the crate name, which trybuild numbers per case (`trybuild042`), so
//! lookups match the path after it: `"Account"`, `"Pool::query"`, `"tm_controls::require_jwt"`.

use std::path::Path;

use threatmodel::Disposition;
use threatmodel::Model;
use threatmodel::facts::Facts;
use threatmodel::model::{Asset, Component, DataFlow, Endpoint, Mitigation, Threat, TrustBoundary};

/// `Model::collect()`, after checking that it has no problems (unresolved references, rejected
/// annotations, unreadable records).
///
/// # Panics
/// If the model has any problem; the message lists them.
pub fn collect() -> Model {
    let model = Model::collect();
    assert!(
        model.problems.is_empty(),
        "the model has problems: {:#?}",
        model.problems
    );
    model
}

/// Whether `id` is `path` or ends with `::path`.
pub fn names(id: &str, path: &str) -> bool {
    id == path
        || id
            .strip_suffix(path)
            .is_some_and(|head| head.ends_with("::"))
}

fn one<'m, T>(items: &'m [T], id: impl Fn(&T) -> &str, path: &str, what: &str) -> &'m T {
    let found: Vec<&T> = items.iter().filter(|item| names(id(item), path)).collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!(
            "expected one {what} `{path}`, found {}; the model has: {:?}",
            found.len(),
            items.iter().map(&id).collect::<Vec<_>>()
        ),
    }
}

/// The asset whose id ends with `path`.
pub fn asset<'m>(model: &'m Model, path: &str) -> &'m Asset {
    one(&model.assets, |a| &a.id, path, "asset")
}

/// The mitigation whose id ends with `path`.
pub fn mitigation<'m>(model: &'m Model, path: &str) -> &'m Mitigation {
    one(&model.mitigations, |m| &m.id, path, "mitigation")
}

/// The trust boundary whose id ends with `path`.
pub fn trust_boundary<'m>(model: &'m Model, path: &str) -> &'m TrustBoundary {
    one(&model.trust_boundaries, |b| &b.id, path, "trust boundary")
}

/// The component whose id ends with `path`.
pub fn component<'m>(model: &'m Model, path: &str) -> &'m Component {
    one(&model.components, |c| &c.id, path, "component")
}

/// The data flow whose id (its function's path) ends with `path`.
pub fn data_flow<'m>(model: &'m Model, path: &str) -> &'m DataFlow {
    one(&model.data_flows, |f| &f.id, path, "data flow")
}

/// The endpoint of handler `path` mounted as `method route` (route as normalised).
pub fn endpoint<'m>(model: &'m Model, path: &str, method: &str, route: &str) -> &'m Endpoint {
    let of_handler: Vec<Endpoint> = model
        .endpoints
        .iter()
        .filter(|e| e.method == method && e.route == route)
        .cloned()
        .collect();
    let found = one(&of_handler, |e| &e.handler, path, "endpoint");
    model
        .endpoints
        .iter()
        .find(|e| e.id == found.id)
        .unwrap_or_else(|| unreachable!("found among the model's endpoints"))
}

/// The threat of kind `kind` (catalogue id or custom id) recorded on item `path`.
pub fn threat<'m>(model: &'m Model, path: &str, kind: &str) -> &'m Threat {
    let of_kind: Vec<Threat> = model
        .threats
        .iter()
        .filter(|t| t.kind == kind)
        .cloned()
        .collect();
    let found = one(&of_kind, |t| &t.subject, path, "threat");
    model
        .threats
        .iter()
        .find(|t| t.id == found.id)
        .unwrap_or_else(|| unreachable!("found among the model's threats"))
}

/// The mitigation ids a threat names in `mitigated_by`, resolved.
///
/// # Panics
/// If the threat is accepted, transferred or open.
pub fn mitigated_by(threat: &Threat) -> &[String] {
    match &threat.disposition {
        Disposition::Mitigated { by, .. } => by,
        other => panic!("`{}` is not mitigated: {other:?}", threat.id),
    }
}

/// The ids of `elements` named by `paths`, each resolved with [`names`]; for comparing a
/// reference list with the elements it should name.
pub fn ids<T>(elements: &[T], id: impl Fn(&T) -> &str, paths: &[&str]) -> Vec<String> {
    paths
        .iter()
        .map(|path| one(elements, &id, path, "element"))
        .map(|element| id(element).to_owned())
        .collect()
}

/// The code facts of this package's test binary `krate` (its root `tests/<krate>.rs`), read as
/// `cargo threatmodel` reads a crate, with paths relative to the repository root. Read from the
/// binary's own root, the module paths are those `module_path!()` gives the fixtures' records
/// (`rules::rules::x::fires`: the crate, then its `#[path]` module).
pub fn test_crate_facts(krate: &str) -> Facts {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = threatmodel_facts::CrateSource {
        package: "threatmodel-tests".to_owned(),
        krate: krate.to_owned(),
        root: manifest.join(format!("tests/{krate}.rs")),
        files: None,
        cfg: threatmodel_facts::cfg::Cfg::default(),
    };
    let root = manifest.parent().expect("the repository root");
    threatmodel_facts::read(root, &[source])
}

/// The model of the fixture files `ours` accepts (by path), with the part of `facts` read from
/// those files: their routes and unknowns (other fixtures' routers are not theirs), and
/// `routes_complete` decided as the reader decides it for a crate, for these files alone.
pub fn fixture_model(facts: &Facts, ours: impl Fn(&str) -> bool) -> Model {
    let mut model = Model::collect_where(|record| ours(&record.span.file));
    let mut facts = facts.clone();
    for krate in &mut facts.crates {
        krate.routes.retain(|route| ours(&route.location.file));
        krate
            .unknowns
            .retain(|unknown| ours(&unknown.location.file));
        krate.routes_complete = krate.unknowns.is_empty()
            && krate
                .routes
                .iter()
                .all(|route| route.handler.fn_path().is_some());
    }
    model.facts = Some(facts);
    model
}

#[cfg(test)]
mod tests {
    use super::names;

    #[test]
    fn names_match_whole_trailing_segments() {
        assert!(names("trybuild001::Pool::query", "Pool::query"));
        assert!(names("trybuild001::Pool::query", "query"));
        assert!(names("Account", "Account"));
        assert!(!names("trybuild001::MyAccount", "Account"));
    }
}
