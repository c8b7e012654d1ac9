use threatmodel::mitigation;

#[mitigation(authentication, marker = auth::RequireJwt)]
pub fn require_jwt() {}

fn main() {}
