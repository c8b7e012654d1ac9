//! The route table of axum 0.6-0.8 routers, read from the code that builds them.
//!
//! Every fn of the crate is evaluated once as if it could be the one that serves: its body is
//! followed statement by statement, and an expression that builds a router (`Router::new()`,
//! a local bound to one, a call of a workspace fn that returns one) is evaluated through the
//! `Router` and `MethodRouter` methods it calls (`route`, `nest`, `merge`, `layer`,
//! `route_layer`, `fallback`, `with_state`, ...). A fn whose router is consumed by another
//! router (nested, merged, layered, bound and served) is *used*; the routers of the fns no
//! other router uses are the ones served, and their routes are the route table.
//!
//! Layers follow axum's semantics: `Router::layer` wraps the routes added before it, so a later
//! layer is an outer one and is listed first. What cannot be followed (a router from a macro, a
//! router behind a variable, a closure handler, a `#[cfg]` the configuration does not decide)
//! is an [`Unknown`] or a [`Handler::Unknown`], never a guess.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use syn::spanned::Spanned;
use syn::visit::Visit;
use threatmodel_core::facts::{
    CrateFacts, Framework, Handler, Layer, LayerKind, Route, SourceLocation, Unknown,
};

use crate::attribute;
use crate::cfg::Cfg;
use crate::source::{Crate, Module, Workspace, location};

/// Adds the routes served by the axum 0.6-0.8 routers built in `krate` to `facts`; `index` is
/// [`Index::of`] the workspace, built once for all its crates.
pub(crate) fn read<'w>(
    workspace: &'w Workspace,
    index: &'w Index<'w>,
    krate: &Crate,
    facts: &mut CrateFacts,
) {
    let uses_axum = krate.modules.iter().any(|m| mentions_axum(&m.items));
    let mut reader = Reader {
        workspace,
        index,
        uses_axum,
        memo: BTreeMap::new(),
        stack: Vec::new(),
        used: BTreeSet::new(),
    };
    let mut results = Vec::new();
    for module in &krate.modules {
        for def in fns_of(workspace, module, &krate.cfg) {
            if def.is_test() {
                continue;
            }
            let result = reader.call(&def, Vec::new());
            let at = location(&module.file, def.sig.ident.span());
            results.push((def.path, at, result));
        }
    }
    // The routers of the fns no other router uses are the ones served.
    let mut roots: Vec<(String, SourceLocation, Vec<Route>)> = Vec::new();
    let mut unknowns: Vec<Unknown> = Vec::new();
    for (path, at, result) in results {
        if reader.used.contains(&path) {
            continue;
        }
        let mut served: Vec<Route> = result.loose.into_iter().flatten().collect();
        if let Some(Val::Router(router)) = result.returned {
            served.extend(router);
        }
        roots.push((path, at, served));
        for unknown in result.unknowns {
            if !unknowns.contains(&unknown) {
                unknowns.push(unknown);
            }
        }
    }
    // A fn nobody in the crate calls that only re-mounts registrations another, larger root
    // serves (a `pub fn router()` of a module, unused, beside the app that nests its parts)
    // is not a second server: left out, and said so.
    let registrations = |routes: &[Route]| -> BTreeSet<(String, String, SourceLocation)> {
        routes
            .iter()
            .map(|r| {
                let handler = r.handler.fn_path().unwrap_or_default().to_owned();
                (r.method.clone(), handler, r.location.clone())
            })
            .collect()
    };
    let sets: Vec<_> = roots.iter().map(|(_, _, r)| registrations(r)).collect();
    let mut routes: Vec<Route> = Vec::new();
    // The routes kept with the same registration, method and path: a route is added once.
    let mut kept: HashMap<(SourceLocation, String, String), Vec<usize>> = HashMap::new();
    for (i, (path, at, served)) in roots.into_iter().enumerate() {
        let remounted = !sets[i].is_empty()
            && sets.iter().enumerate().any(|(j, other)| {
                j != i && other.len() > sets[i].len() && sets[i].is_subset(other)
            });
        if remounted {
            unknowns.push(Unknown {
                what: format!(
                    "router of `{path}` is not used in the crate and only re-mounts routes served through another router; left out"
                ),
                location: at,
            });
            continue;
        }
        for route in served {
            let route = Route {
                path: threatmodel_core::route::normalise(&route.path).0,
                ..route
            };
            let same = kept
                .entry((
                    route.location.clone(),
                    route.method.clone(),
                    route.path.clone(),
                ))
                .or_default();
            if !same.iter().any(|&i| routes[i] == route) {
                same.push(routes.len());
                routes.push(route);
            }
        }
    }
    facts.routes.extend(routes);
    facts.unknowns.extend(unknowns);
}

/// Whether `items` import axum (`use axum::...`, `extern crate axum`).
fn mentions_axum(items: &[syn::Item]) -> bool {
    items.iter().any(|item| match item {
        syn::Item::Use(u) => match &u.tree {
            syn::UseTree::Path(p) => p.ident == "axum",
            syn::UseTree::Name(n) => n.ident == "axum",
            syn::UseTree::Rename(r) => r.ident == "axum",
            syn::UseTree::Group(g) => g.items.iter().any(|t| match t {
                syn::UseTree::Path(p) => p.ident == "axum",
                syn::UseTree::Name(n) => n.ident == "axum",
                _ => false,
            }),
            syn::UseTree::Glob(_) => false,
        },
        syn::Item::ExternCrate(e) => e.ident == "axum",
        _ => false,
    })
}

/// A fn or method of the workspace, with what is needed to evaluate its body.
#[derive(Clone)]
struct FnDef<'w> {
    /// Absolute path.
    path: String,
    module: &'w Module,
    attrs: &'w [syn::Attribute],
    sig: &'w syn::Signature,
    block: &'w syn::Block,
    /// The absolute path of the type of the `impl` it is in.
    self_ty: Option<String>,
    cfg: &'w Cfg,
}

