use threatmodel::asset;

#[asset(critical)]
pub fn account() {}

fn main() {}
