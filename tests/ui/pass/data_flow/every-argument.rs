//! `#[data_flow]` with every argument, flags written bare and as booleans.

use threatmodel::{Destination, asset, component, data_flow};
use threatmodel_tests::{asset, collect, component, data_flow};

#[component(service)]
pub struct Api;

/// Postgres.
#[component(datastore)]
pub struct Db;

#[component(external_service)]
pub struct Webhook;

#[asset(critical, data = "financial")]
pub struct Transfer;

#[asset(high, data = "pii")]
pub struct Customer;

/// Stores a transfer.
#[data_flow(to = Db, from = Api, data = [Transfer, "Customer"], protocol = "postgres+tls")]
pub async fn insert_transfer() {}

#[data_flow(
    to = "Webhook",
    data = Customer,
    protocol = "http",
    encrypted = false,
    destination = "caller",
    bidirectional,
    description = "Calls the customer's webhook URL"
)]
pub fn notify() {}

#[data_flow(to = Db, encrypted, destination = fixed, bidirectional = false)]
pub fn ping() {}

fn main() {
    let model = collect();
    assert_eq!(model.data_flows.len(), 3);
    let db = &component(&model, "Db").id;

    let insert = data_flow(&model, "insert_transfer");
    assert_eq!(&insert.to, db);
    assert_eq!(insert.from.as_ref(), Some(&component(&model, "Api").id));
    assert_eq!(insert.data, [asset(&model, "Transfer").id.clone(), asset(&model, "Customer").id.clone()]);
    assert_eq!(insert.protocol.as_deref(), Some("postgres+tls"));
    assert!(insert.encrypted, "inferred from `+tls`");
    assert_eq!(insert.destination, Destination::Fixed);
    assert!(!insert.bidirectional);
    assert_eq!(insert.description.as_deref(), Some("Stores a transfer."));

    let notify_flow = data_flow(&model, "notify");
    assert_eq!(notify_flow.to, component(&model, "Webhook").id);
    assert!(!notify_flow.encrypted);
    assert_eq!(notify_flow.destination, Destination::Caller);
    assert!(notify_flow.bidirectional);
    assert_eq!(notify_flow.description.as_deref(), Some("Calls the customer's webhook URL"));

    let ping_flow = data_flow(&model, "ping");
    assert!(ping_flow.encrypted);
    assert!(!ping_flow.bidirectional);

    drop(insert_transfer());
    notify();
    ping();
}
