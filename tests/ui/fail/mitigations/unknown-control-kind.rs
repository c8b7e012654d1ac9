use threatmodel::{mitigation, mitigations};

pub struct Db;

#[mitigations]
impl Db {
    #[mitigation(parametrized_queries)]
    pub fn insert(&self) {}
}

fn main() {}
