//! Fixture of `unauthenticated_critical_asset` (not written yet).
