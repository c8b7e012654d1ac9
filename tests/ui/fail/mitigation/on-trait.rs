use threatmodel::mitigation;

#[mitigation(authentication)]
pub trait Authenticator {}

fn main() {}
