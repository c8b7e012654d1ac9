//! Whole customer journeys: sign-up to transfer, webhook delivery to a local receiver, parallel
//! transfers, and the service served over a real socket.

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::routing::post;
use bank_api::app;
use bank_api::limits::Quota;
use serde_json::{Value, json};
use support::*;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

#[tokio::test]
async fn register_login_open_accounts_and_transfer() {
    let app = router(config());
    let (_, alice) = user(&app, "alice").await;
    let (_, bob) = user(&app, "bob").await;
    let main = open_account(&app, &alice, "main", "EUR").await;
    let savings = open_account(&app, &alice, "savings", "EUR").await;
    let bobs = open_account(&app, &bob, "main", "EUR").await;

    let listed = send(&app, Method::GET, "/accounts", Some(&alice), None).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body.as_array().expect("list").len(), 2);
    assert!(
        listed.body[0].get("owner_id").is_none(),
        "owner ids are not exposed"
    );

    let uri = format!("/accounts/{main}/transfers");
    let to_savings = json!({ "to_account": savings, "amount": "250.50", "currency": "EUR",
                             "reference": "rainy day" });
    let reply = send(&app, Method::POST, &uri, Some(&alice), Some(to_savings)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.body["amount"], "250.50");
    assert_eq!(reply.body["reference"], "rainy day");

    let to_bob = json!({ "to_account": bobs, "amount": "49.5", "currency": "EUR" });
    let reply = send(&app, Method::POST, &uri, Some(&alice), Some(to_bob)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);

    assert_eq!(balance(&app, &alice, main).await, "700.00");
    assert_eq!(balance(&app, &alice, savings).await, "1250.50");
    assert_eq!(balance(&app, &bob, bobs).await, "1049.50");

    let history = send(&app, Method::GET, &uri, Some(&alice), None).await;
    let amounts: Vec<&str> = history
        .body
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["amount"].as_str().expect("amount"))
        .collect();
    assert_eq!(amounts, ["49.50", "250.50"], "newest first");
    let bobs_history = send(
        &app,
        Method::GET,
        &format!("/accounts/{bobs}/transfers"),
        Some(&bob),
        None,
    )
    .await;
    assert_eq!(
        bobs_history.body.as_array().expect("list").len(),
        1,
        "incoming transfers are listed"
    );

    let too_much = json!({ "to_account": bobs, "amount": "700.01", "currency": "EUR" });
    let reply = send(&app, Method::POST, &uri, Some(&alice), Some(too_much)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        balance(&app, &alice, main).await,
        "700.00",
        "a refused transfer moves nothing"
    );
}

#[tokio::test]
async fn parallel_transfers_never_overdraw() {
    let app = router(config());
    let (_, alice) = user(&app, "alice").await;
    let from = open_account(&app, &alice, "main", "EUR").await;
    let to = open_account(&app, &alice, "savings", "EUR").await;
    let uri = format!("/accounts/{from}/transfers");
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (app, alice, uri) = (app.clone(), alice.clone(), uri.clone());
            tokio::spawn(async move {
                let body = json!({ "to_account": to, "amount": "100.00", "currency": "EUR" });
                send(&app, Method::POST, &uri, Some(&alice), Some(body))
                    .await
                    .status
            })
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        match task.await.expect("task") {
            StatusCode::CREATED => created += 1,
            StatusCode::UNPROCESSABLE_ENTITY => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, 10, "exactly the balance is spent");
    assert_eq!(balance(&app, &alice, from).await, "0.00");
    assert_eq!(balance(&app, &alice, to).await, "2000.00");
}

/// A local webhook receiver on 127.0.0.1:0 that forwards every POSTed body to a channel.
async fn webhook_receiver() -> (SocketAddr, mpsc::Receiver<Value>) {
    let (tx, rx) = mpsc::channel(16);
    let receiver = axum::Router::new()
        .route(
            "/hook",
            post(
                |State(tx): State<mpsc::Sender<Value>>, Json(body): Json<Value>| async move {
                    let _ = tx.send(body).await;
                    StatusCode::NO_CONTENT
                },
            ),
        )
        .with_state(tx);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, receiver).await;
    });
    (addr, rx)
}

