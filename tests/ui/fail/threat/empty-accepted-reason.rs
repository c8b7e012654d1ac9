use threatmodel::threat;

#[threat(injection, accepted = " ")]
pub fn search() {}

fn main() {}
