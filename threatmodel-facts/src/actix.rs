//! The route table of actix-web 4 routers, read from `App::new()` chains without expanding
//! anything.
//!
//! Every `App::new()...` chain in a fn body of the crate (closures given to `HttpServer::new`
//! included) is read from its root outwards:
//!
//! - `.service(x)`: a handler fn with route attributes (`#[get("/x")]`, `#[route("/x", method =
//!   "PATCH")]`, several under `#[routes]`, a `#[scope("/p")]` module's prefix, the attribute's
//!   `wrap = "..."` middleware), `web::scope(p)` / `Scope::new(p)` (nested, prefixes joined),
//!   `web::resource(p)` / `Resource::new(p)` (one or several paths), a tuple or array of
//!   services, `actix_files::Files::new(mount, dir)` (`ANY {mount}/{*rest}`, a service) and
//!   `web::redirect(from, to)` (`ANY {from}`, a service);
//! - `.route(p, r)` on an App, Scope or ServiceConfig, `.route(r)`, `.to(h)` (`ANY`) and the
//!   method shortcuts (`.get(h)`, ...) on a Resource, where `r` is `web::get()` (and the other
//!   methods), `web::method(Method::PATCH)`, `web::route()` (`ANY`, narrowed by `.method(m)` or a
//!   method guard `.guard(guard::Post())`) or `web::to(h)`, each with `.to(h)`;
//! - `.wrap(mw)` and `.wrap_fn(f)` on App, Scope, Resource and Route: actix runs the last
//!   registered wrap first and applies it to every service of its App, Scope or Resource
//!   whatever the order of registration, so the layers of a route are the App's (last wrap
//!   first), then each enclosing Scope's, the Resource's, then the Route's (only those after its
//!   `.to`, which replaces what was wrapped before); a layer's `names` are the resolved paths the
//!   middleware expression names (`from_fn(auth::require_jwt)` gives
//!   `actix_web::middleware::from_fn` and `demo::auth::require_jwt`; `Logger::default()` gives
//!   the type `actix_web::middleware::Logger`), following a local `let` it is bound to;
//! - `.configure(f)`: `f` a fn taking `&mut web::ServiceConfig` (in any module or workspace
//!   crate), a closure, or a call returning one; in its body `cfg.service(..)`,
//!   `cfg.route(..)`, `cfg.configure(..)`, `cfg.default_service(..)` and calls that pass `cfg`
//!   on are followed, statements under `#[cfg]` are kept or dropped as `Cfg` decides;
//! - `.default_service(s)`: `ANY {prefix}/{*rest}` (`/{*rest}` for the App): the requests under
//!   the App's or Scope's prefix that no route matches; on a Resource, `ANY` at its path;
//! - a service, scope or resource built by another fn (`fn api() -> Scope`) or bound by a local
//!   `let` is followed to the expression it returns or is bound to.
//!
//! What is not seen is an `Unknown`: a closure handler (`Handler::Unknown`), a `.service(x)`
//! whose `x` has no route attribute or is not understood (a route `ANY {prefix}/{*rest}` with
//! `Handler::Unknown`, or `Handler::Service` for a value of an external type: something is
//! served there, its routes are not seen), an App built inside a macro or bound to a variable
//! and extended later, a method the reader does not know on a router, a `#[cfg]` it cannot
//! decide (read as if enabled), routes registered under a runtime condition (listed, and said
//! so), a path that is not a string literal or a `const` of one. Paths of the `paperclip::actix`
//! mirror of the actix-web API are read as actix-web's.

use std::rc::Rc;

use proc_macro2::{LineColumn, TokenStream, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Item};
use threatmodel_core::facts::{
    CrateFacts, Framework, Handler, Layer, LayerKind, Route, SourceLocation, Unknown,
};

use crate::attribute::{HTTP_METHODS, framework_route};
use crate::source::{Crate, Module, Workspace, location};

/// How many fns, bindings and configure fns deep a router is followed.
const MAX_DEPTH: u32 = 24;

/// The longest layer text kept, in characters.
const MAX_TEXT: usize = 120;

/// Crate prefixes whose items are actix-web's (`paperclip::actix` mirrors its API).
const ACTIX_PREFIXES: &[&str] = &["actix_web::", "paperclip::actix::"];

/// `web::get()` and the other method route constructors, with their method.
const METHOD_ROUTES: &[(&str, &str)] = &[
    ("web::get", "GET"),
    ("web::post", "POST"),
    ("web::put", "PUT"),
    ("web::patch", "PATCH"),
    ("web::delete", "DELETE"),
    ("web::head", "HEAD"),
    ("web::trace", "TRACE"),
];

/// The method shortcuts of `Resource` (`web::resource("/x").get(h)`).
const RESOURCE_SHORTCUTS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "trace"];

/// Method guards (`guard::Post()`), by name.
const METHOD_GUARDS: &[&str] = &[
    "Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Trace", "Connect",
];

/// Methods of App, Scope and ServiceConfig that register nothing served.
const INERT_METHODS: &[&str] = &[
    "app_data",
    "data",
    "data_factory",
    "external_resource",
    "guard",
    "add_guards",
];

/// Methods of Resource that register nothing served.
const INERT_RESOURCE_METHODS: &[&str] = &["name", "guard", "add_guards", "app_data", "data"];

/// Adds the routes served by the actix-web 4 routers built in `krate` to `facts`.
pub(crate) fn read(workspace: &Workspace, krate: &Crate, facts: &mut CrateFacts) {
    let app_macros = krate
        .modules
        .iter()
        .flat_map(|m| &m.items)
        .filter_map(|item| match item {
            Item::Macro(m) if builds_app(m.mac.tokens.clone()) => {
                m.ident.as_ref().map(ToString::to_string)
            }
            _ => None,
        })
        .collect();
    let mut reader = Reader {
        workspace,
        krate,
        app_macros,
        routes: Vec::new(),
        unknowns: Vec::new(),
        depth: 0,
    };
    for module in &krate.modules {
        for item in &module.items {
            reader.scan_item(module, item);
        }
    }
    facts.routes.append(&mut reader.routes);
    facts.unknowns.append(&mut reader.unknowns);
}

/// Where an expression is read: its module (for names and the file) and the local bindings of
/// its fn.
#[derive(Clone)]
struct Place<'a> {
    module: &'a Module,
    locals: Rc<Locals<'a>>,
}

/// The parameters and `let` bindings of one fn.
#[derive(Default)]
struct Locals<'a> {
    bindings: Vec<Binding<'a>>,
}

struct Binding<'a> {
    name: String,
    /// Where the binding becomes visible; a use sees the last binding before it.
    at: LineColumn,
    value: Bound<'a>,
}

#[derive(Clone, Copy)]
enum Bound<'a> {
    /// `let name = expr;`
    Expr(&'a Expr),
    /// A fn parameter of this type.
    Param(&'a syn::Type),
}

impl<'a> Locals<'a> {
    fn of(sig: &'a syn::Signature, block: &'a syn::Block) -> Locals<'a> {
        let mut locals = Locals::default();
        for input in &sig.inputs {
            if let syn::FnArg::Typed(typed) = input
                && let Some(ident) = pat_ident(&typed.pat)
            {
                locals.bindings.push(Binding {
                    name: ident.to_string(),
                    at: LineColumn { line: 0, column: 0 },
                    value: Bound::Param(&typed.ty),
                });
            }
        }
        let mut collector = LetCollector {
            bindings: &mut locals.bindings,
        };
        collector.visit_block(block);
        locals
    }

    fn lookup(&self, name: &str, at: LineColumn) -> Option<Bound<'a>> {
        self.bindings
            .iter()
            .filter(|b| b.name == name && (b.at.line, b.at.column) < (at.line, at.column))
            .max_by_key(|b| (b.at.line, b.at.column))
            .map(|b| b.value)
    }
}

