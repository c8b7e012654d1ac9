//! Claims against facts: which routes read from the code each `#[endpoint]` describes, which
//! served routes no endpoint describes, and what cannot be told (DESIGN §7).
//!
//! An endpoint *claims* a method and a route on a handler; the route table read from the code
//! (`Model::facts`) says what the routers *serve*. A served route matches an endpoint when its
//! handler is the endpoint's handler, the methods agree (`ANY` agrees with every method), and
//! the paths agree: equal once parameter names are set aside (`/users/{id}` is
//! `/users/{user_id}`), or, for a route read from the handler's framework attribute
//! (`#[get("/tags")]`, which lacks the mount prefix), the served path ends with it at a segment
//! boundary (`/api/tags`).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use threatmodel_core::facts::{Call, CrateFacts, Facts, Framework, Function, Handler, Route};

use crate::Model;
use crate::model::{Endpoint, Location, Mitigation};

/// What the route table says about one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Served<'m> {
    /// Served by these routes (one or more).
    At(Vec<&'m Route>),
    /// Its handler is served, but only on routes that disagree with the claimed method or
    /// path: these.
    Elsewhere(Vec<&'m Route>),
    /// No route of the routers read serves its handler, and the router that serves the other
    /// handlers of its crate was read completely.
    Not,
    /// Cannot be told: why, as a short lower-case sentence.
    Unknown(&'static str),
}

/// A served route that no endpoint describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmodelled<'m> {
    /// The route.
    pub route: &'m Route,
    /// The handler fn's path.
    pub handler: &'m str,
    /// Where the route is registered, as a model location (package and crate of the crate
    /// whose router registers it).
    pub location: Location,
}

/// The endpoints of a model matched against its route table.
#[derive(Debug, Clone)]
pub struct Claims<'m> {
    facts: &'m Facts,
    served: BTreeMap<&'m str, Served<'m>>,
    unmodelled: Vec<Unmodelled<'m>>,
    calls: CallGraph<'m>,
    types: TypeIndex<'m>,
    /// Each distinct layer name of the route table, with the first route it is a layer of.
    layer_names: BTreeMap<&'m str, &'m Route>,
    /// [`Claims::installed_by_call`] answers, by crate index and mitigation id.
    installed_calls: std::cell::RefCell<InstalledCalls<'m>>,
}

/// Calls that install a control, by (crate index, mitigation id): (calling fn, callee).
type InstalledCalls<'m> = BTreeMap<(usize, String), Option<(&'m str, &'m str)>>;

/// Whether a control runs on an endpoint's routes, as far as the facts show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Running {
    /// Seen running on every route serving the endpoint: how, as a short phrase
    /// (`layer \`x\` at src/main.rs:12`, `taken by the handler as \`AuthUser\``, `reached through
    /// calls`).
    Seen(String),
    /// Seen not running on a route: why, naming what is missing.
    Missing {
        /// The route where it does not run.
        route: String,
        /// What the facts show, lower case, no trailing period.
        why: String,
    },
    /// Cannot be told: why.
    Unknown(String),
}

