//! The pass-through rustc wrapper that lets the CLI's build share the user's target directory.
//!
//! The CLI's `cargo check` must re-check every annotated crate (a fresh
//! `THREATMODEL_EXPORT_NONCE` does that), but neither rebuild the dependencies the user's own
//! `cargo check` already built, nor leave the user's artifacts stale afterwards. Cargo offers
//! exactly this to clippy: a `RUSTC_WORKSPACE_WRAPPER` runs for workspace members only, and its
//! path is part of their artifacts' file-name hash, so wrapped members are cached apart from the
//! user's while every other crate's artifacts are shared. The `cargo-threatmodel` binary is its
//! own wrapper: started by cargo with [`ACTIVE_ENV`] set and the compiler's path as its first
//! argument, it runs the compiler (through the user's own `RUSTC_WORKSPACE_WRAPPER`, if one was
//! set) with the same arguments and exits with its status.
//!
//! It also tells test code apart: a compilation of test code (rustc's `--test`: a library's
//! unit tests, an integration test, a benchmark) writes its fragments into the
//! [`TEST_FRAGMENTS`] subdirectory of the export directory, so that the build can mark the
//! annotations only test code has as test-only.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Set (to `1`) in the environment of the CLI's `cargo check`; with it, the binary started with
/// anything but `threatmodel` as its first argument is the wrapper.
pub(crate) const ACTIVE_ENV: &str = "THREATMODEL_RUSTC_WRAPPER";

/// The user's own `RUSTC_WORKSPACE_WRAPPER`, which the wrapper runs the compiler through.
pub(crate) const CHAINED_ENV: &str = "THREATMODEL_CHAINED_WORKSPACE_WRAPPER";

/// Cargo's variable for a wrapper of workspace members' compilations.
pub(crate) const CARGO_ENV: &str = "RUSTC_WORKSPACE_WRAPPER";

/// The subdirectory of the export directory that compilations of test code write their
/// fragments into.
pub(crate) const TEST_FRAGMENTS: &str = "test";

/// The wrapper executable this process offers, see [`offer_current_exe`].
static WRAPPER: OnceLock<PathBuf> = OnceLock::new();

/// Offers this process's executable as the wrapper of later builds. Only the
/// `cargo-threatmodel` binary calls it (through [`crate::main`]); a program that drives the CLI
/// through [`crate::run`] in-process offers none, and its builds use a target directory of their
/// own instead (`<target>/threatmodel`), at the cost of a second dependency build.
pub(crate) fn offer_current_exe() {
    if let Ok(exe) = std::env::current_exe() {
        let _ = WRAPPER.set(exe);
    }
}

/// The wrapper executable offered to builds, if any.
pub(crate) fn offered() -> Option<&'static Path> {
    WRAPPER.get().map(PathBuf::as_path)
}

/// When this process was started by cargo as the wrapper (see the module docs), runs the
/// compiler command in `args` (`[self, rustc, rustc's arguments...]`) and returns its exit code;
/// otherwise `None`. On Unix the compiler replaces this process and this never returns `Some`
/// on success.
pub(crate) fn run_if_active(args: &[OsString]) -> Option<i32> {
    std::env::var_os(ACTIVE_ENV)?;
    let (compiler, rest) = match args.get(1..)? {
        [first, rest @ ..] if first != "threatmodel" => (first, rest),
        _ => return None,
    };
    let mut command = match std::env::var_os(CHAINED_ENV).filter(|w| !w.is_empty()) {
        Some(chained) => {
            let mut command = Command::new(chained);
            command.arg(compiler);
            command
        }
        None => Command::new(compiler),
    };
    command.args(rest);
    if rest.iter().any(|arg| arg == "--test")
        && let Some(dir) = std::env::var_os(crate::build::EXPORT_DIR_ENV)
    {
        command.env(
            crate::build::EXPORT_DIR_ENV,
            Path::new(&dir).join(TEST_FRAGMENTS),
        );
    }
    Some(exec(command))
}

#[cfg(unix)]
fn exec(mut command: Command) -> i32 {
    use std::os::unix::process::CommandExt;
    let err = command.exec();
    eprintln!("error: cargo-threatmodel could not run the compiler: {err}");
    crate::exit_codes::ERROR
}

#[cfg(not(unix))]
fn exec(mut command: Command) -> i32 {
    match command.status() {
        Ok(status) => status.code().unwrap_or(crate::exit_codes::ERROR),
        Err(err) => {
            eprintln!("error: cargo-threatmodel could not run the compiler: {err}");
            crate::exit_codes::ERROR
        }
    }
}
