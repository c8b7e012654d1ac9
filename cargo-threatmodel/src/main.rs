//! `cargo threatmodel` (placeholder).
fn main() {}
