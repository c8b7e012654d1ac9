//! The guesses `init` writes into an `#[endpoint]`: where callers come from (`boundary`) and
//! whether they must authenticate (`auth`), from what the route table and the model show, each
//! with the evidence it rests on.

use std::collections::BTreeSet;

use threatmodel::ComponentKind;
use threatmodel::Model;
use threatmodel::facts::{Function, Route};

/// Words that, in the last segment of a layer's name or in a type a handler takes, suggest
/// authentication.
pub(crate) const AUTH_WORDS: &[&str] = &["auth", "jwt", "session", "token", "guard", "user"];

/// Handler parameters that carry request data or shared state, never a caller's identity: a
/// `Json<NewUser>` or `Path<UserId>` says nothing about authentication.
const NOT_IDENTITY: &[&str] = &[
    "Json",
    "Form",
    "Query",
    "Path",
    "Multipart",
    "Bytes",
    "String",
    "State",
    "Data",
    "Body",
    "Request",
    "HeaderMap",
    "Method",
    "Uri",
];

/// The `auth` guess of one route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Auth {
    /// `auth = "required"`: a layer, or a parameter the handler requires, looks like
    /// authentication (the evidence).
    Required(String),
    /// `auth = "optional"`: only a parameter wrapped in `Option` or `Result` looks like it, and
    /// such a parameter does not reject the request.
    Optional(String),
    /// Nothing looks like authentication; `auth` is left out, since what the reader cannot see
    /// (a check inside the handler, a layer of a router it could not read) may still require it.
    Unseen,
}

/// The `auth` guess for `route`, served by `handler` (`None`: its signature was not read).
pub(crate) fn auth(route: &Route, handler: Option<&Function>) -> Auth {
    for layer in &route.layers {
        for name in &layer.names {
            if let Some(word) = auth_word(short(name)) {
                return Auth::Required(format!(
                    "the layer `{}` ({}:{}) has \"{word}\" in its name",
                    short(name),
                    layer.location.file,
                    layer.location.line
                ));
            }
        }
    }
    let mut optional = None;
    for param in handler.map_or(&[][..], |f| f.params.as_slice()) {
        let types: Vec<&str> = param
            .types
            .iter()
            .map(|t| short(t))
            .filter(|t| !matches!(*t, "Option" | "Result"))
            .collect();
        if types
            .first()
            .is_some_and(|outer| NOT_IDENTITY.contains(outer))
        {
            continue;
        }
        let Some((name, word)) = types.iter().find_map(|t| auth_word(t).map(|w| (*t, w))) else {
            continue;
        };
        let evidence = format!("the handler takes `{name}`, with \"{word}\" in its name");
        if param.optional {
            optional.get_or_insert(format!("{evidence}, in an `Option` or `Result`"));
        } else {
            return Auth::Required(evidence);
        }
    }
    optional.map_or(Auth::Unseen, Auth::Optional)
}

/// The first of [`AUTH_WORDS`] in `name`, case set aside.
fn auth_word(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    AUTH_WORDS.iter().copied().find(|word| lower.contains(word))
}

/// The last segment of a path.
pub(crate) fn short(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

/// The `boundary` guess for the endpoints of one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Boundary {
    /// The crate's only trust boundary outside its service: its id.
    Existing(String),
    /// The crate has no trust boundary outside its service: `init` adds one.
    New,
    /// Several of the crate's trust boundaries lie outside its service (their ids): `boundary`
    /// is left out for the user to choose.
    Several(Vec<String>),
}

