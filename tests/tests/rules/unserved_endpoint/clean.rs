//! The same router, with every annotation saying what is served.

use axum::Router;
use axum::routing::get;
use threatmodel::endpoint;

use crate::rules::common::DataCenter;

/// The tags in use.
#[endpoint("GET /api/tags", boundary = DataCenter)]
pub async fn tags() {}

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
