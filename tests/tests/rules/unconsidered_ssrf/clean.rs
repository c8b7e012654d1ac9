//! Fixture of `unconsidered_ssrf` (not written yet).
