use threatmodel::{mitigation, mitigations, threat};

pub struct Db;

#[mitigations]
impl Db {
    #[mitigation(parameterized_queries)]
    pub fn insert(&self) {}

    pub fn raw_query(&self) {}
}

#[threat(injection, mitigated_by = Db::raw_query)]
pub fn search() {}

fn main() {}
