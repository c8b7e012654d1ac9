use threatmodel::endpoint;

#[endpoint("GET /healthz", allow(missing_rate_limiting, because = "the ingress limits probes"))]
pub fn healthz() {}

fn main() {}
