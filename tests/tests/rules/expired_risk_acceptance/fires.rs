//! Fixture of `expired_risk_acceptance` (not written yet).