#[tokio::test]
async fn transfers_are_posted_to_the_registered_webhook() {
    let (addr, mut deliveries) = webhook_receiver().await;
    let mut config = config();
    config.webhooks.insecure_test_origins = vec![format!("http://{addr}")];
    let app = router(config);
    let (_, alice) = user(&app, "alice").await;
    let (_, bob) = user(&app, "bob").await;
    let hook = json!({ "url": format!("http://{addr}/hook") });
    let reply = send(&app, Method::PUT, "/webhook", Some(&alice), Some(hook)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let from = open_account(&app, &alice, "main", "EUR").await;
    let bobs = open_account(&app, &bob, "main", "EUR").await;
    let body =
        json!({ "to_account": bobs, "amount": "12.34", "currency": "EUR", "reference": "lunch" });
    let reply = send(
        &app,
        Method::POST,
        &format!("/accounts/{from}/transfers"),
        Some(&alice),
        Some(body),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);

    let event = tokio::time::timeout(Duration::from_secs(10), deliveries.recv())
        .await
        .expect("webhook delivered in time")
        .expect("receiver open");
    assert_eq!(event["event"], "transfer.completed");
    assert_eq!(event["direction"], "outgoing");
    assert_eq!(event["transfer"]["amount"], "12.34");
    assert_eq!(event["transfer"]["from_account"], from);
    assert_eq!(event["transfer"]["to_account"], bobs);
    assert_eq!(event["transfer"]["reference"], "lunch");
    // Bob has no webhook: nothing else arrives.
    let more = tokio::time::timeout(Duration::from_millis(300), deliveries.recv()).await;
    assert!(more.is_err(), "unexpected delivery: {more:?}");
}

#[tokio::test]
async fn a_webhook_no_longer_allowed_is_not_called() {
    let (addr, mut deliveries) = webhook_receiver().await;
    let mut allowed = config();
    allowed.webhooks.insecure_test_origins = vec![format!("http://{addr}")];
    // Register while the origin is allowed, then run a service whose policy dropped it, over
    // the same database file.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bank.db");
    let path = path.to_str().expect("utf-8 path").to_owned();
    let open = |config| {
        let db = bank_api::db::Db::open(&path).expect("db");
        let jwt = bank_api::auth::JwtSecret::from_bytes(SECRET).expect("secret");
        app(bank_api::Services::new(db, jwt, config).expect("state"))
    };
    let before = open(allowed);
    let (_, alice) = user(&before, "alice").await;
    let hook = json!({ "url": format!("http://{addr}/hook") });
    let reply = send(&before, Method::PUT, "/webhook", Some(&alice), Some(hook)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let from = open_account(&before, &alice, "main", "EUR").await;
    let to = open_account(&before, &alice, "savings", "EUR").await;
    drop(before);

    let after = open(config());
    let body = json!({ "to_account": to, "amount": "1.00", "currency": "EUR" });
    let reply = send(
        &after,
        Method::POST,
        &format!("/accounts/{from}/transfers"),
        Some(&alice),
        Some(body),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let delivered = tokio::time::timeout(Duration::from_millis(500), deliveries.recv()).await;
    assert!(
        delivered.is_err(),
        "delivered despite the policy: {delivered:?}"
    );
}

#[tokio::test]
async fn served_over_tcp_with_per_address_limits() {
    let mut config = config();
    config.auth_quota = Quota {
        burst: 4,
        per_second: 0.001,
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let service = app(state(config)).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, service).await;
    });
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let base = format!("http://{addr}");

    let health = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    let credentials = json!({ "username": "carol", "password": PASSWORD });
    let reply = client
        .post(format!("{base}/auth/register"))
        .json(&credentials)
        .send()
        .await
        .expect("register");
    assert_eq!(reply.status(), reqwest::StatusCode::CREATED);
    let reply = client
        .post(format!("{base}/auth/login"))
        .json(&credentials)
        .send()
        .await
        .expect("login");
    assert_eq!(reply.status(), reqwest::StatusCode::OK);
    let token: Value = reply.json().await.expect("json");
    let token = token["access_token"].as_str().expect("token").to_owned();
    let reply = client
        .post(format!("{base}/accounts"))
        .bearer_auth(&token)
        .json(&json!({ "name": "main", "currency": "CHF" }))
        .send()
        .await
        .expect("open account");
    assert_eq!(reply.status(), reqwest::StatusCode::CREATED);

    let mut statuses = Vec::new();
    for _ in 0..3 {
        let reply = client
            .post(format!("{base}/auth/login"))
            .json(&credentials)
            .send()
            .await
            .expect("login");
        statuses.push(reply.status().as_u16());
    }
    assert_eq!(
        statuses,
        [200, 200, 429],
        "the fifth /auth request from 127.0.0.1 is limited"
    );
}
