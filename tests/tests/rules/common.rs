//! The architecture every rule fixture shares: three trust boundaries, the service under test
//! (whose spoofing, tampering and disclosure threats are handled by the platform), a client, a
//! database and a partner's API. Nothing here may give any rule a finding.

use threatmodel::{component, threat, trust_boundary};

/// Anyone on the public internet.
#[trust_boundary]
pub struct Internet;

/// Our own network: the service and its database.
#[trust_boundary]
pub struct DataCenter;

/// Networks run by partners.
#[trust_boundary]
pub struct PartnerNetwork;

/// The API under test.
#[component(service, boundary = DataCenter)]
#[threat(spoofing, transferred = "platform: mutual TLS between the ingress and the service")]
#[threat(tampering, transferred = "platform: TLS terminated at the ingress")]
#[threat(information_disclosure, transferred = "platform: TLS terminated at the ingress")]
pub struct FixtureApi;

/// A user of the API.
#[component(actor, boundary = Internet)]
pub struct Client;

/// The service's database.
#[component(datastore, boundary = DataCenter)]
pub struct Database;

/// A partner's HTTP API the service calls.
#[component(external_service, boundary = PartnerNetwork)]
pub struct PartnerApi;
