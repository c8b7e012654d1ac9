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

use std::collections::BTreeMap;

use threatmodel_core::facts::{CrateFacts, Facts, Handler, Route};

use crate::Model;
use crate::model::{Endpoint, Location};

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
    served: BTreeMap<&'m str, Served<'m>>,
    unmodelled: Vec<Unmodelled<'m>>,
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
        let served = model
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
                let described = endpoints_by_handler
                    .get(handler)
                    .is_some_and(|endpoints| endpoints.iter().any(|e| matches(e, route)));
                if !described {
                    unmodelled.push(Unmodelled {
                        route,
                        handler,
                        location: location(krate, route),
                    });
                }
            }
        }
        Some(Claims { served, unmodelled })
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
}

/// The model location of a route's registration in `krate`.
fn location(krate: &CrateFacts, route: &Route) -> Location {
    Location {
        package: krate.package.clone(),
        krate: krate.krate.clone(),
        file: route.location.file.clone(),
        line: route.location.line,
        column: route.location.column,
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
    let claimed = shape(&endpoint.route);
    let served = shape(&route.path);
    if claimed == served {
        return true;
    }
    // A claimed path starts with `/`, so a suffix match is at a segment boundary; the root
    // (`#[get("/")]`) matches the bare mount prefix.
    endpoint.route_from_framework && served.ends_with(claimed.trim_end_matches('/'))
}

/// A path with parameter names set aside (`{id}` and `{*rest}` become `{}` and `{*}`) and no
/// trailing slash except the root's.
fn shape(path: &str) -> String {
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
    if shaped.len() > 1 && shaped.ends_with('/') {
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

/// Whether a route's handler is a named fn (the only kind an endpoint can describe).
pub fn has_named_handler(route: &Route) -> bool {
    matches!(route.handler, Handler::Fn { .. })
}

#[cfg(test)]
mod tests {
    use super::*;
    use threatmodel_core::facts::{Framework, SourceLocation};

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
            },
        }
    }

    #[test]
    fn paths_match_whatever_the_parameter_names() {
        let e = endpoint("GET", "/users/{id}", "svc::get", false);
        assert!(matches(&e, &route("GET", "/users/{user_id}", "svc::get")));
        assert!(!matches(&e, &route("POST", "/users/{id}", "svc::get")));
        assert!(!matches(&e, &route("GET", "/users/{id}", "svc::other")));
        assert!(matches(&e, &route("ANY", "/users/{id}/", "svc::get")));
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
        assert_eq!(
            unmodelled,
            [("/api/b", "svc::b"), ("/admin/dump", "svc::dump")]
        );
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
