//! Controls the model relies on that do not run: an ownership check the handler cites and
//! never calls, a rate limiter cited but installed on no router, and an admin session check
//! that claims `/admin/*` while one admin route is mounted outside the scope it guards.

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use threatmodel::{asset, endpoint, mitigation, threat};

use crate::rules::common::DataCenter;

/// An order: items, prices, delivery address.
#[asset(high, data = "financial")]
pub struct Order;

/// The caller must own the order.
#[mitigation(authorization)]
pub fn ensure_owner(_order: &Order) -> bool {
    true
}

/// Limits requests per client.
#[mitigation(rate_limiting)]
pub async fn limit(request: Request, next: Next) -> Response {
    next.run(request).await
}

/// Verifies the administrator's session.
#[mitigation(authentication, applies_to = "/admin/*")]
pub async fn require_admin(request: Request, next: Next) -> Response {
    next.run(request).await
}

/// Reads an order.
#[endpoint("GET /orders/{id}", boundary = DataCenter, exposes = [Order])]
#[threat(bola, mitigated_by = ensure_owner)] //~ unapplied_mitigation
#[threat(unrestricted_resource_consumption, mitigated_by = limit)] //~ unapplied_mitigation
pub async fn get_order() {}

/// The sales report, inside the admin scope.
#[endpoint("GET /admin/report", boundary = DataCenter)]
pub async fn report() {}

/// The order export, mounted outside the admin scope.
#[endpoint("GET /admin/export", boundary = DataCenter)] //~ unapplied_mitigation
pub async fn export() {}

/// The service's router.
pub fn router() -> Router {
    let admin = Router::new()
        .route("/report", get(report))
        .layer(middleware::from_fn(require_admin));
    Router::new()
        .route("/orders/{id}", get(get_order))
        .nest("/admin", admin)
        .route("/admin/export", get(export))
}
