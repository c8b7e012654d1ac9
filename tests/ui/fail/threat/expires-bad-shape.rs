use threatmodel::threat;

#[threat(injection, accepted = "read-only replica", expires = "30/06/2027")]
pub fn search() {}

fn main() {}
