//! Errors of the tool itself (exit code 2): printed as `error: ...`.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use threatmodel::catalogue::ThreatKind;
use threatmodel::model::READABLE_SCHEMA_VERSIONS;
use threatmodel::rules::RULES;

use crate::cmd::rules::OWASP_API_2023;
use crate::diagnostic::{Diagnostic, Source};

/// What went wrong outside the threat model.
#[derive(Debug)]
pub(crate) enum Error {
    /// `cargo metadata` failed (bad manifest path, invalid Cargo.toml).
    Metadata(cargo_metadata::Error),
    /// `cargo check` could not be started or its output read.
    Cargo(std::io::Error),
    /// A fragment or output file could not be read or written.
    Io(PathBuf, std::io::Error),
    /// A fragment is not a record of this version of threatmodel.
    Fragment(PathBuf, serde_json::Error),
    /// `--today` is not a `YYYY-MM-DD` date.
    Date(String),
    /// Serializing the model failed.
    Json(serde_json::Error),
    /// The threatmodel configuration in Cargo.toml is invalid: one diagnostic per mistake.
    Config(Vec<Diagnostic>),
    /// The model of `--from FILE` cannot be used.
    Model {
        /// The file, as given (`-` for standard input).
        path: PathBuf,
        /// What is wrong with it.
        kind: ModelError,
    },
    /// `explain` was given a name that is no rule's id or name.
    UnknownRule {
        /// What was asked for.
        name: String,
        /// The name of the rule it most resembles.
        similar: Option<&'static str>,
    },
    /// `init --apply` would write files with uncommitted changes (paths relative to the
    /// workspace root).
    Dirty(Vec<String>),
    /// `init --apply` cannot tell whether the files it would write have uncommitted changes:
    /// the workspace is not in a git repository, or git cannot be run (why).
    Unversioned(String),
    /// `--run-tests`: `cargo test --no-run` failed to build the test binaries, or a test binary
    /// could not be run (what, and why).
    Tests(String),
    /// `--test-results FILE` is not a JUnit XML report (the file, and what is wrong).
    Junit(PathBuf, String),
    /// `explain` was given the name of a threat kind (`bola`), not of a rule.
    ThreatKind {
        /// What was asked for.
        name: String,
        /// The catalogue entry it names.
        kind: &'static ThreatKind,
    },
}

/// What is wrong with a `--from` file.
#[derive(Debug)]
pub(crate) enum ModelError {
    /// It cannot be read.
    Read(std::io::Error),
    /// It is not JSON, or not a model (unknown or missing fields, wrong types): serde_json's
    /// error, which has a line and column, and the text, to show them.
    Json {
        /// The file's text.
        text: String,
        /// The error.
        err: serde_json::Error,
    },
    /// Its `schema_version` is not [`threatmodel::model::SCHEMA_VERSION`]: the JSON of the one it
    /// has, `None` when it has none.
    Version(Option<String>),
}

/// Lines longer than this are not shown in a `--from` JSON error: only `--> file:line:column`.
const SNIPPET_LINE_LIMIT: usize = 400;

