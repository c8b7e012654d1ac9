//! The route table of Rocket 0.5 servers: the routes each `rocket::build()` or
//! `rocket::custom(..)` value serves, with the fairings attached to it.
//!
//! Rocket values are followed through method chains, `let` bindings and helper fns (in any
//! crate read) that take or give back a `Rocket<Build>`, a `Vec<Route>` or an `AdHoc` fairing,
//! including `AdHoc::on_ignite` callbacks, which run after every fairing attached before
//! ignition. A route's path is its mount point joined with its attribute's path, as Rocket's
//! `RouteUri` does (empty segments dropped, query left out); its handler is the fn named in
//! `routes![..]`, whose route attribute is read with [`crate::attribute::framework_route`].
//! Fairings are global in Rocket: every fairing of a rocket is a
//! [`LayerKind::Fairing`] layer of each of its routes, in attach order, starting with the
//! `Shield` that `rocket::build()` attaches unless another `Shield` replaces it. Request guards
//! are handler parameters, read with the signatures, not here.
//!
//! What the reader cannot follow is an [`Unknown`]: a route list built by a macro or outside
//! the crates read, a mount point computed at run time, routes chosen by a run-time condition,
//! a rocket handed to code that is not followed, a `routes!` list or a rocket that no server
//! the reader follows uses.

use std::collections::{BTreeMap, BTreeSet};

use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Token};
use threatmodel_core::facts::{
    CrateFacts, Framework, Handler, Layer, LayerKind, Route, SourceLocation, Unknown,
};

use crate::attribute::framework_route;
use crate::source::{Crate, Module, Workspace, location};

/// The route tables of the Rocket 0.5 servers of a workspace, by the crate they belong to.
///
/// A server belongs to the crate of the fn where its rocket ends up launched (or ignited,
/// returned by a `#[launch]` fn, or handed to code the reader does not follow): a rocket built
/// by a library fn that a binary's `main` launches is a route table of the binary.
pub(crate) struct Tables {
    /// Routes and unknowns of the servers of each crate, by crate name.
    crates: BTreeMap<String, (Vec<Route>, Vec<Unknown>)>,
}

/// Reads the Rocket servers of every crate of `workspace`, following each server from its
/// root once.
pub(crate) fn read(workspace: &Workspace) -> Tables {
    let index = Index::of(workspace);
    let mut reader = Reader {
        ws: workspace,
        index: &index,
        collect: None,
        stack: Vec::new(),
        crates: BTreeMap::new(),
        built: BTreeSet::new(),
        listed: BTreeSet::new(),
    };
    for root in index.roots() {
        reader.collect = Some(crate_of(root.module).to_owned());
        reader.run_root(root);
    }
    let mut crates = reader.crates;
    // What nobody follows is still seen: say so where it is.
    for item in index.fns.values().flatten() {
        let scan = &index.scans[&item.key()];
        let (_, unknowns) = crates.entry(crate_of(item.module).to_owned()).or_default();
        for at in &scan.builds {
            if !reader.built.contains(at) {
                unknowns.push(Unknown {
                    what:
                        "a rocket built here is not followed to a server: its routes are not read"
                            .to_owned(),
                    location: at.clone(),
                });
            }
        }
        for at in &scan.lists {
            if !reader.listed.contains(at) {
                unknowns.push(Unknown {
                    what: "this `routes!` list is not mounted on a rocket the reader follows"
                        .to_owned(),
                    location: at.clone(),
                });
            }
        }
    }
    for (_, unknowns) in crates.values_mut() {
        unknowns.sort_by(|a, b| a.location.cmp(&b.location).then(a.what.cmp(&b.what)));
        unknowns.dedup();
    }
    Tables { crates }
}

impl Tables {
    /// Adds the routes served by the Rocket servers of `krate` to `facts`.
    pub(crate) fn add_to(&self, krate: &Crate, facts: &mut CrateFacts) {
        if let Some((routes, unknowns)) = self.crates.get(&krate.name) {
            facts.routes.extend(routes.iter().cloned());
            facts.unknowns.extend(unknowns.iter().cloned());
        }
    }
}

/// Paths of the fns that create a `Rocket<Build>`.
const BUILDERS: &[&str] = &[
    "rocket::build",
    "rocket::custom",
    "rocket::Rocket::build",
    "rocket::Rocket::custom",
];

/// Methods of `Rocket` that take `&self`: calling them does not move the rocket.
const ROCKET_GETTERS: &[&str] = &[
    "figment",
    "config",
    "routes",
    "catchers",
    "state",
    "shutdown",
    "endpoints",
];

/// The type every Rocket server is.
const ROCKET: &str = "rocket::Rocket";

/// The singleton fairing `rocket::build()` attaches, replaced by any `Shield` attached later.
const SHIELD: &str = "rocket::shield::Shield";

/// Types whose values a fn may give back for a route table: a fn returning one is followed.
const ROUTE_TABLE_TYPES: &[&str] = &[
    "rocket::Rocket",
    "rocket::Route",
    "rocket::route::Route",
    "rocket::fairing::AdHoc",
    "rocket::fairing::Fairing",
    "rocket::fs::FileServer",
];

/// The crate name of a module (its path's first segment).
fn crate_of(module: &Module) -> &str {
    module.path.split("::").next().unwrap_or(&module.path)
}

/// A fn or method of a crate read.
#[derive(Clone, Copy)]
struct FnItem<'w> {
    module: &'w Module,
    attrs: &'w [syn::Attribute],
    sig: &'w syn::Signature,
    block: &'w syn::Block,
}

impl FnItem<'_> {
    /// Identifies the fn among cfg variants of the same path.
    fn key(&self) -> (String, usize, usize) {
        let start = self.sig.ident.span().start();
        (self.module.file.clone(), start.line, start.column)
    }
}

/// What a fn's body holds that matters for finding servers.
#[derive(Default)]
struct Scan {
    /// Calls of [`BUILDERS`].
    builds: Vec<SourceLocation>,
    /// `routes!` invocations.
    lists: Vec<SourceLocation>,
    /// Resolved paths of the fns it calls.
    calls: BTreeSet<String>,
}

/// The fns, methods and constants of every crate read.
struct Index<'w> {
    ws: &'w Workspace,
    /// Free fns and inherent methods by absolute path (several under exclusive `cfg`s).
    fns: BTreeMap<String, Vec<FnItem<'w>>>,
    /// Methods of traits implemented for `Rocket`, by method name.
    rocket_methods: BTreeMap<String, Vec<FnItem<'w>>>,
    /// `const` and `static` values by absolute path.
    consts: BTreeMap<String, (&'w Module, &'w Expr)>,
    /// The scan of each fn, by [`FnItem::key`].
    scans: BTreeMap<(String, usize, usize), Scan>,
    /// `macro_rules!` names of each crate, by crate name.
    macros: BTreeSet<(String, String)>,
}

