use threatmodel::mitigation;

#[mitigation(input_validation, description = "checks lengths", description = "checks charset")]
pub fn validate() {}

fn main() {}
