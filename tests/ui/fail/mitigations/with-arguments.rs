use threatmodel::{mitigation, mitigations};

pub struct Db;

#[mitigations(parameterized_queries)]
impl Db {
    #[mitigation(parameterized_queries)]
    pub fn insert(&self) {}
}

fn main() {}
