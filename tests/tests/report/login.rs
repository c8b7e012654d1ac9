//! A sign-in route whose only resource-consumption control is a request body-size limit.

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::post;
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
pub struct LoginApi;

/// Rejects request bodies over 16 KiB.
#[mitigation(request_size_limit)]
pub async fn body_limit(request: Request, next: Next) -> Response {
    next.run(request).await
}

/// Signs a user in.
#[endpoint("POST /login", boundary = Internet, auth = "none")]
#[threat(unrestricted_resource_consumption, mitigated_by = body_limit)]
#[threat(
    credential_stuffing,
    accepted = "the identity provider locks accounts after 5 failures",
    owner = "identity-team",
    expires = "2027-06-30"
)]
pub async fn login() {}

/// The service's router.
pub fn router() -> Router {
    Router::new()
        .route("/login", post(login))
        .layer(middleware::from_fn(body_limit))
}
