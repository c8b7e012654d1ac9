use threatmodel::threat;

/// A validated query string; not marked as a control.
pub struct SafeQuery;

#[threat(injection, mitigated_by = SafeQuery)]
pub fn search() {}

fn main() {}
