//! `cargo threatmodel check`: the CI verdict.
//!
//! Builds the model, runs the rules (`threatmodel::rules::check`) under the configuration of
//! Cargo.toml, and prints each finding as rustc prints a lint, then each suppressed finding in
//! one line with the reason of its `allow(...)`. Exit 0 when clean; 1 when the build fails only
//! on threatmodel's own errors, the model has problems (unresolved or ambiguous references,
//! duplicate ids) or a finding fails ([`Finding::fails`]: unsuppressed and at or above
//! `fail-on`); 2 for anything else.

use std::collections::{BTreeMap, BTreeSet};

use cargo_metadata::Package;
use serde_json::{Value, json};
use threatmodel::Model;
use threatmodel::model::Problem;
use threatmodel::rules::{Finding, RuleLevel, Severity};

use crate::build::{Build, CompilerError};
use crate::config::{Configuration, LevelSource};
use crate::diagnostic::{Diagnostic, Level, SourceFiles};
use crate::error::Error;
use crate::evidence::EvidenceArgs;
use crate::exit_codes;
use crate::input::print_problems;
use crate::output::Output;
use crate::selection::Selection;
use crate::shell;

/// Version of the `--format json` document; raised when a field changes meaning or goes away.
pub(crate) const JSON_FORMAT_VERSION: u32 = 1;

/// The shape of `check --format json` and what `--format sarif` writes, shown by
/// `cargo threatmodel check --help`.
pub(crate) const FORMAT_HELP: &str = "\
JSON output (--format json): one JSON document on standard output, unless the exit code is 2:
  {
    \"format_version\": 1,
    \"title\": \"<package names>\",       the -p packages, else those checked, sorted
                                        (more than 3: the root package's name)
    \"today\": \"YYYY-MM-DD\",
    \"findings\": [{                      every finding, suppressed ones included
      \"rule_id\": \"TM0007\", \"rule_name\": \"missing_rate_limiting\",
      \"severity\": \"error\" | \"warning\" | \"note\",
      \"message\": \"...\", \"help\": \"...\" (optional),
      \"element\": \"<model element id>\", \"item\": \"<Rust path of the annotated item>\",
      \"location\": {\"package\", \"crate\", \"file\", \"line\", \"column\"},
      \"suppressed\": \"<reason of allow(...)>\" (only when suppressed),
      \"related\": [{\"location\", \"element\", \"item\", \"message\"}]
                                        only on a finding at a service: the endpoints
                                        whose shared gap it stands for
      \"fails\": true | false           whether it makes the check fail
    }],
    \"problems\": [{\"location\": {...}, \"message\": \"...\"}],
                                        empty when the build fails: the partial model's
                                        problems would restate its compile errors
    \"compile_errors\": [\"<rustc's rendering>\"],
                                        the build's errors when all are in annotations;
                                        findings are then empty
    \"summary\": {\"errors\", \"warnings\", \"notes\" (unsuppressed findings by severity),
                \"suppressed\", \"failing\", \"problems\", \"compile_errors\"},
    \"exit_code\": 0 | 1
  }
Human diagnostics still go to standard error, among them `warning: no threatmodel annotations
found` when the selection has none (the document then lists nothing).

SARIF output (--format sarif): a SARIF 2.1.0 log on standard output, for GitHub code scanning
(`cargo threatmodel check --format sarif > threatmodel.sarif`): one result per finding,
suppressed ones included (with their `allow(...)` reason), and one per model problem, each at a
file path relative to the workspace root; a finding at a service lists its endpoints as
`relatedLocations`. The diagnostics are printed on standard error as
with --format human, and the exit code is the same. When the build fails only on errors in
threatmodel annotations (exit code 1), the log has one result of the `model-problem` rule per
compile error, at its file:line:column, with the first line of rustc's message, and nothing
else; when it fails otherwise (exit code 2), nothing is written to standard output.";

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Diagnostics in rustc's style on standard error.
    Human,
    /// One JSON document on standard output (its shape is shown by `--help`).
    Json,
    /// A SARIF 2.1.0 log on standard output, diagnostics on standard error as for `human`.
    Sarif,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    selection: Selection,
    #[command(flatten)]
    today: super::Today,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[command(flatten)]
    evidence: EvidenceArgs,
}

