use threatmodel::threat;

#[threat(bola, open = "update does not check the author", owner = "api-team")]
pub fn update_post() {}

fn main() {}
