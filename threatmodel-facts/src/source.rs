//! The crates to read: each crate's module tree, each module's items, and the names in scope
//! in each module, with path resolution across the workspace.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use threatmodel_core::facts::{InlineModule, SourceLocation, Unknown};

use crate::cfg::Cfg;

/// One crate to read.
#[derive(Debug, Clone)]
pub struct CrateSource {
    /// Cargo package name.
    pub package: String,
    /// Crate name as rustc knows it (`bank_api`).
    pub krate: String,
    /// The crate root (`src/lib.rs`, `src/main.rs`), absolute.
    pub root: PathBuf,
    /// The source files the build read (from its dep-info), absolute: a `mod` whose file is
    /// not among them was left out by `cfg`. `None` follows every `mod` whose `#[cfg]` holds.
    pub files: Option<BTreeSet<PathBuf>>,
    /// The configuration the crate was built with.
    pub cfg: Cfg,
}

/// A parsed crate.
pub(crate) struct Crate {
    pub(crate) package: String,
    pub(crate) name: String,
    /// Files read, relative to the workspace root, sorted.
    pub(crate) files: Vec<String>,
    pub(crate) modules: Vec<Module>,
    /// The inline modules among `modules`, with the range between their braces.
    pub(crate) inline_modules: Vec<InlineModule>,
    pub(crate) unknowns: Vec<Unknown>,
    pub(crate) cfg: Cfg,
}

/// One module: a file's top level or an inline `mod x { ... }`.
pub(crate) struct Module {
    /// Absolute path (`bank_api::auth`); the crate's name for its root.
    pub(crate) path: String,
    /// The file its items are in, relative to the workspace root.
    pub(crate) file: String,
    /// Its items; those of inline child modules are moved to the child.
    pub(crate) items: Vec<syn::Item>,
    pub(crate) scope: Scope,
}

/// The names a module's items and `use` declarations bring into scope.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// Items defined in the module, by name.
    items: BTreeSet<String>,
    /// Names of items that are only values (fns, consts, statics): never the first segment of
    /// a longer path, which names a module, type or crate (`use rocket::State` beside
    /// Rocket's `fn rocket()` is the crate's `State`).
    values: BTreeSet<String>,
    /// `use` declarations: local name to the path as written (segments).
    uses: BTreeMap<String, Vec<String>>,
    /// Glob imports (`use x::*;`), as written.
    globs: Vec<Vec<String>>,
}

/// Every crate read, with an index of modules by path.
pub(crate) struct Workspace {
    pub(crate) crates: Vec<Crate>,
    modules: BTreeMap<String, (usize, usize)>,
    /// What [`Workspace::resolve`] gave, by the module's address (modules are not moved once
    /// read) and the path as written: the readers resolve the same names (`Router`, `get`,
    /// `Json`, a handler's types) over and over in a module.
    resolved: RefCell<HashMap<usize, Resolutions>>,
}

/// What the paths written in one module resolve to, by path as written (segments).
type Resolutions = HashMap<Vec<String>, Option<String>>;

impl Workspace {
    /// Reads and parses `sources`; paths in facts are relative to `workspace_root`. Files that
    /// cannot be read or parsed become [`Unknown`]s of their crate.
    pub(crate) fn read(workspace_root: &Path, sources: &[CrateSource]) -> Workspace {
        let crates: Vec<Crate> = sources
            .iter()
            .map(|source| read_crate(workspace_root, source))
            .collect();
        let mut modules = BTreeMap::new();
        for (c, krate) in crates.iter().enumerate() {
            for (m, module) in krate.modules.iter().enumerate() {
                modules.entry(module.path.clone()).or_insert((c, m));
            }
        }
        Workspace {
            crates,
            modules,
            resolved: RefCell::default(),
        }
    }

    /// The module at absolute `path`, if it was read.
    pub(crate) fn module(&self, path: &str) -> Option<&Module> {
        let &(c, m) = self.modules.get(path)?;
        Some(&self.crates[c].modules[m])
    }

    /// Whether `name` is the name of a crate read.
    fn is_crate(&self, name: &str) -> bool {
        self.crates.iter().any(|c| c.name == name)
    }

