//! A hand-written route that lacks the `/api` mount prefix, and an annotation whose route was
//! removed from the router, beside an annotation that says what is served. The removed route
//! was public: no rule judges its rate limit, since nobody can call it.

use axum::Router;
use axum::routing::get;
use threatmodel::endpoint;

use crate::rules::common::{DataCenter, Internet};

/// The tags in use, mounted under `/api`: the annotation forgot the prefix.
#[endpoint("GET /tags", boundary = DataCenter)] //~ unserved_endpoint
pub async fn tags() {}

/// Once served publicly at `/legacy`; the route is gone, the annotation stayed.
#[endpoint("GET /legacy", boundary = Internet, auth = "none")] //~ unserved_endpoint
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
