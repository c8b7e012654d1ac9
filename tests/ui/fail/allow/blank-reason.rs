use threatmodel::endpoint;

#[endpoint("GET /healthz", allow(missing_rate_limiting, reason = "  "))]
pub fn healthz() {}

fn main() {}
