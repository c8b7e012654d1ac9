//! Errors of the tool itself (exit code 2): printed as `error: ...`.

use std::fmt;
use std::path::PathBuf;

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
            Error::Json(err) => write!(f, "cannot serialize the model: {err}"),
        }
    }
}

impl std::error::Error for Error {}