struct LetCollector<'l, 'a> {
    bindings: &'l mut Vec<Binding<'a>>,
}

impl<'a> Visit<'a> for LetCollector<'_, 'a> {
    fn visit_local(&mut self, local: &'a syn::Local) {
        if let (Some(ident), Some(init)) = (pat_ident(&local.pat), &local.init) {
            // Visible after the statement: `let x = f(x);` reads the `x` before it.
            self.bindings.push(Binding {
                name: ident.to_string(),
                at: local.span().end(),
                value: Bound::Expr(&init.expr),
            });
        }
        syn::visit::visit_local(self, local);
    }

    fn visit_item(&mut self, _: &'a Item) {}
}

/// The identifier a pattern binds, for `x`, `mut x` and `x: T`.
fn pat_ident(pat: &syn::Pat) -> Option<&syn::Ident> {
    match pat {
        syn::Pat::Ident(p) => Some(&p.ident),
        syn::Pat::Type(t) => pat_ident(&t.pat),
        _ => None,
    }
}

/// A fn or associated fn found in the workspace.
#[derive(Clone, Copy)]
struct FnRef<'a> {
    attrs: &'a [syn::Attribute],
    sig: &'a syn::Signature,
    block: &'a syn::Block,
    module: &'a Module,
}

/// One method call of a chain, with where it is read.
struct Call<'a> {
    call: &'a syn::ExprMethodCall,
    place: Place<'a>,
}

impl<'a> Call<'a> {
    fn name(&self) -> String {
        self.call.method.to_string()
    }

    fn arg(&self, index: usize) -> Option<&'a Expr> {
        self.call.args.iter().nth(index)
    }

    fn location(&self) -> SourceLocation {
        location(&self.place.module.file, self.call.method.span())
    }
}

/// A method chain (`root.a(..).b(..)`), followed through local bindings and fns returning its
/// root: the calls are innermost first.
struct Chain<'a> {
    root: &'a Expr,
    place: Place<'a>,
    calls: Vec<Call<'a>>,
}

/// What the root of a chain builds.
enum Root<'a> {
    App,
    Scope(String),
    Resource(Vec<String>),
    Route(RouteStart<'a>),
    Files(String),
    Redirect(String),
    /// A handler fn with route attributes, and its absolute path.
    Handler(FnRef<'a>, String),
    /// A fn of the workspace without route attributes.
    NoAttribute(String),
    /// Several services (a tuple or array).
    Several(Vec<&'a Expr>),
    /// A value of an external type or fn, by its resolved path.
    External(String),
    /// Something the reader cannot read, and why.
    Unreadable(String),
}

/// The constructor of a `Route`.
struct RouteStart<'a> {
    /// `None` when the method expression cannot be read.
    method: Option<String>,
    handler: Option<&'a Expr>,
}

/// What a `Route` value serves.
struct RouteSpec {
    method: Option<String>,
    handler: Handler,
    layers: Vec<Layer>,
}

/// A prefix and the layers in force under it.
#[derive(Clone, Default)]
struct Mount {
    prefix: String,
    layers: Vec<Layer>,
}

impl Mount {
    fn join(&self, path: &str) -> String {
        join(&self.prefix, path)
    }

    /// Where a default service of this App or Scope answers.
    fn rest(&self) -> String {
        format!("{}/{{*rest}}", self.prefix.trim_end_matches('/'))
    }
}

/// `prefix` then `path`, with the `/` actix inserts before a path that lacks one.
fn join(prefix: &str, path: &str) -> String {
    if path.is_empty() {
        prefix.to_owned()
    } else if path.starts_with('/') {
        format!("{prefix}{path}")
    } else {
        format!("{prefix}/{path}")
    }
}

struct Reader<'a> {
    workspace: &'a Workspace,
    krate: &'a Crate,
    /// Names of the crate's `macro_rules!` whose expansion builds an `App`.
    app_macros: Vec<String>,
    routes: Vec<Route>,
    unknowns: Vec<Unknown>,
    depth: u32,
}

impl<'a> Reader<'a> {
    fn unknown(&mut self, what: String, location: SourceLocation) {
        self.unknowns.push(Unknown { what, location });
    }

    fn unknown_at(&mut self, what: String, place: &Place<'a>, span: proc_macro2::Span) {
        self.unknown(what, location(&place.module.file, span));
    }

    fn emit(
        &mut self,
        method: &str,
        path: &str,
        handler: Handler,
        layers: Vec<Layer>,
        location: SourceLocation,
    ) {
        let path = if path.is_empty() { "/" } else { path };
        self.routes.push(Route {
            framework: Framework::ActixWeb,
            method: method.to_owned(),
            path: threatmodel_core::route::normalise(path).0,
            handler,
            layers,
            location,
        });
    }

    /// Whether `attrs` keep an item or statement in the build; an undecidable `#[cfg]` is an
    /// unknown, read as if enabled.
    fn enabled(
        &mut self,
        attrs: &[syn::Attribute],
        place: &Place<'a>,
        span: proc_macro2::Span,
    ) -> bool {
        match self.krate.cfg.holds_for(attrs) {
            Some(holds) => holds,
            None => {
                self.unknown_at(
                    "`cfg` on a router statement cannot be evaluated; read as if enabled".into(),
                    place,
                    span,
                );
                true
            }
        }
    }

    // ---- finding Apps ----

    fn scan_item(&mut self, module: &'a Module, item: &'a Item) {
        match item {
            Item::Fn(f) => self.scan_fn(module, &f.attrs, &f.sig, &f.block),
            Item::Impl(imp) if self.krate.cfg.holds_for(&imp.attrs) != Some(false) => {
                for item in &imp.items {
                    if let syn::ImplItem::Fn(f) = item {
                        self.scan_fn(module, &f.attrs, &f.sig, &f.block);
                    }
                }
            }
            _ => {}
        }
    }

    fn scan_fn(
        &mut self,
        module: &'a Module,
        attrs: &'a [syn::Attribute],
        sig: &'a syn::Signature,
        block: &'a syn::Block,
    ) {
        let is_test = attrs
            .iter()
            .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"));
        if is_test || self.krate.cfg.holds_for(attrs) == Some(false) {
            return;
        }
        let place = Place {
            module,
            locals: Rc::new(Locals::of(sig, block)),
        };
        let mut finder = AppFinder {
            reader: self,
            place,
        };
        finder.visit_block(block);
    }

    /// Whether `expr` is a chain rooted at `App::new()` (not followed through bindings).
    fn is_app_chain(&self, expr: &Expr, place: &Place<'a>) -> bool {
        let mut e = strip(expr);
        while let Expr::MethodCall(mc) = e {
            e = strip(&mc.receiver);
        }
        match e {
            Expr::Call(call) => match strip(&call.func) {
                Expr::Path(p) => self.actix_item(place, &p.path).as_deref() == Some("App::new"),
                _ => false,
            },
            _ => false,
        }
    }

