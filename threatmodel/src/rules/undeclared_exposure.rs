//! TM0020 `undeclared_exposure`: an endpoint's request or response carries a critical or high
//! asset that its `exposes` does not list.

use threatmodel_core::{Level, Stride};

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0020",
    name: "undeclared_exposure",
    default_severity: Severity::Warning,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    owasp_api_2023: Some("API3:2023"),
    cwe: &[213],
    summary: "an endpoint's request or response carries a critical or high asset its `exposes` \
        does not list",
    checks: "For every `#[endpoint]`, the types of its handler's response (return type) and \
        request data (the type parameters of `Json`, `Form`, `Query`, `Path` of axum, actix-web \
        and Rocket; state and guards are not request data), followed through the fields of the \
        types read from the code (`Vec<T>`, `Option<T>`, `Result<T, E>` and generics included, \
        fields with `#[serde(skip)]` or `skip_serializing` left out). A critical or high \
        `#[asset]` is carried when its own type is reached, or when a reached type has a field \
        named in the asset's `fields = [...]` (a `UserView { email }` carries `User`'s e-mail). \
        It is reported when the endpoint's `exposes` does not list the asset. Skipped when the \
        model has no facts or the handler's signature was not read.",
    why: "The rules that look for broken object-level, property-level and function-level \
        authorization and for unauthenticated access read `exposes`: an asset that travels \
        through an endpoint without being listed there escapes all of them. Excessive data \
        exposure through a response type that copies a sensitive field is the classic case \
        (OWASP API3:2023).",
    example: "use axum::{Json, Router, routing::get};\n\
        use threatmodel::{asset, endpoint, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[asset(critical, data = \"pii\", fields = [email])]\n\
        pub struct User { pub id: u64, pub email: String, pub password_hash: String }\n\
        \n\
        #[derive(serde::Serialize)]\n\
        pub struct Author { pub name: String, pub email: String }\n\
        \n\
        #[endpoint(\"GET /articles/{slug}\", boundary = Internet)] // returns Json<Author>\n\
        pub async fn article() -> Json<Author> {\n\
        \x20   Json(Author { name: String::new(), email: String::new() })\n\
        }\n\
        \n\
        pub fn app() -> Router {\n\
        \x20   Router::new().route(\"/articles/{slug}\", get(article))\n\
        }",
    fix: "List the asset in the endpoint's `exposes` (and record the threats that follow), or \
        stop sending it: drop the field from the response type or mark it \
        `#[serde(skip_serializing)]`.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(claims) = &cx.claims else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for endpoint in &cx.model.endpoints {
        for exposure in claims.exposures(cx.model, endpoint) {
            if endpoint.exposes.iter().any(|id| id == exposure.asset) {
                continue;
            }
            let Some(asset) = cx.asset(exposure.asset) else {
                continue;
            };
            // `Level` orders the most severe first: keep critical and high only.
            if asset.level > Level::High && asset.confidentiality > Level::High {
                continue;
            }
            let direction = if exposure.response {
                "its response"
            } else {
                "its request"
            };
            hits.push(
                Hit::new(
                    format!("{} {}", endpoint.id, asset.id),
                    &endpoint.handler,
                    &endpoint.location,
                    format!(
                        "`{} {}` carries `{}` ({} asset) in {direction} through {}, but `exposes` does not list it",
                        endpoint.method,
                        endpoint.route,
                        asset.name,
                        asset.level.as_str(),
                        exposure.through
                    ),
                )
                .help(format!(
                    "add `{}` to the endpoint's `exposes`, or stop sending it",
                    asset.name
                )),
            );
        }
    }
    hits
}