impl<'m> Claims<'m> {
    /// Matches the endpoints of `model` with its facts; `None` when the model has no facts
    /// (`Model::collect()`, a saved model of schema version 1).
    pub fn new(model: &'m Model) -> Option<Claims<'m>> {
        let facts = model.facts.as_ref()?;
        let mut by_handler: BTreeMap<&str, Vec<&Route>> = BTreeMap::new();
        for route in facts.routes() {
            if let Some(handler) = route.handler.fn_path() {
                by_handler.entry(handler).or_default().push(route);
            }
        }
        let mut endpoints_by_handler: BTreeMap<&str, Vec<&Endpoint>> = BTreeMap::new();
        for endpoint in &model.endpoints {
            endpoints_by_handler
                .entry(endpoint.handler.as_str())
                .or_default()
                .push(endpoint);
        }
        let served: BTreeMap<&str, Served<'_>> = model
            .endpoints
            .iter()
            .map(|endpoint| {
                let routes = by_handler
                    .get(endpoint.handler.as_str())
                    .map_or(&[][..], Vec::as_slice);
                let matching: Vec<&Route> = routes
                    .iter()
                    .copied()
                    .filter(|route| matches(endpoint, route))
                    .collect();
                let state = if !matching.is_empty() {
                    Served::At(matching)
                } else if !routes.is_empty() {
                    Served::Elsewhere(routes.to_vec())
                } else {
                    unserved(facts, &endpoint.handler)
                };
                (endpoint.id.as_str(), state)
            })
            .collect();
        let mut unmodelled = Vec::new();
        for krate in &facts.crates {
            for route in &krate.routes {
                let Some(handler) = route.handler.fn_path() else {
                    continue;
                };
                // A route whose handler's endpoints match none of its routes is the mistake
                // `unserved_endpoint` reports (a template without its mount prefix): not a
                // second, unmodelled route.
                let described = endpoints_by_handler.get(handler).is_some_and(|endpoints| {
                    endpoints.iter().any(|e| matches(e, route))
                        || endpoints.iter().all(|e| {
                            matches!(served.get(e.id.as_str()), Some(Served::Elsewhere(_)))
                        })
                });
                if !described {
                    unmodelled.push(Unmodelled {
                        route,
                        handler,
                        location: location(krate, route),
                    });
                }
            }
        }
        Some(Claims {
            facts,
            served,
            unmodelled,
            calls: CallGraph::new(facts),
            types: TypeIndex::new(facts),
            installed_calls: std::cell::RefCell::default(),
            layer_names: {
                let mut names = BTreeMap::new();
                for route in facts.routes() {
                    for layer in &route.layers {
                        for name in &layer.names {
                            names.entry(name.as_str()).or_insert(route);
                        }
                    }
                }
                names
            },
        })
    }

    /// Whether `mitigation` runs on the routes serving `endpoint`: as a layer of the route
    /// (its own path, or a path it is `installed_by`), as a type the handler takes (an
    /// extractor or request guard, not wrapped in `Option`/`Result`), or as code the handler,
    /// its extractors or its middleware reach through calls. It is [`Running::Missing`] only
    /// when none of these holds and every call on the way was followed (see [`CallGraph`]);
    /// a control whose code was not read and that names no `installed_by` is unknown.
    pub fn runs(&self, endpoint: &Endpoint, mitigation: &Mitigation) -> Running {
        let routes = match self.served(&endpoint.id) {
            Some(Served::At(routes)) => routes,
            Some(Served::Unknown(why)) => return Running::Unknown((*why).to_owned()),
            Some(Served::Elsewhere(_) | Served::Not) | None => {
                return Running::Unknown("the endpoint is not served as claimed".to_owned());
            }
        };
        let mut seen = Vec::new();
        for route in routes {
            match self.runs_on(&endpoint.handler, route, mitigation) {
                Running::Seen(how) => seen.push(how),
                other => return other,
            }
        }
        seen.sort();
        seen.dedup();
        Running::Seen(seen.join("; "))
    }

    /// A route (as `METHOD /path`) that has `mitigation` among its layers, if any.
    fn layer_elsewhere(&self, mitigation: &Mitigation) -> Option<String> {
        self.layer_names
            .iter()
            .find(|(name, _)| names_control(name, mitigation))
            .map(|(_, route)| format!("{} {}", route.method, route.path))
    }

    /// A call, in a fn of the crate whose router registers `route`, to a path `mitigation` is
    /// `installed_by`: (the calling fn, the callee).
    fn installed_by_call(
        &self,
        route: &Route,
        mitigation: &Mitigation,
    ) -> Option<(&'m str, &'m str)> {
        if mitigation.installed_by.is_empty() {
            return None;
        }
        let krate = self.crate_of_route(route)?;
        let key = (krate, mitigation.id.clone());
        if let Some(found) = self.installed_calls.borrow().get(&key) {
            return *found;
        }
        let found = self.facts.crates[krate]
            .functions
            .iter()
            .find_map(|function| {
                function.calls.iter().find_map(|call| match call {
                    Call::Fn { path } if installed_by(path, mitigation) => {
                        Some((function.path.as_str(), path.as_str()))
                    }
                    _ => None,
                })
            });
        self.installed_calls.borrow_mut().insert(key, found);
        found
    }

    /// The index of the crate whose router registers `route` (a route of these facts).
    fn crate_of_route(&self, route: &Route) -> Option<usize> {
        self.facts
            .crates
            .iter()
            .position(|c| c.routes.as_ptr_range().contains(&std::ptr::from_ref(route)))
    }

    /// [`Claims::runs`] for one route served by `handler` (a fn path).
    pub fn runs_on(&self, handler: &str, route: &Route, mitigation: &Mitigation) -> Running {
        let at = format!("{} {}", route.method, route.path);
        // 1. A layer of the route.
        for layer in &route.layers {
            if let Some(name) = layer
                .names
                .iter()
                .find(|name| names_control(name, mitigation))
            {
                return Running::Seen(format!(
                    "layer `{name}` at {}:{}",
                    layer.location.file, layer.location.line
                ));
            }
        }
        // 1b. Installed for the whole server by a call in the crate that serves the route
        //     (`installed_by = axum::serve` for limits hyper enforces on every request).
        //     The call is seen; what it configures is the model's claim, so this is not a ✅.
        if let Some((function, callee)) = self.installed_by_call(route, mitigation) {
            return Running::Unknown(format!(
                "`{callee}` is called in `{function}`, and the model says it installs the control (`installed_by`); what it configures is not seen"
            ));
        }
        let code_read = self.calls.has_code(&mitigation.id);
        if !code_read {
            return if mitigation.installed_by.is_empty() {
                Running::Unknown(format!(
                    "the code of `{}` was not read and it names no `installed_by`",
                    mitigation.id
                ))
            } else {
                Running::Missing {
                    route: at,
                    why: format!(
                        "no layer installed by {} runs on it",
                        mitigation
                            .installed_by
                            .iter()
                            .map(|p| format!("`{p}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                }
            };
        }
        // 1c. A control that is a layer of other routes is middleware: not among this route's
        //     layers, it does not run here (a handler does not call middleware itself).
        if let Some(elsewhere) = self.layer_elsewhere(mitigation) {
            return Running::Missing {
                route: at,
                why: format!("it is a layer of other routes (`{elsewhere}`), not of this one"),
            };
        }
        // 2. A type the handler takes.
        let handler_path = handler;
        let handler = self.calls.function(handler_path);
        let mut optional_only = false;
        let mut starts: Vec<&str> = vec![handler_path];
        if let Some(handler) = handler {
            for param in &handler.params {
                let takes = param.types.iter().any(|t| is_control(t, &mitigation.id));
                if takes && !param.optional {
                    return Running::Seen(format!(
                        "taken by the handler as `{}`",
                        short(&mitigation.id)
                    ));
                }
                optional_only |= takes;
                if !param.optional {
                    starts.extend(
                        param
                            .types
                            .iter()
                            .flat_map(|t| self.calls.request_entry_points(t)),
                    );
                }
            }
        }
        // 3. Code reached from the handler, its extractors and its middleware: middleware fns
        //    (`from_fn(f)`), and middleware types (a tower `Layer` and the `Service` it makes,
        //    an actix-web `Transform` and its middleware): their methods, and the methods of the
        //    types those return.
        let mut unfollowed = None;
        for layer in &route.layers {
            for name in &layer.names {
                if self.calls.function(name).is_some() {
                    starts.push(name.as_str());
                }
                match self.calls.methods_through(name) {
                    Ok(methods) => starts.extend(methods),
                    Err(why) => unfollowed = unfollowed.or(Some(why)),
                }
            }
        }
        match self.calls.reach(&starts, &mitigation.id) {
            Reach::Reached => Running::Seen("reached through calls".to_owned()),
            Reach::Unknown(why) => Running::Unknown(why),
            Reach::NotReached if unfollowed.is_some() => {
                Running::Unknown(unfollowed.unwrap_or_default())
            }
            // `Option<Guard>` / `Result<Guard, E>` rejects nothing by itself; whether the handler
            // rejects on `None`/`Err` (`caller?`) is not followed.
            Reach::NotReached if optional_only => Running::Unknown(format!(
                "the handler takes `{}` as an `Option` or `Result`, which rejects a request only if the handler does",
                short(&mitigation.id)
            )),
            Reach::NotReached => Running::Missing {
                route: at,
                why: if route.layers.is_empty() {
                    format!(
                        "it is not a layer of the route (which has none), the handler does not take it, and no call from the handler reaches `{}`",
                        mitigation.id
                    )
                } else {
                    format!(
                        "it is not among the route's layers, the handler does not take it, and no call from the handler or its middleware reaches `{}`",
                        mitigation.id
                    )
                },
            },
        }
    }

    /// What the route table says about the endpoint with id `endpoint_id`.
    pub fn served(&self, endpoint_id: &str) -> Option<&Served<'m>> {
        self.served.get(endpoint_id)
    }

    /// Served routes with a named handler that no endpoint describes, in crate and
    /// registration order.
    pub fn unmodelled(&self) -> &[Unmodelled<'m>] {
        &self.unmodelled
    }

    /// The fn read at absolute `path` (a handler's signature and calls), when the facts hold it.
    pub fn function(&self, path: &str) -> Option<&'m Function> {
        self.calls.function(path)
    }
}

/// The model location of a route's registration in `krate`.
fn location(krate: &CrateFacts, route: &Route) -> Location {
    Location {
        package: krate.package.clone(),
        krate: krate.krate.clone(),
        file: route.location.file.clone(),
        line: route.location.line,
        column: route.location.column,
        test_only: false,
    }
}

/// Whether `route` is what `endpoint` claims (see the module docs).
pub fn matches(endpoint: &Endpoint, route: &Route) -> bool {
    if route.handler.fn_path() != Some(endpoint.handler.as_str()) {
        return false;
    }
    let method =
        endpoint.method == route.method || endpoint.method == "ANY" || route.method == "ANY";
    if !method {
        return false;
    }
    // Rocket ignores a trailing slash; axum and actix-web serve `/x` and `/x/` apart.
    let lenient = route.framework == Framework::Rocket;
    let claimed = shape(&endpoint.route, lenient);
    let served = shape(&route.path, lenient);
    if claimed == served {
        return true;
    }
    // A claimed path starts with `/`, so a suffix match is at a segment boundary; the root
    // (`#[get("/")]`) matches the bare mount prefix.
    endpoint.route_from_framework && served.ends_with(claimed.trim_end_matches('/'))
}

/// A path with parameter names set aside (`{id}` and `{*rest}` become `{}` and `{*}`); with
/// `lenient`, no trailing slash except the root's.
fn shape(path: &str, lenient: bool) -> String {
    let mut shaped = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                shaped.push('{');
            }
            '}' => {
                in_param = false;
                shaped.push('}');
            }
            '*' if in_param => shaped.push('*'),
            _ if in_param => {}
            _ => shaped.push(c),
        }
    }
    if lenient && shaped.len() > 1 && shaped.ends_with('/') {
        shaped.pop();
    }
    shaped
}

