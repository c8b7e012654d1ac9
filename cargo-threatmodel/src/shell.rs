//! What the tool prints on standard error besides its results, as cargo's `Shell` does: the
//! colour choice (`--color`, `CARGO_TERM_COLOR`), the tool's own verbosity (`-q`, `-v`) and
//! cargo-style status lines (`    Building threat model of shop`).
//!
//! The settings are process-wide, set once per [`crate::run`] from the command line, because
//! every diagnostic, wherever it is emitted, follows them.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicI8, AtomicU8, Ordering};

/// `--color WHEN`, as cargo spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when standard error is a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// The choice of `--color`, else of `CARGO_TERM_COLOR` (as cargo reads it), else `auto`.
    fn resolve(flag: Option<ColorChoice>) -> ColorChoice {
        flag.unwrap_or_else(|| match std::env::var("CARGO_TERM_COLOR").as_deref() {
            Ok("always") => ColorChoice::Always,
            Ok("never") => ColorChoice::Never,
            _ => ColorChoice::Auto,
        })
    }

    /// Whether output on standard error is coloured under this choice.
    fn colours_stderr(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }
}

/// The tool's own verbosity: `-q` (-1), default (0), `-v` (1), `-vv` (2).
pub(crate) type Verbosity = i8;

/// `--color`, `-q/--quiet`, `-v/--verbose`: accepted before or after the subcommand.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct ShellArgs {
    /// Coloring: auto, always, never (default: `CARGO_TERM_COLOR`, else auto); also passed to
    /// cargo
    #[arg(long, value_enum, value_name = "WHEN", global = true)]
    color: Option<ColorChoice>,
    /// No progress or status lines of threatmodel's own (cargo's: --cargo-quiet)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// More detail: the cargo command run, counts of what the code reader could not see
    /// (cargo's verbosity: --cargo-verbose)
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
}

/// 1 when standard error is coloured, 0 when not; set by [`configure`].
static COLOURED: AtomicU8 = AtomicU8::new(0);
/// The [`Verbosity`]; set by [`configure`].
static VERBOSITY: AtomicI8 = AtomicI8::new(0);

/// Applies the command line's shell settings to everything this process prints from now on.
pub(crate) fn configure(args: &ShellArgs) {
    let colour = ColorChoice::resolve(args.color).colours_stderr();
    COLOURED.store(u8::from(colour), Ordering::Relaxed);
    let verbosity = if args.quiet {
        -1
    } else {
        i8::try_from(args.verbose).unwrap_or(i8::MAX)
    };
    VERBOSITY.store(verbosity, Ordering::Relaxed);
}

/// Whether standard error is coloured (see [`configure`]; before it, never).
pub(crate) fn coloured() -> bool {
    COLOURED.load(Ordering::Relaxed) == 1
}

/// The tool's own verbosity (see [`Verbosity`]).
pub(crate) fn verbosity() -> Verbosity {
    VERBOSITY.load(Ordering::Relaxed)
}

/// The `--color` value to pass to cargo so that its output and rustc's follow ours.
pub(crate) fn cargo_color() -> &'static str {
    if coloured() { "always" } else { "never" }
}

/// Prints a status line in cargo's style, `{verb:>12} {message}` (the verb bold green when
/// coloured), unless `-q` was given.
pub(crate) fn status(verb: &str, message: impl std::fmt::Display) {
    if verbosity() < 0 {
        return;
    }
    if coloured() {
        eprintln!("\x1b[1m\x1b[32m{verb:>12}\x1b[0m {message}");
    } else {
        eprintln!("{verb:>12} {message}");
    }
}

/// Prints a status line like [`status`], only with `-v`.
pub(crate) fn verbose_status(verb: &str, message: impl std::fmt::Display) {
    if verbosity() > 0 {
        status(verb, message);
    }
}

/// `text` without ANSI escape sequences (`ESC [ ... letter`), for outputs that must be plain
/// (a JSON document) when rustc rendered its messages in colour.
pub(crate) fn strip_ansi(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_sequences_are_stripped() {
        assert_eq!(
            strip_ansi("\x1b[0m\x1b[1m\x1b[38;5;9merror\x1b[0m: x"),
            "error: x"
        );
        assert_eq!(strip_ansi("plain [text]"), "plain [text]");
    }
}
