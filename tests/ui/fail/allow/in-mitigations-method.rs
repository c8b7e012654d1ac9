use threatmodel::{mitigation, mitigations};

pub struct Db;

#[mitigations]
impl Db {
    #[mitigation(parameterized_queries, allow(mismatched_mitigation))]
    pub fn query(&self) {}
}

fn main() {}