/// Builds the model, runs the rules, prints diagnostics and returns the exit code.
///
/// # Errors
/// Configuration, metadata, build-tool and I/O errors (exit code 2).
pub(crate) fn run(args: &Args) -> Result<i32, Error> {
    let today = args.today.date()?;
    let metadata = args.selection.metadata()?;
    let packages = args.selection.packages(&metadata);
    let configuration = Configuration::load(&metadata, &packages)?;
    let selection = args.evidence.selection(&args.selection, &metadata);
    let mut build = Build::run(&selection, &metadata)?;
    if let Some(code) = build.failure() {
        build.print_errors();
        // The model of a failed build is partial: its problems (a reference to an item whose
        // annotation failed to expand) would only restate the compile errors, so no output
        // lists them; they are checked once the build succeeds. Nor are the rules run on it.
        if args.format == Format::Sarif && code == exit_codes::FINDINGS {
            // Code scanning shows the annotation errors where they are, as results of the
            // model-problem rule, rather than receiving an empty file.
            let mut model = build.model.clone();
            model.problems = build.errors.iter().map(CompilerError::problem).collect();
            Output::default().write(&super::export::sarif_log(
                &model,
                &[],
                Some(&build.workspace_root),
                &configuration.custom_rules,
            ))?;
        }
        if args.format == Format::Json && code == exit_codes::FINDINGS {
            // The document is plain text whatever the colours of standard error.
            let compile_errors: Vec<String> = build
                .errors
                .iter()
                .map(|e| shell::strip_ansi(&e.rendered))
                .collect();
            let summary = Summary {
                compile_errors: compile_errors.len(),
                ..Summary::default()
            };
            write_json(
                &build,
                &today,
                &[],
                &[],
                &configuration,
                &summary,
                &compile_errors,
            )?;
        }
        return Ok(code);
    }
    args.evidence
        .apply(&mut build.model, Some((&args.selection, &metadata)))?;
    let findings = configuration.check(&build.model, &today);
    let summary = Summary::new(&build.model.problems, &findings, &configuration);
    if is_unannotated(&build.model) {
        no_annotations(&build, &packages).emit();
    }
    if args.format != Format::Json {
        print_problems(&build.model, &build.workspace_root, Level::Error);
        let mut sources = SourceFiles::new(&build.workspace_root);
        for finding in findings.iter().filter(|f| f.suppressed.is_none()) {
            finding_diagnostic(finding, &configuration, &mut sources).emit();
        }
        for finding in &findings {
            if let Some(reason) = &finding.suppressed {
                suppressed_diagnostic(finding, reason).emit();
            }
        }
        summary.print(&build, &configuration);
    }
    match args.format {
        Format::Human => {}
        Format::Json => write_json(
            &build,
            &today,
            &findings,
            &build.model.problems,
            &configuration,
            &summary,
            &[],
        )?,
        Format::Sarif => Output::default().write(&super::export::sarif_log(
            &build.model,
            &findings,
            Some(&build.workspace_root),
            &configuration.custom_rules,
        ))?,
    }
    Ok(summary.exit_code())
}

/// Whether the build produced no annotation at all (a model element, an `allow(...)` or a
/// problem all come from one).
fn is_unannotated(model: &Model) -> bool {
    model.is_empty() && model.suppressions.is_empty() && model.problems.is_empty()
}

/// `warning: no threatmodel annotations found in ...`, with how to start: depend on
/// `threatmodel` when no selected package does, else annotate.
fn no_annotations(build: &Build, packages: &[&Package]) -> Diagnostic {
    let names: Vec<String> = packages
        .iter()
        .map(|package| format!("`{}`", package.name))
        .collect();
    let place = match names.as_slice() {
        [] => build.title.clone(),
        [one] => format!("package {one}"),
        [first @ .., last] if names.len() <= 4 => {
            format!("packages {} and {last}", first.join(", "))
        }
        _ => format!("the {} selected packages", names.len()),
    };
    let depends = packages.iter().any(|package| {
        package
            .dependencies
            .iter()
            .any(|dependency| dependency.name == "threatmodel")
    });
    let diagnostic = Diagnostic::new(
        Level::Warning,
        format!("no threatmodel annotations found in {place}"),
    );
    let start = "annotate a handler, such as `#[threatmodel::endpoint(\"GET /items/{id}\")]`; \
                 README.md of threatmodel lists every attribute";
    if depends {
        diagnostic.help(start)
    } else {
        diagnostic
            .note("no selected package depends on `threatmodel`")
            .help(format!(
                "add `threatmodel = \"0.1\"` to `[dependencies]`, then {start}"
            ))
    }
}

