//! Test suites of threatmodel; see `tests/`.
