use threatmodel::threat;

#[threat(bola, accepted = "internal tool", open = "update does not check the author", ticket = "SEC-142")]
pub fn update_post() {}

fn main() {}
