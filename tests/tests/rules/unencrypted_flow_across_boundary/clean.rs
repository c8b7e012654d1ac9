//! Fixture of `unencrypted_flow_across_boundary` (not written yet).
