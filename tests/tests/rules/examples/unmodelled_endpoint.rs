use axum::{Router, routing::get};
use threatmodel::{endpoint, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[endpoint("GET /accounts/{id}", boundary = Internet)]
pub async fn get_account() {}

pub async fn dump() {}

pub fn app() -> Router {
    Router::new()
        .route("/accounts/{id}", get(get_account))
        .route("/admin/dump", get(dump)) // nothing on dump
}
