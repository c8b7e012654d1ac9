use threatmodel::data_flow;

#[data_flow(to = Db)]
pub struct Db;

fn main() {}
