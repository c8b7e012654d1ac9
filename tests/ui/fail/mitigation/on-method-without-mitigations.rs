use threatmodel::mitigation;

pub struct Db;

impl Db {
    #[mitigation(parameterized_queries)]
    pub fn insert(&self) {}
}

fn main() {}
