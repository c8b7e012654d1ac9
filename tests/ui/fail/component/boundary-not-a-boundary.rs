use threatmodel::component;

pub struct DataCenter;

#[component(datastore, boundary = DataCenter)]
pub struct Db;

fn main() {}
