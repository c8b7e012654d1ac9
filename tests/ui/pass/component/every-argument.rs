//! `#[component]` of every kind, with every argument, on structs and enums.

use threatmodel::{ComponentKind, component, trust_boundary};
use threatmodel_tests::{collect, component, trust_boundary};

#[trust_boundary]
pub struct DataCenter;

/// Postgres holding accounts and transfers.
#[component(datastore, boundary = DataCenter)]
pub struct Db;

#[component(service, name = "Payments API", description = "This service", boundary = "DataCenter")]
pub struct Api;

#[component(external_service)]
pub struct CardNetwork;

#[component(queue)]
pub struct Outbox;

#[component(cache)]
pub enum Cache {
    Local,
    Redis,
}

#[component(actor, description = "A bank customer")]
pub struct Customer;

fn main() {
    let model = collect();
    assert_eq!(model.components.len(), 6);
    let data_center = trust_boundary(&model, "DataCenter");

    let db = component(&model, "Db");
    assert_eq!(db.kind, ComponentKind::Datastore);
    assert_eq!(db.boundary.as_ref(), Some(&data_center.id));
    assert_eq!(db.description.as_deref(), Some("Postgres holding accounts and transfers."));

    let api = component(&model, "Api");
    assert_eq!((api.kind, api.name.as_str()), (ComponentKind::Service, "Payments API"));
    assert_eq!(api.boundary.as_ref(), Some(&data_center.id));
    assert_eq!(api.description.as_deref(), Some("This service"));

    assert_eq!(component(&model, "CardNetwork").kind, ComponentKind::ExternalService);
    assert_eq!(component(&model, "Outbox").kind, ComponentKind::Queue);
    assert_eq!(component(&model, "Cache").kind, ComponentKind::Cache);
    assert_eq!(component(&model, "Customer").kind, ComponentKind::Actor);

    let _ = (Db, Api, CardNetwork, Outbox, Cache::Local, Cache::Redis, Customer);
}
