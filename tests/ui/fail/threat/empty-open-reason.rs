use threatmodel::threat;

#[threat(bola, open = "  ", ticket = "SEC-142")]
pub fn update_post() {}

fn main() {}
