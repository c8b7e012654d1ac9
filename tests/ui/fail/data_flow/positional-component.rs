use threatmodel::{component, data_flow};

#[component(datastore)]
pub struct Db;

#[data_flow(Db)]
pub fn insert_transfer() {}

fn main() {}
