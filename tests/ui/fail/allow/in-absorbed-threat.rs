use threatmodel::{endpoint, threat};

#[endpoint("GET /search")]
#[threat(injection, accepted = "read-only", allow(expired_risk_acceptanc, reason = "reviewed"))]
pub fn search() {}

fn main() {}
