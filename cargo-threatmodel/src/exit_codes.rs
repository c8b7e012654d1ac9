//! The documented exit codes of `cargo threatmodel` (also listed in README.md).

/// The model is clean: it builds and nothing at or above the failure level was found.
pub(crate) const CLEAN: i32 = 0;

/// The threat model itself is at fault: a threatmodel compile error (missing disposition,
/// unresolved reference, malformed annotation), a problem in the assembled model, or a rule
/// finding at or above the `fail-on` severity (`threatmodel::rules::Finding::fails`).
pub(crate) const FINDINGS: i32 = 1;

/// Usage error, invalid configuration in Cargo.toml, a build that fails for reasons outside the
/// threat model, or a tool error.
/// clap also exits with 2 on usage errors.
pub(crate) const ERROR: i32 = 2;