impl<'w> Index<'w> {
    fn of(ws: &'w Workspace) -> Index<'w> {
        let mut index = Index {
            ws,
            fns: BTreeMap::new(),
            rocket_methods: BTreeMap::new(),
            consts: BTreeMap::new(),
            scans: BTreeMap::new(),
            macros: BTreeSet::new(),
        };
        for krate in &ws.crates {
            for module in &krate.modules {
                for item in &module.items {
                    index.add_item(&krate.cfg, module, item);
                }
            }
        }
        let items: Vec<FnItem<'w>> = index
            .fns
            .values()
            .chain(index.rocket_methods.values())
            .flatten()
            .copied()
            .collect();
        for item in items {
            let cfg = ws
                .crates
                .iter()
                .find(|c| c.name == crate_of(item.module))
                .map(|c| c.cfg.clone())
                .unwrap_or_default();
            let mut scan = Scanner {
                ws,
                cfg: &cfg,
                module: item.module,
                scan: Scan::default(),
            };
            scan.visit_block(item.block);
            index.scans.insert(item.key(), scan.scan);
        }
        index
    }

    fn add_item(&mut self, cfg: &crate::cfg::Cfg, module: &'w Module, item: &'w syn::Item) {
        match item {
            syn::Item::Fn(f) if cfg.holds_for(&f.attrs) != Some(false) => {
                self.fns
                    .entry(format!("{}::{}", module.path, f.sig.ident))
                    .or_default()
                    .push(FnItem {
                        module,
                        attrs: &f.attrs,
                        sig: &f.sig,
                        block: &f.block,
                    });
            }
            syn::Item::Impl(imp) if cfg.holds_for(&imp.attrs) != Some(false) => {
                let syn::Type::Path(self_ty) = &*imp.self_ty else {
                    return;
                };
                let Some(last) = self_ty.path.segments.last() else {
                    return;
                };
                let on_rocket = imp.trait_.is_some()
                    && self.ws.resolve_path(module, &self_ty.path).as_deref() == Some(ROCKET);
                for impl_item in &imp.items {
                    let syn::ImplItem::Fn(f) = impl_item else {
                        continue;
                    };
                    if cfg.holds_for(&f.attrs) == Some(false) {
                        continue;
                    }
                    let item = FnItem {
                        module,
                        attrs: &f.attrs,
                        sig: &f.sig,
                        block: &f.block,
                    };
                    if on_rocket {
                        self.rocket_methods
                            .entry(f.sig.ident.to_string())
                            .or_default()
                            .push(item);
                    } else if imp.trait_.is_none() {
                        self.fns
                            .entry(format!("{}::{}::{}", module.path, last.ident, f.sig.ident))
                            .or_default()
                            .push(item);
                    }
                }
            }
            syn::Item::Const(c) if cfg.holds_for(&c.attrs) != Some(false) => {
                self.consts
                    .insert(format!("{}::{}", module.path, c.ident), (module, &c.expr));
            }
            syn::Item::Static(s) if cfg.holds_for(&s.attrs) != Some(false) => {
                self.consts
                    .insert(format!("{}::{}", module.path, s.ident), (module, &s.expr));
            }
            syn::Item::Macro(m) => {
                if let Some(name) = &m.ident {
                    self.macros
                        .insert((crate_of(module).to_owned(), name.to_string()));
                }
            }
            _ => {}
        }
    }

    /// Whether `name!` in `module` may be a `macro_rules!` of its crate.
    fn is_own_macro(&self, module: &Module, name: &str) -> bool {
        self.macros
            .contains(&(crate_of(module).to_owned(), name.to_owned()))
    }

    /// The variant of the fn at `path` that the build compiles: the first whose `cfg` holds,
    /// else the first whose `cfg` is unknown.
    fn function(&self, path: &str) -> Option<FnItem<'w>> {
        let variants = self.fns.get(path)?;
        variants
            .iter()
            .find(|f| self.holds(f.module, f.attrs) == Some(true))
            .or_else(|| variants.first())
            .copied()
    }

    /// Whether the `cfg` attributes among `attrs`, in `module`, hold for its crate's build.
    fn holds(&self, module: &Module, attrs: &[syn::Attribute]) -> Option<bool> {
        let name = crate_of(module);
        match self.ws.crates.iter().find(|c| c.name == name) {
            Some(krate) => krate.cfg.holds_for(attrs),
            None => crate::cfg::Cfg::default().holds_for(attrs),
        }
    }

    /// Absolute paths of the types named in a fn's return type (`_` for an inferred one).
    fn return_types(&self, item: &FnItem<'_>) -> Vec<String> {
        let syn::ReturnType::Type(_, ty) = &item.sig.output else {
            return Vec::new();
        };
        let mut types = TypePaths {
            ws: self.ws,
            module: item.module,
            paths: Vec::new(),
        };
        types.visit_type(ty);
        if matches!(**ty, syn::Type::Infer(_)) {
            types.paths.push("_".to_owned());
        }
        types.paths
    }

    /// Whether a fn gives back a rocket: its return type names `Rocket`, or it is a
    /// `#[launch]` fn.
    fn produces_rocket(&self, item: &FnItem<'_>) -> bool {
        let types = self.return_types(item);
        types.iter().any(|t| t == ROCKET)
            || (types.iter().any(|t| t == "_") && item.attrs.iter().any(is_launch))
    }

    /// Whether a call of the fn is followed into its body: it gives back a route-table type.
    fn gives_route_table(&self, item: &FnItem<'_>) -> bool {
        self.return_types(item)
            .iter()
            .any(|t| t == "_" || ROUTE_TABLE_TYPES.contains(&t.as_str()))
    }

    /// The fns where a server's rocket comes into being and ends: those that build a rocket
    /// or call a fn giving one back, except such fns that are themselves called elsewhere (the
    /// caller carries the rocket on). In path order.
    fn roots(&self) -> Vec<FnItem<'w>> {
        let producers: BTreeSet<&str> = self
            .fns
            .iter()
            .filter(|(_, variants)| variants.iter().any(|f| self.produces_rocket(f)))
            .map(|(path, _)| path.as_str())
            .collect();
        let mut roots = Vec::new();
        for (path, variants) in &self.fns {
            for item in variants {
                let scan = &self.scans[&item.key()];
                let makes_rocket = !scan.builds.is_empty()
                    || scan.calls.iter().any(|c| producers.contains(c.as_str()));
                if !makes_rocket {
                    continue;
                }
                let called_elsewhere = producers.contains(path.as_str())
                    && self.fns.iter().any(|(other, others)| {
                        other != path
                            && others
                                .iter()
                                .any(|o| self.scans[&o.key()].calls.contains(path))
                    });
                if !called_elsewhere {
                    roots.push(*item);
                }
            }
        }
        roots
    }
}

/// Whether an attribute is Rocket's `#[launch]`.
fn is_launch(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "launch")
}

/// Collects [`Scan`]s.
struct Scanner<'a> {
    ws: &'a Workspace,
    /// The build's configuration: statements it switches off are not scanned.
    cfg: &'a crate::cfg::Cfg,
    module: &'a Module,
    scan: Scan,
}

impl<'ast> Visit<'ast> for Scanner<'_> {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let Expr::Path(p) = &*call.func
            && let Some(path) = self.ws.resolve_path(self.module, &p.path)
        {
            if BUILDERS.contains(&path.as_str()) {
                self.scan.builds.push(location(&self.module.file, p.span()));
            }
            self.scan.calls.insert(path);
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if is_routes_macro(mac) {
            self.scan
                .lists
                .push(location(&self.module.file, mac.path.span()));
        }
    }

    fn visit_item(&mut self, _item: &'ast syn::Item) {
        // Items nested in a body are not part of it.
    }

    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        if self.cfg.holds_for(stmt_attrs(stmt)) != Some(false) {
            syn::visit::visit_stmt(self, stmt);
        }
    }
}

/// Whether a macro is Rocket's `routes!`.
fn is_routes_macro(mac: &syn::Macro) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "routes")
}

/// Collects the absolute paths of the types named in a type.
struct TypePaths<'a> {
    ws: &'a Workspace,
    module: &'a Module,
    paths: Vec<String>,
}

impl<'ast> Visit<'ast> for TypePaths<'_> {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if let Some(p) = self.ws.resolve_path(self.module, path) {
            self.paths.push(p);
        }
        syn::visit::visit_path(self, path);
    }
}

/// A route in a route list, before it is mounted.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    method: String,
    /// The path as written (Rocket syntax).
    path: String,
    handler: Handler,
    location: SourceLocation,
}

/// A route mounted on a rocket.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mounted {
    method: String,
    /// The full path, normalised.
    path: String,
    handler: Handler,
    location: SourceLocation,
}

/// A `Rocket<Build>` as far as it has been built.
#[derive(Clone, Default)]
struct RocketValue<'w> {
    mounts: Vec<Mounted>,
    fairings: Vec<Layer>,
    /// `on_ignite` callbacks of attached fairings, in attach order.
    ignite: Vec<Callback<'w>>,
}

