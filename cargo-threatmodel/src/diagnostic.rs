//! rustc-style diagnostics (findings, model problems, configuration errors), rendered with
//! annotate-snippets, the renderer rustc itself uses.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level as Kind, Origin, Renderer, Snippet};
use threatmodel::model::Location;
use threatmodel::rules::Severity;

use crate::shell;

/// Severity of a diagnostic, printed as rustc prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Error,
    Warning,
    Note,
}

impl From<Severity> for Level {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Note => Level::Note,
        }
    }
}

/// A `= note:`, `= help:` or other `= name:` line under a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Footer {
    Note(String),
    Help(String),
    /// `= reason: ...`: a footer under a name of its own, styled as a note.
    Named(&'static str, String),
}

/// Source text with the span a diagnostic points at.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// Path as printed after `-->`.
    pub(crate) path: String,
    /// The whole file.
    pub(crate) text: String,
    /// Byte range of the primary annotation in `text`.
    pub(crate) span: Range<usize>,
    /// Text under the underline, if any.
    pub(crate) label: Option<String>,
}

/// Where a diagnostic points when the source text cannot be shown.
#[derive(Debug, Clone)]
struct Position {
    path: String,
    line: usize,
    column: usize,
}

/// One diagnostic: `level[code]: message`, an optional source snippet, notes and helps.
#[derive(Debug, Clone)]
pub(crate) struct Diagnostic {
    level: Level,
    code: Option<String>,
    message: String,
    source: Option<Source>,
    position: Option<Position>,
    footers: Vec<Footer>,
}

impl Diagnostic {
    /// A diagnostic at `level` saying `message` (lower case, no trailing period).
    pub(crate) fn new(level: Level, message: impl Into<String>) -> Self {
        Diagnostic {
            level,
            code: None,
            message: message.into(),
            source: None,
            position: None,
            footers: Vec::new(),
        }
    }

    /// An error saying `message`.
    pub(crate) fn error(message: impl Into<String>) -> Self {
        Diagnostic::new(Level::Error, message)
    }

    /// The same diagnostic with a code in brackets after its level (`warning[TM0007]`).
    pub(crate) fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// The same diagnostic pointing into `source`.
    pub(crate) fn source(mut self, source: Source) -> Self {
        self.source = Some(source);
        self
    }

    /// The same diagnostic pointing at `path:line:column` (1-based, the column in characters)
    /// without showing the source: `--> path:line:column`.
    pub(crate) fn position(mut self, path: impl Into<String>, line: usize, column: usize) -> Self {
        self.position = Some(Position {
            path: path.into(),
            line,
            column,
        });
        self
    }

    /// The same diagnostic pointing at a model `location`: the annotation there is underlined
    /// when `sources` can read its file; otherwise only `--> file:line:column` is printed.
    pub(crate) fn at(mut self, location: &Location, sources: &mut SourceFiles) -> Self {
        if location.file.is_empty() {
            return self;
        }
        let line = usize::try_from(location.line).unwrap_or(0);
        let column = usize::try_from(location.column).unwrap_or(0);
        let source = sources.get(&location.file).and_then(|text| {
            let span = annotation_span(text, line, column)?;
            Some(Source {
                path: location.file.clone(),
                text: text.to_owned(),
                span,
                label: None,
            })
        });
        match source {
            Some(source) => self.source = Some(source),
            None => {
                self.position = Some(Position {
                    path: location.file.clone(),
                    line,
                    column,
                });
            }
        }
        self
    }

    /// The same diagnostic with a `= note:` line.
    pub(crate) fn note(mut self, note: impl Into<String>) -> Self {
        self.footers.push(Footer::Note(note.into()));
        self
    }

    /// The same diagnostic with a `= help:` line.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.footers.push(Footer::Help(help.into()));
        self
    }

    /// The same diagnostic with a `= name: text` line (such as `= reason: ...`), styled as a
    /// note.
    pub(crate) fn footer(mut self, name: &'static str, text: impl Into<String>) -> Self {
        self.footers.push(Footer::Named(name, text.into()));
        self
    }

    /// The diagnostic as rustc would print it, ending in a blank line.
    pub(crate) fn render(&self, style: Style) -> String {
        let level = match self.level {
            Level::Error => Kind::ERROR,
            Level::Warning => Kind::WARNING,
            Level::Note => Kind::NOTE,
        };
        let mut title = level.primary_title(self.message.as_str());
        if let Some(code) = &self.code {
            title = title.id(code.as_str());
        }
        let mut group = Group::with_title(title);
        if let Some(source) = &self.source {
            let mut annotation = AnnotationKind::Primary.span(source.span.clone());
            if let Some(label) = &source.label {
                annotation = annotation.label(label.as_str());
            }
            group = group.element(
                Snippet::source(source.text.as_str())
                    .path(source.path.as_str())
                    .line_start(1)
                    .fold(true)
                    .annotation(annotation),
            );
        } else if let Some(position) = &self.position {
            group = group.element(
                Origin::path(position.path.as_str())
                    .line(position.line)
                    .char_column(position.column),
            );
        }
        for footer in &self.footers {
            group = group.element(match footer {
                Footer::Note(text) => Kind::NOTE.message(text.as_str()),
                Footer::Help(text) => Kind::HELP.message(text.as_str()),
                Footer::Named(name, text) => Kind::NOTE.with_name(*name).message(text.as_str()),
            });
        }
        let mut out = style.renderer().render(&[group]);
        out.push_str("\n\n");
        out
    }

    /// Renders the diagnostic and prints it to standard error.
    pub(crate) fn emit(&self) {
        eprint!("{}", self.render(Style::for_stderr()));
    }
}

