//! Fixture of `missing_object_level_authorization` (not written yet).
