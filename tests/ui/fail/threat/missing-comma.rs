use threatmodel::{mitigation, threat};

#[mitigation(input_validation)]
pub fn validate() {}

#[threat(injection mitigated_by = validate)]
pub fn search() {}

fn main() {}
