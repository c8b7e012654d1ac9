use threatmodel::threat;

#[threat(injection, transferred = "the database team", expires = "2027-06-30")]
pub fn search() {}

fn main() {}