    fn app(&mut self, expr: &'a Expr, place: &Place<'a>) {
        let chain = self.chain(expr, place.clone());
        self.container(&chain.calls, &Mount::default(), "App");
    }

    // ---- chains and their roots ----

    /// The method chain of `expr`, its root followed through local bindings, blocks and
    /// workspace fns that return it.
    fn chain(&mut self, expr: &'a Expr, place: Place<'a>) -> Chain<'a> {
        let mut calls = Vec::new();
        let mut e = strip(expr);
        while let Expr::MethodCall(call) = e {
            calls.push(Call {
                call,
                place: place.clone(),
            });
            e = strip(&call.receiver);
        }
        calls.reverse();
        if self.depth >= MAX_DEPTH {
            return Chain {
                root: e,
                place,
                calls,
            };
        }
        let inner = match e {
            Expr::Path(p) => match p.path.get_ident() {
                Some(ident) => match place
                    .locals
                    .lookup(&ident.to_string(), ident.span().start())
                {
                    Some(Bound::Expr(init)) => Some((init, place.clone())),
                    _ => None,
                },
                None => None,
            },
            Expr::Block(b) => tail_expr(&b.block).map(|t| (t, place.clone())),
            Expr::Call(call) => match strip(&call.func) {
                Expr::Path(p) if self.actix_item(&place, &p.path).is_none() => self
                    .workspace
                    .resolve_path(place.module, &p.path)
                    .and_then(|path| self.find_fn(&path))
                    .and_then(|f| tail_expr(f.block).map(|t| (t, self.place_of(f)))),
                _ => None,
            },
            _ => None,
        };
        match inner {
            Some((inner, inner_place)) => {
                self.depth += 1;
                let mut chain = self.chain(inner, inner_place);
                self.depth -= 1;
                chain.calls.extend(calls);
                chain
            }
            None => Chain {
                root: e,
                place,
                calls,
            },
        }
    }

    /// What the root of `chain` builds.
    fn root(&mut self, chain: &Chain<'a>) -> Root<'a> {
        let place = &chain.place;
        match chain.root {
            Expr::Call(call) => {
                let Expr::Path(func) = strip(&call.func) else {
                    return Root::Unreadable(format!("`{}` is not understood", text(chain.root)));
                };
                let arg = call.args.first();
                let Some(item) = self.actix_item(place, &func.path) else {
                    return match self.workspace.resolve_path(place.module, &func.path) {
                        Some(path) if self.find_fn(&path).is_some() => Root::NoAttribute(path),
                        Some(path) => Root::External(type_of_callee(&path)),
                        None => Root::Unreadable(format!("`{}` is not resolved", text(&call.func))),
                    };
                };
                match item.as_str() {
                    "App::new" => Root::App,
                    "web::scope" | "Scope::new" => match arg.and_then(|a| self.string(a, place)) {
                        Some(path) => Root::Scope(path),
                        None => Root::Unreadable(format!(
                            "the path of scope `{}` is not a string the reader can read",
                            text(chain.root)
                        )),
                    },
                    "web::resource" | "Resource::new" => {
                        match arg.and_then(|a| self.strings(a, place)) {
                            Some(paths) => Root::Resource(paths),
                            None => Root::Unreadable(format!(
                                "the path of resource `{}` is not a string the reader can read",
                                text(chain.root)
                            )),
                        }
                    }
                    "web::route" | "Route::new" => Root::Route(RouteStart {
                        method: Some("ANY".into()),
                        handler: None,
                    }),
                    "web::to" => Root::Route(RouteStart {
                        method: Some("ANY".into()),
                        handler: arg,
                    }),
                    "web::method" => Root::Route(RouteStart {
                        method: arg.and_then(method_of),
                        handler: None,
                    }),
                    "web::redirect" | "Redirect::new" => {
                        match arg.and_then(|a| self.string(a, place)) {
                            Some(from) => Root::Redirect(from),
                            None => Root::Unreadable(format!(
                                "the path of redirect `{}` is not a string the reader can read",
                                text(chain.root)
                            )),
                        }
                    }
                    "actix_files::Files::new" => match arg.and_then(|a| self.string(a, place)) {
                        Some(mount) => Root::Files(mount),
                        None => Root::Unreadable(format!(
                            "the mount path of `{}` is not a string the reader can read",
                            text(chain.root)
                        )),
                    },
                    other => match METHOD_ROUTES.iter().find(|(name, _)| *name == other) {
                        Some((_, method)) => Root::Route(RouteStart {
                            method: Some((*method).to_owned()),
                            handler: None,
                        }),
                        None => Root::External(other.to_owned()),
                    },
                }
            }
            Expr::Path(p) => match self.workspace.resolve_path(place.module, &p.path) {
                Some(path) => match self.find_fn(&path) {
                    Some(f) if has_route_attribute(f.attrs) => Root::Handler(f, path),
                    Some(_) => Root::NoAttribute(path),
                    None => Root::External(path),
                },
                None => Root::Unreadable(format!("`{}` is not resolved", text(chain.root))),
            },
            Expr::Tuple(t) => Root::Several(t.elems.iter().collect()),
            Expr::Array(a) => Root::Several(a.elems.iter().collect()),
            Expr::Macro(m) => Root::Unreadable(format!(
                "a service built by macro `{}!` is not read",
                path_text(&m.mac.path)
            )),
            Expr::Closure(_) => Root::Unreadable("a closure is not a service".into()),
            other => Root::Unreadable(format!("`{}` is not understood", text(other))),
        }
    }

    // ---- routers ----

    /// The calls of an App, Scope or ServiceConfig chain, under `mount`.
    fn container(&mut self, calls: &[Call<'a>], mount: &Mount, what: &str) {
        let mut inner = mount.clone();
        for call in calls.iter().rev() {
            if let Some(layer) = self.wrap(call) {
                inner.layers.push(layer);
            }
        }
        let mut default = None;
        for call in calls {
            let name = call.name();
            match name.as_str() {
                "wrap" | "wrap_fn" => {}
                "service" => {
                    if let Some(arg) = call.arg(0) {
                        self.service(arg, &call.place, &inner);
                    }
                }
                "route" => self.route_call(call, &inner),
                "configure" => {
                    if let Some(arg) = call.arg(0) {
                        self.configure(arg, &call.place, &inner);
                    }
                }
                "default_service" => default = Some(call),
                _ if INERT_METHODS.contains(&name.as_str()) => {}
                _ => self.unknown(
                    format!(
                        "`.{name}(..)` on an actix-web {what} is not understood; what it registers is not seen"
                    ),
                    call.location(),
                ),
            }
        }
        if let Some(call) = default
            && let Some(arg) = call.arg(0)
        {
            self.default_service(arg, &call.place, &inner, &inner.rest(), call.location());
        }
    }

    /// A `.wrap(mw)` or `.wrap_fn(f)` call as a layer; `None` for other calls.
    fn wrap(&mut self, call: &Call<'a>) -> Option<Layer> {
        if !matches!(call.name().as_str(), "wrap" | "wrap_fn") {
            return None;
        }
        let arg = call.arg(0)?;
        let names = self.names(arg, &call.place);
        let layer = Layer {
            kind: LayerKind::Wrap,
            names,
            text: text(arg),
            location: call.location(),
        };
        if layer.names.is_empty() {
            self.unknown(
                format!(
                    "middleware `{}` names nothing the reader can resolve",
                    layer.text
                ),
                layer.location.clone(),
            );
        }
        Some(layer)
    }

    /// A `.service(x)` argument under `mount`.
    fn service(&mut self, expr: &'a Expr, place: &Place<'a>, mount: &Mount) {
        if !self.enabled(expr_attrs(expr), place, expr.span()) {
            return;
        }
        let at = location(&place.module.file, expr.span());
        if self.depth >= MAX_DEPTH {
            self.unknown("router nesting is too deep to follow".into(), at);
            return;
        }
        self.depth += 1;
        let chain = self.chain(expr, place.clone());
        let root = self.root(&chain);
        match root {
            Root::Scope(path) => {
                let scope = Mount {
                    prefix: mount.join(&path),
                    layers: mount.layers.clone(),
                };
                self.container(&chain.calls, &scope, "Scope");
            }
            Root::Resource(paths) => {
                let paths: Vec<String> = paths.iter().map(|p| mount.join(p)).collect();
                self.resource(&chain.calls, &paths, mount);
            }
            Root::Handler(f, path) if chain.calls.is_empty() => {
                self.attribute_routes(f, &path, mount, at);
            }
            Root::Several(services) if chain.calls.is_empty() => {
                for service in services {
                    self.service(service, &chain.place, mount);
                }
            }
            Root::Files(files_mount) => {
                let path = format!(
                    "{}/{{*rest}}",
                    mount.join(&files_mount).trim_end_matches('/')
                );
                let name = "actix_files::Files".to_owned();
                self.emit(
                    "ANY",
                    &path,
                    Handler::Service { name },
                    mount.layers.clone(),
                    at,
                );
            }
            Root::Redirect(from) => {
                let name = "actix_web::web::Redirect".to_owned();
                self.emit(
                    "ANY",
                    &mount.join(&from),
                    Handler::Service { name },
                    mount.layers.clone(),
                    at,
                );
            }
            Root::External(name) => {
                self.emit(
                    "ANY",
                    &mount.rest(),
                    Handler::Service { name },
                    mount.layers.clone(),
                    at,
                );
            }
            Root::NoAttribute(path) => {
                let reason = format!("`{path}` has no route attribute");
                self.emit(
                    "ANY",
                    &mount.rest(),
                    Handler::Unknown { reason },
                    mount.layers.clone(),
                    at,
                );
            }
            Root::Unreadable(reason) => {
                self.emit(
                    "ANY",
                    &mount.rest(),
                    Handler::Unknown { reason },
                    mount.layers.clone(),
                    at,
                );
            }
            Root::App | Root::Route(_) | Root::Handler(..) | Root::Several(_) => {
                let reason = format!("service `{}` is not understood", text(expr));
                self.emit(
                    "ANY",
                    &mount.rest(),
                    Handler::Unknown { reason },
                    mount.layers.clone(),
                    at,
                );
            }
        }
        self.depth -= 1;
    }

    /// `.route(path, route)` on an App, Scope or ServiceConfig.
    fn route_call(&mut self, call: &Call<'a>, mount: &Mount) {
        let (Some(path), Some(route)) = (call.arg(0), call.arg(1)) else {
            return;
        };
        let Some(path) = self.string(path, &call.place) else {
            self.unknown(
                format!(
                    "the path of route `{}` is not a string the reader can read",
                    text(path)
                ),
                call.location(),
            );
            return;
        };
        let path = mount.join(&path);
        self.route_value(route, &call.place, &[path], &mount.layers, call.location());
    }

    /// Routes for a `Route` value at each of `paths`.
    fn route_value(
        &mut self,
        expr: &'a Expr,
        place: &Place<'a>,
        paths: &[String],
        layers: &[Layer],
        at: SourceLocation,
    ) {
        let Some(spec) = self.route_spec(expr, place) else {
            self.unknown(format!("route `{}` is not understood", text(expr)), at);
            return;
        };
        let Some(method) = spec.method else {
            self.unknown(
                format!("the method of route `{}` is not read", text(expr)),
                at,
            );
            return;
        };
        for path in paths {
            let mut all = layers.to_vec();
            all.extend(spec.layers.iter().cloned());
            self.emit(&method, path, spec.handler.clone(), all, at.clone());
        }
    }

    /// What a `Route` value serves; `None` when `expr` is not a route the reader knows.
    fn route_spec(&mut self, expr: &'a Expr, place: &Place<'a>) -> Option<RouteSpec> {
        let chain = self.chain(expr, place.clone());
        let Root::Route(start) = self.root(&chain) else {
            return None;
        };
        let mut method = start.method;
        let mut handler = match start.handler {
            Some(h) => self.handler(h, &chain.place),
            None => Handler::Unknown {
                reason: "the route has no handler".into(),
            },
        };
        let mut wraps = Vec::new();
        for call in &chain.calls {
            let name = call.name();
            match name.as_str() {
                "to" => {
                    if let Some(arg) = call.arg(0) {
                        handler = self.handler(arg, &call.place);
                    }
                    wraps.clear();
                }
                "service" => {
                    if let Some(arg) = call.arg(0) {
                        let names = self.names(arg, &call.place);
                        handler = Handler::Service {
                            name: names.first().cloned().unwrap_or_else(|| text(arg)),
                        };
                    }
                    wraps.clear();
                }
                "method" => method = call.arg(0).and_then(method_of),
                "guard" => {
                    if let Some(guarded) = call.arg(0).and_then(method_guard) {
                        method = Some(guarded);
                    }
                }
                "wrap" => wraps.extend(self.wrap(call)),
                _ => self.unknown(
                    format!("`.{name}(..)` on an actix-web Route is not understood"),
                    call.location(),
                ),
            }
        }
        wraps.reverse();
        Some(RouteSpec {
            method,
            handler,
            layers: wraps,
        })
    }

    /// The calls of a Resource chain at `paths` (joined with the enclosing prefix).
    fn resource(&mut self, calls: &[Call<'a>], paths: &[String], mount: &Mount) {
        let mut layers = mount.layers.clone();
        for call in calls.iter().rev() {
            if let Some(layer) = self.wrap(call) {
                layers.push(layer);
            }
        }
        let mut default = None;
        for call in calls {
            let name = call.name();
            match name.as_str() {
                "wrap" | "wrap_fn" => {}
                "route" => {
                    if let Some(arg) = call.arg(0) {
                        self.route_value(arg, &call.place, paths, &layers, call.location());
                    }
                }
                "to" => {
                    if let Some(arg) = call.arg(0) {
                        let handler = self.handler(arg, &call.place);
                        for path in paths {
                            self.emit("ANY", path, handler.clone(), layers.clone(), call.location());
                        }
                    }
                }
                shortcut if RESOURCE_SHORTCUTS.contains(&shortcut) => {
                    if let Some(arg) = call.arg(0) {
                        let handler = self.handler(arg, &call.place);
                        let method = shortcut.to_ascii_uppercase();
                        for path in paths {
                            self.emit(&method, path, handler.clone(), layers.clone(), call.location());
                        }
                    }
                }
                "default_service" => default = Some(call),
                _ if INERT_RESOURCE_METHODS.contains(&name.as_str()) => {}
                _ => self.unknown(
                    format!(
                        "`.{name}(..)` on an actix-web Resource is not understood; what it registers is not seen"
                    ),
                    call.location(),
                ),
            }
        }
        if let Some(call) = default
            && let Some(arg) = call.arg(0)
        {
            let resource = Mount {
                prefix: String::new(),
                layers,
            };
            for path in paths {
                self.default_service(arg, &call.place, &resource, path, call.location());
            }
        }
    }

    /// A default service answering `ANY path` under `mount`'s layers.
    fn default_service(
        &mut self,
        expr: &'a Expr,
        place: &Place<'a>,
        mount: &Mount,
        path: &str,
        at: SourceLocation,
    ) {
        let chain = self.chain(expr, place.clone());
        let handler = match self.root(&chain) {
            Root::Route(_) => match self.route_spec(expr, place) {
                Some(spec) => {
                    let mut layers = mount.layers.clone();
                    layers.extend(spec.layers);
                    self.emit("ANY", path, spec.handler, layers, at);
                    return;
                }
                None => Handler::Unknown {
                    reason: format!("default service `{}` is not understood", text(expr)),
                },
            },
            Root::Resource(_) => {
                self.resource(
                    &chain.calls,
                    &[path.to_owned()],
                    &Mount {
                        prefix: String::new(),
                        layers: mount.layers.clone(),
                    },
                );
                return;
            }
            Root::Files(_) => Handler::Service {
                name: "actix_files::Files".into(),
            },
            Root::Handler(_, path) | Root::NoAttribute(path) => Handler::Fn { path },
            Root::External(name) if name.ends_with("fn_service") => {
                match expr_call_arg(chain.root) {
                    Some(arg) => self.handler(arg, &chain.place),
                    None => Handler::Unknown {
                        reason: format!("default service `{}` is not understood", text(expr)),
                    },
                }
            }
            Root::External(name) => Handler::Service { name },
            _ => Handler::Unknown {
                reason: format!("default service `{}` is not understood", text(expr)),
            },
        };
        self.emit("ANY", path, handler, mount.layers.clone(), at);
    }

    /// The routes of a handler fn's route attributes, under `mount`.
    fn attribute_routes(&mut self, f: FnRef<'a>, path: &str, mount: &Mount, at: SourceLocation) {
        let prefix = self.scope_attribute(f.module);
        let place = self.place_of(f);
        for attr in f.attrs {
            let Some(route) = framework_route(std::slice::from_ref(attr)) else {
                continue;
            };
            let extra = route_attribute_extras(attr);
            let mut layers = mount.layers.clone();
            for wrap in extra.wraps.iter().rev() {
                let names = match syn::parse_str::<Expr>(&wrap.value()) {
                    Ok(expr) => self.names(&expr, &place),
                    Err(_) => Vec::new(),
                };
                let layer = Layer {
                    kind: LayerKind::Wrap,
                    names,
                    text: collapse(&wrap.value()),
                    location: location(&f.module.file, wrap.span()),
                };
                if layer.names.is_empty() {
                    self.unknown(
                        format!(
                            "middleware `{}` names nothing the reader can resolve",
                            layer.text
                        ),
                        layer.location.clone(),
                    );
                }
                layers.push(layer);
            }
            let methods = if extra.methods.is_empty() {
                vec![route.method]
            } else {
                extra.methods
            };
            let full = mount.join(&join(&prefix, &route.path));
            for method in methods {
                self.emit(
                    &method,
                    &full,
                    Handler::Fn {
                        path: path.to_owned(),
                    },
                    layers.clone(),
                    at.clone(),
                );
            }
        }
    }

    /// The prefix of a `#[scope("/p")]` attribute on the inline module `module`, if any.
    fn scope_attribute(&self, module: &Module) -> String {
        let Some((parent, name)) = module.path.rsplit_once("::") else {
            return String::new();
        };
        let Some(parent) = self.workspace.module(parent) else {
            return String::new();
        };
        parent
            .items
            .iter()
            .find_map(|item| match item {
                Item::Mod(m) if m.ident == name => m.attrs.iter().find_map(|attr| {
                    let last = attr.path().segments.last()?;
                    if last.ident != "scope" {
                        return None;
                    }
                    attr.parse_args::<syn::LitStr>().ok().map(|s| s.value())
                }),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// A handler expression (`.to(h)`).
    fn handler(&mut self, expr: &'a Expr, place: &Place<'a>) -> Handler {
        match strip(expr) {
            Expr::Path(p) => {
                if let Some(ident) = p.path.get_ident() {
                    match place
                        .locals
                        .lookup(&ident.to_string(), ident.span().start())
                    {
                        Some(Bound::Expr(init)) if self.depth < MAX_DEPTH => {
                            self.depth += 1;
                            let handler = self.handler(init, place);
                            self.depth -= 1;
                            return handler;
                        }
                        Some(_) => {
                            return Handler::Unknown {
                                reason: format!(
                                    "handler `{ident}` is a value the reader cannot follow"
                                ),
                            };
                        }
                        None => {}
                    }
                }
                match self.workspace.resolve_path(place.module, &p.path) {
                    Some(path) => Handler::Fn { path },
                    None => Handler::Unknown {
                        reason: format!("handler `{}` is not resolved", text(expr)),
                    },
                }
            }
            Expr::Closure(_) => Handler::Unknown {
                reason: "closure handler".into(),
            },
            other => Handler::Unknown {
                reason: format!("handler built by `{}`", text(other)),
            },
        }
    }

    // ---- configure ----

    /// A `.configure(f)` argument under `mount`.
    fn configure(&mut self, expr: &'a Expr, place: &Place<'a>, mount: &Mount) {
        let at = location(&place.module.file, expr.span());
        if self.depth >= MAX_DEPTH {
            self.unknown("router nesting is too deep to follow".into(), at);
            return;
        }
        self.depth += 1;
        match strip(expr) {
            Expr::Closure(closure) => match closure.inputs.first().and_then(pat_ident) {
                Some(var) => self.config_expr(&closure.body, &var.to_string(), place, mount),
                None => self.unknown(
                    format!("configure closure `{}` is not understood", text(expr)),
                    at,
                ),
            },
            Expr::Path(p) => {
                let local = p.path.get_ident().and_then(|ident| {
                    place
                        .locals
                        .lookup(&ident.to_string(), ident.span().start())
                });
                match local {
                    Some(Bound::Expr(init)) => self.configure(init, place, mount),
                    Some(Bound::Param(_)) => self.unknown(
                        format!(
                            "configure fn `{}` is a parameter the reader cannot follow",
                            text(expr)
                        ),
                        at,
                    ),
                    None => match self
                        .workspace
                        .resolve_path(place.module, &p.path)
                        .and_then(|path| self.find_fn(&path))
                    {
                        Some(f) => self.config_fn(f, 0, mount),
                        None => {
                            self.unknown(format!("configure fn `{}` is not read", text(expr)), at)
                        }
                    },
                }
            }
            Expr::Call(call) => {
                let found = match strip(&call.func) {
                    Expr::Path(p) => self
                        .workspace
                        .resolve_path(place.module, &p.path)
                        .and_then(|path| self.find_fn(&path))
                        .and_then(|f| tail_expr(f.block).map(|t| (t, self.place_of(f)))),
                    _ => None,
                };
                match found {
                    Some((tail, fn_place)) => self.configure(tail, &fn_place, mount),
                    None => self.unknown(
                        format!("configure fn built by `{}` is not read", text(expr)),
                        at,
                    ),
                }
            }
            _ => self.unknown(
                format!("configure fn `{}` is not understood", text(expr)),
                at,
            ),
        }
        self.depth -= 1;
    }

    /// The body of a configure fn whose parameter `index` is the `ServiceConfig`.
    fn config_fn(&mut self, f: FnRef<'a>, index: usize, mount: &Mount) {
        let place = self.place_of(f);
        let var = f
            .sig
            .inputs
            .iter()
            .nth(index)
            .and_then(|input| match input {
                syn::FnArg::Typed(t) => pat_ident(&t.pat),
                syn::FnArg::Receiver(_) => None,
            });
        match var {
            Some(var) => self.config_block(f.block, &var.to_string(), &place, mount),
            None => self.unknown_at(
                format!(
                    "configure fn `{}` takes no `ServiceConfig` the reader can follow",
                    f.sig.ident
                ),
                &place,
                f.sig.ident.span(),
            ),
        }
    }

    fn config_block(&mut self, block: &'a syn::Block, var: &str, place: &Place<'a>, mount: &Mount) {
        for stmt in &block.stmts {
            let (attrs, span) = match stmt {
                syn::Stmt::Local(l) => (&l.attrs[..], l.span()),
                syn::Stmt::Expr(e, _) => (expr_attrs(e), e.span()),
                syn::Stmt::Macro(m) => (&m.attrs[..], m.span()),
                syn::Stmt::Item(_) => continue,
            };
            if !self.enabled(attrs, place, span) {
                continue;
            }
            match stmt {
                syn::Stmt::Expr(e, _) => self.config_expr(e, var, place, mount),
                syn::Stmt::Local(l) => {
                    if let Some(init) = &l.init
                        && mentions(init.expr.to_token_stream(), var)
                    {
                        self.config_expr(&init.expr, var, place, mount);
                    }
                }
                syn::Stmt::Macro(m) => {
                    if mentions(m.mac.tokens.clone(), var) {
                        self.unknown_at(
                            format!(
                                "macro `{}!` uses `{var}`; what it registers is not seen",
                                path_text(&m.mac.path)
                            ),
                            place,
                            m.span(),
                        );
                    }
                }
                syn::Stmt::Item(_) => {}
            }
        }
    }

    /// A statement or expression of a configure fn body, where `var` is the `ServiceConfig`.
    fn config_expr(&mut self, expr: &'a Expr, var: &str, place: &Place<'a>, mount: &Mount) {
        match strip(expr) {
            Expr::Block(b) => self.config_block(&b.block, var, place, mount),
            Expr::Unsafe(b) => self.config_block(&b.block, var, place, mount),
            Expr::MethodCall(_) => {
                let mut root = strip(expr);
                while let Expr::MethodCall(mc) = root {
                    root = strip(&mc.receiver);
                }
                if is_var(root, var) {
                    let chain = self.chain(expr, place.clone());
                    self.container(&chain.calls, mount, "ServiceConfig");
                } else if mentions(expr.to_token_stream(), var) {
                    self.unknown_at(
                        format!(
                            "`{}` is not understood; what it registers is not seen",
                            text(expr)
                        ),
                        place,
                        expr.span(),
                    );
                }
            }
            Expr::Call(call) => {
                let index = call.args.iter().position(|a| is_var(a, var));
                let callee = match strip(&call.func) {
                    Expr::Path(p) => self
                        .workspace
                        .resolve_path(place.module, &p.path)
                        .and_then(|path| self.find_fn(&path)),
                    _ => None,
                };
                match (index, callee) {
                    (Some(index), Some(f)) if self.depth < MAX_DEPTH => {
                        self.depth += 1;
                        self.config_fn(f, index, mount);
                        self.depth -= 1;
                    }
                    (None, _) if !mentions(expr.to_token_stream(), var) => {}
                    _ => self.unknown_at(
                        format!(
                            "`{}` is not read; what it registers is not seen",
                            text(&call.func)
                        ),
                        place,
                        expr.span(),
                    ),
                }
            }
            Expr::If(if_expr) => {
                if mentions(expr.to_token_stream(), var) {
                    self.unknown_at(
                        format!(
                            "routes registered under the runtime condition `{}` are listed as served",
                            text(&if_expr.cond)
                        ),
                        place,
                        if_expr.if_token.span,
                    );
                    self.config_block(&if_expr.then_branch, var, place, mount);
                    if let Some((_, otherwise)) = &if_expr.else_branch {
                        self.config_expr(otherwise, var, place, mount);
                    }
                }
            }
            Expr::Match(m) => {
                if mentions(expr.to_token_stream(), var) {
                    self.unknown_at(
                        format!(
                            "routes registered under the runtime condition `match {}` are listed as served",
                            text(&m.expr)
                        ),
                        place,
                        m.match_token.span,
                    );
                    for arm in &m.arms {
                        self.config_expr(&arm.body, var, place, mount);
                    }
                }
            }
            Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => {
                if mentions(expr.to_token_stream(), var) {
                    self.unknown_at(
                        format!("routes registered in a loop through `{var}` are not seen"),
                        place,
                        expr.span(),
                    );
                }
            }
            other => {
                if mentions(other.to_token_stream(), var) {
                    self.unknown_at(
                        format!(
                            "`{}` is not understood; what it registers is not seen",
                            text(other)
                        ),
                        place,
                        other.span(),
                    );
                }
            }
        }
    }

    // ---- names and values ----

    /// The absolute paths `expr` names, in source order, without repeats.
    fn names(&self, expr: &Expr, place: &Place<'a>) -> Vec<String> {
        let mut collector = NameCollector {
            reader: self,
            place,
            names: Vec::new(),
            depth: 0,
        };
        collector.visit_expr(expr);
        collector.names
    }

    /// A string literal, or a path to a `const`/`static` holding one.
    fn string(&self, expr: &Expr, place: &Place<'a>) -> Option<String> {
        match strip(expr) {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            Expr::Path(p) => {
                let path = self.workspace.resolve_path(place.module, &p.path)?;
                let (module_path, name) = path.rsplit_once("::")?;
                let module = self.workspace.module(module_path)?;
                module.items.iter().find_map(|item| {
                    let (ident, value, attrs) = match item {
                        Item::Const(c) => (&c.ident, &*c.expr, &c.attrs),
                        Item::Static(s) => (&s.ident, &*s.expr, &s.attrs),
                        _ => return None,
                    };
                    if ident != name || self.krate.cfg.holds_for(attrs) == Some(false) {
                        return None;
                    }
                    let place = Place {
                        module,
                        locals: Rc::default(),
                    };
                    self.string(value, &place)
                })
            }
            _ => None,
        }
    }

    /// One string, or an array or `vec![...]` of strings (a resource's paths).
    fn strings(&self, expr: &Expr, place: &Place<'a>) -> Option<Vec<String>> {
        match strip(expr) {
            Expr::Array(a) => a.elems.iter().map(|e| self.string(e, place)).collect(),
            Expr::Macro(m) if m.mac.path.is_ident("vec") => {
                let parser =
                    syn::punctuated::Punctuated::<syn::LitStr, syn::Token![,]>::parse_terminated;
                let items = m.mac.parse_body_with(parser).ok()?;
                Some(items.iter().map(syn::LitStr::value).collect())
            }
            other => self.string(other, place).map(|s| vec![s]),
        }
    }

    /// The actix-web item `path` names, as `App::new`, `web::scope`, `Scope::new`, ... (the
    /// `actix_web::` or `paperclip::actix::` prefix removed), or `actix_files::Files::new`;
    /// names brought in by a glob import of actix-web are found too.
    fn actix_item(&self, place: &Place<'a>, path: &syn::Path) -> Option<String> {
        let resolved = self.workspace.resolve_path(place.module, path)?;
        let known = |full: &str| -> Option<String> {
            if full == "actix_files::Files::new" {
                return Some(full.to_owned());
            }
            let rest = ACTIX_PREFIXES.iter().find_map(|p| full.strip_prefix(p))?;
            is_actix_constructor(rest).then(|| rest.to_owned())
        };
        if let Some(found) = known(&resolved) {
            return Some(found);
        }
        // `use actix_web::*;` (or `web::*`): the name comes back unresolved.
        let written: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if resolved != written.join("::") {
            return None;
        }
        glob_prefixes(place.module)
            .iter()
            .find_map(|glob| known(&format!("{glob}::{resolved}")))
    }

    /// The fn or associated fn at absolute `path`, if the workspace defines it (in the build).
    fn find_fn(&self, path: &str) -> Option<FnRef<'a>> {
        let (module_path, name) = path.rsplit_once("::")?;
        if let Some(module) = self.workspace.module(module_path) {
            let found = module.items.iter().find_map(|item| match item {
                Item::Fn(f) if f.sig.ident == name && self.krate_cfg_holds(&f.attrs) => {
                    Some(FnRef {
                        attrs: &f.attrs,
                        sig: &f.sig,
                        block: &f.block,
                        module,
                    })
                }
                _ => None,
            });
            if found.is_some() {
                return found;
            }
        }
        // An associated fn: `krate::module::Type::name`.
        let (module_path, type_name) = module_path.rsplit_once("::")?;
        let module = self.workspace.module(module_path)?;
        module.items.iter().find_map(|item| {
            let Item::Impl(imp) = item else {
                return None;
            };
            let syn::Type::Path(self_ty) = &*imp.self_ty else {
                return None;
            };
            if self_ty.path.segments.last()?.ident != type_name {
                return None;
            }
            imp.items.iter().find_map(|item| match item {
                syn::ImplItem::Fn(f) if f.sig.ident == name && self.krate_cfg_holds(&f.attrs) => {
                    Some(FnRef {
                        attrs: &f.attrs,
                        sig: &f.sig,
                        block: &f.block,
                        module,
                    })
                }
                _ => None,
            })
        })
    }

    fn krate_cfg_holds(&self, attrs: &[syn::Attribute]) -> bool {
        self.krate.cfg.holds_for(attrs) != Some(false)
    }

    fn place_of(&self, f: FnRef<'a>) -> Place<'a> {
        Place {
            module: f.module,
            locals: Rc::new(Locals::of(f.sig, f.block)),
        }
    }
}

/// Whether `rest` (an actix-web path without its crate) is a constructor the reader knows.
fn is_actix_constructor(rest: &str) -> bool {
    matches!(
        rest,
        "App::new"
            | "web::scope"
            | "Scope::new"
            | "web::resource"
            | "Resource::new"
            | "web::route"
            | "Route::new"
            | "web::to"
            | "web::method"
            | "web::redirect"
            | "Redirect::new"
    ) || METHOD_ROUTES.iter().any(|(name, _)| *name == rest)
}

/// The prefixes of `use prefix::*;` imports of actix-web in `module`.
fn glob_prefixes(module: &Module) -> Vec<String> {
    fn walk(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                walk(&p.tree, prefix, out);
                prefix.pop();
            }
            syn::UseTree::Glob(_) => out.push(prefix.join("::")),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    walk(tree, prefix, out);
                }
            }
            syn::UseTree::Name(_) | syn::UseTree::Rename(_) => {}
        }
    }
    let mut out = Vec::new();
    for item in &module.items {
        if let Item::Use(u) = item {
            walk(&u.tree, &mut Vec::new(), &mut out);
        }
    }
    out.retain(|p| p.starts_with("actix_web") || p.starts_with("paperclip::actix"));
    out
}

/// Finds `App::new()` chains in a fn body.
struct AppFinder<'r, 'a> {
    reader: &'r mut Reader<'a>,
    place: Place<'a>,
}

impl<'a> Visit<'a> for AppFinder<'_, 'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if matches!(expr, Expr::MethodCall(_) | Expr::Call(_))
            && self.reader.is_app_chain(expr, &self.place)
        {
            self.reader.app(expr, &self.place);
            return;
        }
        syn::visit::visit_expr(self, expr);
    }

    fn visit_local(&mut self, local: &'a syn::Local) {
        if let Some(init) = &local.init
            && self.reader.is_app_chain(&init.expr, &self.place)
        {
            let name = pat_ident(&local.pat).map_or_else(|| "_".to_owned(), ToString::to_string);
            self.reader.unknown_at(
                format!("an actix-web `App` bound to `{name}` is not followed past the binding"),
                &self.place,
                local.span(),
            );
            self.reader.app(&init.expr, &self.place);
            return;
        }
        syn::visit::visit_local(self, local);
    }

    fn visit_macro(&mut self, mac: &'a syn::Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if builds_app(mac.tokens.clone())
            || name.is_some_and(|name| self.reader.app_macros.contains(&name))
        {
            self.reader.unknown_at(
                format!(
                    "an actix-web `App` built inside macro `{}!` is not read",
                    path_text(&mac.path)
                ),
                &self.place,
                mac.span(),
            );
        }
    }

    fn visit_item(&mut self, _: &'a Item) {}
}

