//! The `cargo-threatmodel` binary; see the library crate for what it does.

fn main() {
    std::process::exit(cargo_threatmodel::main());
}