/// Plain text or terminal colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    Colored,
}

impl Style {
    /// Colours when standard error is coloured under `--color`, `CARGO_TERM_COLOR`, `NO_COLOR`
    /// and whether it is a terminal, as cargo decides ([`crate::shell`]).
    pub(crate) fn for_stderr() -> Style {
        if shell::coloured() {
            Style::Colored
        } else {
            Style::Plain
        }
    }

    fn renderer(self) -> Renderer {
        let renderer = match self {
            Style::Plain => Renderer::plain(),
            Style::Colored => Renderer::styled(),
        };
        renderer.decor_style(DecorStyle::Ascii)
    }
}

/// Source files read for diagnostics, each read at most once.
#[derive(Debug)]
pub(crate) struct SourceFiles {
    root: PathBuf,
    files: BTreeMap<String, Option<String>>,
}

impl SourceFiles {
    /// Files are looked up relative to `root` (the workspace root).
    pub(crate) fn new(root: &Path) -> Self {
        SourceFiles {
            root: root.to_owned(),
            files: BTreeMap::new(),
        }
    }

    /// The text of `file`, or `None` when it cannot be read as UTF-8.
    pub(crate) fn get(&mut self, file: &str) -> Option<&str> {
        self.files
            .entry(file.to_owned())
            .or_insert_with(|| std::fs::read_to_string(self.root.join(file)).ok())
            .as_deref()
    }
}

/// The byte range of the annotation that starts at `line`:`column` (both 1-based, the column
/// counted in characters) in `text`: a whole `#[...]` attribute, else the path or character
/// there. `None` when the position is outside the text.
pub(crate) fn annotation_span(text: &str, line: usize, column: usize) -> Option<Range<usize>> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let line_text = text[line_start..].split('\n').next().unwrap_or_default();
    let offset = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map(|(i, _)| i)?;
    let start = line_start + offset;
    let rest = &text[start..];
    let end = if rest.starts_with("#[") || rest.starts_with("#![") {
        closing_bracket(rest).map(|len| start + len)
    } else {
        None
    };
    let end = end.unwrap_or_else(|| {
        let word: usize = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .map(char::len_utf8)
            .sum();
        let len = if word > 0 {
            word
        } else {
            rest.chars().next().map_or(0, char::len_utf8)
        };
        start + len
    });
    Some(start..end)
}

/// Length of `text` up to and including the bracket that closes its first `[`, skipping string
/// literals; `None` when it is never closed.
fn closing_bracket(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_whole_attribute() {
        let text =
            "fn a() {}\n#[threat(x, accepted = \"a ] b\",\n  owner = \"o\")]\npub fn f() {}\n";
        let span = annotation_span(text, 2, 1).expect("in range");
        assert_eq!(
            &text[span],
            "#[threat(x, accepted = \"a ] b\",\n  owner = \"o\")]"
        );
        let span = annotation_span(text, 4, 8).expect("in range");
        assert_eq!(&text[span], "f");
        assert_eq!(annotation_span(text, 9, 1), None);
        assert_eq!(annotation_span(text, 1, 40), None);
    }

    #[test]
    fn renders_like_rustc() {
        let text = "[package]\nfial-on = 1\n";
        let diagnostic = Diagnostic::error("unknown key `fial-on`")
            .source(Source {
                path: "Cargo.toml".to_owned(),
                text: text.to_owned(),
                span: 10..17,
                label: Some("unknown key".to_owned()),
            })
            .help("a key with a similar name exists: `fail-on`");
        assert_eq!(
            diagnostic.render(Style::Plain),
            "error: unknown key `fial-on`\n \
             --> Cargo.toml:2:1\n  \
             |\n\
             2 | fial-on = 1\n  \
             | ^^^^^^^ unknown key\n  \
             |\n  \
             = help: a key with a similar name exists: `fail-on`\n\n"
        );
    }
}
