//! Fixture of `incomplete_stride_coverage` (not written yet).
