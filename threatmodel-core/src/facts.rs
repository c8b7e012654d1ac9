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
    /// The inline modules (`mod x { ... }`) of the files read, in the order read: an item
    /// between their braces is in that module, not in its file's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline_modules: Vec<InlineModule>,
}

/// One inline module, `mod x { ... }`, and the source range between its braces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InlineModule {
    /// Absolute path (`shop::billing::inner`).
    pub path: String,
    /// The file, relative to the workspace root.
    pub file: String,
    /// Line (1-based) and column (1-based, in characters) of the opening brace.
    pub start: (u32, u32),
    /// Line (1-based) and column (1-based, in characters) just past the closing brace.
    pub end: (u32, u32),
}

impl InlineModule {
    /// Whether `(line, column)` (both 1-based) of `file` lies between the module's braces.
    pub fn contains(&self, file: &str, line: u32, column: u32) -> bool {
        file == self.file && self.start <= (line, column) && (line, column) < self.end
    }
}

impl Facts {
    /// The module an item at `file`, `line`, `column` (1-based, as rustc reports them) of
    /// crate `krate` is in, relative to the crate root (`["billing", "inner"]`), when it lies
    /// in an inline module of that crate's facts (the innermost, when they nest); `None` when
    /// it lies in none, or the crate's facts were not read.
    pub fn inline_module_of(
        &self,
        krate: &str,
        file: &str,
        line: u32,
        column: u32,
    ) -> Option<Vec<String>> {
        let inner = self
            .crates
            .iter()
            .filter(|facts| facts.krate == krate)
            .flat_map(|facts| &facts.inline_modules)
            .filter(|module| module.contains(file, line, column))
            .max_by_key(|module| module.path.matches("::").count())?;
        Some(inner.path.split("::").skip(1).map(str::to_owned).collect())
    }
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

/// Whether one fn reaches another through the calls read: the answer of [`Facts::reaches`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reach {
    /// A chain of resolved calls leads from one to the other.
    Reached,
    /// No chain leads there, and every call on every chain from the first fn was resolved to a
    /// fn whose body was read: nothing unseen could lead there.
    NotReached,
    /// No chain of resolved calls leads there, but a call on the way could not be resolved or
    /// goes to a fn whose body was not read (another crate, a fn made by a macro), or the first
    /// fn was not read.
    Unknown,
}

/// Everything a fn reaches through resolved calls: what [`Facts::reaches`] decides on, with
/// what keeps a [`Reach::NotReached`] from being said (for a rule to explain an unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reachable<'a> {
    /// The functions read that are reached, the first fn included.
    pub functions: std::collections::BTreeSet<&'a str>,
    /// Paths called on the way that are not functions read (fns of crates not read, methods
    /// of external types, fns made by macros): reached, but what they call is not seen.
    pub unread: std::collections::BTreeSet<&'a str>,
    /// The calls on the way that were not resolved, each with the path of the fn making it,
    /// in the order they were met.
    pub unresolved: Vec<(&'a str, &'a Call)>,
}

