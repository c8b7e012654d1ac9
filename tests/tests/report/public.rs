//! A public liveness probe under a rate limiter that covers every route (`applies_to = "/*"`),
//! and an API route whose authentication is a middleware that covers it only through
//! `applies_to` (no threat cites it).

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use threatmodel::{component, endpoint, mitigation, threat, trust_boundary};

/// Anyone on the public internet.
#[trust_boundary]
pub struct Internet;

/// The service under test.
#[component(service, boundary = Internet)]
#[threat(
    spoofing,
    transferred = "platform: mutual TLS between the ingress and the service"
)]
#[threat(tampering, transferred = "platform: TLS terminated at the ingress")]
#[threat(
    information_disclosure,
    transferred = "platform: TLS terminated at the ingress"
)]
pub struct PublicApi;

/// Limits requests per client on every route.
#[mitigation(rate_limiting, applies_to = "/*")]
pub async fn limit(request: Request, next: Next) -> Response {
    next.run(request).await
}

/// Verifies the caller's session on the API routes.
#[mitigation(authentication, applies_to = "/api/*")]
pub async fn require_user(request: Request, next: Next) -> Response {
    next.run(request).await
}

/// Liveness probe for the load balancer.
#[endpoint("GET /healthz", boundary = Internet, auth = "none")]
pub async fn healthz() {}

/// The caller's own profile.
#[endpoint("GET /api/me", boundary = Internet, auth = "required")]
pub async fn me() {}

/// The service's router.
pub fn router() -> Router {
    let api = Router::new()
        .route("/me", get(me))
        .layer(middleware::from_fn(require_user));
    Router::new()
        .route("/healthz", get(healthz))
        .nest("/api", api)
        .layer(middleware::from_fn(limit))
}
