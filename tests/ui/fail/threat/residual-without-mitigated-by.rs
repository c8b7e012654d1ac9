use threatmodel::threat;

#[threat(injection, accepted = "read-only replica", residual = "stored procedures")]
pub fn search() {}

fn main() {}