impl Facts {
    /// Every fn reached from the fn at `from` through resolved calls, breadth-first; `None`
    /// when no fn at `from` was read.
    ///
    /// Several functions may share a path (the `from` methods of two `impl From<_> for Error`
    /// blocks are both `Error::from`): a call to that path reaches all of them. Each fn and each
    /// call is looked at once, so the cost is linear in the size of the call graph, and cycles
    /// end.
    pub fn reachable(&self, from: &str) -> Option<Reachable<'_>> {
        use std::collections::{BTreeMap, VecDeque};
        let mut by_path: BTreeMap<&str, Vec<&Function>> = BTreeMap::new();
        for function in self.crates.iter().flat_map(|c| c.functions.iter()) {
            by_path.entry(&function.path).or_default().push(function);
        }
        let (&start, _) = by_path.get_key_value(from)?;
        let mut reachable = Reachable::default();
        reachable.functions.insert(start);
        let mut queue = VecDeque::from([start]);
        while let Some(path) = queue.pop_front() {
            for function in by_path.get(path).into_iter().flatten() {
                for call in &function.calls {
                    match call {
                        Call::Fn { path: callee } => match by_path.get_key_value(callee.as_str()) {
                            Some((&callee, _)) => {
                                if reachable.functions.insert(callee) {
                                    queue.push_back(callee);
                                }
                            }
                            None => {
                                reachable.unread.insert(callee);
                            }
                        },
                        Call::Unknown { .. } => reachable.unresolved.push((path, call)),
                    }
                }
            }
        }
        Some(reachable)
    }

    /// Whether the fn at `from` reaches the fn at `to` through the calls read.
    ///
    /// - [`Reach::Reached`] when a chain of resolved calls leads from `from` to `to` (a call to
    ///   `to` is enough, whether or not `to`'s body was read; a fn reaches itself). It says
    ///   nothing about other calls: `to` may also be reached through calls not resolved.
    /// - [`Reach::NotReached`] only when `from` was read, `to` is not reached, and every call
    ///   of every fn reached from `from` is resolved ([`Call::Fn`]) to a fn that was read.
    /// - [`Reach::Unknown`] otherwise: `from` was not read, or a fn on the way makes a
    ///   [`Call::Unknown`] or calls a path whose body was not read (a fn of a crate not read,
    ///   a method of an external type, a fn made by a macro), which might lead to `to`.
    ///
    /// Linear in the size of the call graph; cycles are safe. See [`Facts::reachable`].
    pub fn reaches(&self, from: &str, to: &str) -> Reach {
        let Some(reachable) = self.reachable(from) else {
            return Reach::Unknown;
        };
        if reachable.functions.contains(to) || reachable.unread.contains(to) {
            Reach::Reached
        } else if reachable.unread.is_empty() && reachable.unresolved.is_empty() {
            Reach::NotReached
        } else {
            Reach::Unknown
        }
    }

    /// Every type path reachable from the type at `ty` through the fields of the types read,
    /// transitively, `ty` included: what a value of that type may carry when it is serialised.
    ///
    /// Fields with [`Field::skip_serializing`] are left out, with what only they lead to. Paths
    /// of types not read (`String`, `Vec`, `uuid::Uuid`) are included but not looked into; a
    /// type alias read is looked through (it is read as a type with one field). Cycles are safe.
    pub fn contained_types(&self, ty: &str) -> std::collections::BTreeSet<String> {
        self.contained_types_of([ty])
    }

    /// [`Facts::contained_types`] of each of `types` (a handler's [`Function::returns`], or a
    /// parameter's [`Param::types`]), together.
    pub fn contained_types_of<'t>(
        &self,
        types: impl IntoIterator<Item = &'t str>,
    ) -> std::collections::BTreeSet<String> {
        use std::collections::{BTreeMap, BTreeSet};
        let mut by_path: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
        for def in self.crates.iter().flat_map(|c| c.types.iter()) {
            by_path.entry(&def.path).or_default().push(def);
        }
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<String> = types.into_iter().map(str::to_owned).collect();
        while let Some(path) = stack.pop() {
            if seen.contains(&path) {
                continue;
            }
            for def in by_path.get(path.as_str()).into_iter().flatten() {
                for field in def.fields.iter().filter(|f| !f.skip_serializing) {
                    stack.extend(field.types.iter().filter(|t| !seen.contains(*t)).cloned());
                }
            }
            seen.insert(path);
        }
        seen
    }
}

#[cfg(test)]
mod query_tests {
    use super::*;

    #[test]
    fn an_item_is_in_the_innermost_inline_module_around_it() {
        let module = |path: &str, start, end| InlineModule {
            path: path.to_owned(),
            file: "src/lib.rs".to_owned(),
            start,
            end,
        };
        let facts = Facts {
            crates: vec![CrateFacts {
                krate: "shop".to_owned(),
                inline_modules: vec![
                    module("shop::billing", (3, 17), (12, 2)),
                    module("shop::billing::inner", (5, 15), (8, 6)),
                ],
                ..CrateFacts::default()
            }],
        };
        let of = |line, column| facts.inline_module_of("shop", "src/lib.rs", line, column);
        assert_eq!(
            of(6, 5),
            Some(vec!["billing".to_owned(), "inner".to_owned()])
        );
        assert_eq!(of(10, 5), Some(vec!["billing".to_owned()]));
        assert_eq!(of(12, 2), None);
        assert_eq!(of(1, 1), None);
        assert_eq!(facts.inline_module_of("other", "src/lib.rs", 6, 5), None);
    }

    fn location() -> SourceLocation {
        SourceLocation {
            file: "src/lib.rs".into(),
            line: 1,
            column: 1,
        }
    }

    fn resolved(path: &str) -> Call {
        Call::Fn { path: path.into() }
    }

    fn unknown(text: &str) -> Call {
        Call::Unknown {
            text: text.into(),
            line: 7,
        }
    }

    /// Facts of crate `demo` with `functions` (path, calls).
    fn graph(functions: &[(&str, Vec<Call>)]) -> Facts {
        Facts {
            crates: vec![CrateFacts {
                package: "demo".into(),
                krate: "demo".into(),
                functions: functions
                    .iter()
                    .map(|(path, calls)| Function {
                        path: (*path).into(),
                        params: Vec::new(),
                        returns: Vec::new(),
                        calls: calls.clone(),
                        location: location(),
                    })
                    .collect(),
                ..CrateFacts::default()
            }],
        }
    }

