use threatmodel::trust_boundary;

#[trust_boundary]
pub enum Zone {
    Internet,
}

fn main() {}
