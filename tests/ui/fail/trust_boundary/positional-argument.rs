use threatmodel::trust_boundary;

#[trust_boundary(internet)]
pub struct Internet;

fn main() {}
