//! Fixture of `missing_rate_limiting` (not written yet).
