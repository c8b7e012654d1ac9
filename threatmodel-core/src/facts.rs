//! Facts read from a service's code: the routes it serves and the layers in force on each,
//! handler signatures, calls between functions and the fields of types.
//!
//! An annotation is a *claim*; these are what the code says (DESIGN §7). They are plain data,
//! produced by the `threatmodel-facts` crate from the workspace's sources and carried in the
//! JSON model beside the claims. What the reader cannot see (a router built by a macro, a call
//! through a trait object) is recorded as an [`Unknown`], never guessed: rules fire only on
//! facts seen, and say when a fact is unknown.
//!
//! Paths are absolute Rust paths starting with the crate's name as rustc knows it
//! (`bank_api::accounts::get_account`, `bank_api::Db::insert`), the same form as the model's
//! element ids; paths outside the workspace start with the external crate's name
//! (`tower_governor::GovernorLayer`).

use serde::{Deserialize, Serialize};

/// Everything read from the code of a selection of packages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// One entry per crate read, sorted by package, then crate.
    pub crates: Vec<CrateFacts>,
}

impl Facts {
    /// Whether nothing was read.
    pub fn is_empty(&self) -> bool {
        self.crates.is_empty()
    }

    /// Every route of every crate, in order.
    pub fn routes(&self) -> impl Iterator<Item = &Route> {
        self.crates.iter().flat_map(|c| c.routes.iter())
    }

    /// The function at absolute `path`, in whichever crate defines it.
    pub fn function(&self, path: &str) -> Option<&Function> {
        self.crates
            .iter()
            .find_map(|c| c.functions.iter().find(|f| f.path == path))
    }
}

/// The facts of one crate (a library or binary target of a workspace member).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CrateFacts {
    /// Cargo package name.
    pub package: String,
    /// Crate name as rustc knows it (`bank_api`).
    #[serde(rename = "crate")]
    pub krate: String,
    /// The source files read, relative to the workspace root, sorted.
    pub files: Vec<String>,
    /// The routes the crate's routers serve, in registration order.
    pub routes: Vec<Route>,
    /// Functions and methods with what they take, return and call, sorted by path.
    pub functions: Vec<Function>,
    /// Structs and enums with their fields, sorted by path.
    pub types: Vec<TypeDef>,
    /// What the reader saw but could not understand, in source order.
    pub unknowns: Vec<Unknown>,
    /// Whether the crate's routers were read completely: no route handler and no router
    /// construct was unknown. Only then can a handler missing from its routes be called
    /// unserved.
    pub routes_complete: bool,
}

/// A web framework whose routers the reader understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    /// axum 0.6 to 0.8.
    Axum,
    /// actix-web 4.
    ActixWeb,
    /// Rocket 0.5.
    Rocket,
}

/// One route a router serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The framework of the router.
    pub framework: Framework,
    /// Upper-case HTTP method; `ANY` for a route that serves every method (a service, a
    /// fallback, axum's `any`).
    pub method: String,
    /// The full path with every mount prefix, normalised to `{param}` (`{*rest}` for a
    /// catch-all), as [`crate::route::normalise`] does for route templates.
    pub path: String,
    /// What handles it.
    pub handler: Handler,
    /// The layers, middleware and guards in force on the route, outermost (runs first) first.
    pub layers: Vec<Layer>,
    /// Where the route is registered (the `.route(...)`, `.service(...)` or `routes![...]`).
    pub location: SourceLocation,
}

/// What handles a route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Handler {
    /// A named fn or method.
    Fn {
        /// Its absolute path.
        path: String,
    },
    /// A nested service (`nest_service`, `route_service`, a static-file server) that is not a
    /// handler fn; its own routes are not seen.
    Service {
        /// The service expression's resolved path, or its source text.
        name: String,
    },
    /// The handler could not be identified (a closure, a value built by a macro or behind a
    /// variable the reader cannot follow).
    Unknown {
        /// Why.
        reason: String,
    },
}

impl Handler {
    /// The handler fn's path, when it is a named fn.
    pub fn fn_path(&self) -> Option<&str> {
        match self {
            Handler::Fn { path } => Some(path),
            Handler::Service { .. } | Handler::Unknown { .. } => None,
        }
    }
}

/// How a layer is attached to a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    /// axum `Router::layer` (also runs for unmatched requests of that router) or a tower layer
    /// on a method router.
    Layer,
    /// axum `Router::route_layer` (only for matched routes).
    RouteLayer,
    /// actix-web `App::wrap`, `Scope::wrap`, `Resource::wrap` (`wrap_fn` too).
    Wrap,
    /// A Rocket fairing attached with `.attach(...)`.
    Fairing,
}

/// A layer, middleware or fairing in force on a route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// How it is attached.
    pub kind: LayerKind,
    /// Absolute paths of the types and fns named in the layer expression, in source order
    /// (`tower_governor::GovernorLayer`, `bank_api::auth::require_jwt` of
    /// `from_fn(require_jwt)`): what a `#[mitigation]` or an `installed_by` is matched against.
    pub names: Vec<String>,
    /// The layer expression's source text, whitespace collapsed, at most 120 characters.
    pub text: String,
    /// Where it is attached.
    pub location: SourceLocation,
}

/// A fn or method: what it takes, returns and calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Function {
    /// Absolute path (`krate::module::f`, `krate::module::Type::method`).
    pub path: String,
    /// Its parameters, in order (`self` left out).
    pub params: Vec<Param>,
    /// Absolute paths of every type named in its return type, outermost first.
    pub returns: Vec<String>,
    /// What its body calls, in source order, without repeats.
    pub calls: Vec<Call>,
    /// Where it is defined.
    pub location: SourceLocation,
}

/// A parameter of a fn: for a handler, an extractor or request guard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// Absolute paths of every type named in the parameter's type, outermost first
    /// (`axum::Json`, `bank_api::model::NewTransfer`).
    pub types: Vec<String>,
    /// Whether the type is wrapped in `Option` or `Result`, so that a failing extractor or
    /// guard does not reject the request.
    pub optional: bool,
}

/// A call in a fn's body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Call {
    /// A call resolved to an absolute fn or method path.
    Fn {
        /// The callee's path.
        path: String,
    },
    /// A call the reader could not resolve (a method on a value of unknown type, a trait
    /// object, a closure, a call inside a macro).
    Unknown {
        /// What was called, as written.
        text: String,
        /// The line of the call.
        line: u32,
    },
}

/// A struct or enum and the types of its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// Absolute path.
    pub path: String,
    /// Its fields (of every variant, for an enum), in order.
    pub fields: Vec<Field>,
    /// Where it is defined.
    pub location: SourceLocation,
}

/// A field of a struct or enum variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Its name; the position (`0`, `1`) for a tuple field; `Variant.name` in an enum.
    pub name: String,
    /// Absolute paths of every type named in its type, outermost first.
    pub types: Vec<String>,
    /// Whether `#[serde(skip)]` or `#[serde(skip_serializing)]` keeps it out of what is sent.
    pub skip_serializing: bool,
}

/// Something the reader saw and could not understand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Unknown {
    /// What it is and why it is not understood, as a short sentence without a final period.
    pub what: String,
    /// Where.
    pub location: SourceLocation,
}

/// A position in a source file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SourceLocation {
    /// File path, relative to the workspace root, with `/` separators.
    pub file: String,
    /// Line (1-based).
    pub line: u32,
    /// Column (1-based).
    pub column: u32,
}
