use threatmodel::endpoint;

/// A syntax error inside `allow(...)` is reported alone: the other arguments are still checked
/// (the route here is fine) and nothing else is reported.
#[endpoint("GET /healthz", allow(missing_rate_limiting reason = "the ingress limits probes"))]
pub fn healthz() {}

fn main() {}
