//! A handler that authenticates its caller by taking an extractor marked
//! `#[mitigation(authentication)]`, without any threat citing it (seen on a real service).

use axum::Router;
use axum::routing::put;
use threatmodel::{asset, component, endpoint, mitigation, threat, trust_boundary};

/// Anyone on the public internet.
#[trust_boundary]
pub struct Internet;

/// Our own network, where the service runs.
#[trust_boundary]
pub struct DataCenter;

/// The service under test.
#[component(service, boundary = DataCenter)]
#[threat(
    spoofing,
    transferred = "platform: mutual TLS between the ingress and the service"
)]
#[threat(tampering, transferred = "platform: TLS terminated at the ingress")]
#[threat(
    information_disclosure,
    transferred = "platform: TLS terminated at the ingress"
)]
pub struct ProfileApi;

/// A user's profile: e-mail address and session token.
#[asset(critical, data = "credentials")]
pub struct Profile;

/// The caller, authenticated from the bearer token before the handler runs.
#[mitigation(authentication)]
pub struct AuthUser;

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for AuthUser {
    type Rejection = axum::http::StatusCode;

    async fn from_request_parts(
        _parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(AuthUser)
    }
}

/// Updates the caller's profile; taking `AuthUser` is what authenticates the call.
#[endpoint("PUT /profile", boundary = Internet, exposes = [Profile], auth = "required")]
pub async fn update_profile(_user: AuthUser) {}

/// Updates a profile with no extractor at all.
#[endpoint("PUT /anyone", boundary = Internet, exposes = [Profile], auth = "required")]
pub async fn update_anyone() {}

/// The service's router.
pub fn router() -> Router {
    Router::new()
        .route("/profile", put(update_profile))
        .route("/anyone", put(update_anyone))
}
