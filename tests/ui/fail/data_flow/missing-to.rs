use threatmodel::data_flow;

#[data_flow(protocol = "postgres+tls")]
pub fn insert_transfer() {}

fn main() {}
