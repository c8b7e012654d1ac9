use threatmodel::{component, data_flow};

#[component(external_service)]
pub struct Webhook;

#[data_flow(to = Webhook, destination = "user")]
pub fn notify() {}

fn main() {}
