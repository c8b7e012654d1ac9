use threatmodel::endpoint;

#[endpoint("GET /healthz", allow(dead_code, reason = "the ingress limits probes"))]
pub fn healthz() {}

fn main() {}