/// One suppressed finding, compactly: `note: suppressed warning[TM0007] \`rule\` at
/// file:line:column: message` and its `= reason:`. Suppressed findings never fail the check,
/// but are listed so that no suppression hides a finding from the reader.
fn suppressed_diagnostic(finding: &Finding, reason: &str) -> Diagnostic {
    let location = &finding.location;
    let at = if location.file.is_empty() {
        String::new()
    } else {
        format!(
            " at {}:{}:{}",
            location.file, location.line, location.column
        )
    };
    Diagnostic::new(
        Level::Note,
        format!(
            "suppressed {}[{}] `{}`{at}: {}",
            finding.severity, finding.rule_id, finding.rule_name, finding.message
        ),
    )
    .footer("reason", reason)
}

/// Counts of one check, for the summary line and the JSON document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Summary {
    errors: usize,
    warnings: usize,
    notes: usize,
    suppressed: usize,
    failing: usize,
    problems: usize,
    /// Errors of a build that failed only on threatmodel's own errors.
    compile_errors: usize,
    /// Failing findings by package, with the package's `fail-on`.
    failing_by_package: BTreeMap<String, (Severity, usize)>,
    /// Whether the packages with unsuppressed findings have different `fail-on` severities.
    fail_on_differs: bool,
}

impl Summary {
    fn new(problems: &[Problem], findings: &[Finding], configuration: &Configuration) -> Self {
        let mut summary = Summary {
            problems: problems.len(),
            ..Summary::default()
        };
        let mut fail_ons = BTreeSet::new();
        for finding in findings {
            if finding.suppressed.is_some() {
                summary.suppressed += 1;
                continue;
            }
            match finding.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Note => summary.notes += 1,
            }
            let package = &finding.location.package;
            let fail_on = configuration.settings.fail_on(package);
            fail_ons.insert(fail_on);
            if finding.fails(&configuration.settings) {
                summary.failing += 1;
                summary
                    .failing_by_package
                    .entry(package.clone())
                    .or_insert((fail_on, 0))
                    .1 += 1;
            }
        }
        summary.fail_on_differs = fail_ons.len() > 1;
        summary
    }

    fn exit_code(&self) -> i32 {
        if self.failing == 0 && self.problems == 0 && self.compile_errors == 0 {
            exit_codes::CLEAN
        } else {
            exit_codes::FINDINGS
        }
    }

    /// Prints the summary line, and the reason of the failure when the check fails: when the
    /// packages with findings fail on different severities, which packages' findings fail.
    fn print(&self, build: &Build, configuration: &Configuration) {
        eprintln!(
            "threat model of {}: {}, {}; {}, {}, {}, {} suppressed; {}",
            build.title,
            count(build.model.endpoints.len(), "endpoint"),
            count(build.model.threats.len(), "threat"),
            count(self.errors, "error"),
            count(self.warnings, "warning"),
            count(self.notes, "note"),
            self.suppressed,
            count(self.problems, "problem"),
        );
        // With facts, `-v` counts them (see `crate::shell`); without, the rules that need them
        // were skipped, which must not pass unnoticed.
        if build.model.facts.is_none() {
            eprintln!(
                "code facts: none read; the rules comparing claims with the code (TM0017-TM0020) were skipped"
            );
        }
        // Only when they had something to check: a model with no control on a critical or
        // high asset and no verifying test loses nothing.
        if build.model.test_results.is_none()
            && threatmodel::rules::has_evidence_to_check(&build.model)
        {
            eprintln!(
                "test evidence: none given (--run-tests or --test-results FILE); the rules on verifying tests (TM0021-TM0022) were skipped"
            );
        }
        if self.exit_code() != exit_codes::CLEAN {
            let mut reasons = Vec::new();
            if self.failing > 0 {
                reasons.push(format!(
                    "{} at or above the `fail-on` severity",
                    count(self.failing, "finding")
                ));
            }
            if self.problems > 0 {
                reasons.push(count(self.problems, "problem"));
            }
            eprintln!();
            let mut diagnostic = Diagnostic::error(format!(
                "the threat model check failed: {}",
                reasons.join(" and ")
            ));
            if self.fail_on_differs {
                for (package, (fail_on, failing)) in &self.failing_by_package {
                    diagnostic = diagnostic.note(format!(
                        "{} in `{package}`, which fails on `{fail_on}` and above ({})",
                        count(*failing, "failing finding"),
                        configuration.fail_on_source(package)
                    ));
                }
            }
            diagnostic.emit();
        }
    }
}

