use axum::{Router, routing::get};
use threatmodel::{endpoint, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[endpoint("GET /tags", boundary = Internet)] // mounted under /api
pub async fn tags() {}

pub fn app() -> Router {
    Router::new().nest("/api", Router::new().route("/tags", get(tags)))
}
