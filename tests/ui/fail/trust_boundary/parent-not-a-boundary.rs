use threatmodel::trust_boundary;

pub struct DataCenter;

#[trust_boundary(parent = DataCenter)]
pub struct Dmz;

fn main() {}