/// The `boundary` guess for a crate whose source files are `files`: its trust boundaries
/// (declared in those files) that hold none of the model's services, data stores, queues or
/// caches, directly or through a nested boundary. A boundary that holds only actors or
/// external services is where callers come from.
pub(crate) fn boundary(model: &Model, files: &BTreeSet<String>) -> Boundary {
    let mut inside: BTreeSet<&str> = BTreeSet::new();
    for component in &model.components {
        if !matches!(
            component.kind,
            ComponentKind::Service
                | ComponentKind::Datastore
                | ComponentKind::Queue
                | ComponentKind::Cache
        ) {
            continue;
        }
        let mut next = component.boundary.as_deref();
        while let Some(id) = next {
            if !inside.insert(id) {
                break;
            }
            next = model
                .trust_boundaries
                .iter()
                .find(|b| b.id == id)
                .and_then(|b| b.parent.as_deref());
        }
    }
    let outside: Vec<String> = model
        .trust_boundaries
        .iter()
        .filter(|b| files.contains(&b.location.file) && !inside.contains(b.id.as_str()))
        .map(|b| b.id.clone())
        .collect();
    match outside.as_slice() {
        [] => Boundary::New,
        [one] => Boundary::Existing(one.clone()),
        _ => Boundary::Several(outside),
    }
}

/// Whether the crate whose source files are `files` declares a `#[component(service)]`.
pub(crate) fn has_service(model: &Model, files: &BTreeSet<String>) -> bool {
    model
        .components
        .iter()
        .any(|c| c.kind == ComponentKind::Service && files.contains(&c.location.file))
}

#[cfg(test)]
mod tests {
    use threatmodel::facts::{Framework, Handler, Layer, LayerKind, Param, SourceLocation};

    use super::*;

    fn at(line: u32) -> SourceLocation {
        SourceLocation {
            file: "src/lib.rs".to_owned(),
            line,
            column: 1,
        }
    }

    fn route(layers: &[&str]) -> Route {
        Route {
            framework: Framework::Axum,
            method: "GET".to_owned(),
            path: "/x".to_owned(),
            handler: Handler::Fn {
                path: "svc::x".to_owned(),
            },
            layers: layers
                .iter()
                .map(|name| Layer {
                    kind: LayerKind::Layer,
                    names: vec![(*name).to_owned()],
                    text: (*name).to_owned(),
                    location: at(9),
                })
                .collect(),
            location: at(9),
        }
    }

    fn handler(params: &[(&[&str], bool)]) -> Function {
        Function {
            path: "svc::x".to_owned(),
            params: params
                .iter()
                .map(|(types, optional)| Param {
                    types: types.iter().map(|t| (*t).to_owned()).collect(),
                    optional: *optional,
                })
                .collect(),
            returns: Vec::new(),
            calls: Vec::new(),
            location: at(3),
        }
    }

    #[test]
    fn an_authentication_layer_makes_auth_required() {
        let route = route(&["tower_http::trace::TraceLayer", "svc::auth::require_jwt"]);
        assert_eq!(
            auth(&route, None),
            Auth::Required(
                "the layer `require_jwt` (src/lib.rs:9) has \"jwt\" in its name".to_owned()
            )
        );
    }

    #[test]
    fn an_identity_parameter_makes_auth_required_or_optional() {
        let required = handler(&[(&["axum::Extension", "svc::CurrentUser"], false)]);
        assert_eq!(
            auth(&route(&[]), Some(&required)),
            Auth::Required("the handler takes `CurrentUser`, with \"user\" in its name".to_owned())
        );
        let optional = handler(&[(&["Option", "svc::AuthSession"], true)]);
        assert!(matches!(
            auth(&route(&[]), Some(&optional)),
            Auth::Optional(why) if why.contains("`AuthSession`")
        ));
    }

    #[test]
    fn request_data_and_state_say_nothing_about_authentication() {
        let handler = handler(&[
            (&["axum::Json", "svc::NewUser"], false),
            (&["axum::extract::Path", "svc::UserId"], false),
            (&["axum::extract::State", "svc::TokenStore"], false),
        ]);
        let route = route(&["tower_http::cors::CorsLayer"]);
        assert_eq!(auth(&route, Some(&handler)), Auth::Unseen);
        assert_eq!(auth(&route, None), Auth::Unseen);
    }
}
