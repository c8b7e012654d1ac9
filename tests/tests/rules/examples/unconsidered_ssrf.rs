use threatmodel::{asset, component, data_flow, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[asset(high, data = "financial")]
pub struct Transfer;

#[component(external_service, boundary = Internet)]
pub struct WebhookReceiver;

/// Delivers an event to the URL the customer registered.
#[data_flow(to = WebhookReceiver, data = [Transfer], protocol = "https",
            destination = "caller")]
pub async fn deliver(_url: &str) {}
