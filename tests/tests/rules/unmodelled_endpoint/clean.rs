//! The same router with the debug route modelled.

use axum::Router;
use axum::routing::get;
use threatmodel::endpoint;

use crate::rules::common::DataCenter;

/// Lists the orders.
#[endpoint("GET /orders", boundary = DataCenter)]
pub async fn list_orders() {}

/// Dumps the database, for the operators inside the data center.
#[endpoint("GET /admin/dump", boundary = DataCenter)]
pub async fn dump() {}

/// The service's router.
pub fn router() -> Router {
    Router::new()
        .route("/orders", get(list_orders))
        .route("/admin/dump", get(dump))
}