/// `1 error`, `2 errors`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Most endpoints a service-level finding lists in `check`'s output; the rest are counted.
const RELATED_SHOWN: usize = 10;

/// The diagnostic of one finding: `warning[TM0007]: message`, the annotation underlined, the
/// endpoints a finding at a service stands for (at most [`RELATED_SHOWN`], then `and N more`),
/// its help, where its level comes from, and where to read more.
pub(crate) fn finding_diagnostic(
    finding: &Finding,
    configuration: &Configuration,
    sources: &mut SourceFiles,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(finding.severity.into(), &finding.message)
        .code(&finding.rule_id)
        .at(&finding.location, sources);
    if !finding.related.is_empty() {
        diagnostic = diagnostic.note(related_list(&finding.related));
    }
    if let Some(help) = &finding.help {
        diagnostic = diagnostic.help(help);
    }
    let name = &finding.rule_name;
    let package = &finding.location.package;
    let level = level_name(configuration.settings.level(package, name));
    let source = match configuration.level_source(package, name) {
        LevelSource::Default => format!("`{name}` is on by default"),
        LevelSource::Package(manifest) => format!(
            "`{name}` is set to `{level}` in `[package.metadata.threatmodel.rules]` of {manifest}"
        ),
        LevelSource::Workspace(manifest) => format!(
            "`{name}` is set to `{level}` in `[workspace.metadata.threatmodel.rules]` of {manifest}"
        ),
    };
    diagnostic.note(source).note(format!(
        "see `cargo threatmodel explain {}`",
        finding.rule_id
    ))
}

/// `the endpoints:` and one line per endpoint (`` `GET /a` of `shop::list` at src/a.rs:3:1 ``),
/// cut after [`RELATED_SHOWN`] with `and N more`.
fn related_list(related: &[threatmodel::rules::Related]) -> String {
    let mut text = format!("the {} endpoints:", related.len());
    for endpoint in related.iter().take(RELATED_SHOWN) {
        // Endpoint ids are `<handler> <METHOD> <route>`.
        let line = match endpoint.element.split_once(' ') {
            Some((handler, route)) => format!("`{route}` of `{handler}`"),
            None => format!("`{}`", endpoint.element),
        };
        text.push_str(&format!("\n  {line} at {}", endpoint.location));
    }
    if related.len() > RELATED_SHOWN {
        text.push_str(&format!("\n  and {} more", related.len() - RELATED_SHOWN));
    }
    text
}

/// `allow`, `note`, `warning`, `error` as configured; `default` when not configured.
fn level_name(level: RuleLevel) -> &'static str {
    match level {
        RuleLevel::Default => "default",
        RuleLevel::Allow => "allow",
        RuleLevel::Note => "note",
        RuleLevel::Warning => "warning",
        RuleLevel::Error => "error",
    }
}

/// Writes the `--format json` document (see [`JSON_HELP`]) to standard output.
fn write_json(
    build: &Build,
    today: &str,
    findings: &[Finding],
    problems: &[Problem],
    configuration: &Configuration,
    summary: &Summary,
    compile_errors: &[String],
) -> Result<(), Error> {
    let findings = findings
        .iter()
        .map(|finding| {
            let mut value = serde_json::to_value(finding).map_err(Error::Json)?;
            if let Value::Object(fields) = &mut value {
                fields.insert(
                    "fails".to_owned(),
                    Value::Bool(finding.fails(&configuration.settings)),
                );
            }
            Ok(value)
        })
        .collect::<Result<Vec<Value>, Error>>()?;
    let problems = serde_json::to_value(problems).map_err(Error::Json)?;
    let document = json!({
        "format_version": JSON_FORMAT_VERSION,
        "title": build.title,
        "today": today,
        "findings": findings,
        "problems": problems,
        "compile_errors": compile_errors,
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "notes": summary.notes,
            "suppressed": summary.suppressed,
            "failing": summary.failing,
            "problems": summary.problems,
            "compile_errors": summary.compile_errors,
        },
        "exit_code": summary.exit_code(),
    });
    let mut text = serde_json::to_string_pretty(&document).map_err(Error::Json)?;
    text.push('\n');
    Output::default().write(&text)
}
