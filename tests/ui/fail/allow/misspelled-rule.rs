use threatmodel::endpoint;

#[endpoint("GET /healthz", allow(missing_rate_limit, reason = "the ingress limits probes"))]
pub fn healthz() {}

fn main() {}