/// Collects the absolute paths named in a middleware expression.
struct NameCollector<'r, 'a> {
    reader: &'r Reader<'a>,
    place: &'r Place<'a>,
    names: Vec<String>,
    depth: u32,
}

impl NameCollector<'_, '_> {
    fn push(&mut self, name: String) {
        if name.contains("::") && !self.names.contains(&name) {
            self.names.push(name);
        }
    }

    fn resolve(&self, path: &syn::Path) -> Option<String> {
        self.reader.workspace.resolve_path(self.place.module, path)
    }

    fn type_names(&mut self, ty: &syn::Type) {
        match ty {
            syn::Type::Path(p) => {
                if let Some(name) = self.resolve(&p.path) {
                    self.push(name);
                }
            }
            syn::Type::Reference(r) => self.type_names(&r.elem),
            syn::Type::Paren(p) => self.type_names(&p.elem),
            _ => {}
        }
    }
}

impl<'ast> Visit<'ast> for NameCollector<'_, '_> {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let Expr::Path(p) = strip(&call.func) {
            if let Some(name) = self.resolve(&p.path) {
                self.push(type_of_callee(&name));
            }
        } else {
            self.visit_expr(&call.func);
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        if let Some(ident) = path.path.get_ident() {
            match self
                .place
                .locals
                .lookup(&ident.to_string(), ident.span().start())
            {
                Some(Bound::Expr(init)) if self.depth < MAX_DEPTH => {
                    self.depth += 1;
                    self.visit_expr(init);
                    self.depth -= 1;
                    return;
                }
                Some(Bound::Param(ty)) => {
                    self.type_names(ty);
                    return;
                }
                _ => {}
            }
        }
        if let Some(name) = self.resolve(&path.path) {
            self.push(name);
        }
    }

