use threatmodel::threat;

#[threat(ssrf, transferred = "")]
pub fn fetch() {}

fn main() {}
