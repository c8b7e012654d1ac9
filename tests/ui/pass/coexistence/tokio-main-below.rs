//! threatmodel attributes written above `#[tokio::main]`: they give it back intact.

use threatmodel::{endpoint, threat};
use threatmodel_tests::{collect, endpoint, threat};

#[endpoint("GET /status")]
#[threat(denial_of_service, accepted = "one request at a time by design")]
#[tokio::main(flavor = "current_thread")]
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