/// An `on_ignite` callback: a closure or a fn, with the module it is written in.
#[derive(Clone, Copy)]
enum Callback<'w> {
    Closure(&'w Module, &'w syn::ExprClosure),
    Fn(&'w Module, &'w syn::Path),
}

/// A part of a string value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum StrPart {
    Literal(String),
    /// A part computed at run time, as written.
    Dynamic(String),
}

/// What the reader knows of a value.
#[derive(Clone, Default)]
enum Value<'w> {
    Rocket(Box<RocketValue<'w>>),
    Routes(Vec<Entry>),
    Str(Vec<StrPart>),
    /// A fairing with `on_ignite` callbacks.
    Fairing(Vec<Callback<'w>>),
    Array(Vec<Value<'w>>),
    /// Nothing the route table depends on, or not understood.
    #[default]
    Opaque,
}

/// The variables of the fn being read.
struct Frame<'w> {
    module: &'w Module,
    vars: Vec<(String, Value<'w>)>,
    /// Values of `return` expressions.
    returns: Vec<(Value<'w>, SourceLocation)>,
}

impl<'w> Frame<'w> {
    fn new(module: &'w Module) -> Frame<'w> {
        Frame {
            module,
            vars: Vec::new(),
            returns: Vec::new(),
        }
    }

    fn lookup(&mut self, name: &str) -> Option<&mut Value<'w>> {
        self.vars
            .iter_mut()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// Follows rocket values from each root and records what they serve.
struct Reader<'w, 'i> {
    ws: &'w Workspace,
    index: &'i Index<'w>,
    /// The crate whose server is followed (the root's), which routes and unknowns go to.
    collect: Option<String>,
    /// Fns being followed, against recursion.
    stack: Vec<String>,
    /// Routes and unknowns by crate name.
    crates: BTreeMap<String, (Vec<Route>, Vec<Unknown>)>,
    /// Builder calls and `routes!` lists followed from some root.
    built: BTreeSet<SourceLocation>,
    listed: BTreeSet<SourceLocation>,
}

/// What is said where a run-time condition chooses between route sets.
const RUN_TIME_CHOICE: &str = "routes or fairings depend on a condition decided at run time; those of every branch are listed";

/// How deep helper fns are followed.
const MAX_DEPTH: usize = 24;

impl<'w> Reader<'w, '_> {
    fn unknown(&mut self, what: String, location: SourceLocation) {
        if let Some(krate) = &self.collect {
            let (_, unknowns) = self.crates.entry(krate.clone()).or_default();
            unknowns.push(Unknown { what, location });
        }
    }

    fn at(frame: &Frame<'_>, span: proc_macro2::Span) -> SourceLocation {
        location(&frame.module.file, span)
    }

    fn run_root(&mut self, root: FnItem<'w>) {
        let mut frame = Frame::new(root.module);
        for input in &root.sig.inputs {
            if let syn::FnArg::Typed(arg) = input {
                bind(&mut frame, &arg.pat, Value::Opaque);
            }
        }
        let value = self.eval_block(&mut frame, root.block);
        let returns = std::mem::take(&mut frame.returns);
        self.drop_frame(frame);
        for value in std::iter::once(value).chain(returns.into_iter().map(|(v, _)| v)) {
            self.finish_value(value);
        }
    }

    /// Serves the rockets left in a fn's parameters when it ends.
    fn drop_frame(&mut self, frame: Frame<'w>) {
        for (_, value) in frame.vars {
            self.finish_value(value);
        }
    }

    /// Serves every rocket in `value`: it is not built on any further.
    fn finish_value(&mut self, value: Value<'w>) {
        match value {
            Value::Rocket(rocket) => self.serve(*rocket),
            Value::Array(values) => values.into_iter().for_each(|v| self.finish_value(v)),
            _ => {}
        }
    }

    /// Runs the `on_ignite` callbacks of `rocket` (those attached by a callback run last) and
    /// records its routes.
    fn serve(&mut self, mut rocket: RocketValue<'w>) {
        let mut runs = 0;
        while !rocket.ignite.is_empty() && runs < 64 {
            runs += 1;
            let callback = rocket.ignite.remove(0);
            let pending = std::mem::take(&mut rocket.ignite);
            let value = Value::Rocket(Box::new(rocket.clone()));
            let (result, at) = match callback {
                Callback::Closure(module, closure) => {
                    let mut frame = Frame::new(module);
                    if let Some(first) = closure.inputs.first() {
                        bind(&mut frame, first, value);
                    }
                    let result = self.eval(&mut frame, &closure.body);
                    let returns = std::mem::take(&mut frame.returns);
                    self.drop_frame(frame);
                    (
                        self.join_returns(result, returns),
                        location(&module.file, closure.span()),
                    )
                }
                Callback::Fn(module, path) => {
                    let at = location(&module.file, path.span());
                    match self
                        .ws
                        .resolve_path(module, path)
                        .and_then(|p| self.index.function(&p).map(|f| (p, f)))
                    {
                        Some((resolved, item)) => {
                            (self.call(&resolved, item, vec![value], None), at)
                        }
                        None => (Value::Opaque, at),
                    }
                }
            };
            match result {
                Value::Rocket(next) => {
                    rocket = *next;
                    let added = std::mem::replace(&mut rocket.ignite, pending);
                    rocket.ignite.extend(added);
                }
                _ => {
                    self.unknown(
                        "this `on_ignite` callback does not give back a rocket the reader follows"
                            .to_owned(),
                        at,
                    );
                    rocket.ignite = pending;
                }
            }
        }
        let Some(krate) = &self.collect else {
            return;
        };
        let (routes, _) = self.crates.entry(krate.clone()).or_default();
        for mounted in rocket.mounts {
            let route = Route {
                framework: Framework::Rocket,
                method: mounted.method,
                path: mounted.path,
                handler: mounted.handler,
                layers: rocket.fairings.clone(),
                location: mounted.location,
            };
            if !routes.contains(&route) {
                routes.push(route);
            }
        }
    }

    fn eval_block(&mut self, frame: &mut Frame<'w>, block: &'w syn::Block) -> Value<'w> {
        let scope = frame.vars.len();
        let mut value = Value::Opaque;
        for (i, stmt) in block.stmts.iter().enumerate() {
            let last = i + 1 == block.stmts.len();
            let attrs = stmt_attrs(stmt);
            match self.index.holds(frame.module, attrs) {
                Some(false) => continue,
                Some(true) => {}
                None => self.unknown(
                    "statement behind a `cfg` the reader cannot evaluate; read as if enabled"
                        .to_owned(),
                    Self::at(frame, stmt.span()),
                ),
            }
            match stmt {
                syn::Stmt::Local(local) => {
                    let v = match &local.init {
                        Some(init) => {
                            let v = self.eval(frame, &init.expr);
                            if let Some((_, diverge)) = &init.diverge {
                                let other = self.eval(frame, diverge);
                                self.finish_value(other);
                            }
                            v
                        }
                        None => Value::Opaque,
                    };
                    bind(frame, &local.pat, v);
                }
                syn::Stmt::Expr(expr, semi) => {
                    let v = self.eval(frame, expr);
                    if last && semi.is_none() {
                        value = v;
                    } else {
                        self.finish_value(v);
                    }
                }
                syn::Stmt::Macro(stmt) => {
                    let v = self.eval_macro(frame, &stmt.mac);
                    if last && stmt.semi_token.is_none() {
                        value = v;
                    } else {
                        self.finish_value(v);
                    }
                }
                syn::Stmt::Item(_) => {}
            }
        }
        let dropped: Vec<Value<'w>> = frame.vars.drain(scope..).map(|(_, v)| v).collect();
        for v in dropped {
            self.finish_value(v);
        }
        value
    }

    fn eval(&mut self, frame: &mut Frame<'w>, expr: &'w Expr) -> Value<'w> {
        match expr {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Value::Str(vec![StrPart::Literal(s.value())]),
            Expr::Path(p) => self.eval_path(frame, &p.path),
            Expr::Call(call) => self.eval_call(frame, call),
            Expr::MethodCall(call) => self.eval_method_call(frame, call),
            Expr::Macro(m) => self.eval_macro(frame, &m.mac),
            Expr::Reference(r) => {
                // A borrowed rocket stays where it is: nothing can mount through `&Rocket`.
                if let Some(name) = simple_name(&r.expr)
                    && matches!(frame.lookup(&name), Some(Value::Rocket(_)))
                {
                    return Value::Opaque;
                }
                self.eval(frame, &r.expr)
            }
            Expr::Paren(p) => self.eval(frame, &p.expr),
            Expr::Group(g) => self.eval(frame, &g.expr),
            Expr::Await(a) => self.eval(frame, &a.base),
            Expr::Try(t) => self.eval(frame, &t.expr),
            Expr::Block(b) => self.eval_block(frame, &b.block),
            Expr::Async(a) => self.eval_block(frame, &a.block),
            Expr::Unsafe(u) => self.eval_block(frame, &u.block),
            Expr::Array(a) => Value::Array(
                a.elems
                    .iter()
                    .map(|e| match self.eval(frame, e) {
                        // Unknown at read time: a part of a string joined at run time.
                        Value::Opaque => Value::Str(vec![StrPart::Dynamic(text_of(e))]),
                        v => v,
                    })
                    .collect(),
            ),
            Expr::Assign(assign) => {
                let v = self.eval(frame, &assign.right);
                if let Some(name) = simple_name(&assign.left) {
                    if let Some(slot) = frame.lookup(&name) {
                        let old = std::mem::replace(slot, v);
                        self.finish_value(old);
                    } else {
                        self.finish_value(v);
                    }
                } else {
                    self.finish_value(v);
                }
                Value::Opaque
            }
            Expr::Return(r) => {
                if let Some(e) = &r.expr {
                    let v = self.eval(frame, e);
                    frame
                        .returns
                        .push((v, Self::at(frame, r.return_token.span)));
                }
                Value::Opaque
            }
            Expr::If(if_) => self.eval_if(frame, if_),
            Expr::Match(m) => {
                let _ = self.eval(frame, &m.expr);
                let arms: Vec<&'w Expr> = m.arms.iter().map(|a| &*a.body).collect();
                self.eval_branches(frame, &arms, m.match_token.span)
            }
            Expr::ForLoop(l) => {
                let _ = self.eval(frame, &l.expr);
                self.eval_loop(frame, &l.body, l.for_token.span)
            }
            Expr::While(l) => self.eval_loop(frame, &l.body, l.while_token.span),
            Expr::Loop(l) => self.eval_loop(frame, &l.body, l.loop_token.span),
            Expr::Let(l) => self.eval(frame, &l.expr),
            Expr::Cast(c) => self.eval(frame, &c.expr),
            _ => Value::Opaque,
        }
    }

    fn eval_path(&mut self, frame: &mut Frame<'w>, path: &'w syn::Path) -> Value<'w> {
        if let Some(name) = path.get_ident().map(ToString::to_string)
            && let Some(slot) = frame.lookup(&name)
        {
            // A rocket is moved out of its variable; other values are cheap to copy.
            return match slot {
                Value::Rocket(_) => std::mem::take(slot),
                other => other.clone(),
            };
        }
        match self.ws.resolve_path(frame.module, path) {
            Some(resolved) => self.const_value(&resolved),
            None => Value::Opaque,
        }
    }

    fn eval_if(&mut self, frame: &mut Frame<'w>, if_: &'w syn::ExprIf) -> Value<'w> {
        let _ = self.eval(frame, &if_.cond);
        let before = frame.vars.clone();
        let then = self.eval_block(frame, &if_.then_branch);
        let (other, after_else) = match &if_.else_branch {
            Some((_, e)) => {
                let after_then = std::mem::replace(&mut frame.vars, before);
                let other = self.eval(frame, e);
                (other, after_then)
            }
            None => (Value::Opaque, before),
        };
        let (vars, vars_differ) = join_vars(std::mem::take(&mut frame.vars), after_else);
        frame.vars = vars;
        let (value, value_differs) = join(then, other);
        if vars_differ || value_differs {
            self.unknown(
                RUN_TIME_CHOICE.to_owned(),
                Self::at(frame, if_.if_token.span),
            );
        }
        value
    }

    fn eval_branches(
        &mut self,
        frame: &mut Frame<'w>,
        branches: &[&'w Expr],
        span: proc_macro2::Span,
    ) -> Value<'w> {
        let before = frame.vars.clone();
        let mut value: Option<Value<'w>> = None;
        let mut vars: Option<Vec<(String, Value<'w>)>> = None;
        let mut differ = false;
        for branch in branches {
            frame.vars = before.clone();
            let v = self.eval(frame, branch);
            let after = std::mem::take(&mut frame.vars);
            value = Some(match value {
                None => v,
                Some(prev) => {
                    let (joined, d) = join(prev, v);
                    differ |= d;
                    joined
                }
            });
            vars = Some(match vars {
                None => after,
                Some(prev) => {
                    let (joined, d) = join_vars(prev, after);
                    differ |= d;
                    joined
                }
            });
        }
        frame.vars = vars.unwrap_or(before);
        if differ {
            self.unknown(RUN_TIME_CHOICE.to_owned(), Self::at(frame, span));
        }
        value.unwrap_or_default()
    }

    fn eval_loop(
        &mut self,
        frame: &mut Frame<'w>,
        body: &'w syn::Block,
        span: proc_macro2::Span,
    ) -> Value<'w> {
        let before = frame.vars.clone();
        let value = self.eval_block(frame, body);
        let after = std::mem::take(&mut frame.vars);
        let (vars, differ) = join_vars(before, after);
        frame.vars = vars;
        if differ {
            self.unknown(
                "routes or fairings are added in a loop; each is listed once".to_owned(),
                Self::at(frame, span),
            );
        }
        value
    }

    fn eval_call(&mut self, frame: &mut Frame<'w>, call: &'w syn::ExprCall) -> Value<'w> {
        let Expr::Path(func) = &*call.func else {
            let _ = self.eval(frame, &call.func);
            let args = self.eval_args(frame, &call.args);
            return self.escape(frame, args, &call.func);
        };
        let is_var = func
            .path
            .get_ident()
            .is_some_and(|i| frame.lookup(&i.to_string()).is_some());
        let resolved = if is_var {
            None
        } else {
            self.ws.resolve_path(frame.module, &func.path)
        };
        let Some(resolved) = resolved else {
            let args = self.eval_args(frame, &call.args);
            return self.escape(frame, args, &call.func);
        };
        let at = Self::at(frame, func.span());
        let resolved_str = resolved.as_str();
        if BUILDERS.contains(&resolved_str) {
            let _ = self.eval_args(frame, &call.args);
            self.built.insert(at.clone());
            return Value::Rocket(Box::new(RocketValue {
                fairings: vec![Layer {
                    kind: LayerKind::Fairing,
                    names: vec![SHIELD.to_owned()],
                    text: format!("Shield::default() (attached by `{}`)", text_of(call)),
                    location: at,
                }],
                ..RocketValue::default()
            }));
        }
        match resolved_str {
            "Ok"
            | "Err"
            | "Some"
            | "Box::pin"
            | "Box::new"
            | "std::boxed::Box::pin"
            | "std::boxed::Box::new"
            | "String::from"
            | "std::string::String::from"
            | "Vec::from"
            | "std::vec::Vec::from" => {
                let mut args = self.eval_args(frame, &call.args);
                return if args.len() == 1 {
                    args.remove(0)
                } else {
                    Value::Opaque
                };
            }
            "Vec::new" | "std::vec::Vec::new" | "Vec::with_capacity" => {
                return Value::Routes(Vec::new());
            }
            "rocket::fairing::AdHoc::on_ignite" | "rocket::fairing::AdHoc::try_on_ignite" => {
                let callback = match call.args.iter().nth(1) {
                    Some(Expr::Closure(c)) => Some(Callback::Closure(frame.module, c)),
                    Some(Expr::Path(p)) => Some(Callback::Fn(frame.module, &p.path)),
                    _ => None,
                };
                return match callback {
                    Some(c) => Value::Fairing(vec![c]),
                    None => {
                        self.unknown(
                            "the `on_ignite` callback of this fairing is not followed".to_owned(),
                            at,
                        );
                        Value::Opaque
                    }
                };
            }
            "rocket::fs::FileServer::from" | "rocket::fs::FileServer::new" => {
                let _ = self.eval_args(frame, &call.args);
                self.listed.insert(at.clone());
                return Value::Routes(vec![Entry {
                    method: "GET".to_owned(),
                    path: "/<path..>".to_owned(),
                    handler: Handler::Service {
                        name: "rocket::fs::FileServer".to_owned(),
                    },
                    location: at,
                }]);
            }
            "rocket::Route::new"
            | "rocket::route::Route::new"
            | "rocket::Route::ranked"
            | "rocket::route::Route::ranked" => {
                return self.manual_route(frame, call, resolved_str.ends_with("ranked"), at);
            }
            _ => {}
        }
        let args = self.eval_args(frame, &call.args);
        if let Some(item) = self.index.function(&resolved) {
            let carries = args.iter().any(carries_route_table);
            if carries || self.index.gives_route_table(&item) {
                return self.call(&resolved, item, args, Some(at));
            }
            // Not a fn of the route table: nothing it is given comes back.
            return self.escape(frame, args, &call.func);
        }
        self.escape(frame, args, &call.func)
    }

    /// `Route::new(Method::Get, "/x", handler)` (or `Route::ranked(rank, ..)`).
    fn manual_route(
        &mut self,
        frame: &mut Frame<'w>,
        call: &syn::ExprCall,
        ranked: bool,
        at: SourceLocation,
    ) -> Value<'w> {
        let args: Vec<&Expr> = call.args.iter().skip(usize::from(ranked)).collect();
        let method = match args.first() {
            Some(Expr::Path(p)) => p
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string().to_ascii_uppercase()),
            _ => None,
        };
        let path = match args.get(1) {
            Some(&e) => match self.eval_owned(frame, e) {
                Value::Str(parts) => literal(&parts),
                _ => None,
            },
            None => None,
        };
        let handler = args.get(2).map(|&e| self.handler_name(frame, e));
        self.listed.insert(at.clone());
        match (method, path, handler) {
            (Some(method), Some(path), Some(name)) => Value::Routes(vec![Entry {
                method,
                path,
                handler: if self.index.function(&name).is_some() {
                    Handler::Fn { path: name }
                } else {
                    Handler::Service { name }
                },
                location: at,
            }]),
            _ => {
                self.unknown(format!("route `{}` is not understood", text_of(call)), at);
                Value::Routes(Vec::new())
            }
        }
    }

    /// The resolved path of a handler expression (a path, a call, a struct literal), or its
    /// text.
    fn handler_name(&self, frame: &Frame<'w>, expr: &Expr) -> String {
        let path = match expr {
            Expr::Path(p) => Some(&p.path),
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) => Some(&p.path),
                _ => None,
            },
            Expr::Struct(s) => Some(&s.path),
            _ => None,
        };
        path.and_then(|p| self.ws.resolve_path(frame.module, p))
            .unwrap_or_else(|| text_of(expr))
    }

    fn eval_args(
        &mut self,
        frame: &mut Frame<'w>,
        args: &'w Punctuated<Expr, Token![,]>,
    ) -> Vec<Value<'w>> {
        args.iter().map(|a| self.eval(frame, a)).collect()
    }

    /// Values given to code the reader does not follow: their rockets are served as they are.
    fn escape(&mut self, frame: &Frame<'w>, args: Vec<Value<'w>>, callee: &Expr) -> Value<'w> {
        for arg in args {
            if matches!(arg, Value::Rocket(_)) {
                self.unknown(
                    format!(
                        "a rocket is handed to `{}`, which the reader does not follow; its routes are read as they are here",
                        text_of(callee)
                    ),
                    Self::at(frame, callee.span()),
                );
            }
            self.finish_value(arg);
        }
        Value::Opaque
    }

    /// Follows a call of the fn `item` at `path` with `args`.
    fn call(
        &mut self,
        path: &str,
        item: FnItem<'w>,
        args: Vec<Value<'w>>,
        at: Option<SourceLocation>,
    ) -> Value<'w> {
        if self.stack.iter().any(|p| p == path) || self.stack.len() >= MAX_DEPTH {
            if let Some(at) = at {
                self.unknown(
                    format!("`{path}` is not followed: it calls itself or is nested too deep"),
                    at,
                );
            }
            for arg in args {
                self.finish_value(arg);
            }
            return Value::Opaque;
        }
        self.stack.push(path.to_owned());
        let mut frame = Frame::new(item.module);
        let mut args = args.into_iter();
        for input in &item.sig.inputs {
            let value = args.next().unwrap_or_default();
            match input {
                syn::FnArg::Receiver(_) => frame.vars.push(("self".to_owned(), value)),
                syn::FnArg::Typed(arg) => bind(&mut frame, &arg.pat, value),
            }
        }
        for extra in args {
            self.finish_value(extra);
        }
        let value = self.eval_block(&mut frame, item.block);
        let returns = std::mem::take(&mut frame.returns);
        self.drop_frame(frame);
        self.stack.pop();
        self.join_returns(value, returns)
    }

    /// The value a fn gives back: its tail joined with its `return`s.
    fn join_returns(
        &mut self,
        tail: Value<'w>,
        returns: Vec<(Value<'w>, SourceLocation)>,
    ) -> Value<'w> {
        let mut value = tail;
        for (returned, at) in returns {
            let (joined, differ) = join(value, returned);
            if differ {
                self.unknown(RUN_TIME_CHOICE.to_owned(), at);
            }
            value = joined;
        }
        value
    }

    fn eval_method_call(
        &mut self,
        frame: &mut Frame<'w>,
        call: &'w syn::ExprMethodCall,
    ) -> Value<'w> {
        let method = call.method.to_string();
        let at = Self::at(frame, call.method.span());
        // Route lists grown in place: `routes.append(&mut other)`, `routes.extend(..)`.
        if matches!(
            method.as_str(),
            "append" | "extend" | "extend_from_slice" | "push"
        ) && let Some(name) = simple_name(&call.receiver)
            && matches!(frame.lookup(&name), Some(Value::Routes(_)))
        {
            let added = self.eval_args(frame, &call.args);
            let mut grown = Vec::new();
            let mut understood = true;
            for v in added {
                match v {
                    Value::Routes(entries) => grown.extend(entries),
                    _ => understood = false,
                }
            }
            if !understood {
                self.unknown(
                    format!("routes added by `{}` are not seen", text_of(call)),
                    at,
                );
            }
            if let Some(Value::Routes(entries)) = frame.lookup(&name) {
                for entry in grown {
                    if !entries.contains(&entry) {
                        entries.push(entry);
                    }
                }
            }
            return Value::Opaque;
        }
        // Getters of a rocket borrow it: it stays in its variable.
        if ROCKET_GETTERS.contains(&method.as_str())
            && let Some(name) = simple_name(&call.receiver)
            && matches!(frame.lookup(&name), Some(Value::Rocket(_)))
        {
            let args = self.eval_args(frame, &call.args);
            return self.escape(frame, args, &call.receiver);
        }
        let receiver = self.eval(frame, &call.receiver);
        match receiver {
            Value::Rocket(rocket) => self.rocket_method(frame, *rocket, call, at),
            Value::Routes(mut entries) => match method.as_str() {
                "chain" | "concat" | "append" | "extend" => {
                    for v in self.eval_args(frame, &call.args) {
                        match v {
                            Value::Routes(more) => entries.extend(more),
                            _ => self.unknown(
                                format!("routes added by `{}` are not seen", text_of(call)),
                                at.clone(),
                            ),
                        }
                    }
                    Value::Routes(entries)
                }
                "clone" | "into" | "to_vec" | "to_owned" | "iter" | "into_iter" | "cloned"
                | "collect" | "rank" | "as_slice" | "drain" => Value::Routes(entries),
                _ => {
                    self.unknown(
                        format!(
                            "`.{method}(..)` on a route list is not followed; its routes are listed as before"
                        ),
                        at,
                    );
                    Value::Routes(entries)
                }
            },
            Value::Str(mut parts) => match method.as_str() {
                "to_owned" | "to_string" | "as_str" | "clone" | "into" | "as_ref" => {
                    Value::Str(parts)
                }
                "push_str" => {
                    for v in self.eval_args(frame, &call.args) {
                        match v {
                            Value::Str(more) => parts.extend(more),
                            _ => parts.push(StrPart::Dynamic(text_of(call))),
                        }
                    }
                    Value::Opaque
                }
                _ => Value::Str(vec![StrPart::Dynamic(text_of(call))]),
            },
            Value::Array(values) => match method.as_str() {
                "concat" | "join" => concat_values(values, call),
                "into_iter" | "iter" | "clone" | "into" | "to_vec" => Value::Array(values),
                "flatten" | "collect" => concat_values(values, call),
                _ => Value::Opaque,
            },
            Value::Fairing(_) | Value::Opaque => {
                let args = self.eval_args(frame, &call.args);
                self.escape(frame, args, &call.receiver)
            }
        }
    }

    fn rocket_method(
        &mut self,
        frame: &mut Frame<'w>,
        mut rocket: RocketValue<'w>,
        call: &'w syn::ExprMethodCall,
        at: SourceLocation,
    ) -> Value<'w> {
        let method = call.method.to_string();
        match method.as_str() {
            "mount" => {
                let mut args = call.args.iter();
                let (Some(base), Some(list)) = (args.next(), args.next()) else {
                    return Value::Rocket(Box::new(rocket));
                };
                let base_value = self.eval(frame, base);
                let list_value = self.eval(frame, list);
                self.mount(frame, &mut rocket, base, base_value, list, list_value, at);
                Value::Rocket(Box::new(rocket))
            }
            "attach" => {
                let Some(arg) = call.args.first() else {
                    return Value::Rocket(Box::new(rocket));
                };
                let names = self.layer_names(frame, arg);
                let layer = Layer {
                    kind: LayerKind::Fairing,
                    names,
                    text: collapse(&text_of(arg)),
                    location: at,
                };
                if layer.names.iter().any(|n| n == SHIELD) {
                    rocket
                        .fairings
                        .retain(|l| !l.names.iter().any(|n| n == SHIELD));
                }
                rocket.fairings.push(layer);
                if let Value::Fairing(callbacks) = self.eval(frame, arg) {
                    rocket.ignite.extend(callbacks);
                }
                Value::Rocket(Box::new(rocket))
            }
            "manage" | "register" | "configure" | "reconfigure" => {
                let args = self.eval_args(frame, &call.args);
                for arg in args {
                    self.finish_value(arg);
                }
                Value::Rocket(Box::new(rocket))
            }
            "ignite" | "launch" => {
                self.serve(rocket);
                Value::Opaque
            }
            _ => {
                let found = self
                    .index
                    .rocket_methods
                    .get(&method)
                    .and_then(|v| v.first());
                if let Some(item) = found.copied() {
                    let mut args = vec![Value::Rocket(Box::new(rocket))];
                    args.extend(self.eval_args(frame, &call.args));
                    let path = format!("{}::{method}", item.module.path);
                    return self.call(&path, item, args, Some(at));
                }
                self.unknown(
                    format!(
                        "`.{method}(..)` on a rocket is not followed; its routes are read as they are here"
                    ),
                    at,
                );
                self.serve(rocket);
                Value::Opaque
            }
        }
    }

    #[allow(clippy::too_many_arguments)] // The expressions are kept for their text and spans.
    fn mount(
        &mut self,
        frame: &Frame<'w>,
        rocket: &mut RocketValue<'w>,
        base: &Expr,
        base_value: Value<'w>,
        list: &'w Expr,
        list_value: Value<'w>,
        at: SourceLocation,
    ) {
        let prefix = match &base_value {
            Value::Str(parts) => {
                let known: String = parts
                    .iter()
                    .filter_map(|p| match p {
                        StrPart::Literal(s) => Some(s.as_str()),
                        StrPart::Dynamic(_) => None,
                    })
                    .collect();
                let dynamic: Vec<&str> = parts
                    .iter()
                    .filter_map(|p| match p {
                        StrPart::Dynamic(s) => Some(s.as_str()),
                        StrPart::Literal(_) => None,
                    })
                    .collect();
                if !dynamic.is_empty() {
                    self.unknown(
                        format!(
                            "mount point `{}` is computed at run time: `{}` is left out of its routes' paths",
                            collapse(&text_of(base)),
                            dynamic.join("`, `")
                        ),
                        at.clone(),
                    );
                }
                known
            }
            _ => {
                self.unknown(
                    format!(
                        "mount point `{}` is not a string the reader can read: it is left out of its routes' paths",
                        collapse(&text_of(base))
                    ),
                    at.clone(),
                );
                String::new()
            }
        };
        let entries = match list_value {
            Value::Routes(entries) => entries,
            Value::Array(values) => {
                let mut entries = Vec::new();
                for v in values {
                    if let Value::Routes(more) = v {
                        entries.extend(more);
                    }
                }
                entries
            }
            _ => {
                let why = self.list_source(frame, list);
                self.unknown(
                    format!("routes mounted at `{prefix}` from {why} are not seen"),
                    at,
                );
                return;
            }
        };
        for entry in entries {
            let mounted = Mounted {
                method: entry.method,
                path: join_path(&prefix, &entry.path),
                handler: entry.handler,
                location: entry.location,
            };
            if !rocket.mounts.contains(&mounted) {
                rocket.mounts.push(mounted);
            }
        }
    }

    /// Says where a route list the reader cannot see comes from.
    fn list_source(&self, frame: &Frame<'w>, list: &Expr) -> String {
        match list {
            Expr::Macro(m) => {
                let name = m
                    .mac
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                format!("the macro `{name}!`")
            }
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) => match self.ws.resolve_path(frame.module, &p.path) {
                    Some(path) if self.index.function(&path).is_none() => {
                        format!("`{path}`, outside the crates read")
                    }
                    Some(path) => format!("`{path}`"),
                    None => format!("`{}`", collapse(&text_of(list))),
                },
                _ => format!("`{}`", collapse(&text_of(list))),
            },
            _ => format!("`{}`", collapse(&text_of(list))),
        }
    }

    fn eval_macro(&mut self, frame: &mut Frame<'w>, mac: &'w syn::Macro) -> Value<'w> {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let own_macro =
            mac.path.segments.len() == 1 && self.index.is_own_macro(frame.module, &name);
        match name.as_str() {
            "routes" if !own_macro => self.routes_list(frame, mac),
            "vec" => match mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
                Ok(elems) => {
                    let mut entries = Vec::new();
                    let mut unseen = Vec::new();
                    let mut any_routes = elems.is_empty();
                    for e in &elems {
                        // The parsed body is owned by this call; only route lists and
                        // strings survive it.
                        match self.eval_owned(frame, e) {
                            Value::Routes(more) => {
                                any_routes = true;
                                entries.extend(more);
                            }
                            _ => unseen.push(e),
                        }
                    }
                    if !any_routes {
                        // Not a route list (or none the reader sees): said where it is mounted.
                        return Value::Opaque;
                    }
                    for e in unseen {
                        self.unknown(
                            format!("route `{}` in this `vec!` is not seen", text_of(e)),
                            Self::at(frame, e.span()),
                        );
                    }
                    Value::Routes(entries)
                }
                Err(_) => Value::Opaque,
            },
            "concat" => {
                match mac.parse_body_with(Punctuated::<syn::LitStr, Token![,]>::parse_terminated) {
                    Ok(parts) => Value::Str(vec![StrPart::Literal(
                        parts.iter().map(syn::LitStr::value).collect(),
                    )]),
                    Err(_) => Value::Str(vec![StrPart::Dynamic(text_of(mac))]),
                }
            }
            "format" => {
                match mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
                    Ok(args) if args.len() == 1 => match args.first() {
                        Some(Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        })) if !s.value().contains('{') => {
                            Value::Str(vec![StrPart::Literal(s.value())])
                        }
                        _ => Value::Str(vec![StrPart::Dynamic(text_of(mac))]),
                    },
                    _ => Value::Str(vec![StrPart::Dynamic(text_of(mac))]),
                }
            }
            _ => Value::Opaque,
        }
    }

    /// Evaluates an expression parsed from a macro body (not borrowed from the workspace):
    /// only what needs no borrow of it survives (route lists, strings).
    fn eval_owned(&mut self, frame: &mut Frame<'w>, expr: &Expr) -> Value<'w> {
        match expr {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Value::Str(vec![StrPart::Literal(s.value())]),
            Expr::Path(p) => {
                if let Some(name) = p.path.get_ident().map(ToString::to_string)
                    && let Some(value) = frame.lookup(&name)
                {
                    return match value {
                        Value::Routes(_) | Value::Str(_) => value.clone(),
                        _ => Value::Opaque,
                    };
                }
                match self.ws.resolve_path(frame.module, &p.path) {
                    Some(resolved) => self.const_value(&resolved),
                    None => Value::Opaque,
                }
            }
            Expr::Paren(p) => self.eval_owned(frame, &p.expr),
            Expr::Reference(r) => self.eval_owned(frame, &r.expr),
            Expr::MethodCall(m)
                if matches!(
                    m.method.to_string().as_str(),
                    "clone" | "to_owned" | "to_string" | "into"
                ) =>
            {
                self.eval_owned(frame, &m.receiver)
            }
            Expr::Call(call) => {
                let Expr::Path(func) = &*call.func else {
                    return Value::Opaque;
                };
                let resolved = self.ws.resolve_path(frame.module, &func.path);
                match resolved.as_deref() {
                    Some("rocket::Route::new" | "rocket::route::Route::new") => {
                        let at = Self::at(frame, func.span());
                        self.manual_route(frame, call, false, at)
                    }
                    Some("rocket::Route::ranked" | "rocket::route::Route::ranked") => {
                        let at = Self::at(frame, func.span());
                        self.manual_route(frame, call, true, at)
                    }
                    _ => Value::Opaque,
                }
            }
            Expr::Macro(m) if is_routes_macro(&m.mac) => {
                // A `routes!` nested in another macro's body: read it the same way.
                let entries = self.routes_entries(frame, &m.mac);
                Value::Routes(entries)
            }
            _ => Value::Opaque,
        }
    }

    /// The string value of the `const` or `static` at `path`, if it is one.
    fn const_value(&mut self, path: &str) -> Value<'w> {
        let Some(&(module, expr)) = self.index.consts.get(path) else {
            return Value::Opaque;
        };
        if self.stack.len() >= MAX_DEPTH || self.stack.iter().any(|p| p == path) {
            return Value::Opaque;
        }
        self.stack.push(path.to_owned());
        let mut inner = Frame::new(module);
        let value = self.eval(&mut inner, expr);
        self.stack.pop();
        match value {
            Value::Str(_) => value,
            _ => Value::Opaque,
        }
    }

    fn routes_list(&mut self, frame: &mut Frame<'w>, mac: &'w syn::Macro) -> Value<'w> {
        Value::Routes(self.routes_entries(frame, mac))
    }

    /// The routes of a `routes![a, b::c]` list: each a fn with a route attribute.
    fn routes_entries(&mut self, frame: &Frame<'w>, mac: &syn::Macro) -> Vec<Entry> {
        let list_at = Self::at(frame, mac.path.span());
        self.listed.insert(list_at.clone());
        let Ok(paths) = mac.parse_body_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        else {
            self.unknown(
                "this `routes!` list does not parse as a list of paths".to_owned(),
                list_at,
            );
            return Vec::new();
        };
        let mut entries = Vec::new();
        for path in &paths {
            let at = Self::at(frame, path.span());
            let written = path_text(path);
            let Some(resolved) = self.ws.resolve_path(frame.module, path) else {
                self.unknown(format!("`routes!` entry `{written}` is not resolved"), at);
                continue;
            };
            let Some(item) = self.index.function(&resolved) else {
                let why = if self.ws.module(parent_path(&resolved)).is_some() {
                    "is not a fn of the crates read"
                } else {
                    "is outside the crates read"
                };
                self.unknown(format!("`routes!` entry `{resolved}` {why}"), at);
                continue;
            };
            match self.index.holds(item.module, item.attrs) {
                Some(true) => {}
                _ => self.unknown(
                    format!("handler `{resolved}` is behind a `cfg` the reader cannot evaluate"),
                    at.clone(),
                ),
            }
            match framework_route(item.attrs) {
                Some(route) => entries.push(Entry {
                    method: route.method,
                    path: route.path,
                    handler: Handler::Fn { path: resolved },
                    location: at,
                }),
                None => self.unknown(
                    format!(
                        "`routes!` entry `{resolved}` has no route attribute the reader understands"
                    ),
                    at,
                ),
            }
        }
        entries
    }

    /// Absolute paths of the types and fns named in a fairing expression, in source order:
    /// the type of an associated fn (`AdHoc` of `AdHoc::on_request`) before the fn, and the
    /// return type of a fn of the crates read after it. Closures are not looked into.
    fn layer_names(&self, frame: &mut Frame<'w>, expr: &Expr) -> Vec<String> {
        let mut names = Vec::new();
        self.names_in(frame, expr, &mut names);
        let mut seen = BTreeSet::new();
        names.retain(|n| seen.insert(n.clone()));
        names
    }

    fn names_in(&self, frame: &mut Frame<'w>, expr: &Expr, out: &mut Vec<String>) {
        match expr {
            Expr::Call(call) => {
                match &*call.func {
                    Expr::Path(p) => self.name_of_path(frame, &p.path, true, out),
                    other => self.names_in(frame, other, out),
                }
                for arg in &call.args {
                    self.names_in(frame, arg, out);
                }
            }
            Expr::Path(p) => self.name_of_path(frame, &p.path, false, out),
            Expr::Struct(s) => {
                self.name_of_path(frame, &s.path, false, out);
                for field in &s.fields {
                    self.names_in(frame, &field.expr, out);
                }
            }
            Expr::MethodCall(m) => {
                self.names_in(frame, &m.receiver, out);
                for arg in &m.args {
                    self.names_in(frame, arg, out);
                }
            }
            Expr::Reference(r) => self.names_in(frame, &r.expr, out),
            Expr::Paren(p) => self.names_in(frame, &p.expr, out),
            Expr::Group(g) => self.names_in(frame, &g.expr, out),
            Expr::Await(a) => self.names_in(frame, &a.base, out),
            Expr::Try(t) => self.names_in(frame, &t.expr, out),
            Expr::Field(f) => self.names_in(frame, &f.base, out),
            _ => {}
        }
    }

    fn name_of_path(
        &self,
        frame: &mut Frame<'w>,
        path: &syn::Path,
        called: bool,
        out: &mut Vec<String>,
    ) {
        if let Some(ident) = path.get_ident()
            && frame.lookup(&ident.to_string()).is_some()
        {
            return;
        }
        let Some(resolved) = self.ws.resolve_path(frame.module, path) else {
            return;
        };
        if !resolved.contains("::") {
            // A local variable or a prelude name: nothing to match a control against.
            return;
        }
        let segments = &path.segments;
        if segments.len() >= 2
            && segments[segments.len() - 2]
                .ident
                .to_string()
                .starts_with(|c: char| c.is_ascii_uppercase())
            && let Some((ty, _)) = resolved.rsplit_once("::")
        {
            out.push(ty.to_owned());
        }
        out.push(resolved.clone());
        if called && let Some(item) = self.index.function(&resolved) {
            // The type of the fairing a fn of the crates read gives back.
            if let syn::ReturnType::Type(_, ty) = &item.sig.output
                && let Some(ty) = outer_type(ty)
                && let Some(ty) = self.ws.resolve_path(item.module, ty)
                && ty.contains("::")
            {
                out.push(ty);
            }
        }
    }
}