/// Whether a handler that no route serves is unserved or unknown: it is unserved only when a
/// crate whose routers were read completely serves other handlers of the handler's crate.
fn unserved(facts: &Facts, handler: &str) -> Served<'static> {
    let Some((krate, _)) = handler.split_once("::") else {
        return Served::Unknown("the handler's crate is not known");
    };
    let prefix = format!("{krate}::");
    let serving: Vec<&CrateFacts> = facts
        .crates
        .iter()
        .filter(|c| {
            c.routes
                .iter()
                .any(|r| r.handler.fn_path().is_some_and(|p| p.starts_with(&prefix)))
        })
        .collect();
    if serving.is_empty() {
        Served::Unknown("no router read serves a handler of its crate")
    } else if serving.iter().all(|c| c.routes_complete) {
        Served::Not
    } else {
        Served::Unknown("the router that serves its crate was not read completely")
    }
}

/// An asset an endpoint's request or response carries, as the types read from the code show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure<'m> {
    /// The asset's id.
    pub asset: &'m str,
    /// How: the chain of types and fields from the handler's signature to the asset
    /// (`Json<UserView>` → `UserView.email`), as a short phrase.
    pub through: String,
    /// Whether it is in the response (else in the request).
    pub response: bool,
}

/// Extractors whose type parameter is data the caller sends (body, query, path), by crate and
/// last segment; other parameters (state, guards, headers) are not request data.
const REQUEST_DATA: &[&str] = &["Json", "Form", "Query", "Path", "Multipart", "Bytes"];
const FRAMEWORKS: &[&str] = &["axum", "axum_extra", "actix_web", "rocket"];

