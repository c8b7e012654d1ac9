//! Markdown report.
