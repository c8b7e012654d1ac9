//! Fixture of `improper_inventory` (not written yet).
