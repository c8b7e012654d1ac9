use threatmodel::threat;

#[threat(hardcoded_secret, accepted = "test key only")]
const API_KEY: &str = "test";

fn main() {}
