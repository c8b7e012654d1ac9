use threatmodel::trust_boundary;

#[trust_boundary]
pub struct Internet(u8);

fn main() {}
