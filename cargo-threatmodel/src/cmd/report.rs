//! `cargo threatmodel report`: a Markdown threat-model report.

use threatmodel::export::markdown::{self, ReportOptions};

use crate::build::Build;
use crate::diagnostic::Level;
use crate::error::Error;
use crate::exit_codes;
use crate::output::Output;
use crate::selection::Selection;

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    selection: Selection,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    today: super::Today,
}

/// Builds the model and writes the report. Exit code as for `check` when the build fails.
pub(crate) fn run(args: &Args) -> Result<i32, Error> {
    let today = args.today.date()?;
    let build = match Build::run_to_model(&args.selection)? {
        Ok(build) => build,
        Err(code) => return Ok(code),
    };
    super::check::print_problems(&build, Level::Warning);
    let options = ReportOptions {
        title: build.title.clone(),
        today: Some(today),
        findings: Vec::new(),
    };
    args.output
        .write(&markdown::render(&build.model, &options))?;
    Ok(exit_codes::CLEAN)
}
