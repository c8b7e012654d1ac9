//! The annotations `cargo threatmodel init` writes for served routes that no `#[endpoint]`
//! describes: one `#[endpoint]` per route above its handler fn, with its guesses explained in a
//! comment, and a `#[trust_boundary]` and a `#[component(service)]` in the crate root when the
//! crate needs them; planned as insertions into the workspace's source files.
//!
//! Everything is written with absolute `threatmodel::` paths (the name the crate's manifest
//! gives the dependency), so no `use` line is added or needed.

mod guess;
mod place;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use threatmodel::Model;
use threatmodel::claims::Unmodelled;
use threatmodel::facts::{CrateFacts, Function, Route};

use self::guess::{Auth, Boundary};
use self::place::{FnSite, SourceFile};

/// Names `init` gives a new trust boundary, the first one the crate root leaves free.
const BOUNDARY_NAMES: &[&str] = &["Internet", "PublicInternet", "InternetBoundary"];

/// A crate whose routes may be annotated, as `init` needs to know it.
#[derive(Debug, Clone)]
pub(crate) struct CrateInfo<'m> {
    /// Its facts.
    pub(crate) facts: &'m CrateFacts,
    /// Its root source file, relative to the workspace root.
    pub(crate) root_file: Option<String>,
    /// The name the crate's manifest gives the `threatmodel` dependency (`threatmodel`, or its
    /// rename); `None` when it does not depend on it.
    pub(crate) threatmodel: Option<String>,
}

/// A route `init` does not annotate, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Skipped {
    /// `METHOD /path`.
    pub(crate) route: String,
    /// Where it is registered, `file:line`.
    pub(crate) at: String,
    /// Why, lower case, no final period.
    pub(crate) why: String,
}

/// Lines inserted before line `before` (0-based) of a file.
#[derive(Debug, Clone)]
struct Insertion {
    before: usize,
    lines: Vec<String>,
}

/// The insertions into one source file.
#[derive(Debug, Clone)]
pub(crate) struct FileEdit {
    original: String,
    crlf: bool,
    insertions: Vec<Insertion>,
}

impl FileEdit {
    /// The file's text before the edit.
    pub(crate) fn original(&self) -> &str {
        &self.original
    }

    /// The file's text with the insertions made, in its line endings; insertions before the same
    /// line keep the order they were planned in.
    pub(crate) fn edited(&self) -> String {
        let newline = if self.crlf { "\r\n" } else { "\n" };
        let mut insertions: Vec<&Insertion> = self.insertions.iter().collect();
        insertions.sort_by_key(|insertion| insertion.before);
        let mut out = String::with_capacity(self.original.len() + 1024);
        let mut pending = insertions.into_iter().peekable();
        let lines: Vec<&str> = self.original.split_inclusive('\n').collect();
        for index in 0..=lines.len() {
            while let Some(insertion) = pending.next_if(|i| i.before <= index) {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push_str(newline);
                }
                for line in &insertion.lines {
                    out.push_str(line);
                    out.push_str(newline);
                }
            }
            if let Some(line) = lines.get(index) {
                out.push_str(line);
            }
        }
        out
    }
}

/// What `init` writes, file by file, and what it leaves out.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// The edits, by file path relative to the workspace root.
    pub(crate) files: BTreeMap<String, FileEdit>,
    /// How many `#[endpoint]`s are written.
    pub(crate) endpoints: usize,
    /// The items added to crate roots: `trust boundary \`Internet\` in src/lib.rs`.
    pub(crate) scaffolds: Vec<String>,
    /// The routes left out, in the order of [`Claims::unmodelled`](threatmodel::claims::Claims::unmodelled).
    pub(crate) skipped: Vec<Skipped>,
    /// Packages annotated that do not depend on `threatmodel`.
    pub(crate) without_dependency: BTreeSet<String>,
}

/// The source files of the workspace, read and parsed once each.
pub(crate) struct Sources {
    root: PathBuf,
    files: BTreeMap<String, Result<SourceFile, String>>,
}

