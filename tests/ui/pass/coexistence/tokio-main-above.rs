//! `#[tokio::main]` written above threatmodel attributes: it keeps them on the fn it emits.

use threatmodel::{endpoint, threat};
use threatmodel_tests::{collect, endpoint, threat};

#[tokio::main(flavor = "current_thread")]
#[endpoint("GET /status")]
#[threat(denial_of_service, accepted = "one request at a time by design")]
async fn serve() -> u8 {
    tokio::task::yield_now().await;
    7
}

fn main() {
    assert_eq!(serve(), 7);
    let model = collect();
    endpoint(&model, "serve", "GET", "/status");
    threat(&model, "serve", "denial_of_service");
}