    /// Resolves `segments`, a path as written in `module`, to an absolute path: through
    /// `crate`/`self`/`super`, the module's items, its `use` declarations and globs, and
    /// re-exports of other modules read. A path to something outside the crates read comes
    /// back as written with its first segment as the external crate (`axum::Json`); a single
    /// name found nowhere (a prelude type such as `Option`) comes back as is. `None` for `Self`
    /// paths and paths that loop.
    pub(crate) fn resolve(&self, module: &Module, segments: &[String]) -> Option<String> {
        let key = std::ptr::from_ref(module) as usize;
        if let Some(found) = self
            .resolved
            .borrow()
            .get(&key)
            .and_then(|paths| paths.get(segments))
        {
            return found.clone();
        }
        RESOLUTION_STEPS.with(|steps| steps.set(0));
        GLOB_SEARCH.with(|s| s.borrow_mut().clear());
        let found = self.resolve_in(module, segments, 0);
        self.resolved
            .borrow_mut()
            .entry(key)
            .or_default()
            .insert(segments.to_vec(), found.clone());
        found
    }

    /// [`Workspace::resolve`] of a `syn::Path` (generic arguments ignored).
    pub(crate) fn resolve_path(&self, module: &Module, path: &syn::Path) -> Option<String> {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.resolve(module, &segments)
    }

    fn resolve_in(&self, module: &Module, segments: &[String], depth: u32) -> Option<String> {
        const MAX_DEPTH: u32 = 32;
        const MAX_STEPS: u32 = 512;
        let (first, rest) = segments.split_first()?;
        // Globs that import each other (`use crate::prelude::*` in a module the prelude
        // re-exports from) branch at every level: the depth alone bounds a search that is
        // exponential in it, so one resolution also has a budget of steps.
        let steps = RESOLUTION_STEPS.with(|steps| {
            steps.set(steps.get().saturating_add(1));
            steps.get()
        });
        if depth > MAX_DEPTH || steps > MAX_STEPS {
            return None;
        }
        let crate_root = module.path.split("::").next().unwrap_or(&module.path);
        match first.as_str() {
            "crate" => self.canonical(&join(crate_root, rest), depth),
            "self" => self.canonical(&join(&module.path, rest), depth),
            "super" => {
                let mut base = parent(&module.path)?;
                let mut rest = rest;
                while let Some(("super", tail)) = rest.split_first().map(|(h, t)| (h.as_str(), t)) {
                    base = parent(base)?;
                    rest = tail;
                }
                self.canonical(&join(base, rest), depth)
            }
            "Self" => None,
            _ if module.scope.items.contains(first)
                && (rest.is_empty() || !module.scope.values.contains(first)) =>
            {
                self.canonical(&join(&module.path, segments), depth)
            }
            _ => {
                // `extern crate x;` maps `x` to itself: the crate, as below.
                if let Some(target) = module.scope.uses.get(first)
                    && target.as_slice() != std::slice::from_ref(first)
                {
                    let mut full = target.clone();
                    full.extend(rest.iter().cloned());
                    return self.resolve_in(module, &full, depth + 1);
                }
                // A glob's own path may start with a name that only globs bring (rare), but
                // the search must not come back to the name it is resolving in this module.
                let searching = (module.path.clone(), first.clone());
                let cycle = GLOB_SEARCH.with(|s| s.borrow().contains(&searching));
                if !cycle {
                    GLOB_SEARCH.with(|s| s.borrow_mut().push(searching));
                    let found = module.scope.globs.iter().find_map(|glob| {
                        let base = self.resolve_in(module, glob, depth + 1)?;
                        let target = self.module(&base)?;
                        (target.scope.items.contains(first)
                            || target.scope.uses.contains_key(first))
                        .then(|| self.canonical(&join(&base, segments), depth + 1))
                    });
                    GLOB_SEARCH.with(|s| s.borrow_mut().pop());
                    if let Some(found) = found {
                        return found;
                    }
                }
                if self.is_crate(first) {
                    return self.canonical(&segments.join("::"), depth);
                }
                Some(segments.join("::"))
            }
        }
    }

