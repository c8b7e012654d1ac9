//! Fixture of `unmitigated_threats` (not written yet).
