use threatmodel::{mitigation, threat};

#[mitigation(parameterized_queries)]
pub fn bind_parameters() {}

#[threat(injection, mitigated_by = bind_parameters, accepted = "read-only replica")]
pub fn search() {}

fn main() {}
