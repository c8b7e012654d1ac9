//! `cargo threatmodel`: report, check and export the threat model written in a workspace's code.
//!
//! The binary is a thin wrapper around [`run`]; the library exists so that tests (such as the
//! example service's) can drive exactly the code path of the command line in-process.
//!
//! Exit codes: 0 clean; 1 the threat model is at fault (a threatmodel compile error, a model
//! problem, a rule finding at or above `fail-on`); 2 usage, configuration, build or tool error.

mod build;
mod cli;
mod cmd;
mod config;
mod diagnostic;
mod error;
mod exit_codes;
mod input;
mod output;
mod selection;
mod similar_name;

use std::ffi::OsString;

use clap::Parser;

/// Runs `cargo threatmodel` with `args` (as cargo passes them: `["cargo-threatmodel",
/// "threatmodel", ...]`) and returns the exit code: 0 clean, 1 findings, 2 usage, build or tool
/// error. Usage errors and `--help` are printed by clap; tool errors as `error: ...` on stderr.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli::Cargo::Threatmodel(args) = match cli::Cargo::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                exit_codes::ERROR
            } else {
                exit_codes::CLEAN
            };
        }
    };
    match cmd::run(args) {
        Ok(code) => code,
        Err(err) => {
            err.emit();
            exit_codes::ERROR
        }
    }
}
