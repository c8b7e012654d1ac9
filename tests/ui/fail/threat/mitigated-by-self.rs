use threatmodel::{mitigation, mitigations, threat};

pub struct Db;

#[mitigations]
impl Db {
    #[mitigation(parameterized_queries)]
    pub fn insert(&self) {}

    #[threat(injection, mitigated_by = Self::insert)]
    pub fn search(&self) {}
}

fn main() {}
