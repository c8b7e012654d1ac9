//! Errors of the tool itself (exit code 2): printed as `error: ...`.

use std::fmt;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

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
    /// `explain` was given a name that is no rule's id or name.
    UnknownRule {
        /// What was asked for.
        name: String,
        /// The name of the rule it most resembles.
        similar: Option<&'static str>,
    },
}

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
            _ => Diagnostic::error(self.to_string()).emit(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Metadata(err) => write!(f, "cannot read the workspace: {err}"),
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
            Error::UnknownRule { name, .. } => write!(f, "unknown rule `{name}`"),
        }
    }
}

impl std::error::Error for Error {}
