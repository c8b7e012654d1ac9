use threatmodel::threat;

#[threat(injection, stride = "tampering", accepted = "read-only replica")]
pub fn search() {}

fn main() {}
