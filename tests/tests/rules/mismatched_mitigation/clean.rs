//! Fixture of `mismatched_mitigation` (not written yet).
