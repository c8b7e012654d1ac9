//! A router that serves a debug route nobody modelled, beside a modelled route. The finding
//! points at the route's registration.

use axum::Router;
use axum::routing::get;
use threatmodel::endpoint;

use crate::rules::common::DataCenter;

/// Lists the orders.
#[endpoint("GET /orders", boundary = DataCenter)]
pub async fn list_orders() {}

/// Dumps the database: added while debugging, never modelled.
pub async fn dump() {}

/// The service's router.
pub fn router() -> Router {
    Router::new()
        .route("/orders", get(list_orders))
        .route("/admin/dump", get(dump)) //~ unmodelled_endpoint
}