/// Whether a value is part of a route table, so that a fn given it is followed.
fn carries_route_table(value: &Value<'_>) -> bool {
    match value {
        Value::Rocket(_) | Value::Routes(_) | Value::Fairing(_) => true,
        Value::Array(values) => values.iter().any(carries_route_table),
        Value::Str(_) | Value::Opaque => false,
    }
}

/// The path of the outermost type of `ty`, looking through `Result`, `Option` and `Box`.
fn outer_type(ty: &syn::Type) -> Option<&syn::Path> {
    let syn::Type::Path(p) = ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    if matches!(last.ident.to_string().as_str(), "Result" | "Option" | "Box")
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return outer_type(inner);
    }
    Some(&p.path)
}

/// `[a, "/b"].concat()` of strings, or of route lists.
fn concat_values<'w>(values: Vec<Value<'w>>, call: &syn::ExprMethodCall) -> Value<'w> {
    if values.iter().all(|v| matches!(v, Value::Routes(_))) {
        let mut entries = Vec::new();
        for v in values {
            if let Value::Routes(more) = v {
                entries.extend(more);
            }
        }
        return Value::Routes(entries);
    }
    let mut parts = Vec::new();
    for v in values {
        match v {
            Value::Str(more) => parts.extend(more),
            _ => parts.push(StrPart::Dynamic(collapse(&text_of(call)))),
        }
    }
    Value::Str(parts)
}

