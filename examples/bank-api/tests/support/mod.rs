//! Shared helpers of the integration tests: an in-memory service and a tiny HTTP client for
//! `Router::oneshot`.

#![allow(dead_code, unreachable_pub)]

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode, header};
use bank_api::auth::{JwtSecret, PasswordParams};
use bank_api::config::Config;
use bank_api::db::Db;
use bank_api::limits::Quota;
use bank_api::{AppState, Services, app};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The signing secret of test services.
pub const SECRET: &[u8] = b"an-integration-test-secret-of-40-bytes!!";

/// A quota nothing in a test reaches.
pub const UNLIMITED: Quota = Quota {
    burst: 10_000,
    per_second: 10_000.0,
};

/// Production defaults, with cheap password hashing and no rate limits.
pub fn config() -> Config {
    Config {
        password_params: PasswordParams::INSECURE_FOR_TESTS,
        auth_quota: UNLIMITED,
        api_quota: UNLIMITED,
        ..Config::default()
    }
}

/// A service state over a fresh in-memory database.
pub fn state(config: Config) -> AppState {
    let db = Db::open(":memory:").expect("in-memory database");
    let jwt = JwtSecret::from_bytes(SECRET).expect("secret");
    Services::new(db, jwt, config).expect("state")
}

/// The router over [`state`].
pub fn router(config: Config) -> Router {
    app(state(config))
}

/// A response's status, headers and JSON body (`Value::Null` when the body is not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

/// Sends one request through the router.
pub async fn send(
    app: &Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .expect("request");
    send_request(app, request).await
}

/// Sends a prepared request through the router.
pub async fn send_request(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), 1 << 20).await.expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
    }
}

/// A password that passes the policy.
pub const PASSWORD: &str = "correct horse battery staple";

/// Registers `username` and returns its user id.
pub async fn register(app: &Router, username: &str) -> i64 {
    let reply = send(
        app,
        Method::POST,
        "/auth/register",
        None,
        Some(json!({ "username": username, "password": PASSWORD })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.body["id"].as_i64().expect("id")
}

/// Logs `username` in and returns the bearer token.
pub async fn login(app: &Router, username: &str) -> String {
    let reply = send(
        app,
        Method::POST,
        "/auth/login",
        None,
        Some(json!({ "username": username, "password": PASSWORD })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["access_token"]
        .as_str()
        .expect("token")
        .to_owned()
}

/// Registers and logs in `username`; returns (user id, token).
pub async fn user(app: &Router, username: &str) -> (i64, String) {
    let id = register(app, username).await;
    (id, login(app, username).await)
}

/// Opens an account in `currency`; returns its id.
pub async fn open_account(app: &Router, token: &str, name: &str, currency: &str) -> i64 {
    let reply = send(
        app,
        Method::POST,
        "/accounts",
        Some(token),
        Some(json!({ "name": name, "currency": currency })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.body["id"].as_i64().expect("id")
}

/// The balance of an account, as the API formats it.
pub async fn balance(app: &Router, token: &str, account: i64) -> String {
    let reply = send(
        app,
        Method::GET,
        &format!("/accounts/{account}"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["balance"].as_str().expect("balance").to_owned()
}
