//! Fixture of `missing_function_level_authorization` (not written yet).
