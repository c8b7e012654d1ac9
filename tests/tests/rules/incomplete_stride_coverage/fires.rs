//! Fixture of `incomplete_stride_coverage`: a second process that calls a partner with only
//! spoofing considered.
//!
//! With `FixtureApi`, this makes three services in the crate, so none is the crate's service:
//! flows name their source with `from`, and no endpoint is declared.

use threatmodel::{component, data_flow, threat};

use crate::rules::common::{DataCenter, Database, PartnerApi};

/// A background worker that syncs orders to the partner.
#[component(service, boundary = DataCenter)] //~ incomplete_stride_coverage
#[threat(
    spoofing,
    transferred = "platform: workload identity at the egress proxy"
)]
pub struct Worker;

/// A process that only purges old rows, inside the data centre: it crosses no boundary.
#[component(service, boundary = DataCenter)]
pub struct Janitor;

/// Pushes orders to the partner.
#[data_flow(from = Worker, to = PartnerApi, protocol = "https")]
pub async fn sync_orders() {}

/// Deletes expired rows.
#[data_flow(from = Janitor, to = Database, protocol = "postgres+tls")]
pub fn purge() {}
