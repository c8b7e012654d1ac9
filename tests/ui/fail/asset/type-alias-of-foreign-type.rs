use threatmodel::asset;

// `#[asset]` implements `threatmodel::Asset` on the aliased type, which the orphan rule forbids
// for a type of another crate; `threatmodel::declare! { asset Token(medium); }` is the way.
#[asset(medium, data = "credentials")]
pub type Token = String;

fn main() {}
