use threatmodel::component;

#[component(database)]
pub struct Db;

fn main() {}
