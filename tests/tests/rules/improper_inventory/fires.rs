//! Fixture of `improper_inventory`: a crate that versions and assigns its endpoints, with one
//! endpoint of each kind left out, and an asset, a mitigation and a trust boundary connected to
//! nothing.

use threatmodel::{asset, data_flow, endpoint, mitigation, threat, trust_boundary};

use crate::rules::common::{DataCenter, Database};

/// An order.
#[asset(medium, data = "internal")]
pub struct Order;

/// An invoice of the retired billing module.
#[asset(medium, data = "financial")] //~ improper_inventory
pub struct LegacyInvoice;

/// Parameters bound to every statement.
#[mitigation(parameterized_queries)]
pub fn bind_parameters() {}

/// Security headers on every response.
#[mitigation(security_headers)] //~ improper_inventory
pub fn set_headers() {}

/// The network of a staging environment.
#[trust_boundary] //~ improper_inventory
pub struct StagingNetwork;

/// Lists orders.
#[endpoint("GET /v2/orders", boundary = DataCenter, auth = "required", version = "v2", owner = "orders")]
pub async fn list_orders() {}

/// The first version of the list, still mounted.
#[endpoint("GET /v1/orders", boundary = DataCenter, auth = "required", owner = "orders")] //~ improper_inventory
pub async fn list_orders_v1() {}

/// Exports orders as CSV.
#[endpoint("GET /v2/orders/export", boundary = DataCenter, auth = "required", version = "v2")] //~ improper_inventory
pub async fn export_orders() {}

/// Reads orders.
#[data_flow(to = Database, data = [Order], protocol = "postgres+tls")]
#[threat(sql_injection, mitigated_by = bind_parameters)]
pub fn load_orders() {}