/// The string of `parts` when every part is a literal.
fn literal(parts: &[StrPart]) -> Option<String> {
    parts
        .iter()
        .map(|p| match p {
            StrPart::Literal(s) => Some(s.as_str()),
            StrPart::Dynamic(_) => None,
        })
        .collect()
}

/// Binds the names of a pattern: `x`, `mut x`, `x: T`; other patterns bind nothing the
/// reader follows (their rockets are served as they are).
fn bind<'w>(frame: &mut Frame<'w>, pat: &syn::Pat, value: Value<'w>) {
    match pat {
        syn::Pat::Ident(p) => frame.vars.push((p.ident.to_string(), value)),
        syn::Pat::Type(t) => bind(frame, &t.pat, value),
        _ => frame.vars.push((String::new(), value)),
    }
}

/// The variable an expression names, if it is a single identifier.
fn simple_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(ToString::to_string),
        Expr::Paren(p) => simple_name(&p.expr),
        Expr::Reference(r) => simple_name(&r.expr),
        _ => None,
    }
}

/// The attributes of a statement (where a `cfg` can switch it off).
fn stmt_attrs(stmt: &syn::Stmt) -> &[syn::Attribute] {
    match stmt {
        syn::Stmt::Local(l) => &l.attrs,
        syn::Stmt::Macro(m) => &m.attrs,
        syn::Stmt::Item(_) => &[],
        syn::Stmt::Expr(e, _) => match e {
            Expr::Assign(x) => &x.attrs,
            Expr::Block(x) => &x.attrs,
            Expr::Call(x) => &x.attrs,
            Expr::If(x) => &x.attrs,
            Expr::Macro(x) => &x.attrs,
            Expr::Match(x) => &x.attrs,
            Expr::MethodCall(x) => &x.attrs,
            Expr::Path(x) => &x.attrs,
            Expr::Return(x) => &x.attrs,
            Expr::ForLoop(x) => &x.attrs,
            Expr::Await(x) => &x.attrs,
            Expr::Try(x) => &x.attrs,
            _ => &[],
        },
    }
}