impl FnDef<'_> {
    /// Whether it is a test (`#[test]`, `#[tokio::test]`): not a server.
    fn is_test(&self) -> bool {
        self.attrs
            .iter()
            .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"))
    }
}

/// The fns of `module` whose `#[cfg]` does not rule them out, in source order.
fn fns_of<'w>(workspace: &'w Workspace, module: &'w Module, cfg: &'w Cfg) -> Vec<FnDef<'w>> {
    let mut fns = Vec::new();
    for item in &module.items {
        match item {
            syn::Item::Fn(f) if cfg.holds_for(&f.attrs) != Some(false) => fns.push(FnDef {
                path: format!("{}::{}", module.path, f.sig.ident),
                module,
                attrs: &f.attrs,
                sig: &f.sig,
                block: &f.block,
                self_ty: None,
                cfg,
            }),
            syn::Item::Impl(imp) if cfg.holds_for(&imp.attrs) != Some(false) => {
                let syn::Type::Path(ty) = &*imp.self_ty else {
                    continue;
                };
                let Some(self_ty) = workspace.resolve_path(module, &ty.path) else {
                    continue;
                };
                for item in &imp.items {
                    let syn::ImplItem::Fn(f) = item else {
                        continue;
                    };
                    if cfg.holds_for(&f.attrs) == Some(false) {
                        continue;
                    }
                    fns.push(FnDef {
                        path: format!("{self_ty}::{}", f.sig.ident),
                        module,
                        attrs: &f.attrs,
                        sig: &f.sig,
                        block: &f.block,
                        self_ty: Some(self_ty.clone()),
                        cfg,
                    });
                }
            }
            _ => {}
        }
    }
    fns
}

/// The fns, string consts and type aliases of the whole workspace, by absolute path.
pub(crate) struct Index<'w> {
    fns: BTreeMap<String, FnDef<'w>>,
    /// `const X: &str = "..."`.
    strings: BTreeMap<String, String>,
    /// `type AppRouter = axum::Router<S>`: the alias to the resolved path of its type.
    aliases: BTreeMap<String, String>,
}

impl<'w> Index<'w> {
    /// Indexes every crate of `workspace`.
    pub(crate) fn of(workspace: &'w Workspace) -> Index<'w> {
        let mut index = Index {
            fns: BTreeMap::new(),
            strings: BTreeMap::new(),
            aliases: BTreeMap::new(),
        };
        for krate in &workspace.crates {
            for module in &krate.modules {
                for def in fns_of(workspace, module, &krate.cfg) {
                    index.fns.entry(def.path.clone()).or_insert(def);
                }
                for item in &module.items {
                    match item {
                        syn::Item::Const(c) if krate.cfg.holds_for(&c.attrs) != Some(false) => {
                            if let syn::Expr::Lit(syn::ExprLit {
                                lit: syn::Lit::Str(s),
                                ..
                            }) = &*c.expr
                            {
                                index
                                    .strings
                                    .entry(format!("{}::{}", module.path, c.ident))
                                    .or_insert_with(|| s.value());
                            }
                        }
                        syn::Item::Type(t) if krate.cfg.holds_for(&t.attrs) != Some(false) => {
                            if let syn::Type::Path(target) = &*t.ty
                                && let Some(target) = workspace.resolve_path(module, &target.path)
                            {
                                index
                                    .aliases
                                    .entry(format!("{}::{}", module.path, t.ident))
                                    .or_insert(target);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        index
    }
}

/// A value the evaluation follows.
#[derive(Clone)]
enum Val<'w> {
    /// A `Router`: its routes so far, paths relative to it, not yet normalised.
    Router(Vec<Route>),
    /// A `MethodRouter`: its handlers by method.
    Methods(Vec<Entry>),
    /// Any other value bound to a name: its expression and the module it is written in, so
    /// that a layer or handler named through the binding can still be resolved.
    Expr(&'w syn::Expr, &'w Module, Option<String>),
}

/// One method of a method router.
#[derive(Clone)]
struct Entry {
    method: String,
    handler: Handler,
    /// Outermost first.
    layers: Vec<Layer>,
}

/// What evaluating a fn gives.
#[derive(Clone, Default)]
struct FnResult<'w> {
    /// What it returns, when it is a router or method router.
    returned: Option<Val<'w>>,
    /// Routers it builds and neither returns nor hands to another router (served there).
    loose: Vec<Vec<Route>>,
    /// What could not be followed, in its body and the fns it calls.
    unknowns: Vec<Unknown>,
}

struct Reader<'w> {
    workspace: &'w Workspace,
    index: &'w Index<'w>,
    /// Whether the crate imports axum, so that a bare `Router::new` or `get` (from a glob
    /// import) is axum's and an unfollowed `.route(...)` chain is worth an [`Unknown`].
    uses_axum: bool,
    /// Results of fns evaluated without router arguments.
    memo: BTreeMap<String, FnResult<'w>>,
    /// The fns being evaluated, against recursion.
    stack: Vec<String>,
    /// Fns whose router another router consumes.
    used: BTreeSet<String>,
}

/// A name in scope in a fn body.
struct Binding<'w> {
    name: String,
    val: Option<Val<'w>>,
    /// Whether a router expression used it (a router bound and never used is served).
    consumed: bool,
}

/// The evaluation of one fn body.
struct Eval<'r, 'w> {
    reader: &'r mut Reader<'w>,
    module: &'w Module,
    self_ty: Option<String>,
    cfg: &'w Cfg,
    env: Vec<Binding<'w>>,
    /// Nesting of `if`, `match` and loops around the statement evaluated.
    conditional: u32,
    loose: Vec<Vec<Route>>,
    unknowns: Vec<Unknown>,
}

/// The HTTP method of routing fn or method `name` (`get`, `get_service`); whether it takes a
/// service rather than a handler.
fn routing_method(name: &str) -> Option<(&'static str, bool)> {
    let (base, service) = match name.strip_suffix("_service") {
        Some(base) => (base, true),
        None => (name, false),
    };
    // axum's `any` serves every method.
    let method = attribute::method_named(base).or_else(|| (base == "any").then_some("ANY"))?;
    Some((method, service))
}

/// Names that are the prelude's, not worth listing among a layer's names.
const PRELUDE: &[&str] = &[
    "Some", "None", "Ok", "Err", "Box", "Vec", "String", "Option", "Result", "Default", "Into",
    "From", "ToString", "ToOwned", "Clone", "Self",
];

/// The standard library's crates: nothing there is a control a model cites.
const STD: &[&str] = &["std", "core", "alloc"];

impl<'w> Reader<'w> {
    /// Evaluates fn `def` with its leading parameters bound to `args` (router values of the
    /// caller); results without arguments are kept.
    fn call(&mut self, def: &FnDef<'w>, args: Vec<(String, Val<'w>)>) -> FnResult<'w> {
        if args.is_empty()
            && let Some(result) = self.memo.get(&def.path)
        {
            return result.clone();
        }
        if self.stack.contains(&def.path) || self.stack.len() > 24 {
            return FnResult {
                unknowns: vec![Unknown {
                    what: format!("recursive router fn `{}` is not followed", def.path),
                    location: location(&def.module.file, def.sig.ident.span()),
                }],
                ..FnResult::default()
            };
        }
        self.stack.push(def.path.clone());
        let memoise = args.is_empty();
        let mut eval = Eval {
            reader: self,
            module: def.module,
            self_ty: def.self_ty.clone(),
            cfg: def.cfg,
            env: params(def.sig)
                .into_iter()
                .map(|name| Binding {
                    name,
                    val: None,
                    consumed: true,
                })
                .chain(args.into_iter().map(|(name, val)| Binding {
                    name,
                    val: Some(val),
                    consumed: false,
                }))
                .collect(),
            conditional: 0,
            loose: Vec::new(),
            unknowns: Vec::new(),
        };
        let returned = eval.body(def.block);
        let result = FnResult {
            returned,
            loose: eval.loose,
            unknowns: eval.unknowns,
        };
        self.stack.pop();
        if memoise {
            self.memo.insert(def.path.clone(), result.clone());
        }
        result
    }
}

impl<'w> Eval<'_, 'w> {
    fn resolve(&self, path: &syn::Path) -> Option<String> {
        let first = path.segments.first()?;
        if first.ident == "Self" {
            let self_ty = self.self_ty.as_ref()?;
            let mut full = self_ty.clone();
            for segment in path.segments.iter().skip(1) {
                full.push_str("::");
                full.push_str(&segment.ident.to_string());
            }
            return Some(full);
        }
        let resolved = self.reader.workspace.resolve_value(self.module, path)?;
        // `AppRouter::new` through `type AppRouter = Router<S>`.
        if let Some((ty, name)) = resolved.rsplit_once("::")
            && let Some(target) = self.reader.index.aliases.get(ty)
        {
            return Some(format!("{target}::{name}"));
        }
        Some(resolved)
    }

