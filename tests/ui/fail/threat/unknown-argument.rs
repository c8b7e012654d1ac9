use threatmodel::threat;

#[threat(injection, accepted = "read-only replica", reviewer = "alice")]
pub fn search() {}

fn main() {}
