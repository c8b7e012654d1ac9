use threatmodel::{asset, component, data_flow, trust_boundary};

#[trust_boundary]
pub struct DataCenter;

#[trust_boundary]
pub struct PartnerNetwork;

#[component(service, boundary = DataCenter)]
pub struct Api;

#[component(datastore, boundary = DataCenter)]
pub struct Database;

#[component(external_service, boundary = PartnerNetwork)]
pub struct PartnerApi;

#[asset(medium, data = "financial")]
pub struct Quote;

#[data_flow(from = PartnerApi, to = Api, data = [Quote], protocol = "https")]
pub async fn fetch_quote() {}

#[data_flow(to = Database, data = [Quote], protocol = "postgres+tls")]
pub fn save_quote() {}  // stored as received
