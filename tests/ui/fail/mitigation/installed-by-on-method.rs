//! Methods are never installed in a router: `installed_by` is not one of their arguments.

pub struct Db;

#[threatmodel::mitigations]
impl Db {
    #[mitigation(authorization, installed_by = Db)]
    pub fn owned_by(&self) {}
}

fn main() {}
