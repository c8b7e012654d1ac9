//! Each security control of the service, exercised over HTTP through the router.

mod support;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use bank_api::auth::TOKEN_ISSUER;
use bank_api::limits::Quota;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;
use support::*;

const PROTECTED: &[(&str, &str)] = &[
    ("GET", "/accounts"),
    ("POST", "/accounts"),
    ("GET", "/accounts/1"),
    ("GET", "/accounts/1/transfers"),
    ("POST", "/accounts/1/transfers"),
    ("GET", "/webhook"),
    ("PUT", "/webhook"),
    ("DELETE", "/webhook"),
];

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

fn token(alg: Algorithm, secret: &[u8], claims: serde_json::Value) -> String {
    jsonwebtoken::encode(
        &Header::new(alg),
        &claims,
        &EncodingKey::from_secret(secret).expect("key"),
    )
    .expect("token")
}

fn claims(sub: i64, exp: u64) -> serde_json::Value {
    json!({ "sub": sub.to_string(), "name": "alice", "iat": now(), "exp": exp,
            "iss": TOKEN_ISSUER, "aud": TOKEN_ISSUER })
}

#[tokio::test]
#[threatmodel::verifies(bank_api::auth::require_jwt)]
async fn protected_routes_need_a_token() {
    let app = router(config());
    for (method, uri) in PROTECTED {
        let method: Method = method.parse().expect("method");
        let reply = send(&app, method.clone(), uri, None, Some(json!({}))).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
        assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
    }
    let reply = send(&app, Method::GET, "/healthz", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
#[threatmodel::verifies(bank_api::auth::require_jwt)]
#[threatmodel::verifies(bank_api::auth::JwtSecret::issue)]
async fn bad_tokens_are_refused() {
    let app = router(config());
    let (id, good) = user(&app, "alice").await;
    let in_an_hour = now() + 3600;
    let mut without_aud = claims(id, in_an_hour);
    without_aud.as_object_mut().expect("object").remove("aud");
    let mut other_issuer = claims(id, in_an_hour);
    other_issuer["iss"] = json!("someone-else");
    let unsigned = {
        // `alg: none`, empty signature.
        let (header_and_payload, _) = good.rsplit_once('.').expect("jwt");
        let (_, payload) = header_and_payload.split_once('.').expect("jwt");
        format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.")
    };
    let bad = [
        ("garbage", "not-a-jwt".to_owned()),
        ("tampered", format!("{good}x")),
        (
            "wrong secret",
            token(
                Algorithm::HS256,
                b"another-secret-another-secret-another!",
                claims(id, in_an_hour),
            ),
        ),
        (
            "expired",
            token(Algorithm::HS256, SECRET, claims(id, now() - 600)),
        ),
        (
            "HS384",
            token(Algorithm::HS384, SECRET, claims(id, in_an_hour)),
        ),
        (
            "HS512",
            token(Algorithm::HS512, SECRET, claims(id, in_an_hour)),
        ),
        ("no audience", token(Algorithm::HS256, SECRET, without_aud)),
        (
            "other issuer",
            token(Algorithm::HS256, SECRET, other_issuer),
        ),
        ("alg none", unsigned),
    ];
    for (what, token) in bad {
        let reply = send(&app, Method::GET, "/accounts", Some(&token), None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{what}");
    }
    let request = Request::get("/accounts")
        .header(header::AUTHORIZATION, format!("Basic {good}"))
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        send_request(&app, request).await.status,
        StatusCode::UNAUTHORIZED
    );

    let fresh = token(Algorithm::HS256, SECRET, claims(id, in_an_hour));
    let reply = send(&app, Method::GET, "/accounts", Some(&fresh), None).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "a well-formed token is accepted"
    );
}

#[tokio::test]
#[threatmodel::verifies(bank_api::auth::Passwords::verify)]
async fn login_failures_look_the_same() {
    let app = router(config());
    register(&app, "alice").await;
    let wrong_password = send(
        &app,
        Method::POST,
        "/auth/login",
        None,
        Some(json!({ "username": "alice", "password": "not the right password" })),
    )
    .await;
    let unknown_user = send(
        &app,
        Method::POST,
        "/auth/login",
        None,
        Some(json!({ "username": "mallory", "password": PASSWORD })),
    )
    .await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_user.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.body, unknown_user.body);
}

