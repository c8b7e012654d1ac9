//! An example bank API whose threat model lives in its code.
//!
//! Customers register and log in (`/auth/*`, Argon2id password hashes, HS256 bearer tokens),
//! open accounts, move money between accounts atomically in SQLite, and receive a webhook for
//! each transfer. Every handler is an `#[endpoint]` with its `#[threat]`s, and every control is a
//! `#[mitigation]`, so `threatmodel::Model::collect()` (or `cargo threatmodel`) describes the
//! service exactly as built.
//!
//! | route | handler |
//! |---|---|
//! | `GET /healthz` | [`healthz`] |
//! | `POST /auth/register` | [`auth::register`] |
//! | `POST /auth/login` | [`auth::login`] |
//! | `GET /accounts`, `POST /accounts` | [`accounts::list_accounts`], [`accounts::create_account`] |
//! | `GET /accounts/{id}` | [`accounts::get_account`] |
//! | `GET /accounts/{id}/transfers`, `POST ...` | [`transfers::list_transfers`], [`transfers::create_transfer`] |
//! | `GET`, `PUT`, `DELETE /webhook` | [`webhooks::get_webhook`], [`webhooks::set_webhook`], [`webhooks::delete_webhook`] |

pub mod accounts;
pub mod architecture;
pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod limits;
pub mod model;
pub mod transfers;
pub mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use threatmodel::{endpoint, threat};

use crate::architecture::Internet;
use crate::auth::{JwtSecret, Passwords};
use crate::config::Config;
use crate::db::Db;
use crate::error::ApiError;
use crate::limits::RateLimiter;

/// Everything the handlers share.
#[derive(Debug)]
pub struct Services {
    /// The database.
    pub db: Db,
    /// Token signing secret.
    pub jwt: JwtSecret,
    /// Password hasher.
    pub passwords: Passwords,
    /// Settings.
    pub config: Config,
    /// Rate limiter of `/auth/*`, per client address.
    pub auth_limiter: RateLimiter,
    /// Rate limiter of the authenticated routes, per user.
    pub api_limiter: RateLimiter,
    /// HTTP client of webhook deliveries.
    pub http: reqwest::Client,
}

/// The state handed to every handler.
pub type AppState = Arc<Services>;

impl Services {
    /// Builds the shared state from its parts and `config`.
    pub fn new(db: Db, jwt: JwtSecret, config: Config) -> Result<AppState, String> {
        Ok(Arc::new(Services {
            passwords: Passwords::new(config.password_params)?,
            auth_limiter: RateLimiter::new(config.auth_quota),
            api_limiter: RateLimiter::new(config.api_quota),
            http: webhooks::webhook_client(config.webhook_timeout)?,
            db,
            jwt,
            config,
        }))
    }
}

/// Runs blocking work (SQLite, Argon2) on tokio's blocking pool.
pub(crate) async fn blocking<T, F>(work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::internal("blocking task", e))?
}

/// Liveness probe for the load balancer: a constant answer, no I/O.
#[endpoint("GET /healthz", boundary = Internet, auth = "none")]
#[threat(
    denial_of_service,
    accepted = "constant body, no I/O and no allocation beyond the response; the ingress only \
                lets its own health checker reach this route",
    owner = "platform",
    expires = "2027-03-31"
)]
pub async fn healthz() -> &'static str {
    "ok"
}

/// The service's router: `/healthz`, `/auth/*` rate-limited per client, the account, transfer
/// and webhook routes behind `require_jwt` and rate-limited per user, and a body size limit on
/// everything.
pub fn app(state: AppState) -> Router {
    let public = Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route_layer(from_fn_with_state(
            state.clone(),
            limits::rate_limit_by_client,
        ));
    let protected = Router::new()
        .route(
            "/accounts",
            get(accounts::list_accounts).post(accounts::create_account),
        )
        .route("/accounts/{id}", get(accounts::get_account))
        .route(
            "/accounts/{id}/transfers",
            get(transfers::list_transfers).post(transfers::create_transfer),
        )
        .route(
            "/webhook",
            get(webhooks::get_webhook)
                .put(webhooks::set_webhook)
                .delete(webhooks::delete_webhook),
        )
        // Layers run outside in: require_jwt first, then the per-user limit.
        .route_layer(from_fn_with_state(
            state.clone(),
            limits::rate_limit_by_user,
        ))
        .route_layer(from_fn_with_state(state.clone(), auth::require_jwt));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(public)
        .merge(protected)
        .layer(limits::request_body_limit(state.config.max_body_bytes))
        .with_state(state)
}