    fn visit_expr_struct(&mut self, expr: &'ast syn::ExprStruct) {
        if let Some(name) = self.resolve(&expr.path) {
            self.push(name);
        }
        for field in &expr.fields {
            self.visit_expr(&field.expr);
        }
    }

    fn visit_macro(&mut self, _: &'ast syn::Macro) {}
}

/// The type of an associated fn's path (`x::Logger::default` is `x::Logger`); other paths as
/// they are.
fn type_of_callee(path: &str) -> String {
    let mut segments: Vec<&str> = path.split("::").collect();
    let starts_upper = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    if segments.len() >= 2
        && !starts_upper(segments[segments.len() - 1])
        && starts_upper(segments[segments.len() - 2])
    {
        segments.pop();
    }
    segments.join("::")
}

/// The extras of an actix-web route attribute that `framework_route` skips: every `method =`
/// (a `#[route]` may name several) and each `wrap = "..."` middleware.
struct RouteExtras {
    methods: Vec<String>,
    wraps: Vec<syn::LitStr>,
}

fn route_attribute_extras(attr: &syn::Attribute) -> RouteExtras {
    let mut extras = RouteExtras {
        methods: Vec::new(),
        wraps: Vec::new(),
    };
    let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
    let Ok(args) = attr.parse_args_with(parser) else {
        return extras;
    };
    for arg in args {
        let Expr::Assign(assign) = arg else { continue };
        let Expr::Path(key) = &*assign.left else {
            continue;
        };
        let Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(value),
            ..
        }) = &*assign.right
        else {
            continue;
        };
        if key.path.is_ident("method") {
            let method = value.value().to_ascii_uppercase();
            if HTTP_METHODS.contains(&method.as_str()) && !extras.methods.contains(&method) {
                extras.methods.push(method);
            }
        } else if key.path.is_ident("wrap") {
            extras.wraps.push(value.clone());
        }
    }
    // One `method =` is what `framework_route` already read.
    if extras.methods.len() == 1 {
        extras.methods.clear();
    }
    extras
}

