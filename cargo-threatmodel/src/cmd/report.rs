//! `cargo threatmodel report`: a Markdown threat-model report.

use threatmodel::export::markdown::{self, ReportOptions};
use threatmodel::rules;

use crate::build::Build;
use crate::config::Configuration;
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

/// Builds the model, runs the rules as `check` does, and writes the report with the findings.
/// Exit code as for `check` when the build fails; 0 otherwise, whatever the findings.
///
/// # Errors
/// Configuration, metadata, build-tool and I/O errors (exit code 2).
pub(crate) fn run(args: &Args) -> Result<i32, Error> {
    let today = args.today.date()?;
    let metadata = args.selection.metadata()?;
    let configuration = Configuration::load(&metadata, &args.selection.packages(&metadata))?;
    let build = match Build::run_to_model(&args.selection, &metadata)? {
        Ok(build) => build,
        Err(code) => return Ok(code),
    };
    super::check::print_problems(&build, Level::Warning);
    let findings = rules::check(&build.model, &configuration.settings, &today);
    let options = ReportOptions {
        title: build.title.clone(),
        today: Some(today),
        findings: Some(findings),
    };
    args.output
        .write(&markdown::render(&build.model, &options))?;
    Ok(exit_codes::CLEAN)
}