impl<'m> Claims<'m> {
    /// The assets of `model` that `endpoint`'s handler takes in its request data or returns,
    /// through the fields of the types read: the asset's type itself, or a field named in the
    /// asset's `fields`. Empty when the handler's signature was not read.
    pub fn exposures(&self, model: &'m Model, endpoint: &Endpoint) -> Vec<Exposure<'m>> {
        let Some(handler) = self.calls.function(&endpoint.handler) else {
            return Vec::new();
        };
        let mut found: Vec<Exposure<'m>> = Vec::new();
        let request: Vec<&str> = handler
            .params
            .iter()
            .filter(|param| {
                param.types.first().is_some_and(|outer| {
                    let first = outer.split("::").next().unwrap_or(outer);
                    FRAMEWORKS.contains(&first) && REQUEST_DATA.contains(&short(outer))
                })
            })
            .flat_map(|param| param.types.iter().map(String::as_str))
            .collect();
        let response: Vec<&str> = handler.returns.iter().map(String::as_str).collect();
        for (roots, is_response) in [(response, true), (request, false)] {
            for (asset, through) in self.types.carried(model, &roots) {
                if !found.iter().any(|e| e.asset == asset) {
                    found.push(Exposure {
                        asset,
                        through,
                        response: is_response,
                    });
                }
            }
        }
        found
    }
}

/// The types read, by path, for walks through their fields.
#[derive(Debug, Clone, Default)]
struct TypeIndex<'m> {
    by_path: BTreeMap<&'m str, Vec<&'m threatmodel_core::facts::TypeDef>>,
}

impl<'m> TypeIndex<'m> {
    fn new(facts: &'m Facts) -> Self {
        let mut index = TypeIndex::default();
        for def in facts.crates.iter().flat_map(|c| c.types.iter()) {
            index.by_path.entry(&def.path).or_default().push(def);
        }
        index
    }

