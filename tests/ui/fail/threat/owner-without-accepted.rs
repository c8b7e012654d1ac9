use threatmodel::threat;

#[threat(injection, transferred = "the database team", owner = "platform")]
pub fn search() {}

fn main() {}
