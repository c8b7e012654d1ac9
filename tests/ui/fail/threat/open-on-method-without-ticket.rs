use threatmodel::{mitigation, mitigations, threat};

pub struct Db;

#[mitigations]
impl Db {
    /// Binds every value.
    #[mitigation(parameterized_queries)]
    pub fn insert(&self) {}

    #[threat(sql_injection, open = "the report query is formatted")]
    pub fn raw(&self) {}
}

fn main() {}