    /// The assets of `model` that values of `roots` carry (see [`Claims::exposures`]), each with
    /// the chain that carries it, breadth-first (shortest chain first).
    fn carried(&self, model: &'m Model, roots: &[&str]) -> Vec<(&'m str, String)> {
        let mut out: Vec<(&'m str, String)> = Vec::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut queue: VecDeque<(String, String)> = roots
            .iter()
            .map(|root| ((*root).to_owned(), format!("`{}`", short(root))))
            .collect();
        while let Some((path, chain)) = queue.pop_front() {
            if !seen.insert(path.clone()) {
                continue;
            }
            if let Some(asset) = model.assets.iter().find(|a| a.id == path)
                && !out.iter().any(|(id, _)| *id == asset.id)
            {
                out.push((&asset.id, chain.clone()));
            }
            for def in self.by_path.get(path.as_str()).into_iter().flatten() {
                for field in def.fields.iter().filter(|f| !f.skip_serializing) {
                    let name = field.name.rsplit('.').next().unwrap_or(&field.name);
                    let here = format!("{chain} → `{}.{}`", short(&def.path), field.name);
                    for asset in model
                        .assets
                        .iter()
                        .filter(|a| a.id != def.path && a.fields.iter().any(|f| f == name))
                    {
                        if !out.iter().any(|(id, _)| *id == asset.id) {
                            out.push((&asset.id, here.clone()));
                        }
                    }
                    for ty in &field.types {
                        if !seen.contains(ty) {
                            queue.push_back((ty.clone(), here.clone()));
                        }
                    }
                }
            }
        }
        out
    }
}

/// The last segment of a path.
fn short(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

/// Whether type or fn path `path` is control `id` or one of its associated items.
fn is_control(path: &str, id: &str) -> bool {
    path == id
        || path
            .strip_prefix(id)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// Whether layer name `name` (an absolute path) is `mitigation` running: its own path (or an
/// associated fn of it, `RateLimit::new`), or a path it is `installed_by`, written in full or as
/// a suffix at a segment boundary (`GovernorLayer` names `tower_governor::GovernorLayer`).
fn names_control(name: &str, mitigation: &Mitigation) -> bool {
    is_control(name, &mitigation.id) || installed_by(name, mitigation)
}

/// Whether `name` (an absolute path) is one of the paths `mitigation` is `installed_by`, in
/// full or as a suffix at a segment boundary, or an associated item of one.
fn installed_by(name: &str, mitigation: &Mitigation) -> bool {
    mitigation.installed_by.iter().any(|installed| {
        let installed = installed.trim_start_matches("::");
        name == installed
            || name
                .strip_suffix(installed)
                .is_some_and(|head| head.ends_with("::"))
            || name
                .strip_prefix(installed)
                .is_some_and(|rest| rest.starts_with("::"))
    })
}

/// What a walk of the call graph found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reach {
    Reached,
    NotReached,
    Unknown(String),
}

/// The functions read, indexed by path, with what a walk of their calls needs to know.
///
/// Calls are followed through the functions read. A call the walk cannot follow makes the
/// answer unknown, unless it cannot lead back into the workspace:
/// - a resolved call to a path outside the workspace crates (`std`, `sqlx`) is a leaf: library
///   code does not call a workspace fn unless handed one, and a fn handed over as a value is
///   itself recorded as a call;
/// - an unresolved call (`x.method()` on a value of unknown type) is a leaf when no function
///   of the workspace is named like it (`iter`, `ok_or`, `await`-ed futures of libraries); when
///   one is, the call may be that function, and the answer is unknown;
/// - a call into a workspace path whose body was not read, or an unresolved call with no name
///   (a macro of unknown origin), makes the answer unknown.
#[derive(Debug, Clone, Default)]
pub struct CallGraph<'m> {
    by_path: BTreeMap<&'m str, Vec<&'m Function>>,
    /// Last segments of every workspace fn path.
    names: BTreeSet<&'m str>,
    /// Crate names read.
    crates: BTreeSet<&'m str>,
    /// Type paths read.
    types: BTreeSet<&'m str>,
}

impl<'m> CallGraph<'m> {
    fn new(facts: &'m Facts) -> Self {
        let mut graph = CallGraph::default();
        for krate in &facts.crates {
            graph.crates.insert(&krate.krate);
            for function in &krate.functions {
                graph
                    .by_path
                    .entry(&function.path)
                    .or_default()
                    .push(function);
                graph.names.insert(short(&function.path));
            }
            for ty in &krate.types {
                graph.types.insert(&ty.path);
            }
        }
        graph
    }

    fn function(&self, path: &str) -> Option<&'m Function> {
        self.by_path.get(path).and_then(|fs| fs.first().copied())
    }

    /// Whether `id` (a fn, method or type path) is code that was read.
    fn has_code(&self, id: &str) -> bool {
        self.by_path.contains_key(id)
            || self.types.contains(id)
            || self
                .by_path
                .range(id..)
                .next()
                .is_some_and(|(path, _)| is_control(path, id))
    }

