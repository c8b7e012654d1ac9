//! The `cargo-threatmodel` binary; see the library crate for what it does.

fn main() {
    std::process::exit(cargo_threatmodel::run(std::env::args_os()));
}
