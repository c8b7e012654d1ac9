//! The subcommands, one file each, each owning its `Args` and a `run` fn.

pub(crate) mod check;
pub(crate) mod export;
pub(crate) mod report;

use crate::cli::{Args, Command};
use crate::error::Error;

/// Runs the chosen subcommand and returns its exit code.
pub(crate) fn run(args: Args) -> Result<i32, Error> {
    match args.command {
        Command::Report(args) => report::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Export(args) => export::run(&args),
    }
}

/// Today's date in UTC as `YYYY-MM-DD`, or the `--today` override after validating it.
pub(crate) fn today(given: Option<&str>) -> Result<String, Error> {
    match given {
        Some(text) => {
            if threatmodel::date::is_iso_date(text) {
                Ok(text.to_owned())
            } else {
                Err(Error::Date(text.to_owned()))
            }
        }
        None => {
            let date = time::OffsetDateTime::now_utc().date();
            Ok(format!(
                "{:04}-{:02}-{:02}",
                date.year(),
                u8::from(date.month()),
                date.day()
            ))
        }
    }
}
