//! `cargo threatmodel export`: the model in interchange formats.

use threatmodel::export::json;

use crate::build::Build;
use crate::diagnostic::Level;
use crate::error::Error;
use crate::exit_codes;
use crate::output::Output;
use crate::selection::Selection;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// The model as JSON (`threatmodel/schema/model.schema.json`).
    Json,
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    selection: Selection,
    #[command(flatten)]
    output: Output,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
}

/// Builds the model and writes it in the chosen format.
pub(crate) fn run(args: &Args) -> Result<i32, Error> {
    let metadata = args.selection.metadata()?;
    let build = match Build::run_to_model(&args.selection, &metadata)? {
        Ok(build) => build,
        Err(code) => return Ok(code),
    };
    super::check::print_problems(&build, Level::Warning);
    let text = match args.format {
        Format::Json => json::render(&build.model).map_err(Error::Json)?,
    };
    args.output.write(&text)?;
    Ok(exit_codes::CLEAN)
}