    #[test]
    fn reached_through_a_chain_of_resolved_calls() {
        let facts = graph(&[
            ("demo::handler", vec![resolved("demo::service::update")]),
            (
                "demo::service::update",
                vec![unknown("x.y"), resolved("demo::auth::ensure_owner")],
            ),
        ]);
        // `ensure_owner`'s body was not read: a resolved call to it is enough.
        assert_eq!(
            facts.reaches("demo::handler", "demo::auth::ensure_owner"),
            Reach::Reached
        );
        assert_eq!(
            facts.reaches("demo::handler", "demo::service::update"),
            Reach::Reached
        );
        assert_eq!(
            facts.reaches("demo::handler", "demo::handler"),
            Reach::Reached
        );
    }

    #[test]
    fn not_reached_only_when_every_call_on_the_way_is_resolved_and_read() {
        let facts = graph(&[
            ("demo::a", vec![resolved("demo::b"), resolved("demo::c")]),
            ("demo::b", vec![resolved("demo::a")]),
            ("demo::c", vec![]),
            ("demo::check", vec![]),
        ]);
        assert_eq!(facts.reaches("demo::a", "demo::check"), Reach::NotReached);
        assert_eq!(facts.reaches("demo::b", "demo::c"), Reach::Reached);
    }

    #[test]
    fn an_unresolved_call_or_an_unread_callee_on_the_way_makes_it_unknown() {
        let facts = graph(&[
            ("demo::a", vec![resolved("demo::b")]),
            ("demo::b", vec![unknown("repo.find")]),
            ("demo::c", vec![resolved("sqlx::query")]),
            ("demo::check", vec![]),
        ]);
        assert_eq!(facts.reaches("demo::a", "demo::check"), Reach::Unknown);
        assert_eq!(facts.reaches("demo::c", "demo::check"), Reach::Unknown);
        assert_eq!(
            facts.reaches("demo::missing", "demo::check"),
            Reach::Unknown
        );
        let reachable = facts.reachable("demo::a").expect("read");
        assert_eq!(
            reachable.unresolved,
            [("demo::b", &unknown("repo.find"))],
            "the unknown is named with its caller"
        );
        let reachable = facts.reachable("demo::c").expect("read");
        assert_eq!(
            reachable.unread.into_iter().collect::<Vec<_>>(),
            ["sqlx::query"]
        );
    }

    #[test]
    fn functions_sharing_a_path_are_all_followed() {
        let facts = graph(&[
            ("demo::a", vec![resolved("demo::Error::from")]),
            ("demo::Error::from", vec![]),
            ("demo::Error::from", vec![resolved("demo::log")]),
            ("demo::log", vec![]),
        ]);
        assert_eq!(facts.reaches("demo::a", "demo::log"), Reach::Reached);
    }

    fn field(name: &str, types: &[&str], skip_serializing: bool) -> Field {
        Field {
            name: name.into(),
            types: types.iter().map(|t| (*t).into()).collect(),
            skip_serializing,
        }
    }

    #[test]
    fn contained_types_follow_fields_transitively_without_skipped_ones() {
        let def = |path: &str, fields: Vec<Field>| TypeDef {
            path: path.into(),
            fields,
            location: location(),
        };
        let facts = Facts {
            crates: vec![CrateFacts {
                types: vec![
                    def(
                        "demo::Account",
                        vec![
                            field("owner", &["demo::User"], false),
                            field("history", &["Vec", "demo::Transfer"], false),
                            field("audit", &["demo::AuditLog"], true),
                        ],
                    ),
                    def(
                        "demo::User",
                        vec![
                            field("name", &["String"], false),
                            field("accounts", &["Vec", "demo::Account"], false),
                        ],
                    ),
                    def("demo::AuditLog", vec![field("0", &["demo::Secret"], false)]),
                    def("demo::Transfer", vec![]),
                ],
                ..CrateFacts::default()
            }],
        };
        let all: Vec<String> = facts.contained_types("demo::Account").into_iter().collect();
        assert_eq!(
            all,
            [
                "String",
                "Vec",
                "demo::Account",
                "demo::Transfer",
                "demo::User"
            ]
        );
        let of_list = facts.contained_types_of(["axum::Json", "demo::AuditLog"]);
        assert_eq!(
            of_list.into_iter().collect::<Vec<_>>(),
            ["axum::Json", "demo::AuditLog", "demo::Secret"]
        );
    }
}
