use threatmodel::{endpoint, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[endpoint("GET /v2/orders", boundary = Internet, version = "v2", owner = "orders")]
pub async fn list_orders() {}

#[endpoint("GET /v1/orders", boundary = Internet)] // no version, no owner
pub async fn list_orders_v1() {}
