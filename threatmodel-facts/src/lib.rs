//! Reads facts from a Rust service's code for threatmodel: the routes its routers serve (axum,
//! actix-web, Rocket) with the layers, middleware and guards in force on each, handler
//! signatures, calls between functions, and the fields of types.
//!
//! The input is the list of crates a build compiled, with the files it read (cargo's dep-info)
//! and the `cfg` it used, so that what is read follows the build; the output is
//! [`threatmodel_core::facts::Facts`], plain data carried in the model beside the claims of the
//! annotations. Sources are parsed once with `syn`, never expanded: a router built by a macro, a
//! call through a trait object or a closure handler is recorded as an
//! [`Unknown`](threatmodel_core::facts::Unknown), never guessed (DESIGN §7).
//!
//! Without the default `extract` feature, only [`attribute`] is built: the parser of framework
//! route attributes that `#[endpoint]` shares with the reader, so there is one grammar.

#[cfg(feature = "extract")]
mod actix;
pub mod attribute;
#[cfg(feature = "extract")]
mod axum;
#[cfg(feature = "extract")]
pub mod cfg;
#[cfg(feature = "extract")]
mod items;
#[cfg(feature = "extract")]
mod rocket;
#[cfg(feature = "extract")]
mod source;

#[cfg(feature = "extract")]
pub use source::CrateSource;

#[cfg(feature = "extract")]
use threatmodel_core::facts::{CrateFacts, Facts};

/// Reads the facts of `sources`; file paths in them are relative to `workspace_root`.
///
/// Never fails: a file that cannot be read or parsed, and every construct the reader does not
/// understand, is an [`Unknown`](threatmodel_core::facts::Unknown) of its crate. The result is
/// sorted (crates by package and name, functions and types by path; routes and unknowns in
/// source order), so the same code always gives the same facts.
#[cfg(feature = "extract")]
pub fn read(workspace_root: &std::path::Path, sources: &[CrateSource]) -> Facts {
    let workspace = source::Workspace::read(workspace_root, sources);
    let mut crates: Vec<CrateFacts> = workspace
        .crates
        .iter()
        .map(|krate| {
            let mut facts = CrateFacts {
                package: krate.package.clone(),
                krate: krate.name.clone(),
                files: krate.files.clone(),
                unknowns: krate.unknowns.clone(),
                ..CrateFacts::default()
            };
            axum::read(&workspace, krate, &mut facts);
            actix::read(&workspace, krate, &mut facts);
            rocket::read(&workspace, krate, &mut facts);
            items::read(&workspace, krate, &mut facts);
            facts.functions.sort_by(|a, b| a.path.cmp(&b.path));
            facts.types.sort_by(|a, b| a.path.cmp(&b.path));
            facts
        })
        .collect();
    crates.sort_by(|a, b| (&a.package, &a.krate).cmp(&(&b.package, &b.krate)));
    Facts { crates }
}

/// The route table of `facts` as text, one route per line, for snapshots and `--verbose`
/// output: `METHOD PATH -> HANDLER @ file:line`, then one indented line per layer, outermost
/// first (`layer`/`route_layer`/`wrap`/`fairing`, the names it resolves to, `@ file:line`).
/// Crates are headed by `# package (crate)`; unknowns follow their crate's routes as
/// `? what @ file:line`.
#[cfg(feature = "extract")]
pub fn route_table(facts: &Facts) -> String {
    use std::fmt::Write as _;
    use threatmodel_core::facts::{Handler, LayerKind};
    let mut out = String::new();
    for krate in &facts.crates {
        let _ = writeln!(out, "# {} ({})", krate.package, krate.krate);
        for route in &krate.routes {
            let handler = match &route.handler {
                Handler::Fn { path } => path.clone(),
                Handler::Service { name } => format!("service {name}"),
                Handler::Unknown { reason } => format!("unknown ({reason})"),
            };
            let _ = writeln!(
                out,
                "{} {} -> {handler} @ {}:{}",
                route.method, route.path, route.location.file, route.location.line
            );
            for layer in &route.layers {
                let kind = match layer.kind {
                    LayerKind::Layer => "layer",
                    LayerKind::RouteLayer => "route_layer",
                    LayerKind::Wrap => "wrap",
                    LayerKind::Fairing => "fairing",
                };
                let _ = writeln!(
                    out,
                    "    {kind} [{}] @ {}:{}",
                    layer.names.join(", "),
                    layer.location.file,
                    layer.location.line
                );
            }
        }
        for unknown in &krate.unknowns {
            let _ = writeln!(
                out,
                "? {} @ {}:{}",
                unknown.what, unknown.location.file, unknown.location.line
            );
        }
    }
    out
}
