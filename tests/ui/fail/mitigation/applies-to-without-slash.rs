use threatmodel::mitigation;

#[mitigation(authentication, applies_to = "admin/*")]
pub fn require_jwt() {}

fn main() {}
