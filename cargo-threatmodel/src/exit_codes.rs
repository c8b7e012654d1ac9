//! The documented exit codes of `cargo threatmodel` (also listed in README.md).

/// The model is clean: it builds and nothing at or above the failure level was found.
pub(crate) const CLEAN: i32 = 0;

/// The threat model itself is at fault: a threatmodel compile error (missing disposition,
/// unresolved reference, malformed annotation) or an expired accepted risk.
pub(crate) const FINDINGS: i32 = 1;

/// Usage error, a build that fails for reasons outside the threat model, or a tool error.
/// clap also exits with 2 on usage errors.
pub(crate) const ERROR: i32 = 2;