    /// Follows re-exports: `krate::a::b` where module `krate::a` has `use x::b` becomes what
    /// `x::b` resolves to in that module. Paths outside the crates read are returned as is.
    fn canonical(&self, path: &str, depth: u32) -> Option<String> {
        let segments: Vec<&str> = path.split("::").collect();
        // The longest prefix that is a module read, then the name after it.
        for split in (1..segments.len()).rev() {
            let module_path = segments[..split].join("::");
            let Some(module) = self.module(&module_path) else {
                continue;
            };
            let name = segments[split];
            if module.scope.items.contains(name)
                || self
                    .module(&join(&module_path, &[name.to_owned()]))
                    .is_some()
            {
                return Some(path.to_owned());
            }
            if module.scope.uses.contains_key(name) {
                let tail: Vec<String> = segments[split..].iter().map(|s| (*s).to_owned()).collect();
                return self.resolve_in(module, &tail, depth + 1);
            }
            for glob in &module.scope.globs {
                let Some(base) = self.resolve_in(module, glob, depth + 1) else {
                    continue;
                };
                if let Some(target) = self.module(&base)
                    && (target.scope.items.contains(name) || target.scope.uses.contains_key(name))
                {
                    let mut full = base.clone();
                    for s in &segments[split..] {
                        full.push_str("::");
                        full.push_str(s);
                    }
                    return self.canonical(&full, depth + 1);
                }
            }
            return Some(path.to_owned());
        }
        Some(path.to_owned())
    }
}

