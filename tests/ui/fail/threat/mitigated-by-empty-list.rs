use threatmodel::threat;

#[threat(injection, mitigated_by = [])]
pub fn search() {}

fn main() {}
