use threatmodel::mitigations;

#[mitigations]
pub struct Db;

fn main() {}
