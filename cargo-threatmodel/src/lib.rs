//! `cargo threatmodel`: report, check and export the threat model written in a workspace's code.
//!
//! The binary is a thin wrapper around [`run`]; the library exists so that tests (such as the
//! example service's) can drive exactly the code path of the command line in-process.
//!
//! Exit codes: 0 clean; 1 the threat model is at fault (a threatmodel compile error, a model
//! problem, a rule finding at or above `fail-on`); 2 usage, configuration, build or tool error.

mod build;
mod cargo_options;
mod cli;
mod cmd;
mod config;
mod diagnostic;
mod error;
mod evidence;
mod exit_codes;
mod facts;
mod input;
mod junit;
mod output;
mod provenance;
mod scaffold;
mod selection;
mod shell;
mod similar_name;
mod wrapper;

use std::ffi::OsString;

use clap::Parser;

/// The `cargo-threatmodel` binary's entry point: runs the command line of this process and
/// returns its exit code (see [`run`]).
///
/// Unlike [`run`], it offers the binary as the pass-through compiler wrapper of its builds, so
/// that they share the user's target directory and dependency artifacts; and when cargo starts
/// the binary as that wrapper, it only runs the compiler.
pub fn main() -> i32 {
    let args: Vec<OsString> = std::env::args_os().collect();
    if let Some(code) = wrapper::run_if_active(&args) {
        return code;
    }
    wrapper::offer_current_exe();
    run(args)
}

/// Runs `cargo threatmodel` with `args` (as cargo passes them: `["cargo-threatmodel",
/// "threatmodel", ...]`) and returns the exit code: 0 clean, 1 findings, 2 usage, build or tool
/// error. Usage errors and `--help` are printed by clap; tool errors as `error: ...` on stderr.
///
/// Called in-process (from a test), its builds use a target directory of their own,
/// `<target>/threatmodel`, as no compiler wrapper executable is at hand (see [`main`]).
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
    shell::configure(&args.shell);
    match cmd::run(args) {
        Ok(code) => code,
        Err(err) => {
            err.emit();
            exit_codes::ERROR
        }
    }
}
