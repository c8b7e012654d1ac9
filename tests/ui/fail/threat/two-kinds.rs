use threatmodel::threat;

#[threat(injection, xss, accepted = "output is never rendered")]
pub fn search() {}

fn main() {}