    /// The request-extraction fns of type `ty` (`ty::from_request_parts`,
    /// `ty::from_request`, actix-web's `ty::from_request`/`ty::from_req`), read.
    fn request_entry_points(&self, ty: &str) -> Vec<&'m str> {
        ["from_request_parts", "from_request", "from_req"]
            .iter()
            .filter_map(|name| {
                self.by_path
                    .get_key_value(format!("{ty}::{name}").as_str())
                    .map(|(path, _)| *path)
            })
            .collect()
    }

    /// The methods of type `ty` (when it is a type read), and those of the workspace types
    /// its methods return: the code a middleware type runs (`Layer::layer` returns the
    /// `Service` whose `call` runs per request).
    ///
    /// `Err` names the method when one returns an associated type of `ty` (`Self::Service`),
    /// which the reader cannot follow to a type.
    fn methods_through(&self, ty: &str) -> Result<Vec<&'m str>, String> {
        if !self.types.contains(ty) {
            return Ok(Vec::new());
        }
        let methods = |ty: &str| -> Vec<&'m Function> {
            let prefix = format!("{ty}::");
            self.by_path
                .range(prefix.as_str()..)
                .take_while(|(path, _)| path.starts_with(&prefix))
                .filter(|(path, _)| !path[prefix.len()..].contains("::"))
                .flat_map(|(_, fs)| fs.iter().copied())
                .collect()
        };
        let mut out: Vec<&'m str> = Vec::new();
        for method in methods(ty) {
            out.push(&method.path);
            for returned in &method.returns {
                if self.types.contains(returned.as_str()) {
                    if returned != ty {
                        out.extend(methods(returned).into_iter().map(|f| f.path.as_str()));
                    }
                } else if returned
                    .strip_prefix(ty)
                    .is_some_and(|rest| rest.starts_with("::"))
                {
                    return Err(format!(
                        "`{}` returns `{returned}`, an associated type the reader cannot follow",
                        method.path
                    ));
                }
            }
        }
        Ok(out)
    }

    fn in_workspace(&self, path: &str) -> bool {
        let first = path.split("::").next().unwrap_or(path);
        self.crates.contains(first)
    }

    /// Whether any of `starts` reaches `target` (a fn path, or a type whose methods count).
    fn reach(&self, starts: &[&'m str], target: &str) -> Reach {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut queue: VecDeque<&str> = VecDeque::new();
        for start in starts {
            if is_control(start, target) {
                return Reach::Reached;
            }
            if seen.insert(start) {
                queue.push_back(start);
            }
        }
        let mut unknown: Option<String> = None;
        while let Some(path) = queue.pop_front() {
            let Some(functions) = self.by_path.get(path) else {
                unknown.get_or_insert_with(|| format!("the body of `{path}` was not read"));
                continue;
            };
            for function in functions {
                for call in &function.calls {
                    match call {
                        Call::Fn { path: callee } => {
                            if is_control(callee, target) {
                                return Reach::Reached;
                            }
                            if !self.in_workspace(callee) {
                                continue;
                            }
                            if seen.insert(callee.as_str()) {
                                queue.push_back(callee.as_str());
                            }
                        }
                        Call::Unknown { text, line } => {
                            let may_be_ours = match text.trim().strip_suffix('!') {
                                Some(mac) => self.macro_may_be_ours(mac),
                                None => {
                                    call_name(text).is_none_or(|n| self.names.contains(n.as_str()))
                                }
                            };
                            if may_be_ours {
                                unknown.get_or_insert_with(|| {
                                    format!(
                                        "`{}` calls `{text}` (line {line}), which the reader could not resolve",
                                        function.path
                                    )
                                });
                            }
                        }
                    }
                }
            }
        }
        match unknown {
            Some(why) => Reach::Unknown(why),
            None => Reach::NotReached,
        }
    }
}

/// Macros of the standard library and common crates that never expand to a call of the
/// caller's own functions except through their arguments (which the reader parses).
const LIBRARY_MACROS: &[&str] = &[
    "vec",
    "format",
    "format_args",
    "write",
    "writeln",
    "print",
    "println",
    "eprint",
    "eprintln",
    "panic",
    "todo",
    "unimplemented",
    "unreachable",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "matches",
    "concat",
    "stringify",
    "include_str",
    "env",
    "json",
    "info",
    "debug",
    "warn",
    "error",
    "trace",
    "event",
    "span",
];

impl CallGraph<'_> {
    /// Whether an unresolved macro call `mac` (written `mac!` or `path::mac!`) may expand to a
    /// call of a workspace fn: not when it is a library macro by path or well-known name.
    fn macro_may_be_ours(&self, mac: &str) -> bool {
        match mac.rsplit_once("::") {
            Some((path, _)) => self.in_workspace(path.trim_start_matches("::")),
            None => !LIBRARY_MACROS.contains(&mac),
        }
    }
}

/// The name an unresolved call calls: the last segment of the call chain outside brackets
/// (`db.find_item` calls `find_item`, `state.owners.lock().unwrap().ensure_owner` calls
/// `ensure_owner`, `parse::<u64>` calls `parse`); `None` when the text is cut short (`…`) or
/// ends in no name.
fn call_name(text: &str) -> Option<String> {
    // The reader cuts a long receiver at its start (`…ck().unwrap().ensure_owner`): the name
    // at the end is intact, a text cut at its end is not.
    let text = text.trim().trim_start_matches('…');
    if text.is_empty() || text.ends_with('…') {
        return None;
    }
    let mut depth = 0_i32;
    let mut top = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | '<' | '[' | '{' => depth += 1,
            ')' | '>' | ']' | '}' => depth = (depth - 1).max(0),
            _ if depth == 0 => top.push(c),
            _ => {}
        }
    }
    let name = top
        .trim_end_matches(|c: char| c == ':' || c.is_whitespace())
        .rsplit(['.', ':'])
        .next()
        .unwrap_or("")
        .trim();
    (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then(|| name.to_owned())
}

