use threatmodel::endpoint;

#[endpoint("GET /healthz", allow(TM0007, reason = "the ingress limits probes"))]
pub fn healthz() {}

fn main() {}
