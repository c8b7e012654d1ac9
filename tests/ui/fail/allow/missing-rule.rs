use threatmodel::endpoint;

#[endpoint("GET /healthz", allow(reason = "the ingress limits probes"))]
pub fn healthz() {}

fn main() {}