    /// Whether resolved `path` is axum's `name` (`axum::...::name`), or an unresolved `bare`
    /// name in a crate that imports axum (a glob import).
    fn is_axum(&self, path: &str, bare: &str) -> bool {
        (path.starts_with("axum::") && path.ends_with(&format!("::{bare}")))
            || (self.reader.uses_axum && path == bare)
    }

    fn unknown(&mut self, what: String, span: proc_macro2::Span) {
        let unknown = Unknown {
            what,
            location: self.loc(span),
        };
        if !self.unknowns.contains(&unknown) {
            self.unknowns.push(unknown);
        }
    }

    fn loc(&self, span: proc_macro2::Span) -> SourceLocation {
        location(&self.module.file, span)
    }

    fn lookup(&mut self, name: &str) -> Option<&mut Binding<'w>> {
        self.env.iter_mut().rev().find(|b| b.name == name)
    }

    /// The fn body: its statements, then what it returns.
    fn body(&mut self, block: &'w syn::Block) -> Option<Val<'w>> {
        let mark = self.env.len();
        let mut returned = None;
        let count = block.stmts.len();
        for (i, stmt) in block.stmts.iter().enumerate() {
            if i + 1 == count
                && let syn::Stmt::Expr(expr, None) = stmt
            {
                if self.cfg_skips(expr_attrs(expr), expr.span()) {
                    continue;
                }
                returned = self.returned(expr);
                if returned.is_none() {
                    self.visit_expr(expr);
                }
                continue;
            }
            self.stmt(stmt);
        }
        self.end_scope(mark);
        returned
    }

    /// The value of a returned expression, through `Ok(..)`, `.await` and `?`.
    fn returned(&mut self, expr: &'w syn::Expr) -> Option<Val<'w>> {
        match expr {
            syn::Expr::Call(call)
                if call.args.len() == 1
                    && matches!(&*call.func, syn::Expr::Path(p)
                        if p.path.is_ident("Ok") || p.path.is_ident("Some")) =>
            {
                self.returned(&call.args[0])
            }
            syn::Expr::Return(ret) => ret.expr.as_deref().and_then(|e| self.returned(e)),
            _ => self.eval(expr),
        }
    }

    /// Drops the bindings made since `mark`; a router bound there and never used is served.
    fn end_scope(&mut self, mark: usize) {
        for binding in self.env.drain(mark..).collect::<Vec<_>>() {
            if let (Some(Val::Router(routes)), false) = (binding.val, binding.consumed) {
                self.loose.push(routes);
            }
        }
    }

    /// Whether the `#[cfg]` of a statement rules it out; one the configuration cannot decide
    /// is an [`Unknown`], and the statement is read.
    fn cfg_skips(&mut self, attrs: &[syn::Attribute], span: proc_macro2::Span) -> bool {
        match self.cfg.holds_for(attrs) {
            Some(holds) => !holds,
            None => {
                self.unknown(
                    "statement behind a `cfg` the reader cannot evaluate; read as if enabled"
                        .to_owned(),
                    span,
                );
                false
            }
        }
    }

    fn stmt(&mut self, stmt: &'w syn::Stmt) {
        match stmt {
            syn::Stmt::Local(local) => {
                if self.cfg_skips(&local.attrs, local.let_token.span) {
                    return;
                }
                let Some(init) = &local.init else {
                    return;
                };
                let val = match self.eval(&init.expr) {
                    Some(val) => val,
                    None => {
                        self.visit_expr(&init.expr);
                        if let Some((_, diverge)) = &init.diverge {
                            self.visit_expr(diverge);
                        }
                        Val::Expr(&init.expr, self.module, self.self_ty.clone())
                    }
                };
                if let Some(name) = pattern_name(&local.pat) {
                    self.env.push(Binding {
                        name,
                        val: Some(val),
                        consumed: false,
                    });
                } else {
                    self.bind_pattern(&local.pat);
                }
            }
            syn::Stmt::Expr(expr, _) => {
                if self.cfg_skips(expr_attrs(expr), expr.span()) {
                    return;
                }
                self.visit_expr(expr);
            }
            syn::Stmt::Macro(mac) => {
                if self.cfg_skips(&mac.attrs, mac.mac.path.span()) {
                    return;
                }
                self.macro_router(&mac.mac);
            }
            syn::Stmt::Item(_) => {}
        }
    }

    /// Binds the names of a destructuring pattern as opaque values (so that they shadow).
    fn bind_pattern(&mut self, pat: &syn::Pat) {
        struct Names(Vec<String>);
        impl<'a> Visit<'a> for Names {
            fn visit_pat_ident(&mut self, p: &'a syn::PatIdent) {
                self.0.push(p.ident.to_string());
            }
        }
        let mut names = Names(Vec::new());
        names.visit_pat(pat);
        for name in names.0 {
            self.env.push(Binding {
                name,
                val: None,
                consumed: false,
            });
        }
    }

    /// A macro in a fn body whose tokens build a router is an [`Unknown`].
    fn macro_router(&mut self, mac: &syn::Macro) {
        if self.reader.uses_axum && tokens_build_router(&mac.tokens) {
            let name = mac
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default();
            self.unknown(
                format!("router code inside macro `{name}!` is not read"),
                mac.path.span(),
            );
        }
    }

    /// `x = <router>;` rebinds router `x`.
    fn assign(&mut self, assign: &'w syn::ExprAssign) -> bool {
        let syn::Expr::Path(left) = &*assign.left else {
            return false;
        };
        let Some(name) = left.path.get_ident().map(ToString::to_string) else {
            return false;
        };
        let Some(val) = self.eval(&assign.right) else {
            return false;
        };
        if self.conditional > 0 && matches!(val, Val::Router(_)) {
            self.unknown(
                format!("router `{name}` is changed under a condition; read as if it runs"),
                assign.span(),
            );
        }
        match self.lookup(&name) {
            Some(binding) => {
                binding.val = Some(val);
                binding.consumed = false;
            }
            None => {
                if let Val::Router(routes) = val {
                    self.loose.push(routes);
                }
            }
        }
        true
    }

    /// Evaluates `expr` as a router or method router; `None` when it is neither, or cannot be
    /// followed.
    fn eval(&mut self, expr: &'w syn::Expr) -> Option<Val<'w>> {
        match expr {
            syn::Expr::Paren(e) => self.eval(&e.expr),
            syn::Expr::Group(e) => self.eval(&e.expr),
            syn::Expr::Await(e) => self.eval(&e.base),
            syn::Expr::Try(e) => self.eval(&e.expr),
            syn::Expr::Path(p) => {
                let name = p.path.get_ident()?.to_string();
                let binding = self.lookup(&name)?;
                match &binding.val {
                    Some(val @ (Val::Router(_) | Val::Methods(_))) => {
                        let val = val.clone();
                        binding.consumed = true;
                        Some(val)
                    }
                    _ => None,
                }
            }
            syn::Expr::Call(call) => self.eval_call(call),
            syn::Expr::MethodCall(call) => self.eval_method_call(call),
            _ => None,
        }
    }

    fn eval_call(&mut self, call: &'w syn::ExprCall) -> Option<Val<'w>> {
        let syn::Expr::Path(func) = &*call.func else {
            return None;
        };
        let path = self.resolve(&func.path)?;
        let last = path.rsplit("::").next().unwrap_or(&path);
        if self.is_axum(&path, "Router::new") || self.is_axum(&path, "Router::default") {
            return Some(Val::Router(Vec::new()));
        }
        if self.is_axum(&path, "MethodRouter::new") || self.is_axum(&path, "MethodRouter::default")
        {
            return Some(Val::Methods(Vec::new()));
        }
        let routing = path.starts_with("axum::routing::") || path == last;
        if routing && self.is_axum(&path, last) {
            if let Some((method, service)) = routing_method(last) {
                let arg = call.args.first()?;
                let mut entries = Vec::new();
                self.add_entry(&mut entries, method, service, arg);
                return Some(Val::Methods(entries));
            }
            if last == "on" || last == "on_service" {
                let mut entries = Vec::new();
                self.add_on(
                    &mut entries,
                    last == "on_service",
                    call.args.iter().collect(),
                );
                return Some(Val::Methods(entries));
            }
        }
        let def = self.reader.index.fns.get(&path)?.clone();
        self.call_fn(&def, call.args.iter().collect())
    }

    /// Evaluates a call of workspace fn `def` with `args`; its router, if it returns one.
    fn call_fn(&mut self, def: &FnDef<'w>, args: Vec<&'w syn::Expr>) -> Option<Val<'w>> {
        // Router arguments are bound to the parameters; the fn is then evaluated for them.
        let params: Vec<Option<String>> = def
            .sig
            .inputs
            .iter()
            .filter_map(|input| match input {
                syn::FnArg::Typed(t) => Some(pattern_name(&t.pat)),
                syn::FnArg::Receiver(_) => None,
            })
            .collect();
        let mut bound = Vec::new();
        let mut consumed = Vec::new();
        for (param, arg) in params.iter().zip(args) {
            // Peek without consuming: a router argument is consumed only if the fn returns
            // something built from it.
            if let (Some(name), Some(val)) = (param, self.peek(arg)) {
                bound.push((name.clone(), val));
                consumed.push(arg);
            }
        }
        let result = self.reader.call(def, bound);
        for unknown in result.unknowns {
            if !self.unknowns.contains(&unknown) {
                self.unknowns.push(unknown);
            }
        }
        self.loose.extend(result.loose);
        let returned = result.returned?;
        for arg in consumed {
            self.eval(arg);
        }
        self.reader.used.insert(def.path.clone());
        Some(returned)
    }

    /// The router value of `expr` if it is a local bound to one, without consuming it.
    fn peek(&mut self, expr: &'w syn::Expr) -> Option<Val<'w>> {
        if let syn::Expr::Path(p) = expr {
            let name = p.path.get_ident()?.to_string();
            return match &self.lookup(&name)?.val {
                Some(val @ (Val::Router(_) | Val::Methods(_))) => Some(val.clone()),
                _ => None,
            };
        }
        if matches!(expr, syn::Expr::Call(_) | syn::Expr::MethodCall(_)) {
            return self.eval(expr);
        }
        None
    }

    fn eval_method_call(&mut self, call: &'w syn::ExprMethodCall) -> Option<Val<'w>> {
        let method = call.method.to_string();
        let args: Vec<&'w syn::Expr> = call.args.iter().collect();
        // `self.routes()` in an impl.
        if let syn::Expr::Path(receiver) = &*call.receiver
            && receiver.path.is_ident("self")
        {
            let path = format!("{}::{method}", self.self_ty.as_ref()?);
            let def = self.reader.index.fns.get(&path)?.clone();
            return self.call_fn(&def, args);
        }
        match self.eval(&call.receiver)? {
            Val::Router(routes) => self.router_method(routes, call, &method, &args),
            Val::Methods(entries) => self.methods_method(entries, call, &method, &args),
            Val::Expr(..) => None,
        }
    }

    /// `router.method(args)`.
    fn router_method(
        &mut self,
        mut routes: Vec<Route>,
        call: &'w syn::ExprMethodCall,
        method: &str,
        args: &[&'w syn::Expr],
    ) -> Option<Val<'w>> {
        let at = self.loc(call.method.span());
        match (method, args) {
            ("route", [path, methods]) => {
                let Some(path) = self.path_string(path) else {
                    return Some(Val::Router(routes));
                };
                match self.eval(methods) {
                    Some(Val::Methods(entries)) => {
                        for entry in entries {
                            routes.push(Route {
                                framework: Framework::Axum,
                                method: entry.method,
                                path: path.clone(),
                                handler: entry.handler,
                                layers: entry.layers,
                                location: at.clone(),
                            });
                        }
                    }
                    _ => self.unknown(
                        format!(
                            "the method router of route `{path}` is not understood: `{}`",
                            text(*methods)
                        ),
                        methods.span(),
                    ),
                }
            }
            ("route_service", [path, service]) => {
                let Some(path) = self.path_string(path) else {
                    return Some(Val::Router(routes));
                };
                routes.push(self.service_route(path, service, at));
            }
            ("nest", [prefix, inner]) => {
                let Some(prefix) = self.path_string(prefix) else {
                    return Some(Val::Router(routes));
                };
                match self.eval(inner) {
                    Some(Val::Router(inner)) => {
                        for route in inner {
                            routes.push(Route {
                                path: join(&prefix, &route.path),
                                ..route
                            });
                        }
                    }
                    _ => self.unknown(
                        format!(
                            "the router nested at `{prefix}` is not followed: `{}`",
                            text(*inner)
                        ),
                        inner.span(),
                    ),
                }
            }
            ("nest_service", [prefix, service]) => {
                let Some(prefix) = self.path_string(prefix) else {
                    return Some(Val::Router(routes));
                };
                routes.push(self.service_route(join(&prefix, "/{*rest}"), service, at));
            }
            ("merge", [other]) => match self.eval(other) {
                Some(Val::Router(other)) => routes.extend(other),
                _ => self.unknown(
                    format!("the merged router is not followed: `{}`", text(*other)),
                    other.span(),
                ),
            },
            ("layer" | "route_layer", [layer]) => {
                let kind = if method == "layer" {
                    LayerKind::Layer
                } else {
                    LayerKind::RouteLayer
                };
                let layer = self.layer(kind, layer, at);
                for route in &mut routes {
                    route.layers.insert(0, layer.clone());
                }
            }
            ("fallback", [handler]) => {
                let (handler, layers) = self.handler(handler);
                routes.push(Route {
                    framework: Framework::Axum,
                    method: "ANY".to_owned(),
                    path: "/{*fallback}".to_owned(),
                    handler,
                    layers,
                    location: at,
                });
            }
            ("fallback_service", [service]) => {
                routes.push(self.service_route("/{*fallback}".to_owned(), service, at));
            }
            (
                "with_state"
                | "clone"
                | "into_make_service"
                | "into_make_service_with_connect_info"
                | "into_service"
                | "boxed",
                _,
            ) => {}
            (
                "route" | "route_service" | "nest" | "nest_service" | "merge" | "layer"
                | "route_layer" | "fallback" | "fallback_service",
                _,
            ) => self.unknown(
                format!(
                    "`.{method}(..)` with {} arguments is not understood",
                    args.len()
                ),
                call.method.span(),
            ),
            _ => return None,
        }
        Some(Val::Router(routes))
    }

    /// `method_router.method(args)`.
    fn methods_method(
        &mut self,
        mut entries: Vec<Entry>,
        call: &'w syn::ExprMethodCall,
        method: &str,
        args: &[&'w syn::Expr],
    ) -> Option<Val<'w>> {
        if let Some((http, service)) = routing_method(method) {
            let arg = args.first()?;
            self.add_entry(&mut entries, http, service, arg);
            return Some(Val::Methods(entries));
        }
        match (method, args) {
            ("on" | "on_service", _) => {
                self.add_on(&mut entries, method == "on_service", args.to_vec())
            }
            ("layer" | "route_layer", [layer]) => {
                let kind = if method == "layer" {
                    LayerKind::Layer
                } else {
                    LayerKind::RouteLayer
                };
                let layer = self.layer(kind, layer, self.loc(call.method.span()));
                for entry in &mut entries {
                    entry.layers.insert(0, layer.clone());
                }
            }
            ("fallback", [handler]) => {
                let (handler, layers) = self.handler(handler);
                entries.push(Entry {
                    method: "ANY".to_owned(),
                    handler,
                    layers,
                });
            }
            ("fallback_service", [service]) => entries.push(Entry {
                method: "ANY".to_owned(),
                handler: self.service(service),
                layers: Vec::new(),
            }),
            ("with_state" | "clone" | "boxed", _) => {}
            _ => return None,
        }
        Some(Val::Methods(entries))
    }

    fn add_entry(
        &mut self,
        entries: &mut Vec<Entry>,
        method: &str,
        service: bool,
        arg: &'w syn::Expr,
    ) {
        let (handler, layers) = if service {
            (self.service(arg), Vec::new())
        } else {
            self.handler(arg)
        };
        entries.push(Entry {
            method: method.to_owned(),
            handler,
            layers,
        });
    }

    /// `on(MethodFilter::GET | MethodFilter::POST, handler)`.
    fn add_on(&mut self, entries: &mut Vec<Entry>, service: bool, args: Vec<&'w syn::Expr>) {
        let [filter, arg] = args[..] else {
            return;
        };
        let mut methods = Vec::new();
        if !method_filter(filter, &mut methods) {
            self.unknown(
                format!("method filter `{}` is not understood", text(filter)),
                filter.span(),
            );
            return;
        }
        for method in methods {
            self.add_entry(entries, method, service, arg);
        }
    }

    /// The route path written in `expr`: a string literal or a string `const`.
    fn path_string(&mut self, expr: &'w syn::Expr) -> Option<String> {
        let value = match expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            syn::Expr::Path(p) => self
                .resolve(&p.path)
                .and_then(|path| self.reader.index.strings.get(&path).cloned()),
            syn::Expr::Reference(r) => return self.path_string(&r.expr),
            _ => None,
        };
        if value.is_none() {
            self.unknown(
                format!(
                    "route path `{}` is not a string the reader can read",
                    text(expr)
                ),
                expr.span(),
            );
        }
        value
    }

    /// A route served by service `expr`.
    fn service_route(&mut self, path: String, expr: &'w syn::Expr, at: SourceLocation) -> Route {
        Route {
            framework: Framework::Axum,
            method: "ANY".to_owned(),
            path,
            handler: self.service(expr),
            layers: Vec::new(),
            location: at,
        }
    }

    /// A service: the first type or fn its expression names, or its text.
    fn service(&mut self, expr: &'w syn::Expr) -> Handler {
        let names = self.names(expr);
        Handler::Service {
            name: names.into_iter().next().unwrap_or_else(|| text(expr)),
        }
    }

    /// The handler `expr` names, with the layers put on it (`handler.layer(l)`), outermost
    /// first.
    fn handler(&mut self, expr: &'w syn::Expr) -> (Handler, Vec<Layer>) {
        self.handler_in(expr, self.module, self.self_ty.clone(), 0)
    }

    fn handler_in(
        &mut self,
        expr: &'w syn::Expr,
        module: &'w Module,
        self_ty: Option<String>,
        depth: u32,
    ) -> (Handler, Vec<Layer>) {
        let unknown = |reason: String| (Handler::Unknown { reason }, Vec::new());
        match expr {
            syn::Expr::Paren(e) => self.handler_in(&e.expr, module, self_ty, depth),
            syn::Expr::Group(e) => self.handler_in(&e.expr, module, self_ty, depth),
            syn::Expr::Path(p) => {
                if let Some(name) = p.path.get_ident().map(ToString::to_string)
                    && let Some(binding) = self.env.iter().rev().find(|b| b.name == name)
                {
                    return match (&binding.val, depth) {
                        (Some(Val::Expr(e, m, t)), 0..4) => {
                            let (e, m, t) = (*e, *m, t.clone());
                            self.handler_in(e, m, t, depth + 1)
                        }
                        _ => unknown(format!("variable `{name}` the reader cannot follow")),
                    };
                }
                let saved = (self.module, self.self_ty.clone());
                self.module = module;
                self.self_ty = self_ty;
                let path = self.resolve(&p.path);
                (self.module, self.self_ty) = saved;
                match path {
                    Some(path) if path.contains("::") || module_defines(module, &path) => {
                        (Handler::Fn { path }, Vec::new())
                    }
                    Some(path) => unknown(format!("`{path}` is not an item the reader can see")),
                    None => unknown(format!("`{}` is not resolved", text(expr))),
                }
            }
            syn::Expr::Closure(_) => unknown("a closure".to_owned()),
            syn::Expr::MethodCall(call) if call.method == "layer" && call.args.len() == 1 => {
                let (handler, mut layers) = self.handler_in(&call.receiver, module, self_ty, depth);
                let layer = self.layer(
                    LayerKind::Layer,
                    &call.args[0],
                    self.loc(call.method.span()),
                );
                layers.insert(0, layer);
                (handler, layers)
            }
            syn::Expr::MethodCall(call) if call.method == "with_state" => {
                self.handler_in(&call.receiver, module, self_ty, depth)
            }
            syn::Expr::Macro(m) => unknown(format!(
                "built by macro `{}!`",
                m.mac
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default()
            )),
            _ => unknown(format!("`{}` is not a fn the reader can name", text(expr))),
        }
    }

    /// The layer `expr` attached at `at`.
    fn layer(&mut self, kind: LayerKind, expr: &'w syn::Expr, at: SourceLocation) -> Layer {
        Layer {
            kind,
            names: self.names(expr),
            text: text(expr),
            location: at,
        }
    }

    /// Absolute paths of the types and fns `expr` names, in source order, through local
    /// bindings; locals and the prelude are left out. `Type::method` gives `Type` (and
    /// `Type::method` too when the type is the workspace's).
    fn names(&mut self, expr: &'w syn::Expr) -> Vec<String> {
        let mut collector = Names {
            eval: self,
            module: None,
            self_ty: None,
            depth: 0,
            names: Vec::new(),
        };
        collector.module = Some(collector.eval.module);
        collector.self_ty = collector.eval.self_ty.clone();
        collector.visit_expr(expr);
        collector.names
    }
}

/// Collects the names of a layer or service expression.
struct Names<'e, 'r, 'w> {
    eval: &'e mut Eval<'r, 'w>,
    module: Option<&'w Module>,
    self_ty: Option<String>,
    depth: u32,
    names: Vec<String>,
}

impl<'w> Names<'_, '_, 'w> {
    fn add_path(&mut self, path: &syn::Path) {
        let Some(module) = self.module else {
            return;
        };
        // A local binding: follow its expression.
        if let Some(name) = path.get_ident().map(ToString::to_string)
            && let Some(binding) = self.eval.env.iter().rev().find(|b| b.name == name)
        {
            if let (Some(Val::Expr(e, m, t)), 0..4) = (&binding.val, self.depth) {
                let (e, m, t) = (*e, *m, t.clone());
                let saved = (self.module, self.self_ty.clone());
                self.module = Some(m);
                self.self_ty = t;
                self.depth += 1;
                self.visit_expr(e);
                self.depth -= 1;
                (self.module, self.self_ty) = saved;
            }
            return;
        }
        let saved = (self.eval.module, self.eval.self_ty.clone());
        self.eval.module = module;
        self.eval.self_ty = self.self_ty.clone();
        let resolved = self.eval.resolve(path);
        (self.eval.module, self.eval.self_ty) = saved;
        let Some(resolved) = resolved else {
            return;
        };
        let first = resolved.split("::").next().unwrap_or_default();
        if self.eval.reader.workspace.module(&resolved).is_some()
            || PRELUDE.contains(&first)
            || STD.contains(&first)
            || (!resolved.contains("::") && !module_defines(module, &resolved))
        {
            return;
        }
        let segments: Vec<&str> = resolved.split("::").collect();
        let is_type = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
        let mut push = |name: String| {
            if !self.names.contains(&name) {
                self.names.push(name);
            }
        };
        match segments.as_slice() {
            [.., ty, last] if is_type(ty) && !is_type(last) => {
                let type_path = segments[..segments.len() - 1].join("::");
                let in_workspace = self.eval.reader.index.fns.contains_key(&resolved);
                push(type_path);
                if in_workspace {
                    push(resolved);
                }
            }
            [.., ty, last] if is_type(ty) && last.chars().all(|c| c.is_uppercase() || c == '_') => {
                // `Method::GET`: the type.
                push(segments[..segments.len() - 1].join("::"));
            }
            _ => push(resolved),
        }
    }
}

impl<'a> Visit<'a> for Names<'_, '_, '_> {
    fn visit_expr_path(&mut self, e: &'a syn::ExprPath) {
        self.add_path(&e.path);
    }

    fn visit_expr_struct(&mut self, e: &'a syn::ExprStruct) {
        self.add_path(&e.path);
        syn::visit::visit_expr_struct(self, e);
    }

    fn visit_type_path(&mut self, t: &'a syn::TypePath) {
        self.add_path(&t.path);
    }

    fn visit_macro(&mut self, _: &'a syn::Macro) {}
}

impl<'w> Visit<'w> for Eval<'_, 'w> {
    fn visit_block(&mut self, block: &'w syn::Block) {
        let mark = self.env.len();
        for stmt in &block.stmts {
            self.stmt(stmt);
        }
        self.end_scope(mark);
    }

    fn visit_expr(&mut self, expr: &'w syn::Expr) {
        match expr {
            syn::Expr::If(_)
            | syn::Expr::Match(_)
            | syn::Expr::While(_)
            | syn::Expr::ForLoop(_)
            | syn::Expr::Loop(_) => {
                self.conditional += 1;
                syn::visit::visit_expr(self, expr);
                self.conditional -= 1;
                return;
            }
            syn::Expr::Assign(assign) => {
                if !self.assign(assign) {
                    syn::visit::visit_expr(self, expr);
                }
                return;
            }
            syn::Expr::Macro(m) => {
                self.macro_router(&m.mac);
                return;
            }
            syn::Expr::Closure(c) => {
                // Its parameters shadow outer names.
                let mark = self.env.len();
                for input in &c.inputs {
                    self.bind_pattern(input);
                }
                self.visit_expr(&c.body);
                self.end_scope(mark);
                return;
            }
            _ => {}
        }
        match self.eval(expr) {
            Some(Val::Router(routes)) => self.loose.push(routes),
            Some(_) => {}
            None => {
                self.unfollowed_chain(expr);
                syn::visit::visit_expr(self, expr);
            }
        }
    }
}

impl<'w> Eval<'_, 'w> {
    /// `x.route("/p", ..)` on a value that is not a router the reader followed.
    fn unfollowed_chain(&mut self, expr: &'w syn::Expr) {
        let syn::Expr::MethodCall(call) = expr else {
            return;
        };
        if !self.reader.uses_axum
            || !matches!(
                call.method.to_string().as_str(),
                "route" | "nest" | "merge" | "nest_service" | "route_service"
            )
        {
            return;
        }
        // Only the innermost unfollowed link of a chain is reported.
        let mut base = &*call.receiver;
        while let syn::Expr::MethodCall(inner) = base {
            base = &inner.receiver;
        }
        if matches!(&*call.receiver, syn::Expr::MethodCall(inner)
            if matches!(inner.method.to_string().as_str(), "route" | "nest" | "merge" | "nest_service" | "route_service" | "layer" | "route_layer"))
        {
            return;
        }
        // actix-web's `App::new().route("/x", web::get().to(h))` is not an axum router.
        if let Some(syn::Expr::MethodCall(arg)) = call.args.iter().nth(1)
            && arg.method == "to"
        {
            return;
        }
        if call.args.first().is_some_and(|a| {
            matches!(
                a,
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(_),
                    ..
                })
            )
        }) {
            self.unknown(
                format!("router `{}` is not followed", text(base)),
                base.span(),
            );
        }
    }
}