/// Joins two values that the same variable or expression may hold after a branch: route
/// lists and rockets are merged (what either branch adds is listed). The flag says whether
/// the branches differ in what they serve.
fn join<'w>(a: Value<'w>, b: Value<'w>) -> (Value<'w>, bool) {
    match (a, b) {
        (Value::Rocket(mut a), Value::Rocket(b)) => {
            let mut differ = false;
            for m in b.mounts {
                if !a.mounts.contains(&m) {
                    a.mounts.push(m);
                    differ = true;
                }
            }
            for f in b.fairings {
                if !a.fairings.contains(&f) {
                    a.fairings.push(f);
                    differ = true;
                }
            }
            a.ignite.extend(b.ignite);
            (Value::Rocket(a), differ)
        }
        (Value::Routes(mut a), Value::Routes(b)) => {
            let before = a.len();
            let b_len = b.len();
            for e in b {
                if !a.contains(&e) {
                    a.push(e);
                }
            }
            let differ = a.len() != before || a.len() != b_len;
            (Value::Routes(a), differ)
        }
        (Value::Str(a), Value::Str(b)) if a == b => (Value::Str(a), false),
        (Value::Str(a), Value::Str(_)) => (
            Value::Str(vec![StrPart::Dynamic(
                literal(&a).unwrap_or_else(|| "a value chosen at run time".to_owned()),
            )]),
            false,
        ),
        (Value::Fairing(mut a), Value::Fairing(b)) => {
            a.extend(b);
            (Value::Fairing(a), true)
        }
        // A branch that gives nothing (it returns early, panics or is not understood) does
        // not take away what the other serves.
        (Value::Opaque, v) | (v, Value::Opaque) => (v, false),
        (a, _) => (a, true),
    }
}