/// Whether a route's handler is a named fn (the only kind an endpoint can describe).
pub fn has_named_handler(route: &Route) -> bool {
    matches!(route.handler, Handler::Fn { .. })
}

#[cfg(test)]
mod tests {
    use super::*;
    use threatmodel_core::facts::{Param, SourceLocation};

    fn route(method: &str, path: &str, handler: &str) -> Route {
        Route {
            framework: Framework::Axum,
            method: method.into(),
            path: path.into(),
            handler: Handler::Fn {
                path: handler.into(),
            },
            layers: Vec::new(),
            location: SourceLocation {
                file: "src/lib.rs".into(),
                line: 1,
                column: 1,
            },
        }
    }

    fn endpoint(method: &str, path: &str, handler: &str, from_framework: bool) -> Endpoint {
        Endpoint {
            id: format!("{handler} {method} {path}"),
            method: method.into(),
            route: path.into(),
            route_from_framework: from_framework,
            path_params: Vec::new(),
            handler: handler.into(),
            boundary: None,
            exposes: Vec::new(),
            auth: None,
            owner: None,
            version: None,
            description: None,
            location: Location {
                package: "svc".into(),
                krate: "svc".into(),
                file: "src/lib.rs".into(),
                line: 1,
                column: 1,
                test_only: false,
            },
        }
    }

    #[test]
    fn paths_match_whatever_the_parameter_names() {
        let e = endpoint("GET", "/users/{id}", "svc::get", false);
        assert!(matches(&e, &route("GET", "/users/{user_id}", "svc::get")));
        assert!(!matches(&e, &route("POST", "/users/{id}", "svc::get")));
        assert!(!matches(&e, &route("GET", "/users/{id}", "svc::other")));
        assert!(matches(&e, &route("ANY", "/users/{id}", "svc::get")));
        // axum serves `/users/{id}/` apart from `/users/{id}`.
        assert!(!matches(&e, &route("GET", "/users/{id}/", "svc::get")));
    }

    #[test]
    fn a_framework_route_matches_under_a_mount_prefix_a_written_one_does_not() {
        let inferred = endpoint("GET", "/tags", "svc::tags", true);
        assert!(matches(&inferred, &route("GET", "/api/tags", "svc::tags")));
        assert!(!matches(
            &inferred,
            &route("GET", "/api/mytags", "svc::tags")
        ));
        let written = endpoint("GET", "/tags", "svc::tags", false);
        assert!(!matches(&written, &route("GET", "/api/tags", "svc::tags")));
        let root = endpoint("GET", "/", "svc::index", true);
        assert!(matches(&root, &route("GET", "/api", "svc::index")));
    }

    fn model(endpoints: Vec<Endpoint>, crates: Vec<CrateFacts>) -> Model {
        Model {
            endpoints,
            facts: Some(Facts { crates }),
            ..Model::default()
        }
    }

    fn krate(routes: Vec<Route>, complete: bool) -> CrateFacts {
        CrateFacts {
            package: "svc".into(),
            krate: "svc".into(),
            routes,
            routes_complete: complete,
            ..CrateFacts::default()
        }
    }

    #[test]
    fn served_elsewhere_not_served_and_unmodelled() {
        let m = model(
            vec![
                endpoint("GET", "/a", "svc::a", false),
                endpoint("GET", "/b", "svc::b", false),
                endpoint("GET", "/c", "svc::c", false),
            ],
            vec![krate(
                vec![
                    route("GET", "/a", "svc::a"),
                    route("GET", "/api/b", "svc::b"),
                    route("GET", "/admin/dump", "svc::dump"),
                ],
                true,
            )],
        );
        let claims = Claims::new(&m).expect("facts");
        assert!(matches!(claims.served("svc::a GET /a"), Some(Served::At(r)) if r.len() == 1));
        assert!(
            matches!(claims.served("svc::b GET /b"), Some(Served::Elsewhere(r)) if r[0].path == "/api/b")
        );
        assert_eq!(claims.served("svc::c GET /c"), Some(&Served::Not));
        let unmodelled: Vec<(&str, &str)> = claims
            .unmodelled()
            .iter()
            .map(|u| (u.route.path.as_str(), u.handler))
            .collect();
        // `/api/b` is `svc::b`'s endpoint served elsewhere: reported once, as unserved.
        assert_eq!(unmodelled, [("/admin/dump", "svc::dump")]);
    }

