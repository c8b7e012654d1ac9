use threatmodel::{asset, component, data_flow, trust_boundary};

#[trust_boundary]
pub struct DataCenter;

#[trust_boundary]
pub struct PartnerNetwork;

#[component(service, boundary = DataCenter)]
pub struct Shop;

#[component(external_service, boundary = PartnerNetwork)]
pub struct PartnerApi;

#[asset(high, data = "pii")]
pub struct Order;

#[data_flow(to = PartnerApi, data = [Order], protocol = "http")]
pub async fn submit_order() {}
