use threatmodel::mitigation;

#[mitigation(input_validation)]
pub struct Validated<T>(pub T);

fn main() {}
