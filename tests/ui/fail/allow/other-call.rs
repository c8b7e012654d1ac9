use threatmodel::threat;

#[threat(injection, accepted = "read-only", owner = "platform", deny(expired_risk_acceptance))]
pub fn search() {}

fn main() {}
