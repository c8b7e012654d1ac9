use threatmodel::endpoint;

#[endpoint("GET /c/{id")]
pub fn handler() {}

fn main() {}
