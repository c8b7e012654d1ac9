use threatmodel::mitigation;

#[mitigation]
pub fn validate() {}

fn main() {}