impl Sources {
    /// The files under `workspace_root`.
    pub(crate) fn new(workspace_root: &Path) -> Sources {
        Sources {
            root: workspace_root.to_owned(),
            files: BTreeMap::new(),
        }
    }

    /// The parsed file at `path` (relative to the workspace root), or why it cannot be had.
    fn get(&mut self, path: &str) -> Result<&SourceFile, String> {
        let root = &self.root;
        self.files
            .entry(path.to_owned())
            .or_insert_with(|| {
                std::fs::read_to_string(root.join(path))
                    .map(SourceFile::new)
                    .map_err(|err| format!("cannot read {path}: {err}"))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// One route to annotate: its handler's place.
struct Planned<'m> {
    route: &'m Route,
    handler: &'m Function,
    file: String,
    before: usize,
}

/// Plans the annotations of the `unmodelled` routes of `model` (see the module docs), reading
/// the handlers' files from `sources`. `crates` are the crates read, one per entry of the
/// model's facts.
pub(crate) fn plan(
    model: &Model,
    unmodelled: &[Unmodelled<'_>],
    crates: &[CrateInfo<'_>],
    sources: &mut Sources,
) -> Plan {
    let mut plan = Plan::default();
    // Routes to annotate, grouped by the crate that defines their handler, in order.
    let mut by_crate: Vec<(usize, Vec<Planned<'_>>)> = Vec::new();
    for unmodelled in unmodelled {
        let route = unmodelled.route;
        let skip = |why: String| Skipped {
            route: format!("{} {}", route.method, route.path),
            at: format!("{}:{}", route.location.file, route.location.line),
            why,
        };
        match locate(unmodelled, crates, sources) {
            Ok((index, planned)) => match by_crate.iter_mut().find(|(i, _)| *i == index) {
                Some((_, routes)) => routes.push(planned),
                None => by_crate.push((index, vec![planned])),
            },
            Err(why) => plan.skipped.push(skip(why)),
        }
    }
    for (index, routes) in by_crate {
        let info = &crates[index];
        if let Err(why) = plan_crate(model, info, &routes, sources, &mut plan) {
            for planned in routes {
                plan.skipped.push(Skipped {
                    route: format!("{} {}", planned.route.method, planned.route.path),
                    at: format!(
                        "{}:{}",
                        planned.route.location.file, planned.route.location.line
                    ),
                    why: why.clone(),
                });
            }
        }
    }
    plan
}

/// The crate (its index in `crates`) and the place of the handler of an unmodelled route, or
/// why it is not annotated.
fn locate<'m>(
    unmodelled: &Unmodelled<'m>,
    crates: &[CrateInfo<'m>],
    sources: &mut Sources,
) -> Result<(usize, Planned<'m>), String> {
    let handler = unmodelled.handler;
    let defining = |info: &CrateInfo<'m>| {
        info.facts
            .functions
            .iter()
            .find(|f| f.path == handler)
            .map(|f| (f, info.facts))
    };
    // The crate registering the route first: a library and a binary may share a crate name.
    let found = crates
        .iter()
        .enumerate()
        .filter(|(_, info)| {
            info.facts.package == unmodelled.location.package
                && info.facts.krate == unmodelled.location.krate
        })
        .chain(crates.iter().enumerate())
        .find_map(|(index, info)| defining(info).map(|(f, _)| (index, f)));
    let Some((index, function)) = found else {
        return Err(format!(
            "the definition of its handler `{handler}` was not read (a fn of a crate outside the selection, or made by a macro)"
        ));
    };
    let file = function.location.file.clone();
    if file.starts_with('/') || file.starts_with("..") || file.contains(':') {
        return Err(format!(
            "its handler `{handler}` is defined in {file}, outside the workspace"
        ));
    }
    let source = sources.get(&file)?;
    let syntax = source
        .syntax
        .as_ref()
        .map_err(|err| format!("cannot parse {file}: {err}"))?;
    match place::fn_site(syntax, function.location.line, function.location.column) {
        FnSite::Free { templates, .. }
            if templates.contains(&format!(
                "{} {}",
                unmodelled.route.method, unmodelled.route.path
            )) =>
        {
            Err(format!(
                "its handler `{handler}` already carries `#[endpoint(\"{} {}\")]`, which does not match the route as read",
                unmodelled.route.method, unmodelled.route.path
            ))
        }
        FnSite::Free { before, .. } => Ok((
            index,
            Planned {
                route: unmodelled.route,
                handler: function,
                file,
                before,
            },
        )),
        FnSite::InInlineModule => Err(format!(
            "its handler `{handler}` is in an inline `mod` block, whose items the annotations record under the file's module, so an `#[endpoint]` there would not match the route: move it to a module file"
        )),
        FnSite::Method => Err(format!(
            "its handler `{handler}` is a method, which `init` does not annotate: write its `#[endpoint]` by hand"
        )),
        FnSite::Missing => Err(format!(
            "no fn `{}` is written at {file}:{} (made by a macro, or the file changed since the build)",
            guess::short(handler),
            function.location.line
        )),
    }
}

/// Plans the annotations of `routes`, whose handlers `info`'s crate defines: the crate root's
/// new items first, then one `#[endpoint]` per route.
fn plan_crate(
    model: &Model,
    info: &CrateInfo<'_>,
    routes: &[Planned<'_>],
    sources: &mut Sources,
    plan: &mut Plan,
) -> Result<(), String> {
    let krate = &info.facts.krate;
    let files: BTreeSet<String> = info.facts.files.iter().cloned().collect();
    let tm = match &info.threatmodel {
        Some(name) => name.replace('-', "_"),
        None => {
            plan.without_dependency.insert(info.facts.package.clone());
            "threatmodel".to_owned()
        }
    };
    let boundary = guess::boundary(model, &files);
    let needs_service = !guess::has_service(model, &files);
    let mut new_boundary = None;
    if boundary == Boundary::New || needs_service {
        let root_file = info
            .root_file
            .clone()
            .ok_or_else(|| format!("the root file of crate `{krate}` is not known"))?;
        let root = sources.get(&root_file)?;
        let syntax = root
            .syntax
            .as_ref()
            .map_err(|err| format!("cannot parse {root_file}: {err}"))?;
        let mut taken = place::top_level_names(syntax);
        taken.extend(root_module_names(model, info.facts));
        let before = place::after_uses(syntax);
        let mut lines = Vec::new();
        if boundary == Boundary::New {
            let name = free_name(BOUNDARY_NAMES.iter().map(|n| (*n).to_owned()), &taken);
            lines.extend(boundary_item(&tm, &name));
            plan.scaffolds.push(format!("trust boundary `{name}`"));
            taken.insert(name.clone());
            new_boundary = Some(format!("crate::{name}"));
        }
        if needs_service {
            let camel = upper_camel(krate);
            let name = free_name(
                [
                    camel.clone(),
                    format!("{camel}Service"),
                    "Service".to_owned(),
                ]
                .into_iter(),
                &taken,
            );
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.extend(service_item(&tm, &name));
            plan.scaffolds.push(format!("service component `{name}`"));
        }
        if before > 0 {
            lines.insert(0, String::new());
        }
        let next_line = root.text.lines().nth(before).unwrap_or_default();
        if !next_line.trim().is_empty() {
            lines.push(String::new());
        }
        let (crlf, text) = (root.crlf(), root.text.clone());
        edit(plan, &root_file, text, crlf).push(Insertion { before, lines });
    }
    let boundary = match (boundary, new_boundary) {
        (_, Some(path)) => BoundaryArg::Path {
            path,
            why: "added to the crate root, as no trust boundary of the crate lies outside its service",
        },
        (Boundary::Existing(id), None) => BoundaryArg::Path {
            path: match id.strip_prefix(&format!("{krate}::")) {
                Some(rest) => format!("crate::{rest}"),
                None => id,
            },
            why: "the crate's only trust boundary outside its service",
        },
        (Boundary::Several(ids), None) => BoundaryArg::Left(ids),
        (Boundary::New, None) => BoundaryArg::Left(Vec::new()),
    };
    // The comment of the previous `#[endpoint]` and where it went: the next route of the same
    // handler with the same guesses gets its `#[endpoint]` only.
    let mut previous: Option<(&str, usize, Vec<String>)> = None;
    for planned in routes {
        let source = sources.get(&planned.file)?;
        let indent = source.indent(planned.before).to_owned();
        let auth = guess::auth(planned.route, Some(planned.handler));
        let (comment, attribute) = endpoint_lines(&tm, planned.route, &boundary, &auth);
        let repeated = previous.as_ref().is_some_and(|(file, before, last)| {
            *file == planned.file && *before == planned.before && *last == comment
        });
        let mut lines: Vec<String> = if repeated {
            Vec::new()
        } else {
            comment.clone()
        };
        lines.push(attribute);
        let lines = lines
            .into_iter()
            .map(|line| format!("{indent}{line}"))
            .collect();
        previous = Some((&planned.file, planned.before, comment));
        let (crlf, text) = (source.crlf(), source.text.clone());
        edit(plan, &planned.file, text, crlf).push(Insertion {
            before: planned.before,
            lines,
        });
        plan.endpoints += 1;
    }
    Ok(())
}

/// The insertions into `file`, created with its text on first use.
fn edit<'p>(plan: &'p mut Plan, file: &str, text: String, crlf: bool) -> &'p mut Vec<Insertion> {
    &mut plan
        .files
        .entry(file.to_owned())
        .or_insert_with(|| FileEdit {
            original: text,
            crlf,
            insertions: Vec::new(),
        })
        .insertions
}

/// Names at the root of `krate` that the model or the facts know of (markers of `declare!`,
/// items read), which the crate root's text may not show.
fn root_module_names(model: &Model, krate: &CrateFacts) -> BTreeSet<String> {
    let prefix = format!("{}::", krate.krate);
    let ids = model
        .trust_boundaries
        .iter()
        .map(|e| &e.id)
        .chain(model.components.iter().map(|e| &e.id))
        .chain(model.assets.iter().map(|e| &e.id))
        .chain(model.mitigations.iter().map(|e| &e.id))
        .chain(krate.types.iter().map(|t| &t.path))
        .chain(krate.functions.iter().map(|f| &f.path));
    ids.filter_map(|id| id.strip_prefix(&prefix))
        .filter(|rest| !rest.contains("::"))
        .map(str::to_owned)
        .collect()
}

/// The first of `names` not in `taken`; the first name with the smallest free number after it
/// when all are taken.
fn free_name(names: impl Iterator<Item = String>, taken: &BTreeSet<String>) -> String {
    let names: Vec<String> = names.collect();
    if let Some(name) = names.iter().find(|n| !taken.contains(*n)) {
        return name.clone();
    }
    let first = names.first().map_or("Scaffold", String::as_str);
    (2..)
        .map(|n| format!("{first}{n}"))
        .find(|n| !taken.contains(n))
        .unwrap_or_default()
}

/// `bank_api` as a type name: `BankApi`.
fn upper_camel(krate: &str) -> String {
    krate
        .split(['_', '-'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

fn boundary_item(tm: &str, name: &str) -> Vec<String> {
    vec![
        "/// Where the routes' callers come from: untrusted clients on the public internet."
            .to_owned(),
        "///".to_owned(),
        "/// Scaffolded by `cargo threatmodel init`: review it (rename it, describe it, nest it"
            .to_owned(),
        "/// in another boundary with `parent = ...`).".to_owned(),
        format!("#[{tm}::trust_boundary]"),
        format!("pub struct {name};"),
    ]
}

fn service_item(tm: &str, name: &str) -> Vec<String> {
    vec![
        "/// This crate's service: the component that serves its routes.".to_owned(),
        "///".to_owned(),
        "/// Scaffolded by `cargo threatmodel init`: review it (name it, say in which trust"
            .to_owned(),
        "/// boundary it runs with `boundary = ...`).".to_owned(),
        format!("#[{tm}::component(service)]"),
        format!("pub struct {name};"),
    ]
}

/// The `boundary` argument of a crate's endpoints.
enum BoundaryArg {
    /// Written: the path, from any module of the crate, and why it was chosen.
    Path { path: String, why: &'static str },
    /// Left out: the candidates, for the user to choose from.
    Left(Vec<String>),
}

/// Most characters of a layer's source text the comment quotes.
const LAYER_TEXT: usize = 48;

/// The comment lines and the `#[endpoint]` of one route (not indented).
fn endpoint_lines(
    tm: &str,
    route: &Route,
    boundary: &BoundaryArg,
    auth: &Auth,
) -> (Vec<String>, String) {
    let layers = if route.layers.is_empty() {
        "none".to_owned()
    } else {
        route
            .layers
            .iter()
            .map(|layer| {
                let text = if layer.text.chars().count() > LAYER_TEXT {
                    let cut: String = layer.text.chars().take(LAYER_TEXT - 3).collect();
                    format!("{cut}...")
                } else {
                    layer.text.clone()
                };
                format!("`{text}`")
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut args = vec![format!("\"{} {}\"", route.method, route.path)];
    let boundary_note = match boundary {
        BoundaryArg::Path { path, why } => {
            args.push(format!("boundary = {path}"));
            format!("// boundary: `{path}`, {why}")
        }
        BoundaryArg::Left(ids) => format!(
            "// boundary: left out, as several trust boundaries lie outside the service: {}",
            ids.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let auth_note = match auth {
        Auth::Required(why) => {
            args.push("auth = \"required\"".to_owned());
            format!("// auth: \"required\", as {why}")
        }
        Auth::Optional(why) => {
            args.push("auth = \"optional\"".to_owned());
            format!("// auth: \"optional\", as {why}")
        }
        Auth::Unseen => {
            "// auth: left out, as no layer or handler parameter looks like authentication"
                .to_owned()
        }
    };
    let comment = vec![
        format!(
            "// threatmodel init: boundary and auth are guesses from the route's layers ({layers}); review them"
        ),
        boundary_note,
        auth_note,
    ];
    (comment, format!("#[{tm}::endpoint({})]", args.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_edit(original: &str, insertions: &[(usize, &[&str])]) -> FileEdit {
        FileEdit {
            original: original.to_owned(),
            crlf: original.contains("\r\n"),
            insertions: insertions
                .iter()
                .map(|(before, lines)| Insertion {
                    before: *before,
                    lines: lines.iter().map(|l| (*l).to_owned()).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn insertions_go_before_their_line_in_planned_order() {
        let edit = file_edit("a\nb\n", &[(1, &["x"]), (0, &["w"]), (1, &["y", "z"])]);
        assert_eq!(edit.edited(), "w\na\nx\ny\nz\nb\n");
    }

    #[test]
    fn insertions_keep_line_endings_and_end_a_last_line_without_newline() {
        assert_eq!(
            file_edit("a\r\nb", &[(1, &["x"]), (2, &["y"])]).edited(),
            "a\r\nx\r\nb\r\ny\r\n"
        );
    }

    #[test]
    fn new_names_avoid_the_taken_ones() {
        let taken: BTreeSet<String> = ["Internet", "PublicInternet", "InternetBoundary"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let names = || BOUNDARY_NAMES.iter().map(|n| (*n).to_owned());
        assert_eq!(free_name(names(), &BTreeSet::new()), "Internet");
        assert_eq!(free_name(names(), &taken), "Internet2");
        assert_eq!(upper_camel("bank_api"), "BankApi");
        assert_eq!(upper_camel("svc__x"), "SvcX");
    }
}
