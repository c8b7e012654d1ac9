use threatmodel::endpoint;

#[endpoint("GET /healthz", allow("missing_rate_limiting", reason = "the ingress limits probes"))]
pub fn healthz() {}

fn main() {}