#[tokio::test]
#[threatmodel::verifies(bank_api::auth::check_credentials)]
async fn weak_credentials_are_refused_at_registration() {
    let app = router(config());
    for body in [
        json!({ "username": "al", "password": PASSWORD }),
        json!({ "username": "Alice", "password": PASSWORD }),
        json!({ "username": "alice'--", "password": PASSWORD }),
        json!({ "username": "alice", "password": "short" }),
    ] {
        let reply = send(
            &app,
            Method::POST,
            "/auth/register",
            None,
            Some(body.clone()),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let extra = json!({ "username": "alice", "password": PASSWORD, "admin": true });
    let reply = send(&app, Method::POST, "/auth/register", None, Some(extra)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    register(&app, "alice").await;
    let again = json!({ "username": "alice", "password": PASSWORD });
    let reply = send(&app, Method::POST, "/auth/register", None, Some(again)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
}

#[tokio::test]
#[threatmodel::verifies(bank_api::accounts::ensure_owner)]
async fn another_users_account_is_not_found() {
    let app = router(config());
    let (_, alice) = user(&app, "alice").await;
    let (_, bob) = user(&app, "bob").await;
    let alices = open_account(&app, &alice, "savings", "EUR").await;
    let bobs = open_account(&app, &bob, "main", "EUR").await;

    let reply = send(
        &app,
        Method::GET,
        &format!("/accounts/{alices}"),
        Some(&bob),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let missing = send(&app, Method::GET, "/accounts/999999", Some(&bob), None).await;
    assert_eq!(
        missing.body, reply.body,
        "not yours looks exactly like missing"
    );

    let uri = format!("/accounts/{alices}/transfers");
    let reply = send(&app, Method::GET, &uri, Some(&bob), None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    let steal = json!({ "to_account": bobs, "amount": "10.00", "currency": "EUR" });
    let reply = send(&app, Method::POST, &uri, Some(&bob), Some(steal)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(balance(&app, &alice, alices).await, "1000.00");

    let listed = send(&app, Method::GET, "/accounts", Some(&bob), None).await;
    let ids: Vec<i64> = listed
        .body
        .as_array()
        .expect("list")
        .iter()
        .map(|a| a["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids, [bobs]);
}

#[tokio::test]
#[threatmodel::verifies(bank_api::limits::request_body_limit)]
async fn oversized_bodies_get_413() {
    let mut config = config();
    config.max_body_bytes = 1024;
    let app = router(config);
    let big = json!({ "username": "alice", "password": "x".repeat(4096) }).to_string();

    // Declared length: refused before the body is read.
    let request = Request::post("/auth/register")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, big.len())
        .body(Body::from(big.clone()))
        .expect("request");
    assert_eq!(
        send_request(&app, request).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );

    // No declared length: cut off while the body is read.
    let request = Request::post("/auth/register")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(big))
        .expect("request");
    assert_eq!(
        send_request(&app, request).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );

    // Authenticated routes too.
    let (_, token) = user(&app, "alice").await;
    let name = "n".repeat(2048);
    let reply = send(
        &app,
        Method::POST,
        "/accounts",
        Some(&token),
        Some(json!({ "name": name, "currency": "EUR" })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
#[threatmodel::verifies(bank_api::limits::rate_limit_by_client)]
async fn auth_routes_are_rate_limited_per_client() {
    let mut config = config();
    config.auth_quota = Quota {
        burst: 3,
        per_second: 0.001,
    };
    let app = router(config);
    let attempt = json!({ "username": "alice", "password": "wrong password guess" });
    for _ in 0..3 {
        let reply = send(
            &app,
            Method::POST,
            "/auth/login",
            None,
            Some(attempt.clone()),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let reply = send(&app, Method::POST, "/auth/login", None, Some(attempt)).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = reply.headers[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(retry >= 1);
    let health = send(&app, Method::GET, "/healthz", None, None).await;
    assert_eq!(health.status, StatusCode::OK, "the probe is not limited");
}

#[tokio::test]
#[threatmodel::verifies(bank_api::limits::rate_limit_by_user)]
async fn api_routes_are_rate_limited_per_user() {
    let mut config = config();
    config.api_quota = Quota {
        burst: 3,
        per_second: 0.001,
    };
    let app = router(config);
    let (_, alice) = user(&app, "alice").await;
    let (_, bob) = user(&app, "bob").await;
    for _ in 0..3 {
        let reply = send(&app, Method::GET, "/accounts", Some(&alice), None).await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let reply = send(&app, Method::GET, "/accounts", Some(&alice), None).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    let reply = send(&app, Method::GET, "/accounts", Some(&bob), None).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "another user has their own bucket"
    );
}

#[tokio::test]
#[threatmodel::verifies(bank_api::webhooks::validate_webhook_url)]
async fn webhooks_outside_the_allow_list_are_refused() {
    let mut config = config();
    config.webhooks.allowed_hosts = vec!["hooks.example.com".to_owned()];
    config.webhooks.insecure_test_origins = vec!["http://127.0.0.1:9".to_owned()];
    let app = router(config);
    let (_, token) = user(&app, "alice").await;
    for url in [
        "https://evil.example.net/hook",
        "http://hooks.example.com/hook",
        "https://hooks.example.com.evil.net/",
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://2130706433/",
        "https://169.254.169.254/latest/meta-data",
        "https://user:secret@hooks.example.com/",
        "https://hooks.example.com:8443/",
        "http://127.0.0.1:10/",
        "http://localhost:9/",
        "file:///etc/passwd",
        "gopher://hooks.example.com/",
        "hooks.example.com/hook",
    ] {
        let reply = send(
            &app,
            Method::PUT,
            "/webhook",
            Some(&token),
            Some(json!({ "url": url })),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{url}: {}",
            reply.body
        );
    }
    let reply = send(&app, Method::GET, "/webhook", Some(&token), None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "nothing was stored");

    let ok = json!({ "url": "https://hooks.example.com/bank" });
    let reply = send(&app, Method::PUT, "/webhook", Some(&token), Some(ok)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = send(&app, Method::GET, "/webhook", Some(&token), None).await;
    assert_eq!(reply.body["url"], "https://hooks.example.com/bank");
    let reply = send(&app, Method::DELETE, "/webhook", Some(&token), None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
#[threatmodel::verifies(bank_api::transfers::validate_transfer)]
#[threatmodel::verifies(bank_api::accounts::validate_new_account)]
async fn invalid_amounts_and_fields_are_refused() {
    let app = router(config());
    let (_, token) = user(&app, "alice").await;
    let from = open_account(&app, &token, "main", "EUR").await;
    let to = open_account(&app, &token, "savings", "EUR").await;
    let usd = open_account(&app, &token, "dollars", "USD").await;
    let uri = format!("/accounts/{from}/transfers");
    for body in [
        json!({ "to_account": to, "amount": "-5.00", "currency": "EUR" }),
        json!({ "to_account": to, "amount": "0", "currency": "EUR" }),
        json!({ "to_account": to, "amount": "0.001", "currency": "EUR" }),
        json!({ "to_account": to, "amount": "1e3", "currency": "EUR" }),
        json!({ "to_account": to, "amount": 5, "currency": "EUR" }),
        json!({ "to_account": to, "amount": "5.00", "currency": "XXX" }),
        json!({ "to_account": usd, "amount": "5.00", "currency": "EUR" }),
        json!({ "to_account": from, "amount": "5.00", "currency": "EUR" }),
        json!({ "to_account": 999_999, "amount": "5.00", "currency": "EUR" }),
        json!({ "to_account": to, "amount": "5000.00", "currency": "EUR" }),
        json!({ "to_account": to, "amount": "5.00", "currency": "EUR", "fee": "0" }),
        json!({ "to_account": to, "amount": "5.00", "currency": "EUR", "reference": "x".repeat(141) }),
    ] {
        let reply = send(&app, Method::POST, &uri, Some(&token), Some(body.clone())).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            reply.body
        );
    }
    assert_eq!(balance(&app, &token, from).await, "1000.00");
    assert_eq!(balance(&app, &token, to).await, "1000.00");

    for body in [
        json!({ "name": "rich", "currency": "EUR", "balance": "1000000.00" }),
        json!({ "name": "theirs", "currency": "EUR", "owner_id": 1 }),
        json!({ "name": "", "currency": "EUR" }),
        json!({ "name": "x", "currency": "eur" }),
    ] {
        let reply = send(
            &app,
            Method::POST,
            "/accounts",
            Some(&token),
            Some(body.clone()),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
}

#[tokio::test]
async fn account_quota_is_enforced() {
    let mut config = config();
    config.max_accounts_per_user = 2;
    let app = router(config);
    let (_, token) = user(&app, "alice").await;
    open_account(&app, &token, "one", "EUR").await;
    open_account(&app, &token, "two", "EUR").await;
    let reply = send(
        &app,
        Method::POST,
        "/accounts",
        Some(&token),
        Some(json!({ "name": "three", "currency": "EUR" })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
}

#[tokio::test]
#[threatmodel::verifies(bank_api::limits::Page)]
async fn page_size_is_capped() {
    let app = router(config());
    let (_, token) = user(&app, "alice").await;
    let from = open_account(&app, &token, "main", "EUR").await;
    let to = open_account(&app, &token, "savings", "EUR").await;
    let uri = format!("/accounts/{from}/transfers");
    for _ in 0..3 {
        let body = json!({ "to_account": to, "amount": "1.00", "currency": "EUR" });
        let reply = send(&app, Method::POST, &uri, Some(&token), Some(body)).await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let page = send(
        &app,
        Method::GET,
        &format!("{uri}?limit=2"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(page.body.as_array().expect("list").len(), 2);
    let rest = send(
        &app,
        Method::GET,
        &format!("{uri}?limit=2&offset=2"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(rest.body.as_array().expect("list").len(), 1);
    let huge = send(
        &app,
        Method::GET,
        &format!("{uri}?limit=100000"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(huge.status, StatusCode::OK);
    let bad = send(
        &app,
        Method::GET,
        &format!("{uri}?limit=-1"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
