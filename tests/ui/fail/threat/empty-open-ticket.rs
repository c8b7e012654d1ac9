use threatmodel::threat;

#[threat(bola, open = "update does not check the author", ticket = "")]
pub fn update_post() {}

fn main() {}