/// Joins the variables after two branches, by position (both start from the same scope).
fn join_vars<'w>(
    a: Vec<(String, Value<'w>)>,
    b: Vec<(String, Value<'w>)>,
) -> (Vec<(String, Value<'w>)>, bool) {
    let mut differ = false;
    let mut out = Vec::with_capacity(a.len());
    let mut b = b.into_iter();
    for (name, va) in a {
        match b.next() {
            Some((_, vb)) => {
                let (v, d) = match (&va, &vb) {
                    // A rocket moved out in one branch is served there.
                    (Value::Rocket(_), Value::Opaque) | (Value::Opaque, Value::Rocket(_)) => {
                        (Value::Opaque, false)
                    }
                    _ => join(va, vb),
                };
                differ |= d;
                out.push((name, v));
            }
            None => out.push((name, va)),
        }
    }
    (out, differ)
}

/// A mount point joined with a route's path, as Rocket 0.5's `RouteUri` does: the query of
/// each is left out, empty segments are dropped; then normalised to `{param}`/`{*rest}`.
fn join_path(base: &str, route: &str) -> String {
    let base = base.split('?').next().unwrap_or(base);
    let route = route.split('?').next().unwrap_or(route);
    let segments: Vec<&str> = base
        .split('/')
        .chain(route.split('/'))
        .filter(|s| !s.is_empty())
        .collect();
    let joined = format!("/{}", segments.join("/"));
    threatmodel_core::route::normalise(&joined).0
}

/// The parent of an absolute path (`a::b` of `a::b::c`).
fn parent_path(path: &str) -> &str {
    path.rsplit_once("::").map_or(path, |(p, _)| p)
}

/// A path as written (`routes::users::get_user`).
fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// The source text of a node, whitespace collapsed (its tokens when the source is not at
/// hand).
fn text_of<T: quote::ToTokens + Spanned>(node: &T) -> String {
    let text = node
        .span()
        .source_text()
        .unwrap_or_else(|| node.to_token_stream().to_string());
    collapse(&text)
}

/// Whitespace collapsed to single spaces, at most 120 characters.
fn collapse(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= 120 {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(119).collect();
    cut.push('…');
    cut
}
