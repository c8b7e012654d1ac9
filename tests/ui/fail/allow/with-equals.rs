use threatmodel::endpoint;

#[endpoint("GET /healthz", allow = missing_rate_limiting)]
pub fn healthz() {}

fn main() {}