fn has_route_attribute(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| framework_route(std::slice::from_ref(attr)).is_some())
}

/// The HTTP method of `Method::PATCH`, `http::Method::GET`, ...
fn method_of(expr: &Expr) -> Option<String> {
    let Expr::Path(p) = strip(expr) else {
        return None;
    };
    let last = p.path.segments.last()?.ident.to_string();
    HTTP_METHODS
        .contains(&last.as_str())
        .then_some(last)
        .filter(|m| m != "ANY")
}

/// The method of a method guard (`guard::Post()`, `guard::Method(Method::PUT)`).
fn method_guard(expr: &Expr) -> Option<String> {
    let Expr::Call(call) = strip(expr) else {
        return None;
    };
    let Expr::Path(p) = strip(&call.func) else {
        return None;
    };
    let last = p.path.segments.last()?.ident.to_string();
    if last == "Method" {
        return call.args.first().and_then(method_of);
    }
    METHOD_GUARDS
        .contains(&last.as_str())
        .then(|| last.to_ascii_uppercase())
}

/// The first argument of a call expression.
fn expr_call_arg(expr: &Expr) -> Option<&Expr> {
    match strip(expr) {
        Expr::Call(call) => call.args.first(),
        _ => None,
    }
}

/// `expr` without parentheses, invisible groups, references, derefs, `?` and `.await`.
fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => strip(&p.expr),
        Expr::Group(g) => strip(&g.expr),
        Expr::Reference(r) => strip(&r.expr),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Deref(_),
            expr,
            ..
        }) => strip(expr),
        Expr::Try(t) => strip(&t.expr),
        Expr::Await(a) => strip(&a.base),
        other => other,
    }
}