thread_local! {
    /// The steps taken by the resolution under way on this thread (see `Workspace::resolve`).
    static RESOLUTION_STEPS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// The (module, name) pairs being searched for through globs, against cycles.
    static GLOB_SEARCH: std::cell::RefCell<Vec<(String, String)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// `base::rest...`.
fn join(base: &str, rest: &[String]) -> String {
    let mut path = base.to_owned();
    for segment in rest {
        path.push_str("::");
        path.push_str(segment);
    }
    path
}

/// The parent module path of `path` (`None` at a crate root).
fn parent(path: &str) -> Option<&str> {
    path.rsplit_once("::").map(|(parent, _)| parent)
}

/// The path of `file` relative to `root`, with `/` separators.
pub(crate) fn relative(root: &Path, file: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// A location at `span` in `file`.
pub(crate) fn location(file: &str, span: proc_macro2::Span) -> SourceLocation {
    let start = span.start();
    SourceLocation {
        file: file.to_owned(),
        line: u32::try_from(start.line).unwrap_or(u32::MAX),
        column: u32::try_from(start.column + 1).unwrap_or(u32::MAX),
    }
}

fn read_crate(workspace_root: &Path, source: &CrateSource) -> Crate {
    let mut krate = Crate {
        package: source.package.clone(),
        name: source.krate.clone(),
        files: Vec::new(),
        modules: Vec::new(),
        inline_modules: Vec::new(),
        unknowns: Vec::new(),
        cfg: source.cfg.clone(),
    };
    let root_dir = source.root.parent().unwrap_or(Path::new("")).to_owned();
    let mut reader = Reader {
        workspace_root,
        source,
        krate: &mut krate,
    };
    reader.read_file(&source.root, source.krate.clone(), root_dir, None);
    krate.files.sort();
    krate.files.dedup();
    krate
}

struct Reader<'a> {
    workspace_root: &'a Path,
    source: &'a CrateSource,
    krate: &'a mut Crate,
}

impl Reader<'_> {
    /// Reads `file` as module `path`, whose `mod x;` children live in `child_dir`.
    fn read_file(
        &mut self,
        file: &Path,
        path: String,
        child_dir: PathBuf,
        declared_at: Option<SourceLocation>,
    ) {
        let relative_file = relative(self.workspace_root, file);
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(err) => {
                self.krate.unknowns.push(Unknown {
                    what: format!("module `{path}` was not read: `{relative_file}`: {err}"),
                    location: declared_at.unwrap_or(SourceLocation {
                        file: relative_file,
                        line: 1,
                        column: 1,
                    }),
                });
                return;
            }
        };
        self.krate.files.push(relative_file.clone());
        match syn::parse_file(&text) {
            Ok(parsed) => self.add_module(path, relative_file, parsed.items, &child_dir),
            Err(err) => self.krate.unknowns.push(Unknown {
                what: format!("`{relative_file}` does not parse: {err}"),
                location: location(&relative_file, err.span()),
            }),
        }
    }

    fn add_module(&mut self, path: String, file: String, mut items: Vec<syn::Item>, dir: &Path) {
        let mut children = Vec::new();
        items.retain_mut(|item| {
            let syn::Item::Mod(module) = item else {
                return true;
            };
            match self.krate.cfg.holds_for(&module.attrs) {
                Some(false) => return false,
                Some(true) => {}
                None => self.krate.unknowns.push(Unknown {
                    what: format!(
                        "module `{}` is behind a `cfg` the reader cannot evaluate; read as if enabled",
                        module.ident
                    ),
                    location: location(&file, module.ident.span()),
                }),
            }
            children.push((
                module.ident.to_string(),
                path_attr(&module.attrs),
                module
                    .content
                    .as_mut()
                    .map(|(brace, items)| (brace.span, std::mem::take(items))),
                location(&file, module.ident.span()),
            ));
            // The module's name stays in scope (an empty `mod x;` item).
            module.content = None;
            true
        });
        let scope = Scope::of(&items);
        self.krate.modules.push(Module {
            path: path.clone(),
            file: file.clone(),
            items,
            scope,
        });
        for (name, path_attr, content, declared_at) in children {
            let child_path = format!("{path}::{name}");
            match content {
                Some((braces, items)) => {
                    let (open, close) = (braces.open().start(), braces.close().end());
                    let at = |line: usize, column: usize| {
                        (
                            u32::try_from(line).unwrap_or(u32::MAX),
                            u32::try_from(column + 1).unwrap_or(u32::MAX),
                        )
                    };
                    self.krate.inline_modules.push(InlineModule {
                        path: child_path.clone(),
                        file: file.clone(),
                        start: at(open.line, open.column),
                        end: at(close.line, close.column),
                    });
                    let child_dir = match &path_attr {
                        Some(p) => dir.join(p),
                        None => dir.join(&name),
                    };
                    self.add_module(child_path, file.clone(), items, &child_dir);
                }
                None => {
                    let candidates = match &path_attr {
                        Some(p) => vec![dir.join(p)],
                        None => vec![
                            dir.join(format!("{name}.rs")),
                            dir.join(&name).join("mod.rs"),
                        ],
                    };
                    let found = candidates.iter().find(|c| match &self.source.files {
                        Some(files) => files.contains(*c),
                        None => c.is_file(),
                    });
                    let Some(found) = found.cloned() else {
                        if self.source.files.is_none() {
                            self.krate.unknowns.push(Unknown {
                                what: format!("no file for module `{child_path}`"),
                                location: declared_at,
                            });
                        }
                        // With the build's file list, a module file it did not read was left
                        // out by `cfg`: not part of this build.
                        continue;
                    };
                    let is_mod_rs = found.file_name().is_some_and(|n| n == "mod.rs");
                    let child_dir = if is_mod_rs || path_attr.is_some() {
                        found.parent().unwrap_or(dir).to_owned()
                    } else {
                        dir.join(&name)
                    };
                    self.read_file(&found, child_path, child_dir, Some(declared_at));
                }
            }
        }
    }
}

/// The value of a `#[path = "..."]` attribute.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| {
        let syn::Meta::NameValue(pair) = &attr.meta else {
            return None;
        };
        if !pair.path.is_ident("path") {
            return None;
        }
        match &pair.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        }
    })
}

