//! Runs the bank API.
//!
//! Environment:
//! - `BANK_API_ADDR`: listen address, default `127.0.0.1:3000`;
//! - `BANK_DB_PATH`: SQLite file, default `bank.db` (`:memory:` for a throw-away database);
//! - `BANK_JWT_SECRET`: token signing secret, at least 32 bytes. When unset, a random secret is
//!   generated with a warning (tokens then die with the process); set `BANK_REQUIRE_SECRET=1`
//!   to make a missing secret fatal instead;
//! - `BANK_WEBHOOK_HOSTS`, `BANK_OPENING_BALANCE_MINOR`, `BANK_MAX_BODY_BYTES`: see
//!   `bank_api::config::Config::from_env`.
//!
//! `bank-api --threat-model` prints the service's threat model (JSON) and exits.

use std::net::SocketAddr;
use std::process::ExitCode;

use bank_api::auth::{JwtSecret, SecretError, jwt_secret_from_env};
use bank_api::config::Config;
use bank_api::db::Db;
use bank_api::{Services, app};

async fn run() -> Result<(), String> {
    let addr: SocketAddr = std::env::var("BANK_API_ADDR")
        .unwrap_or_else(|_| "127.0.0.1:3000".to_owned())
        .parse()
        .map_err(|e| format!("BANK_API_ADDR: {e}"))?;
    let db_path = std::env::var("BANK_DB_PATH").unwrap_or_else(|_| "bank.db".to_owned());
    let jwt = match jwt_secret_from_env("BANK_JWT_SECRET") {
        Ok(secret) => secret,
        Err(SecretError::Missing(var)) if std::env::var_os("BANK_REQUIRE_SECRET").is_none() => {
            eprintln!(
                "bank-api: warning: {var} is not set; using a random development secret \
                 (tokens will not survive a restart). Set {var} to at least 32 random bytes."
            );
            JwtSecret::random().map_err(|e| e.to_string())?
        }
        Err(err) => return Err(err.to_string()),
    };
    let config = Config::from_env()?;
    let db = Db::open(&db_path).map_err(|e| format!("cannot open database {db_path}: {e}"))?;
    let state = Services::new(db, jwt, config)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    eprintln!("bank-api: listening on http://{addr} (database {db_path})");
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| format!("server error: {e}"))
}

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--threat-model") {
        let model = threatmodel::Model::collect();
        return match threatmodel::export::json::render(&model) {
            Ok(json) => {
                print!("{json}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("bank-api: {err}");
                ExitCode::FAILURE
            }
        };
    }
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bank-api: {err}");
            ExitCode::FAILURE
        }
    }
}
