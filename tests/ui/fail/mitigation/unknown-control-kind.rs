use threatmodel::{mitigation, threat};

#[mitigation(input_sanitisation)]
pub fn validate() {}

// The control is still declared (the item and its marker are given back), so the threat that
// names it adds no second error, and the call below still resolves.
#[threat(injection, mitigated_by = validate)]
pub fn search() {
    validate();
}

fn main() {
    search();
}
