use threatmodel::threat;

#[threat(injection, accepted = "read-only replica", expires = "2027-02-30")]
pub fn search() {}

fn main() {}
