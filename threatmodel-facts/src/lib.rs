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
use threatmodel_core::facts::{CrateFacts, Facts, Handler};

/// Reads the facts of `sources`; file paths in them are relative to `workspace_root`.
///
/// Never fails: a file that cannot be read or parsed, and every construct the reader does not
/// understand, is an [`Unknown`](threatmodel_core::facts::Unknown) of its crate. The result is
/// sorted (crates by package and name, functions and types by path; routes and unknowns in
/// source order), so the same code always gives the same facts.
#[cfg(feature = "extract")]
pub fn read(workspace_root: &std::path::Path, sources: &[CrateSource]) -> Facts {
    let workspace = source::Workspace::read(workspace_root, sources);
    // What each reader knows of the whole workspace, built once for all its crates.
    let axum_index = axum::Index::of(&workspace);
    let items_index = items::Index::of(&workspace);
    let rocket_tables = rocket::read(&workspace);
    let mut crates: Vec<CrateFacts> = workspace
        .crates
        .iter()
        .map(|krate| {
            let mut facts = CrateFacts {
                package: krate.package.clone(),
                krate: krate.name.clone(),
                files: krate.files.clone(),
                unknowns: krate.unknowns.clone(),
                inline_modules: krate.inline_modules.clone(),
                ..CrateFacts::default()
            };
            let known = facts.unknowns.len();
            axum::read(&workspace, &axum_index, krate, &mut facts);
            actix::read(&workspace, krate, &mut facts);
            rocket_tables.add_to(krate, &mut facts);
            facts.routes_complete = facts.unknowns.len() == known
                && facts
                    .routes
                    .iter()
                    .all(|route| !matches!(route.handler, Handler::Unknown { .. }));
            items::read(&workspace, &items_index, krate, &mut facts);
            // Two readers may stumble on one construct (a `cfg` on a statement of a router
            // fn): one unknown per place is what a reader of the facts needs.
            let mut places = std::collections::BTreeSet::new();
            facts
                .unknowns
                .retain(|unknown| places.insert(unknown.location.clone()));
            facts.functions.sort_by(|a, b| a.path.cmp(&b.path));
            facts.types.sort_by(|a, b| a.path.cmp(&b.path));
            facts
        })
        .collect();
    drop_mounted_elsewhere(&mut crates);
    crates.sort_by(|a, b| (&a.package, &a.krate).cmp(&(&b.package, &b.krate)));
    Facts { crates }
}

/// A router built in one crate and mounted by another (a library's `app()` served by its
/// binary, maybe under a prefix) is reported by both: the library sees an unmounted root, the
/// mounting crate the real path. Keeps the mounting crate's routes: a route of a crate's own
/// file that another crate also reports (same registration, same handler) is dropped.
#[cfg(feature = "extract")]
fn drop_mounted_elsewhere(crates: &mut [CrateFacts]) {
    use std::collections::BTreeMap;
    use threatmodel_core::facts::SourceLocation;
    let mut reporters: BTreeMap<(&SourceLocation, Option<&str>), Vec<usize>> = BTreeMap::new();
    for (index, krate) in crates.iter().enumerate() {
        for route in &krate.routes {
            reporters
                .entry((&route.location, route.handler.fn_path()))
                .or_default()
                .push(index);
        }
    }
    let mut drop: Vec<(usize, SourceLocation, Option<String>)> = Vec::new();
    for ((location, handler), indexes) in &reporters {
        if indexes.len() < 2 {
            continue;
        }
        for &index in indexes {
            if crates[index].files.contains(&location.file)
                && indexes
                    .iter()
                    .any(|&other| !crates[other].files.contains(&location.file))
            {
                drop.push((index, (*location).clone(), handler.map(str::to_owned)));
            }
        }
    }
    for (index, location, handler) in drop {
        crates[index]
            .routes
            .retain(|r| !(r.location == location && r.handler.fn_path() == handler.as_deref()));
    }
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

/// The functions of `facts` as text, for snapshots and `--verbose` output: per crate (headed
/// `# package (crate)`), one `fn PATH @ file:line` line per fn, then indented lines: `param`
/// (`param?` when optional) with the types of each parameter, `returns` with the types of the
/// return type, `call PATH` or `call? TEXT @ line` for a call that was not resolved. The crate's
/// unknowns follow as `? what @ file:line`.
#[cfg(feature = "extract")]
pub fn functions_table(facts: &Facts) -> String {
    use std::fmt::Write as _;
    use threatmodel_core::facts::Call;
    let mut out = String::new();
    for krate in &facts.crates {
        let _ = writeln!(out, "# {} ({})", krate.package, krate.krate);
        for function in &krate.functions {
            let _ = writeln!(
                out,
                "fn {} @ {}:{}",
                function.path, function.location.file, function.location.line
            );
            for param in &function.params {
                let mark = if param.optional { "?" } else { "" };
                let types = param.types.join(", ");
                let line = format!("    param{mark} {types}");
                let _ = writeln!(out, "{}", line.trim_end());
            }
            if !function.returns.is_empty() {
                let _ = writeln!(out, "    returns {}", function.returns.join(", "));
            }
            for call in &function.calls {
                let _ = match call {
                    Call::Fn { path } => writeln!(out, "    call {path}"),
                    Call::Unknown { text, line } => writeln!(out, "    call? {text} @ {line}"),
                };
            }
        }
        write_unknowns(krate, &mut out);
    }
    out
}

/// The types of `facts` as text, for snapshots and `--verbose` output: per crate (headed
/// `# package (crate)`), one `type PATH @ file:line` line per type, then one indented
/// `name: types` line per field, followed by `(skip_serializing)` when it is not sent. The
/// crate's unknowns follow as `? what @ file:line`.
#[cfg(feature = "extract")]
pub fn types_table(facts: &Facts) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for krate in &facts.crates {
        let _ = writeln!(out, "# {} ({})", krate.package, krate.krate);
        for ty in &krate.types {
            let _ = writeln!(
                out,
                "type {} @ {}:{}",
                ty.path, ty.location.file, ty.location.line
            );
            for field in &ty.fields {
                let skip = if field.skip_serializing {
                    " (skip_serializing)"
                } else {
                    ""
                };
                let _ = writeln!(out, "    {}: {}{skip}", field.name, field.types.join(", "));
            }
        }
        write_unknowns(krate, &mut out);
    }
    out
}

#[cfg(feature = "extract")]
fn write_unknowns(krate: &CrateFacts, out: &mut String) {
    use std::fmt::Write as _;
    for unknown in &krate.unknowns {
        let _ = writeln!(
            out,
            "? {} @ {}:{}",
            unknown.what, unknown.location.file, unknown.location.line
        );
    }
}