impl Scope {
    fn of(items: &[syn::Item]) -> Scope {
        let mut scope = Scope::default();
        for item in items {
            let name = match item {
                syn::Item::Fn(f) => Some(&f.sig.ident),
                syn::Item::Struct(s) => Some(&s.ident),
                syn::Item::Enum(e) => Some(&e.ident),
                syn::Item::Union(u) => Some(&u.ident),
                syn::Item::Mod(m) => Some(&m.ident),
                syn::Item::Const(c) => Some(&c.ident),
                syn::Item::Static(s) => Some(&s.ident),
                syn::Item::Type(t) => Some(&t.ident),
                syn::Item::Trait(t) => Some(&t.ident),
                syn::Item::Macro(m) => m.ident.as_ref(),
                syn::Item::ExternCrate(e) => {
                    let local = e.rename.as_ref().map_or(&e.ident, |(_, name)| name);
                    scope
                        .uses
                        .insert(local.to_string(), vec![e.ident.to_string()]);
                    None
                }
                syn::Item::Use(u) => {
                    scope.add_use(&u.tree, Vec::new());
                    None
                }
                _ => None,
            };
            if let Some(name) = name {
                scope.items.insert(name.to_string());
            }
            if let syn::Item::Fn(syn::ItemFn {
                sig: syn::Signature { ident, .. },
                ..
            })
            | syn::Item::Const(syn::ItemConst { ident, .. })
            | syn::Item::Static(syn::ItemStatic { ident, .. }) = item
            {
                scope.values.insert(ident.to_string());
            }
        }
        let types: BTreeSet<String> = items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Struct(s) => Some(s.ident.to_string()),
                syn::Item::Enum(e) => Some(e.ident.to_string()),
                syn::Item::Union(u) => Some(u.ident.to_string()),
                syn::Item::Mod(m) => Some(m.ident.to_string()),
                syn::Item::Type(t) => Some(t.ident.to_string()),
                syn::Item::Trait(t) => Some(t.ident.to_string()),
                _ => None,
            })
            .collect();
        scope.values.retain(|name| !types.contains(name));
        scope
    }

    fn add_use(&mut self, tree: &syn::UseTree, prefix: Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                let mut prefix = prefix;
                prefix.push(p.ident.to_string());
                self.add_use(&p.tree, prefix);
            }
            syn::UseTree::Name(n) => {
                if n.ident == "self" {
                    if let Some(last) = prefix.last().cloned() {
                        self.uses.insert(last, prefix);
                    }
                } else {
                    let mut path = prefix;
                    path.push(n.ident.to_string());
                    self.uses.insert(n.ident.to_string(), path);
                }
            }
            syn::UseTree::Rename(r) => {
                if r.rename == "_" {
                    return;
                }
                let mut path = prefix;
                if r.ident != "self" {
                    path.push(r.ident.to_string());
                }
                self.uses.insert(r.rename.to_string(), path);
            }
            syn::UseTree::Glob(_) => self.globs.push(prefix),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.add_use(tree, prefix.clone());
                }
            }
        }
    }
}

