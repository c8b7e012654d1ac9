//! Fixture of `incomplete_stride_coverage`, gap closed: the worker's flow to the partner records
//! tampering and information disclosure.
//!
//! With `FixtureApi`, this makes three services in the crate, so none is the crate's service:
//! flows name their source with `from`, and no endpoint is declared.

use threatmodel::{component, data_flow, mitigation, threat};

use crate::rules::common::{DataCenter, Database, PartnerApi};

/// A background worker that syncs orders to the partner.
#[component(service, boundary = DataCenter)]
#[threat(
    spoofing,
    transferred = "platform: workload identity at the egress proxy"
)]
pub struct Worker;

/// A process that only purges old rows, inside the data centre: it crosses no boundary.
#[component(service, boundary = DataCenter)]
pub struct Janitor;

/// The HTTP client of the sync: TLS with certificate verification.
#[mitigation(encryption_in_transit)]
pub fn tls_client() {}

/// Pushes orders to the partner.
#[data_flow(from = Worker, to = PartnerApi, protocol = "https")]
#[threat(tampering, mitigated_by = tls_client)]
#[threat(information_disclosure, mitigated_by = tls_client)]
pub async fn sync_orders() {}

/// Deletes expired rows.
#[data_flow(from = Janitor, to = Database, protocol = "postgres+tls")]
pub fn purge() {}
