//! `cargo threatmodel report`: a Markdown threat-model report.

use threatmodel::export::markdown::{self, ReportOptions};

use crate::error::Error;
use crate::input::Input;
use crate::output::Output;

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    today: super::Today,
}

/// Builds the model (or reads it with `--from`), runs the rules as `check` does, and writes the
/// report with the findings. When the build fails only on threatmodel's own errors, writes the
/// partial model it could assemble, its errors listed first and without findings, and exits 1;
/// when it fails otherwise, writes nothing and exits 2; else exits 0, whatever the findings.
///
/// # Errors
/// `--from`, configuration, metadata, build-tool and I/O errors (exit code 2).
pub(crate) fn run(args: &Args) -> Result<i32, Error> {
    let today = args.today.date()?;
    let loaded = match args.input.load()? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    loaded.print_problems();
    let findings = loaded.findings(&today);
    let options = ReportOptions {
        title: loaded.title.clone(),
        today: Some(today),
        findings: loaded.build_errors.is_empty().then_some(findings),
        build_errors: loaded.build_errors.clone(),
    };
    args.output
        .write(&markdown::render(&loaded.model, &options))?;
    Ok(loaded.exit_code())
}
