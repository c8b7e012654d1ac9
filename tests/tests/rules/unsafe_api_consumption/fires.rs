//! Fixture of `unsafe_api_consumption` (not written yet).