    #[test]
    fn an_unresolved_call_is_named_by_the_last_segment_of_its_chain() {
        assert_eq!(call_name("db.find_item").as_deref(), Some("find_item"));
        assert_eq!(
            call_name("state.owners.lock().unwrap().ensure_owner").as_deref(),
            Some("ensure_owner")
        );
        assert_eq!(call_name("text.parse::<u64>").as_deref(), Some("parse"));
        assert_eq!(call_name("a.b(c.d()).e…"), None);
        assert_eq!(
            call_name("…ck().unwrap()).ensure_owner").as_deref(),
            Some("ensure_owner")
        );
        assert_eq!(call_name(""), None);
    }

    fn function(path: &str, params: Vec<Param>, returns: &[&str], calls: &[&str]) -> Function {
        Function {
            path: path.into(),
            params,
            returns: returns.iter().map(|s| (*s).to_owned()).collect(),
            calls: calls
                .iter()
                .map(|c| Call::Fn { path: (*c).into() })
                .collect(),
            location: SourceLocation {
                file: "src/lib.rs".into(),
                line: 1,
                column: 1,
            },
        }
    }

    fn mitigation(id: &str) -> Mitigation {
        Mitigation {
            id: id.into(),
            name: short(id).into(),
            controls: vec!["authentication".into()],
            custom: None,
            description: None,
            marker: None,
            applies_to: Vec::new(),
            addresses: Vec::new(),
            installed_by: Vec::new(),
            location: Location {
                package: "svc".into(),
                krate: "svc".into(),
                file: "src/lib.rs".into(),
                line: 1,
                column: 1,
                test_only: false,
            },
        }
    }

    #[test]
    fn middleware_types_optional_guards_and_layers_of_other_routes() {
        let layered = |path: &str, handler: &str, layer: &str| Route {
            layers: vec![threatmodel_core::facts::Layer {
                kind: threatmodel_core::facts::LayerKind::Layer,
                names: vec![layer.into()],
                text: layer.into(),
                location: SourceLocation {
                    file: "src/lib.rs".into(),
                    line: 9,
                    column: 1,
                },
            }],
            ..route("GET", path, handler)
        };
        let mut facts = krate(
            vec![
                layered("/a", "svc::a", "svc::AuthLayer"),
                route("GET", "/b", "svc::b"),
                layered("/c", "svc::c", "svc::other_middleware"),
            ],
            true,
        );
        let guard = Param {
            types: vec!["Option".into(), "svc::Caller".into()],
            optional: true,
        };
        facts.functions = vec![
            function("svc::a", vec![], &[], &[]),
            function("svc::b", vec![guard], &[], &[]),
            function("svc::c", vec![], &[], &[]),
            function("svc::AuthLayer::layer", vec![], &["svc::AuthService"], &[]),
            function(
                "svc::AuthService::call",
                vec![],
                &[],
                &["svc::verify_token"],
            ),
            function("svc::verify_token", vec![], &[], &[]),
            function("svc::other_middleware", vec![], &[], &[]),
        ];
        facts.types = ["svc::AuthLayer", "svc::AuthService", "svc::Caller"]
            .iter()
            .map(|path| threatmodel_core::facts::TypeDef {
                path: (*path).into(),
                fields: Vec::new(),
                location: SourceLocation {
                    file: "src/lib.rs".into(),
                    line: 1,
                    column: 1,
                },
            })
            .collect();
        let m = model(
            vec![
                endpoint("GET", "/a", "svc::a", false),
                endpoint("GET", "/b", "svc::b", false),
                endpoint("GET", "/c", "svc::c", false),
            ],
            vec![facts],
        );
        let claims = Claims::new(&m).expect("facts");
        let runs = |e: usize, control: &str| claims.runs(&m.endpoints[e], &mitigation(control));
        // The tower layer's service calls the control.
        assert!(matches!(runs(0, "svc::verify_token"), Running::Seen(_)));
        // An optional guard rejects only if the handler does: unknown, not missing.
        assert!(matches!(runs(1, "svc::Caller"), Running::Unknown(_)));
        // Middleware of another route does not run here.
        assert!(matches!(
            runs(1, "svc::other_middleware"),
            Running::Missing { .. }
        ));
        assert!(matches!(runs(2, "svc::other_middleware"), Running::Seen(_)));
    }

    #[test]
    fn an_incompletely_read_router_makes_a_missing_handler_unknown() {
        let m = model(
            vec![endpoint("GET", "/c", "svc::c", false)],
            vec![krate(vec![route("GET", "/a", "svc::a")], false)],
        );
        let claims = Claims::new(&m).expect("facts");
        assert!(matches!(
            claims.served("svc::c GET /c"),
            Some(Served::Unknown(_))
        ));
        let none = model(vec![endpoint("GET", "/c", "svc::c", false)], vec![]);
        let claims = Claims::new(&none).expect("facts");
        assert!(matches!(
            claims.served("svc::c GET /c"),
            Some(Served::Unknown(_))
        ));
        assert!(Claims::new(&Model::default()).is_none());
    }
}
