//! Fixture of `unsafe_api_consumption`, gap closed: one partner answer is validated before it is
//! stored, the risk of the other is recorded and accepted.

use threatmodel::{asset, data_flow, mitigation, threat};

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

/// Parses a rate into a bounded decimal and a known currency pair, rejecting anything else.
#[mitigation(input_validation)]
pub fn parse_rate() {}

/// The partner pushes quotes to the service.
#[data_flow(from = PartnerApi, to = FixtureApi, data = [Quote], protocol = "https")]
#[threat(
    unsafe_consumption_of_apis,
    accepted = "quotes are signed by the partner and shown, never acted upon",
    owner = "pricing"
)]
pub async fn receive_quote() {}

/// Asks the partner for rates and reads its answer.
#[data_flow(to = PartnerApi, data = [Rate], protocol = "https", bidirectional)]
pub async fn fetch_rates() {}

/// Reads the partner's status: received, but it never reaches a datastore.
#[data_flow(from = PartnerApi, to = FixtureApi, data = [PartnerStatus], protocol = "https")]
pub async fn poll_status() {}

/// Stores a quote.
#[data_flow(to = Database, data = [Quote], protocol = "postgres+tls")]
pub fn save_quote() {}

/// Stores a rate, once parsed.
#[data_flow(to = Database, data = [Rate], protocol = "postgres+tls")]
#[threat(tampering, mitigated_by = parse_rate)]
pub fn save_rate() {}