impl Error {
    /// Prints the error to standard error in rustc's style: `error: ...`, with `help:` lines
    /// where a fix is known; configuration errors each point into Cargo.toml.
    pub(crate) fn emit(&self) {
        match self {
            Error::Config(diagnostics) => {
                for diagnostic in diagnostics {
                    diagnostic.emit();
                }
                Diagnostic::error(self.to_string()).emit();
            }
            Error::UnknownRule { similar, .. } => {
                let diagnostic = Diagnostic::error(self.to_string());
                match similar {
                    Some(name) => {
                        diagnostic.help(format!("a rule with a similar name exists: `{name}`"))
                    }
                    None => diagnostic.help("`cargo threatmodel rules` lists every rule"),
                }
                .emit();
            }
            Error::ThreatKind { name, kind } => threat_kind(name, kind).emit(),
            Error::Model { path, kind } => model_error(self.to_string(), path, kind).emit(),
            Error::Dirty(_) => Diagnostic::error(self.to_string())
                .help("commit or stash them, or pass --allow-dirty")
                .emit(),
            Error::Unversioned(_) => Diagnostic::error(self.to_string())
                .help("pass --allow-dirty to write them anyway")
                .emit(),
            _ => Diagnostic::error(self.to_string()).emit(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Metadata(err) => write!(f, "cannot read the workspace: {err}"),
            Error::Tests(why) => write!(f, "cannot run the verifying tests: {why}"),
            Error::Junit(path, why) => write!(
                f,
                "cannot read the test results `{}`: {why}",
                path.display()
            ),
            Error::Cargo(err) => write!(f, "cannot run `cargo check`: {err}"),
            Error::Io(path, err) => write!(f, "{}: {err}", path.display()),
            Error::Fragment(path, err) => write!(
                f,
                "{}: not a threatmodel annotation record ({err}); are `threatmodel` and `cargo-threatmodel` the same version?",
                path.display()
            ),
            Error::Date(text) => write!(
                f,
                "invalid date `{text}`: expected a calendar date written `YYYY-MM-DD`"
            ),
            Error::Json(err) => write!(f, "cannot serialize to JSON: {err}"),
            Error::Config(diagnostics) => write!(
                f,
                "could not read the threatmodel configuration due to {} previous error{}",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            ),
            Error::Model { path, kind } => {
                let path = display_from(path);
                match kind {
                    ModelError::Read(err) => write!(f, "cannot read the model `{path}`: {err}"),
                    ModelError::Json { err, .. } => {
                        let what = if err.is_data() {
                            "a threatmodel JSON model"
                        } else {
                            "valid JSON"
                        };
                        write!(f, "`{path}` is not {what}: {}", without_position(err))
                    }
                    ModelError::Version(Some(found)) => {
                        write!(f, "unsupported schema version {found} in `{path}`")
                    }
                    ModelError::Version(None) => write!(
                        f,
                        "`{path}` is not a threatmodel JSON model: it has no `schema_version`"
                    ),
                }
            }
            Error::Dirty(files) => write!(
                f,
                "the files to edit have uncommitted changes: {}",
                files
                    .iter()
                    .map(|file| format!("`{file}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Error::Unversioned(why) => write!(
                f,
                "cannot tell whether the files to edit have uncommitted changes: {why}"
            ),
            Error::UnknownRule { name, .. } => write!(f, "unknown rule `{name}`"),
            Error::ThreatKind { name, .. } => write!(f, "`{name}` is a threat kind, not a rule"),
        }
    }
}

impl std::error::Error for Error {}

/// `path` as printed: as given, `<stdin>` for `-`.
fn display_from(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// serde_json's message without its ` at line L column C`, which the diagnostic shows instead.
fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// The error for a `--from` file: a JSON error points at its line and column (with the line
/// shown, unless it is very long), a schema version error says which version is read.
fn model_error(message: String, path: &Path, kind: &ModelError) -> Diagnostic {
    let diagnostic = Diagnostic::error(message);
    let export = "`--from` reads the JSON written by `cargo threatmodel export --format json`";
    match kind {
        ModelError::Read(_) => diagnostic,
        ModelError::Json { text, err } => {
            let shown = display_from(path);
            let diagnostic = match json_span(text, err.line(), err.column()) {
                Some(span) => diagnostic.source(Source {
                    path: shown,
                    text: text.clone(),
                    span,
                    label: None,
                }),
                None => diagnostic.position(shown, err.line(), err.column().max(1)),
            };
            if err.is_data() {
                diagnostic.help(export)
            } else {
                diagnostic
            }
        }
        ModelError::Version(Some(_)) => diagnostic
            .note(format!(
                "this version of cargo-threatmodel reads models of schema versions {}",
                READABLE_SCHEMA_VERSIONS
                    .iter()
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ))
            .help(
                "export the model again with this version (`cargo threatmodel export --format json`), \
                 or render it with the version that wrote it",
            ),
        ModelError::Version(None) => diagnostic.help(export),
    }
}

/// The byte range in `text` of the character at serde_json's `line` and `column` (1-based;
/// the column counts bytes, and is 0 at the start of a line when the text ends there): an empty
/// range at the end of the text when the error is there. `None` when the line is too long to
/// show or the position is outside the text.
fn json_span(text: &str, line: usize, column: usize) -> Option<Range<usize>> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let line_text = text[line_start..].split('\n').next().unwrap_or_default();
    if line_text.len() > SNIPPET_LINE_LIMIT {
        return None;
    }
    let mut start = line_start + column.saturating_sub(1).min(line_text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let len = text[start..]
        .chars()
        .next()
        .filter(|c| *c != '\n')
        .map_or(0, char::len_utf8);
    Some(start..start + len)
}

/// `error: `bola` is a threat kind, not a rule`, what the kind is, and the rules that check for
/// the same OWASP API Security Top 10 (2023) risk.
fn threat_kind(name: &str, kind: &ThreatKind) -> Diagnostic {
    let diagnostic = Diagnostic::error(format!("`{name}` is a threat kind, not a rule"));
    let subject = if name == kind.id {
        format!("`{name}`")
    } else {
        format!("`{name}` is short for `{}`, which", kind.id)
    };
    let Some(risk) = kind.owasp_api_2023 else {
        let subject = if name == kind.id {
            format!("`{name}` ({}) is", kind.title)
        } else {
            format!(
                "`{name}` is short for `{}` ({}), which is",
                kind.id, kind.title
            )
        };
        return diagnostic
            .note(format!(
                "{subject} not one of the OWASP API Security Top 10 (2023) risks"
            ))
            .help("`cargo threatmodel rules` lists every rule and the risks each covers");
    };
    let title = OWASP_API_2023
        .iter()
        .find(|(id, _)| *id == risk)
        .map_or(kind.title, |(_, title)| title);
    let diagnostic = diagnostic.note(format!(
        "{subject} is the OWASP API Security Top 10 (2023) risk {risk} {title}"
    ));
    let rules: Vec<_> = RULES
        .iter()
        .filter(|rule| rule.owasp_api_2023 == Some(risk))
        .collect();
    match rules.as_slice() {
        [] => diagnostic.help(format!(
            "no rule checks for {risk}; `cargo threatmodel rules` lists every rule"
        )),
        [first, ..] => {
            let list = rules
                .iter()
                .map(|rule| format!("{} `{}`", rule.id, rule.name))
                .collect::<Vec<_>>()
                .join(", ");
            let noun = if rules.len() == 1 { "rule" } else { "rules" };
            diagnostic.help(format!(
                "the {noun} for {risk}: {list}; run `cargo threatmodel explain {}`",
                first.id
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::json_span;

    #[test]
    fn json_spans_stay_on_character_boundaries_and_inside_the_line() {
        let text = "{\n  \"a\": \"é\",\n  oops\n";
        assert_eq!(json_span(text, 3, 3), Some(17..18));
        assert_eq!(&text[17..18], "o");
        // serde_json counts bytes: column 10 of line 2 is the second byte of `é`.
        assert_eq!(json_span(text, 2, 10), Some(10..12));
        // Past the end of a line, at the end of the text, and outside the text.
        assert_eq!(json_span(text, 1, 40), Some(1..1));
        assert_eq!(json_span(text, 4, 0), Some(text.len()..text.len()));
        assert_eq!(json_span(text, 9, 1), None);
        let long = format!("[{}", " ".repeat(1_000));
        assert_eq!(json_span(&long, 1, 1_001), None);
    }
}
