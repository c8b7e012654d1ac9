use threatmodel::{component, data_flow, trust_boundary};

#[trust_boundary]
pub struct DataCenter;

#[trust_boundary]
pub struct PartnerNetwork;

#[component(external_service, boundary = PartnerNetwork)]
pub struct PartnerApi;

#[component(service, boundary = DataCenter)]
pub struct Worker; // calls PartnerApi, no S, T or I threat anywhere

#[data_flow(from = Worker, to = PartnerApi, protocol = "https")]
pub async fn sync_orders() {}