/// The attributes of a statement's expression.
fn expr_attrs(expr: &syn::Expr) -> &[syn::Attribute] {
    match expr {
        syn::Expr::Assign(e) => &e.attrs,
        syn::Expr::Call(e) => &e.attrs,
        syn::Expr::MethodCall(e) => &e.attrs,
        syn::Expr::Macro(e) => &e.attrs,
        syn::Expr::Block(e) => &e.attrs,
        syn::Expr::If(e) => &e.attrs,
        syn::Expr::Await(e) => &e.attrs,
        syn::Expr::Path(e) => &e.attrs,
        syn::Expr::Try(e) => &e.attrs,
        syn::Expr::Return(e) => &e.attrs,
        _ => &[],
    }
}

/// The names a fn's parameters bind (they shadow items of the same name).
fn params(sig: &syn::Signature) -> Vec<String> {
    struct Names(Vec<String>);
    impl<'a> Visit<'a> for Names {
        fn visit_pat_ident(&mut self, p: &'a syn::PatIdent) {
            self.0.push(p.ident.to_string());
        }
        fn visit_type(&mut self, _: &'a syn::Type) {}
    }
    let mut names = Names(Vec::new());
    for input in &sig.inputs {
        if let syn::FnArg::Typed(t) = input {
            names.visit_pat(&t.pat);
        }
    }
    names.0
}

/// The name a `let` pattern binds (`x`, `mut x`, `x: T`).
fn pattern_name(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Ident(p) if p.subpat.is_none() => Some(p.ident.to_string()),
        syn::Pat::Type(t) => pattern_name(&t.pat),
        _ => None,
    }
}

