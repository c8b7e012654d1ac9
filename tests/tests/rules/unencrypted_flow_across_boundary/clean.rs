//! Fixture of `unencrypted_flow_across_boundary`, gap closed: orders go to the partner over HTTPS.

use threatmodel::{asset, data_flow, threat};

use crate::rules::common::{Client, Database, FixtureApi, PartnerApi};

/// A customer's order.
#[asset(high, data = "pii")]
pub struct Order;

/// Sends an order to the partner over TLS.
#[data_flow(to = PartnerApi, data = [Order], protocol = "https")]
pub async fn submit_order() {}

/// Plaintext inside the data centre: no boundary crossed.
#[data_flow(to = Database, data = [Order], protocol = "postgres")]
pub fn store_order() {}

/// Clients probe the service's health over plain HTTP, a disclosure weighed and accepted.
#[data_flow(from = Client, to = FixtureApi, protocol = "http")]
#[threat(
    information_disclosure,
    accepted = "the probe carries no data, only a status code",
    owner = "platform"
)]
pub async fn probe() {}
