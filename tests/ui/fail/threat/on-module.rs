use threatmodel::threat;

#[threat(injection, accepted = "read-only replica")]
mod queries {}

fn main() {}
