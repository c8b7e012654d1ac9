use threatmodel::threat;

#[threat(accepted = "read-only replica")]
pub fn search() {}

fn main() {}
