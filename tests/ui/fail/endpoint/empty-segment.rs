use threatmodel::endpoint;

#[endpoint("GET //i/")]
pub fn handler() {}

fn main() {}
