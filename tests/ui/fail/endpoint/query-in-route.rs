use threatmodel::endpoint;

#[endpoint("GET /x?y=1")]
pub fn handler() {}

fn main() {}
