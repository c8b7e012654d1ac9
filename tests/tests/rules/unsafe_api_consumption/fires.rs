//! Fixture of `unsafe_api_consumption`: answers of a partner's API stored in the database with
//! nobody validating them or recording the risk.

use threatmodel::{asset, data_flow};

use crate::rules::common::{Database, FixtureApi, PartnerApi};

/// A price quote the partner computes.
#[asset(medium, data = "financial")]
pub struct Quote;

/// An exchange rate the partner publishes.
#[asset(medium, data = "financial")]
pub struct Rate;

/// The partner's service status, shown on a dashboard and never stored.
#[asset(low, data = "public")]
pub struct PartnerStatus;

/// The partner pushes quotes to the service.
#[data_flow(from = PartnerApi, to = FixtureApi, data = [Quote], protocol = "https")] //~ unsafe_api_consumption
pub async fn receive_quote() {}

/// Asks the partner for rates and reads its answer.
#[data_flow(to = PartnerApi, data = [Rate], protocol = "https", bidirectional)] //~ unsafe_api_consumption
pub async fn fetch_rates() {}

/// Reads the partner's status: received, but it never reaches a datastore.
#[data_flow(from = PartnerApi, to = FixtureApi, data = [PartnerStatus], protocol = "https")]
pub async fn poll_status() {}

/// Stores a quote.
#[data_flow(to = Database, data = [Quote], protocol = "postgres+tls")]
pub fn save_quote() {}

/// Stores a rate.
#[data_flow(to = Database, data = [Rate], protocol = "postgres+tls")]
pub fn save_rate() {}
