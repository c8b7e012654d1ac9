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

#[endpoint]
#[route("/health", method = "GET", method = "HEAD")]
pub fn health() {}

/// A handler that checks ownership inline: a route attribute below `#[mitigation]` defines a
/// type named like the handler, so the control takes another name.
#[mitigation(authorization, marker = OwnerCheck)]
#[endpoint]
#[threat(bola, mitigated_by = OwnerCheck)]
#[get("/cards/{id}")]
pub fn get_card() {}

fn main() {
    let model = collect();
    assert_eq!(model.endpoints.len(), 5);
    assert_eq!(endpoint(&model, "get_account", "GET", "/accounts/{id}").auth, Some(AuthRequirement::Required));
    assert_eq!(endpoint(&model, "create_transfer", "POST", "/transfers").path_params, Vec::<String>::new());
    assert_eq!(endpoint(&model, "logout", "DELETE", "/sessions/{id}").path_params, ["id"]);
    endpoint(&model, "health", "ANY", "/health");
    endpoint(&model, "get_card", "GET", "/cards/{id}");

    get_account();
    create_transfer();
    logout();
    health();
    get_card();
}
