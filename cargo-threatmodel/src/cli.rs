//! Command-line interface, in the cargo subcommand pattern (`cargo threatmodel <command>`).

use clap::{Parser, Subcommand};

use crate::cmd::{check, export, report};

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
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print a Markdown threat-model report of the selected packages.
    Report(report::Args),
    /// Check the threat model: exit 0 when clean, 1 on findings, 2 on other errors.
    Check(check::Args),
    /// Export the threat model for other tools.
    Export(export::Args),
}
