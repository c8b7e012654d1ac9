//! Fixture of `improper_inventory`, gap closed: every endpoint has the version and owner its
//! siblings have, and the asset, the mitigation and the trust boundary are in use.

use threatmodel::{asset, component, data_flow, endpoint, mitigation, threat, trust_boundary};

use crate::rules::common::{DataCenter, Database};

/// An order.
#[asset(medium, data = "internal")]
pub struct Order;

/// An invoice of the retired billing module, still kept in the database.
#[asset(medium, data = "financial")]
pub struct LegacyInvoice;

/// Parameters bound to every statement.
#[mitigation(parameterized_queries)]
pub fn bind_parameters() {}

/// Security headers on every response.
#[mitigation(security_headers, applies_to = "/*")]
pub fn set_headers() {}

/// The network of a staging environment.
#[trust_boundary]
pub struct StagingNetwork;

/// The staging copy of the database.
#[component(datastore, boundary = StagingNetwork)]
pub struct StagingDatabase;

/// Lists orders.
#[endpoint("GET /v2/orders", boundary = DataCenter, auth = "required", version = "v2", owner = "orders")]
pub async fn list_orders() {}

/// The first version of the list, still mounted.
#[endpoint("GET /v1/orders", boundary = DataCenter, auth = "required", version = "v1", owner = "orders")]
pub async fn list_orders_v1() {}

/// Exports orders as CSV.
#[endpoint("GET /v2/orders/export", boundary = DataCenter, auth = "required", version = "v2", owner = "orders")]
pub async fn export_orders() {}

/// Reads orders and the invoices of the retired module.
#[data_flow(to = Database, data = [Order, LegacyInvoice], protocol = "postgres+tls")]
#[threat(sql_injection, mitigated_by = bind_parameters)]
pub fn load_orders() {}
