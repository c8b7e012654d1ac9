use threatmodel::threat;

#[threat(injection, accepted = "read-only replica", severity = severe)]
pub fn search() {}

fn main() {}
