//! rustc-style diagnostics for what `check` finds beyond the compiler's own errors.

use std::fmt::Write;
use std::path::Path;

use threatmodel::model::Location;

/// Severity of a diagnostic, printed as rustc prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Error,
    Warning,
}

/// Renders one diagnostic: `level: message`, the `--> file:line:column` pointer, the source
/// line with a caret under the column when the file is readable, then `= note:`/`= help:` lines.
pub(crate) fn render(
    level: Level,
    message: &str,
    location: &Location,
    workspace_root: &Path,
    notes: &[String],
    helps: &[String],
) -> String {
    let level = match level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    let mut out = format!("{level}: {message}\n");
    let line_no = location.line.to_string();
    let gutter = " ".repeat(line_no.len());
    let _ = writeln!(out, "{gutter}--> {location}");
    let source_line = std::fs::read_to_string(workspace_root.join(&location.file))
        .ok()
        .and_then(|text| {
            let index = usize::try_from(location.line).ok()?.checked_sub(1)?;
            text.lines().nth(index).map(str::to_owned)
        });
    let _ = writeln!(out, "{gutter} |");
    if let Some(source) = source_line {
        let column = usize::try_from(location.column.saturating_sub(1)).unwrap_or(0);
        let _ = writeln!(out, "{line_no} | {source}");
        let _ = writeln!(out, "{gutter} | {}^", " ".repeat(column));
    }
    for note in notes {
        let _ = writeln!(out, "{gutter} = note: {note}");
    }
    for help in helps {
        let _ = writeln!(out, "{gutter} = help: {help}");
    }
    out.push('\n');
    out
}
