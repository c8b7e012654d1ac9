//! Fixture of `sensitive_business_flow` (not written yet).
