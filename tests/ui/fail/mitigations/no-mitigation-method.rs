use threatmodel::mitigations;

pub struct Db;

#[mitigations]
impl Db {
    pub fn insert(&self) {}
}

fn main() {}
