use threatmodel::threat;

/// Escapes quotes; not marked as a control.
pub fn escape_quotes() {}

#[threat(injection, mitigated_by = escape_quotes)]
pub fn search() {}

fn main() {}
