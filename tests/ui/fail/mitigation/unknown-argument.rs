use threatmodel::mitigation;

#[mitigation(rate_limiting, applies = "/api/*")]
pub fn limit() {}

fn main() {}
