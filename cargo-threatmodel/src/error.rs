//! Errors of the tool itself (exit code 2): printed as `error: ...`.

use std::fmt;
use std::path::PathBuf;

use threatmodel::catalogue::ThreatKind;
use threatmodel::rules::RULES;

use crate::cmd::rules::OWASP_API_2023;
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
    /// `explain` was given the name of a threat kind (`bola`), not of a rule.
    ThreatKind {
        /// What was asked for.
        name: String,
        /// The catalogue entry it names.
        kind: &'static ThreatKind,
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
            Error::ThreatKind { name, kind } => threat_kind(name, kind).emit(),
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
            Error::ThreatKind { name, .. } => write!(f, "`{name}` is a threat kind, not a rule"),
        }
    }
}

impl std::error::Error for Error {}

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
