use threatmodel::{component, trust_boundary};

#[trust_boundary]
pub struct DataCenter;

#[component(datastore, boundary = DataCenter, boundary = DataCenter)]
pub struct Db;

fn main() {}
