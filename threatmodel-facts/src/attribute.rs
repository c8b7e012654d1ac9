//! Framework route attributes (`#[get("/x")]`, actix-web's and Rocket's `#[route]`): the one
//! parser both `#[endpoint]` (which infers its route from them) and the route-table reader use.

use syn::Ident;
use syn::LitStr;
use syn::parse::ParseStream;

/// HTTP methods an endpoint's route template may name; `ANY` is every method.
pub const HTTP_METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "ANY",
];

/// The HTTP method (upper case, never `ANY`) that the lower-case word `name` names: `get` is
/// `GET`. The framework's route attributes (`#[get]`), axum's routing fns (`get(h)`) and
/// actix-web's route builders (`web::get()`) are all named this way.
pub fn method_named(name: &str) -> Option<&'static str> {
    HTTP_METHODS
        .iter()
        .copied()
        .filter(|method| *method != "ANY")
        .find(|method| {
            method.eq_ignore_ascii_case(name) && name.bytes().all(|b| b.is_ascii_lowercase())
        })
}

/// A route read from a framework attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkRoute {
    /// Upper-case HTTP method (`ANY` for a `#[route]` that names none).
    pub method: String,
    /// The path as written in the attribute, in the framework's syntax.
    pub path: String,
}

/// The route of the first framework route attribute among `attrs`: `#[get("/x")]`,
/// `#[actix_web::post("/x")]`, `#[route("/x", method = "PATCH")]` (actix-web) or
/// `#[route(PATCH, uri = "/x")]` (Rocket). `None` when there is none, or its arguments name no
/// route.
pub fn framework_route(attrs: &[syn::Attribute]) -> Option<FrameworkRoute> {
    attrs.iter().find_map(|attr| {
        let default_method = framework_route_method(attr)?;
        let list = attr.meta.require_list().ok()?;
        list.parse_args_with(|input: ParseStream<'_>| route_arguments(input, default_method))
            .ok()
    })
}

/// The first framework route attribute among `attrs`, if any (for its span).
pub fn framework_route_attr(attrs: &[syn::Attribute]) -> Option<&syn::Attribute> {
    attrs
        .iter()
        .find(|attr| framework_route_method(attr).is_some() && attr.meta.require_list().is_ok())
}

/// The HTTP method of a framework route attribute (`#[get(..)]`, `#[actix_web::post(..)]`).
fn framework_route_method(attr: &syn::Attribute) -> Option<&'static str> {
    let last = attr.path().segments.last()?.ident.to_string();
    // `#[route]` (actix-web, Rocket) names its method in its arguments; `ANY` until it does.
    method_named(&last).or_else(|| (last == "route").then_some("ANY"))
}

/// The arguments of a framework route attribute: `("/x")`, `("/x", method = "PATCH")`,
/// `(GET, uri = "/x")`; other arguments (`data = "<form>"`, `rank = 2`, `wrap = "..."`) are
/// skipped.
fn route_arguments(input: ParseStream<'_>, default_method: &str) -> syn::Result<FrameworkRoute> {
    let mut method = None;
    let mut route = None;
    while !input.is_empty() {
        if input.peek(LitStr) {
            route.get_or_insert(input.parse::<LitStr>()?.value());
        } else if input.peek(Ident) && input.peek2(syn::Token![=]) {
            let key: Ident = input.parse()?;
            input.parse::<syn::Token![=]>()?;
            let value: syn::Expr = input.parse()?;
            let text = match &value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                syn::Expr::Path(p) => p.path.get_ident().map(ToString::to_string),
                _ => None,
            };
            match (key.to_string().as_str(), text) {
                ("method", Some(text)) => method = method.or(Some(text.to_ascii_uppercase())),
                ("uri" | "path", Some(text)) => route = route.or(Some(text)),
                _ => {}
            }
        } else if input.peek(Ident) {
            let word: Ident = input.parse()?;
            let upper = word.to_string().to_ascii_uppercase();
            if HTTP_METHODS.contains(&upper.as_str()) {
                method = method.or(Some(upper));
            }
        } else {
            input.parse::<proc_macro2::TokenTree>()?;
        }
        if !input.is_empty() {
            input.parse::<syn::Token![,]>()?;
        }
    }
    match route {
        Some(path) => Ok(FrameworkRoute {
            method: method.unwrap_or_else(|| default_method.to_owned()),
            path,
        }),
        None => Err(input.error("no route")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(item: &str) -> Option<FrameworkRoute> {
        let item: syn::ItemFn = syn::parse_str(item).expect("a fn");
        framework_route(&item.attrs)
    }

    #[test]
    fn method_attributes_give_their_method() {
        assert_eq!(
            route("#[get(\"/tags\")] fn f() {}"),
            Some(FrameworkRoute {
                method: "GET".into(),
                path: "/tags".into()
            })
        );
        assert_eq!(
            route("#[actix_web::delete(\"/x/{id}\")] fn f() {}").map(|r| r.method),
            Some("DELETE".into())
        );
    }

    #[test]
    fn route_attributes_of_actix_and_rocket_name_the_method() {
        let actix = route("#[route(\"/x\", method = \"PATCH\")] fn f() {}").expect("route");
        assert_eq!(
            (actix.method.as_str(), actix.path.as_str()),
            ("PATCH", "/x")
        );
        let rocket = route("#[route(PUT, uri = \"/y/<id>\")] fn f() {}").expect("route");
        assert_eq!(
            (rocket.method.as_str(), rocket.path.as_str()),
            ("PUT", "/y/<id>")
        );
        let rocket_data = route("#[post(\"/z\", data = \"<form>\")] fn f() {}").expect("route");
        assert_eq!(rocket_data.path, "/z");
    }

    #[test]
    fn method_words_are_lower_case_http_methods() {
        assert_eq!(method_named("get"), Some("GET"));
        assert_eq!(method_named("connect"), Some("CONNECT"));
        assert_eq!(method_named("GET"), None);
        assert_eq!(method_named("any"), None);
        assert_eq!(method_named("route"), None);
    }

    #[test]
    fn other_attributes_give_nothing() {
        assert_eq!(route("#[inline] fn f() {}"), None);
        assert_eq!(route("#[get] fn f() {}"), None);
    }
}