impl Workspace {
    /// [`Workspace::resolve_path`] of a path in value position (a fn called or named): where
    /// the path ends at a module that its parent also imports under the same name
    /// (`pub mod router; pub use router::router;`), the import is the value, as rustc's
    /// separate type and value namespaces have it.
    pub(crate) fn resolve_value(&self, module: &Module, path: &syn::Path) -> Option<String> {
        let resolved = self.resolve_path(module, path)?;
        if self.module(&resolved).is_none() {
            return Some(resolved);
        }
        let (parent, name) = resolved.rsplit_once("::")?;
        let parent = self.module(parent)?;
        match parent.scope.uses.get(name) {
            Some(target) if target.last().is_some_and(|last| last == name) => {
                let target = target.clone();
                self.resolve(parent, &target)
            }
            _ => Some(resolved),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` (path, text) under a temporary directory and reads crate `demo` from
    /// `src/lib.rs`.
    pub(crate) fn workspace(files: &[(&str, &str)]) -> (tempdir::Dir, Workspace) {
        let dir = tempdir::Dir::new();
        for (path, text) in files {
            let full = dir.0.join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, text).expect("write");
        }
        let source = CrateSource {
            package: "demo".into(),
            krate: "demo".into(),
            root: dir.0.join("src/lib.rs"),
            files: None,
            cfg: Cfg::default(),
        };
        let ws = Workspace::read(&dir.0, &[source]);
        (dir, ws)
    }

    /// A temporary directory removed on drop (the crate has no tempfile dependency).
    pub(crate) mod tempdir {
        pub(crate) struct Dir(pub(crate) std::path::PathBuf);
        impl Dir {
            pub(crate) fn new() -> Dir {
                use std::sync::atomic::{AtomicU32, Ordering};
                static NEXT: AtomicU32 = AtomicU32::new(0);
                let path = std::env::temp_dir().join(format!(
                    "threatmodel-facts-{}-{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed)
                ));
                std::fs::create_dir_all(&path).expect("temporary directory");
                Dir(path)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    fn resolve(ws: &Workspace, module: &str, path: &str) -> Option<String> {
        let segments: Vec<String> = path.split("::").map(str::to_owned).collect();
        ws.resolve(ws.module(module).expect("module"), &segments)
    }

    #[test]
    fn module_tree_follows_files_inline_modules_and_path_attributes() {
        let (_dir, ws) = workspace(&[
            (
                "src/lib.rs",
                "mod a; pub mod b; mod inline { mod deep; pub fn f() {} } #[path = \"other.rs\"] mod c; #[cfg(test)] mod tests;",
            ),
            ("src/a.rs", "mod nested; pub fn fa() {}"),
            ("src/a/nested.rs", "pub fn fn_nested() {}"),
            ("src/b/mod.rs", "pub struct B;"),
            ("src/inline/deep.rs", "pub fn d() {}"),
            ("src/other.rs", "pub fn o() {}"),
        ]);
        let krate = &ws.crates[0];
        let paths: Vec<(&str, &str)> = krate
            .modules
            .iter()
            .map(|m| (m.path.as_str(), m.file.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("demo", "src/lib.rs"),
                ("demo::a", "src/a.rs"),
                ("demo::a::nested", "src/a/nested.rs"),
                ("demo::b", "src/b/mod.rs"),
                ("demo::inline", "src/lib.rs"),
                ("demo::inline::deep", "src/inline/deep.rs"),
                ("demo::c", "src/other.rs"),
            ]
        );
        assert!(krate.unknowns.is_empty(), "{:?}", krate.unknowns);
        // The inline module's range: from its `{` (column 30) to just past its `}`.
        assert_eq!(
            krate.inline_modules,
            [InlineModule {
                path: "demo::inline".to_owned(),
                file: "src/lib.rs".to_owned(),
                start: (1, 30),
                end: (1, 57),
            }]
        );
    }

    #[test]
    fn paths_resolve_through_uses_reexports_and_globs() {
        let (_dir, ws) = workspace(&[
            (
                "src/lib.rs",
                "mod handlers; mod auth; use axum::{Router, routing::get as get_route}; use handlers::*; pub use auth::check as ensure;",
            ),
            ("src/handlers/mod.rs", "mod users; pub use users::list;"),
            (
                "src/handlers/users.rs",
                "pub fn list() {} use super::super::auth;",
            ),
            ("src/auth.rs", "pub fn check() {}"),
        ]);
        assert_eq!(
            resolve(&ws, "demo", "Router").as_deref(),
            Some("axum::Router")
        );
        assert_eq!(
            resolve(&ws, "demo", "get_route").as_deref(),
            Some("axum::routing::get")
        );
        assert_eq!(
            resolve(&ws, "demo", "list").as_deref(),
            Some("demo::handlers::users::list")
        );
        assert_eq!(
            resolve(&ws, "demo", "handlers::list").as_deref(),
            Some("demo::handlers::users::list")
        );
        assert_eq!(
            resolve(&ws, "demo::handlers::users", "auth::check").as_deref(),
            Some("demo::auth::check")
        );
        assert_eq!(
            resolve(&ws, "demo::handlers::users", "crate::ensure").as_deref(),
            Some("demo::auth::check")
        );
        assert_eq!(resolve(&ws, "demo", "Option").as_deref(), Some("Option"));
        // A fn does not hide the crate of the same name in a longer path (Rocket's
        // `fn rocket()` beside `use rocket::State`).
        let (_dir, rocket) = workspace(&[(
            "src/lib.rs",
            "#[macro_use] extern crate rocket; use rocket::State; fn rocket() {}",
        )]);
        assert_eq!(
            resolve(&rocket, "demo", "State").as_deref(),
            Some("rocket::State")
        );
        assert_eq!(
            resolve(&rocket, "demo", "rocket").as_deref(),
            Some("demo::rocket")
        );
        assert_eq!(resolve(&ws, "demo", "Self::x"), None);
    }

    #[test]
    fn glob_imports_of_external_crates_resolve() {
        // Resolving each glob's own path goes through the module's globs again: with three
        // external globs that was 3^depth steps, which made this test hang (speed itself is
        // measured by the facts bench, not asserted here).
        let (_dir, ws) = workspace(&[
            ("src/lib.rs", "mod db; mod prelude;"),
            (
                "src/db.rs",
                "use actix::prelude::*; use diesel::prelude::*; use serde::de::*; use crate::prelude::*;",
            ),
            ("src/prelude.rs", "pub struct Error;"),
        ]);
        assert_eq!(
            resolve(&ws, "demo::db", "Nowhere").as_deref(),
            Some("Nowhere")
        );
        assert_eq!(
            resolve(&ws, "demo::db", "Error").as_deref(),
            Some("demo::prelude::Error")
        );
    }

    #[test]
    fn a_value_named_like_its_module_resolves_to_the_value() {
        let (_dir, ws) = workspace(&[
            ("src/lib.rs", "mod health; fn app() { health::router(); }"),
            ("src/health/mod.rs", "mod check; pub use check::router;"),
            (
                "src/health/check/mod.rs",
                "pub mod router; pub use router::router;",
            ),
            ("src/health/check/router.rs", "pub fn router() {}"),
        ]);
        let path: syn::Path = syn::parse_str("health::router").expect("a path");
        let root = ws.module("demo").expect("root");
        assert_eq!(
            ws.resolve_path(root, &path).as_deref(),
            Some("demo::health::check::router")
        );
        assert_eq!(
            ws.resolve_value(root, &path).as_deref(),
            Some("demo::health::check::router::router")
        );
    }

    #[test]
    fn a_fn_named_like_a_crate_does_not_shadow_it_in_paths() {
        let (_dir, ws) = workspace(&[(
            "src/lib.rs",
            "#[macro_use] extern crate rocket; use serde; fn rocket() { rocket::build(); } mod tools {} fn tools() {}",
        )]);
        assert_eq!(
            resolve(&ws, "demo", "rocket::build").as_deref(),
            Some("rocket::build")
        );
        assert_eq!(
            resolve(&ws, "demo", "rocket").as_deref(),
            Some("demo::rocket")
        );
        assert_eq!(
            resolve(&ws, "demo", "serde::Serialize").as_deref(),
            Some("serde::Serialize")
        );
        assert_eq!(
            resolve(&ws, "demo", "tools::x").as_deref(),
            Some("demo::tools::x")
        );
    }

    #[test]
    fn several_globs_of_external_crates_resolve() {
        let (_dir, ws) = workspace(&[(
            "src/lib.rs",
            "use diesel::prelude::*; use diesel::query_builder::*; use serde::*; fn f() {}",
        )]);
        assert_eq!(resolve(&ws, "demo", "Unknown").as_deref(), Some("Unknown"));
        assert_eq!(resolve(&ws, "demo", "f").as_deref(), Some("demo::f"));
    }

    #[test]
    fn globs_and_extern_crates_resolve_without_blowing_up() {
        let (_dir, ws) = workspace(&[
            (
                "src/lib.rs",
                "#[macro_use] extern crate diesel; mod entities; use diesel::pg::Pg;",
            ),
            (
                "src/entities.rs",
                "use chrono::prelude::*; use diesel::prelude::*; use serde::*; use uuid::*; use super::*;",
            ),
        ]);
        assert_eq!(
            resolve(&ws, "demo::entities", "Nowhere").as_deref(),
            Some("Nowhere")
        );
        assert_eq!(
            resolve(&ws, "demo", "Pg").as_deref(),
            Some("diesel::pg::Pg")
        );
        assert_eq!(
            resolve(&ws, "demo", "diesel::Queryable").as_deref(),
            Some("diesel::Queryable")
        );
    }

    #[test]
    fn unreadable_and_unparsable_files_are_unknowns() {
        let (_dir, ws) = workspace(&[
            ("src/lib.rs", "mod gone; mod broken;"),
            ("src/broken.rs", "fn ("),
        ]);
        let what: Vec<&str> = ws.crates[0]
            .unknowns
            .iter()
            .map(|u| u.what.as_str())
            .collect();
        assert_eq!(what.len(), 2, "{what:?}");
        assert!(
            what[0].starts_with("no file for module `demo::gone`"),
            "{what:?}"
        );
        assert!(
            what[1].starts_with("`src/broken.rs` does not parse"),
            "{what:?}"
        );
    }
}
