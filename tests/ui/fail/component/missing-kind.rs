use threatmodel::component;

#[component(name = "Postgres")]
pub struct Db;

fn main() {}
