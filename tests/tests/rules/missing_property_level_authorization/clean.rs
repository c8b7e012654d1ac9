//! Fixture of `missing_property_level_authorization` (not written yet).
