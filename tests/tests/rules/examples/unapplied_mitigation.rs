use axum::{Json, Router, extract::Path, routing::get};
use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[asset(critical, data = "financial")]
pub struct Account;

#[mitigation(authorization)]
pub fn ensure_owner(owner: u64, caller: u64) -> bool {
    owner == caller
}

#[endpoint("GET /accounts/{id}", boundary = Internet, exposes = [Account])]
#[threat(bola, mitigated_by = ensure_owner)]
pub async fn get_account(Path(id): Path<u64>) -> Json<u64> {
    Json(id) // ensure_owner is never called
}

pub fn app() -> Router {
    Router::new().route("/accounts/{id}", get(get_account))
}
