use threatmodel::threat;

#[threat(bola, open = "update does not check the author", ticket = "SEC-142", residual = "admins")]
pub fn update_post() {}

fn main() {}
