//! The architecture around the service: trust boundaries and the components that talk to it.
//!
//! The datastore component is [`crate::db::Db`], next to the code that talks to it.

use threatmodel::{component, threat, trust_boundary};

/// Untrusted clients on the public internet: anyone can send any request.
#[trust_boundary]
pub struct Internet;

/// Our own network: the bank-api process and its SQLite database file.
#[trust_boundary]
pub struct DataCenter;

/// Networks run by customers and partners, where webhook receivers live.
#[trust_boundary]
pub struct PartnerNetwork;

/// The bank-api process: JSON over HTTP, axum on tokio.
///
/// It listens on plain HTTP inside the data centre; TLS from the internet is terminated by the
/// platform's ingress in front of it.
#[component(service, boundary = DataCenter, name = "bank-api")]
#[threat(
    information_disclosure,
    transferred = "platform team: the TLS-terminating ingress in front of the service",
    ticket = "PLAT-112"
)]
pub struct BankApi;

/// A customer of the bank, using a mobile or web client.
#[component(actor, boundary = Internet)]
pub struct Customer;

/// The HTTPS endpoint a customer registered to receive transfer notifications.
#[component(external_service, boundary = PartnerNetwork)]
pub struct WebhookReceiver;

threatmodel::declare! {
    /// The service listens on plain HTTP; only the ingress can reach it, and the ingress
    /// forwards only requests it received over TLS 1.2 or later.
    pub assumption TlsAtIngress(
        "TLS from the internet ends at the platform's ingress, the only route to the service",
        owner = "platform"
    );
    /// The SQLite file is on the service's own volume, which nothing else mounts.
    pub assumption PrivateDatabaseVolume(
        "only the bank-api process can read or write its database file",
        owner = "platform"
    );
}
