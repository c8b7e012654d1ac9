//! `cargo threatmodel export`: the model in interchange formats and diagrams.
//!
//! Each format is one variant of [`Format`] and one arm of [`Format::render`], which gets the
//! model with everything a renderer may need ([`Loaded`]: title, workspace root, repository)
//! and the rules' findings.

use std::path::Path;

use threatmodel::Model;
use threatmodel::export::diagram::DiagramOptions;
use threatmodel::export::otm::{self, OtmOptions};
use threatmodel::export::sarif::{self, SarifOptions};
use threatmodel::export::threat_dragon::{self, ThreatDragonOptions};
use threatmodel::export::{dot, json, mermaid};
use threatmodel::rules::{CustomRuleMetadata, DeclaredRule, Finding};

use crate::error::Error;
use crate::input::{Input, Loaded};
use crate::output::Output;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// The model as JSON (`threatmodel/schema/model.schema.json`), which `--from` reads back.
    Json,
    /// SARIF 2.1.0: the rules' findings and the model's problems, for GitHub code scanning.
    Sarif,
    /// Open Threat Model 0.2.0, for IriusRisk and other OTM tools.
    Otm,
    /// OWASP Threat Dragon v2: one data-flow diagram with its threats.
    ThreatDragon,
    /// Graphviz DOT data-flow diagram (`dot -Tsvg`), findings flagged.
    Dot,
    /// Mermaid flowchart data-flow diagram, findings flagged.
    Mermaid,
}

impl Format {
    /// Renders `loaded` in this format; `findings` are the rules' (suppressed ones included).
    fn render(self, loaded: &Loaded, findings: &[Finding]) -> Result<String, Error> {
        // A partial model carries its build's errors as problems where a format has them.
        let with_errors = loaded.model_with_build_errors();
        let model = &loaded.model;
        let title = loaded.title.clone();
        let diagram = || DiagramOptions {
            findings: Some(findings.to_vec()),
        };
        Ok(match self {
            Format::Json => json::render(&with_errors).map_err(Error::Json)?,
            Format::Sarif => sarif_log(
                &with_errors,
                findings,
                loaded.workspace_root.as_deref(),
                &loaded.configuration.custom_rules,
            ),
            Format::Otm => otm::render(
                model,
                &OtmOptions {
                    title,
                    repository: loaded.repository.clone(),
                },
            ),
            Format::ThreatDragon => threat_dragon::render(model, &ThreatDragonOptions { title }),
            Format::Dot => dot::render(model, &diagram()),
            Format::Mermaid => mermaid::render(model, &diagram()),
        })
    }
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    today: super::Today,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
}

/// Builds (or reads) the model, runs the rules under the configuration of Cargo.toml, and
/// writes the model in the chosen format. When the build fails only on threatmodel's own
/// errors, writes the partial model it could assemble (JSON and SARIF list the errors as the
/// model's problems; no rule is run) and exits 1; when it fails otherwise, writes nothing and
/// exits 2; else exits 0, whatever the findings.
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
    args.output
        .write(&args.format.render(&loaded, &findings)?)?;
    Ok(loaded.exit_code())
}

/// The SARIF log of `findings` and the problems of `model`, file paths made relative to
/// `workspace_root` when given.
pub(crate) fn sarif_log(
    model: &Model,
    findings: &[Finding],
    workspace_root: Option<&Path>,
    custom_rules: &[DeclaredRule],
) -> String {
    sarif::render(
        model,
        findings,
        &SarifOptions {
            workspace_root: workspace_root.map(Path::to_path_buf),
            custom_rules: custom_rules
                .iter()
                .map(|rule| CustomRuleMetadata::of(rule))
                .collect(),
        },
    )
}
