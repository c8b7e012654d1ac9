use threatmodel::data_flow;

pub struct Db;

#[data_flow(to = Db)]
pub fn insert_transfer() {}

fn main() {}
