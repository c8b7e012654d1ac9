use threatmodel::threat;

#[threat(injection, accepted = "read-only replica", accepted = "no user input")]
pub fn search() {}

fn main() {}
