use threatmodel::threat;

#[threat(bola, open = "update does not check the author", ticket = "SEC-142", expires = "2027-02-29")]
pub fn update_post() {}

fn main() {}
