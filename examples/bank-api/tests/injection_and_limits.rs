//! Negative tests of the controls no other test refuses anything with: SQL metacharacters in
//! every stored field stay data (the queries bind every value), and an oversized request head
//! is refused by hyper before any handler runs.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use axum::http::{Method, StatusCode};
use bank_api::app;
use serde_json::json;
use support::*;
use tokio::net::TcpListener;

/// Text that ends a quoted SQL literal and starts a statement of its own if formatted into SQL.
const SQL: &str = "x'); DROP TABLE accounts; --";

#[tokio::test]
#[threatmodel::verifies(bank_api::db::Db::create_user)]
#[threatmodel::verifies(bank_api::db::Db::user_by_name)]
#[threatmodel::verifies(bank_api::db::Db::insert_account)]
#[threatmodel::verifies(bank_api::db::Db::accounts_of)]
#[threatmodel::verifies(bank_api::db::Db::account)]
#[threatmodel::verifies(bank_api::db::Db::transfer)]
#[threatmodel::verifies(bank_api::db::Db::transfers_of)]
async fn sql_metacharacters_are_stored_as_data() {
    let app = router(config());
    // A user name with a quote never reaches the query: the credential check refuses it.
    let quoted = json!({ "username": "o'brien", "password": PASSWORD });
    let reply = send(&app, Method::POST, "/auth/register", None, Some(quoted)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = json!({ "username": "nobody' or '1'='1", "password": PASSWORD });
    let reply = send(&app, Method::POST, "/auth/login", None, Some(unknown)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);

    let (_, token) = user(&app, "mallory").await;
    let from = open_account(&app, &token, SQL, "EUR").await;
    let to = open_account(&app, &token, "savings", "EUR").await;
    let listed = send(&app, Method::GET, "/accounts", Some(&token), None).await;
    let names: Vec<&str> = listed
        .body
        .as_array()
        .expect("list")
        .iter()
        .map(|a| a["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, [SQL, "savings"], "the name is stored as written");
    let one = send(
        &app,
        Method::GET,
        &format!("/accounts/{from}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(one.body["name"], SQL);

    let uri = format!("/accounts/{from}/transfers");
    let transfer =
        json!({ "to_account": to, "amount": "1.00", "currency": "EUR", "reference": SQL });
    let reply = send(&app, Method::POST, &uri, Some(&token), Some(transfer)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let history = send(&app, Method::GET, &uri, Some(&token), None).await;
    assert_eq!(history.body[0]["reference"], SQL);
    assert_eq!(balance(&app, &token, to).await, "1001.00");
}

#[tokio::test]
#[threatmodel::verifies(bank_api::limits::HyperHeaderLimits)]
async fn an_oversized_request_head_is_refused() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let service = app(state(config())).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, service).await;
    });
    // hyper accepts 100 header fields by default.
    let mut head = String::from("GET /healthz HTTP/1.1\r\nHost: bank\r\n");
    for n in 0..200 {
        head.push_str(&format!("X-Filler-{n}: {n}\r\n"));
    }
    head.push_str("\r\n");
    let reply = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.write_all(head.as_bytes()).expect("send");
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        reply
    })
    .await
    .expect("client");
    let reply = String::from_utf8_lossy(&reply);
    assert!(
        reply.starts_with("HTTP/1.1 431"),
        "a 200-field head was not refused: {reply:?}"
    );
}

#[test]
#[threatmodel::verifies(bank_api::auth::Passwords::hash)]
fn passwords_are_stored_as_salted_argon2id_hashes() {
    use bank_api::auth::{PasswordParams, Passwords};
    let passwords = Passwords::new(PasswordParams::INSECURE_FOR_TESTS).expect("parameters");
    let first = passwords.hash(PASSWORD).expect("hash");
    let second = passwords.hash(PASSWORD).expect("hash");
    assert!(first.starts_with("$argon2id$"), "{first}");
    assert!(!first.contains(PASSWORD), "the password is not in its hash");
    assert_ne!(first, second, "each hash has its own salt");
    assert!(passwords.verify(Some(&first), PASSWORD));
    assert!(!passwords.verify(Some(&first), "another password!"));
}
