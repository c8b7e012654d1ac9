//! `#[endpoint]` with every argument, repeated on one handler, in each framework's route syntax.

use threatmodel::{AuthRequirement, asset, endpoint, trust_boundary};
use threatmodel_tests::{asset, collect, endpoint, trust_boundary};

/// Untrusted clients on the public internet.
#[trust_boundary]
pub struct Internet;

/// Operators on the VPN.
#[trust_boundary]
pub struct Vpn;

/// Customer account.
#[asset(critical, data = "financial")]
pub struct Account;

/// Card holder data.
#[asset(high, data = "pii")]
pub struct CardHolder;

/// Reads one account.
#[endpoint(
    "GET /accounts/{id}",
    boundary = Internet,
    exposes = [Account, "CardHolder"],
    auth = "required",
    owner = "accounts team",
    version = "v1",
    description = "Account details for the owner"
)]
#[endpoint("get /admin/accounts/{id}", boundary = "Vpn", exposes = Account, auth = none)]
pub async fn get_account() {}

// axum 0.7 (`:id`), Rocket (`<id>`, `<path..>`), and a method-agnostic route.
#[endpoint("DELETE /accounts/:id", auth = "optional")]
#[endpoint("PUT /files/<path..>")]
#[endpoint("ANY /health")]
pub fn legacy() {}

fn main() {
    let model = collect();
    assert_eq!(model.endpoints.len(), 5);

    let public = endpoint(&model, "get_account", "GET", "/accounts/{id}");
    assert_eq!(public.boundary.as_ref(), Some(&trust_boundary(&model, "Internet").id));
    assert_eq!(public.exposes, [asset(&model, "Account").id.clone(), asset(&model, "CardHolder").id.clone()]);
    assert_eq!(public.auth, Some(AuthRequirement::Required));
    assert_eq!(public.owner.as_deref(), Some("accounts team"));
    assert_eq!(public.version.as_deref(), Some("v1"));
    assert_eq!(public.description.as_deref(), Some("Account details for the owner"));
    assert_eq!(public.path_params, ["id"]);

    let admin = endpoint(&model, "get_account", "GET", "/admin/accounts/{id}");
    assert_eq!(admin.boundary.as_ref(), Some(&trust_boundary(&model, "Vpn").id));
    assert_eq!(admin.auth, Some(AuthRequirement::None));
    assert_eq!(admin.description.as_deref(), Some("Reads one account."));

    let delete = endpoint(&model, "legacy", "DELETE", "/accounts/{id}");
    assert_eq!(delete.auth, Some(AuthRequirement::Optional));
    assert_eq!(delete.path_params, ["id"]);
    assert_eq!(endpoint(&model, "legacy", "PUT", "/files/{*path}").path_params, ["path"]);
    assert!(endpoint(&model, "legacy", "ANY", "/health").boundary.is_none());

    legacy();
    drop(get_account());
}
