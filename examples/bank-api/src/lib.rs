//! Example bank API (placeholder).
