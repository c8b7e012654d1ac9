//! Command-line interface, in the cargo subcommand pattern (`cargo threatmodel <command>`).

use clap::{Parser, Subcommand};

use crate::cmd::{check, explain, export, init, report, rules};
use crate::shell::ShellArgs;

/// Entry point as cargo invokes it: `cargo-threatmodel threatmodel <args>`.
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", styles = clap_cargo::style::CLAP_STYLING)]
pub(crate) enum Cargo {
    /// Report, check and export the threat model written in the code.
    #[command(version, about, long_about = None)]
    Threatmodel(Args),
}

/// `cargo threatmodel` arguments.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) shell: ShellArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print a Markdown threat-model report of the selected packages.
    Report(report::Args),
    /// Check the threat model: exit 0 when clean, 1 on findings, 2 on other errors.
    #[command(after_long_help = check::FORMAT_HELP)]
    Check(check::Args),
    /// Export the threat model for other tools.
    Export(export::Args),
    /// List the rules of `check` and their OWASP API Security Top 10 (2023) coverage.
    Rules(rules::Args),
    /// Explain one rule: what it checks, why it matters, an example and how to fix it.
    Explain(explain::Args),
    /// Write `#[endpoint]` annotations for the served routes no `#[endpoint]` describes, as a
    /// unified diff (or into the files with --apply).
    Init(init::Args),
}
