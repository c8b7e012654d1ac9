use threatmodel::mitigation;

/// What Rocket's route macros emit beside a handler: a type named like it.
#[allow(non_camel_case_types)]
pub struct require_jwt {}

// rustc's E0428 is all that can be reported here; the way out, `marker = RequireJwt`, is in the
// `mitigation` attribute's docs and in the note of every "is not a `#[mitigation]`" error.
#[mitigation(authentication)]
pub fn require_jwt() {}

fn main() {}
