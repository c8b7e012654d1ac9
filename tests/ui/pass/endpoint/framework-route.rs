//! `#[endpoint]` without a route template reads it from the framework attribute below it
//! (`#[get("/x")]`, `#[post]`, `#[route]`, by bare or full path), which it gives back intact.

use fake_routes::{get, post, route};
use threatmodel::{AuthRequirement, endpoint, mitigation, threat};
use threatmodel_tests::{collect, endpoint};

#[endpoint(auth = "required")]
#[get("/accounts/{id}")]
pub fn get_account() {}

#[endpoint]
#[threat(csrf, accepted = "token auth only, no cookies")]
#[post("/transfers")]
pub fn create_transfer() {}

#[endpoint]
#[fake_routes::delete("/sessions/<id>")]
pub fn logout() {}

/// actix-web's `#[route]` names its methods; the first one is the endpoint's.
#[endpoint]
#[route("/health", method = "GET", method = "HEAD")]
pub fn health() {}

/// Rocket's `#[route]` puts the method first and the path in `uri`.
#[endpoint]
#[route(PATCH, uri = "/profiles/<id>")]
pub fn update_profile() {}

/// Without a method, `#[route]` matches any.
#[endpoint]
#[route("/echo")]
pub fn echo() {}

/// A handler that checks ownership inline: a route attribute below `#[mitigation]` defines a
/// type named like the handler, so the control takes another name.
#[mitigation(authorization, marker = OwnerCheck)]
#[endpoint]
#[threat(bola, mitigated_by = OwnerCheck)]
#[get("/cards/{id}")]
pub fn get_card() {}

fn main() {
    let model = collect();
    assert_eq!(model.endpoints.len(), 7);
    assert_eq!(endpoint(&model, "get_account", "GET", "/accounts/{id}").auth, Some(AuthRequirement::Required));
    assert_eq!(endpoint(&model, "create_transfer", "POST", "/transfers").path_params, Vec::<String>::new());
    assert_eq!(endpoint(&model, "logout", "DELETE", "/sessions/{id}").path_params, ["id"]);
    endpoint(&model, "health", "GET", "/health");
    assert_eq!(endpoint(&model, "update_profile", "PATCH", "/profiles/{id}").path_params, ["id"]);
    endpoint(&model, "echo", "ANY", "/echo");
    endpoint(&model, "get_card", "GET", "/cards/{id}");

    get_account();
    create_transfer();
    logout();
    health();
    update_profile();
    echo();
    get_card();
}