/// Whether `expr` is the variable `var` (`cfg`, `&mut *cfg`).
fn is_var(expr: &Expr, var: &str) -> bool {
    matches!(strip(expr), Expr::Path(p) if p.path.is_ident(var))
}

/// The value a block ends with: its tail expression or a final `return x;`.
fn tail_expr(block: &syn::Block) -> Option<&Expr> {
    match block.stmts.last()? {
        syn::Stmt::Expr(e, None) => Some(e),
        syn::Stmt::Expr(Expr::Return(r), _) => r.expr.as_deref(),
        _ => None,
    }
}

/// The outer attributes of an expression (a `#[cfg]` on a statement or tuple element).
fn expr_attrs(expr: &Expr) -> &[syn::Attribute] {
    match expr {
        Expr::Array(e) => &e.attrs,
        Expr::Assign(e) => &e.attrs,
        Expr::Async(e) => &e.attrs,
        Expr::Await(e) => &e.attrs,
        Expr::Block(e) => &e.attrs,
        Expr::Call(e) => &e.attrs,
        Expr::Closure(e) => &e.attrs,
        Expr::Field(e) => &e.attrs,
        Expr::ForLoop(e) => &e.attrs,
        Expr::If(e) => &e.attrs,
        Expr::Lit(e) => &e.attrs,
        Expr::Macro(e) => &e.attrs,
        Expr::Match(e) => &e.attrs,
        Expr::MethodCall(e) => &e.attrs,
        Expr::Paren(e) => &e.attrs,
        Expr::Path(e) => &e.attrs,
        Expr::Reference(e) => &e.attrs,
        Expr::Struct(e) => &e.attrs,
        Expr::Try(e) => &e.attrs,
        Expr::Tuple(e) => &e.attrs,
        Expr::Unary(e) => &e.attrs,
        Expr::Unsafe(e) => &e.attrs,
        _ => &[],
    }
}

/// Whether `tokens` name the identifier `name` anywhere.
fn mentions(tokens: TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == name,
        TokenTree::Group(group) => mentions(group.stream(), name),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}

/// Whether macro tokens contain `App::new`.
fn builds_app(tokens: TokenStream) -> bool {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    tokens.iter().enumerate().any(|(i, token)| match token {
        TokenTree::Ident(ident) if ident == "App" => {
            let rest: String = tokens[i + 1..]
                .iter()
                .take(3)
                .map(ToString::to_string)
                .collect();
            rest == "::new"
        }
        TokenTree::Group(group) => builds_app(group.stream()),
        _ => false,
    })
}

fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// The source text of `node`, whitespace collapsed, at most [`MAX_TEXT`] characters.
fn text<T: ToTokens + Spanned>(node: &T) -> String {
    let source = node
        .span()
        .source_text()
        .unwrap_or_else(|| node.to_token_stream().to_string());
    collapse(&source)
}

fn collapse(source: &str) -> String {
    let collapsed = source.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= MAX_TEXT {
        collapsed
    } else {
        let mut cut: String = collapsed.chars().take(MAX_TEXT - 3).collect();
        cut.push_str("...");
        cut
    }
}
