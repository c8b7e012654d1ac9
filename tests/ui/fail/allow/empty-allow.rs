use threatmodel::endpoint;

#[endpoint("GET /healthz", allow())]
pub fn healthz() {}

fn main() {}
