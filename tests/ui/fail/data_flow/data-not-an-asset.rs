use threatmodel::{component, data_flow};

#[component(datastore)]
pub struct Db;

pub struct Transfer;

#[data_flow(to = Db, data = [Transfer])]
pub fn insert_transfer() {}

fn main() {}