/// Whether `module` defines an item named `name` (a fn called the same as a local is the fn).
fn module_defines(module: &Module, name: &str) -> bool {
    module.items.iter().any(|item| match item {
        syn::Item::Fn(f) => f.sig.ident == name,
        syn::Item::Struct(s) => s.ident == name,
        syn::Item::Const(c) => c.ident == name,
        syn::Item::Static(s) => s.ident == name,
        _ => false,
    })
}

/// Whether a macro's tokens build an axum router (`Router`, `.route(`, `.nest(`).
fn tokens_build_router(tokens: &proc_macro2::TokenStream) -> bool {
    let mut previous_dot = false;
    for tree in tokens.clone() {
        match tree {
            proc_macro2::TokenTree::Ident(ident) => {
                if ident == "Router" || (previous_dot && (ident == "route" || ident == "nest")) {
                    return true;
                }
                previous_dot = false;
            }
            proc_macro2::TokenTree::Punct(p) => previous_dot = p.as_char() == '.',
            proc_macro2::TokenTree::Group(g) => {
                if tokens_build_router(&g.stream()) {
                    return true;
                }
                previous_dot = false;
            }
            proc_macro2::TokenTree::Literal(_) => previous_dot = false,
        }
    }
    false
}

/// The methods of `MethodFilter::GET | MethodFilter::POST` (or `.or(..)`); `false` when the
/// expression is not understood.
fn method_filter(expr: &syn::Expr, methods: &mut Vec<&'static str>) -> bool {
    match expr {
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::BitOr(_)) => {
            method_filter(&b.left, methods) && method_filter(&b.right, methods)
        }
        syn::Expr::MethodCall(call) if call.method == "or" && call.args.len() == 1 => {
            method_filter(&call.receiver, methods) && method_filter(&call.args[0], methods)
        }
        syn::Expr::Paren(p) => method_filter(&p.expr, methods),
        syn::Expr::Path(p) => {
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            let name = last.ident.to_string().to_ascii_lowercase();
            match routing_method(&name) {
                Some((method, false)) if method != "ANY" => {
                    methods.push(method);
                    true
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// `prefix` + `path`, as axum nests: `/api` + `/` is `/api`.
fn join(prefix: &str, path: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    if path.is_empty() || path == "/" {
        if prefix.is_empty() {
            "/".to_owned()
        } else {
            prefix.to_owned()
        }
    } else if path.starts_with('/') {
        format!("{prefix}{path}")
    } else {
        format!("{prefix}/{path}")
    }
}

/// The source text of `node`, whitespace collapsed, at most 120 characters.
fn text(node: &(impl quote::ToTokens + Spanned)) -> String {
    let raw = node
        .span()
        .source_text()
        .unwrap_or_else(|| node.to_token_stream().to_string());
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= 120 {
        collapsed
    } else {
        let mut cut: String = collapsed.chars().take(119).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_joins_prefixes_as_axum_does() {
        assert_eq!(join("/api", "/users"), "/api/users");
        assert_eq!(join("/api/", "/users"), "/api/users");
        assert_eq!(join("/api", "/"), "/api");
        assert_eq!(join("", "/"), "/");
        assert_eq!(join("/", "/x"), "/x");
    }

    #[test]
    fn method_filters_name_their_methods() {
        let mut methods = Vec::new();
        let expr: syn::Expr =
            syn::parse_str("MethodFilter::GET | MethodFilter::POST.or(MethodFilter::PUT)")
                .expect("expr");
        assert!(method_filter(&expr, &mut methods));
        assert_eq!(methods, ["GET", "POST", "PUT"]);
        let expr: syn::Expr = syn::parse_str("filter()").expect("expr");
        assert!(!method_filter(&expr, &mut Vec::new()));
    }
}
