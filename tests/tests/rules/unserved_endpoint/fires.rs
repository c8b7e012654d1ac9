//! A hand-written route that lacks the `/api` mount prefix, and an annotation whose route was
//! removed from the router, beside an annotation that says what is served.

use axum::Router;
use axum::routing::get;
use threatmodel::endpoint;

use crate::rules::common::DataCenter;

/// The tags in use, mounted under `/api`: the annotation forgot the prefix.
#[endpoint("GET /tags", boundary = DataCenter)] //~ unserved_endpoint
pub async fn tags() {}

/// Once served at `/legacy`; the route is gone, the annotation stayed.
#[endpoint("GET /legacy", boundary = DataCenter)] //~ unserved_endpoint
pub async fn legacy() {}

/// Health, annotated with its full path.
#[endpoint("GET /api/health", boundary = DataCenter)]
pub async fn health() {}

/// The service's router.
pub fn router() -> Router {
    let api = Router::new()
        .route("/tags", get(tags))
        .route("/health", get(health));
    Router::new().nest("/api", api)
}
