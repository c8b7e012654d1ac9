//! The subcommands, one file each, each owning its `Args` and a `run` fn.

pub(crate) mod check;
pub(crate) mod explain;
pub(crate) mod export;
pub(crate) mod init;
pub(crate) mod report;
pub(crate) mod rules;

use crate::cli::{Args, Command};
use crate::error::Error;

/// Runs the chosen subcommand and returns its exit code.
pub(crate) fn run(args: Args) -> Result<i32, Error> {
    match args.command {
        Command::Report(args) => report::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Init(args) => init::run(&args),
    }
}

/// `--today DATE`: the date accepted risks' expiry and open weaknesses' fix due dates are judged
/// against.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Today {
    /// Date to judge accepted risks' expiry and open weaknesses' fix due dates against
    /// (YYYY-MM-DD; default: today, UTC).
    #[arg(long = "today", value_name = "DATE")]
    today: Option<String>,
}

impl Today {
    /// The `--today` date after checking it is a calendar date, or today's date in UTC, as
    /// `YYYY-MM-DD` (ISO 8601).
    pub(crate) fn date(&self) -> Result<String, Error> {
        match &self.today {
            Some(text) if threatmodel::date::is_iso_date(text) => Ok(text.clone()),
            Some(text) => Err(Error::Date(text.clone())),
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
}
