//! Drives the build that produces the model: `cargo check` with fresh export fragments.
//!
//! DESIGN §4: the compiler is the source of truth. The macros write one JSON fragment per
//! annotation into `THREATMODEL_EXPORT_DIR`; a fresh `THREATMODEL_EXPORT_NONCE` per run makes
//! cargo re-check every annotated crate (their expansions read it with `option_env!`), so each
//! run sees every annotation and nothing stale. The build shares the user's target directory
//! with the binary as a pass-through `RUSTC_WORKSPACE_WRAPPER` ([`crate::wrapper`]): workspace
//! members are checked into artifacts of their own, so the user's next `cargo check` finds its
//! own still fresh, while every dependency is built once for both.

use std::ffi::OsString;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cargo_metadata::diagnostic::DiagnosticLevel;
use cargo_metadata::{Message, Metadata};
use threatmodel::Model;
use threatmodel::facts::Facts;
use threatmodel::model::{Location, Problem};
use threatmodel::record::{Annotation, Disposition, ItemKind, Record};

use crate::diagnostic::{Diagnostic, Level};
use crate::error::Error;
use crate::exit_codes;
use crate::facts;
use crate::provenance;
use crate::selection::Selection;
use crate::shell;
use crate::wrapper;

/// Environment variable the macros read to know where to write fragments.
pub(crate) const EXPORT_DIR_ENV: &str = "THREATMODEL_EXPORT_DIR";
/// Environment variable whose change forces cargo to re-check annotated crates.
const EXPORT_NONCE_ENV: &str = "THREATMODEL_EXPORT_NONCE";

/// Most packages a title names one by one; a larger selection is named after its root package
/// (or the workspace directory), see [`title`].
const TITLE_PACKAGES: usize = 3;

/// One error-level diagnostic from the compiler.
#[derive(Debug)]
pub(crate) struct CompilerError {
    /// rustc's own rendering, printed as is: in colour when standard error is coloured
    /// ([`shell::coloured`]; [`shell::strip_ansi`] gives the plain text).
    pub(crate) rendered: String,
    /// The first line of rustc's message (plain text, no rendering).
    pub(crate) message: String,
    /// Where its primary span starts (file as rustc names it: relative to the workspace root
    /// for workspace members); package and crate are the annotation's when the error is
    /// [`own`](CompilerError::own), else the compiled target's. `None` without a primary span.
    pub(crate) location: Option<Location>,
    /// Whether its primary span lies inside a threatmodel annotation.
    pub(crate) own: bool,
    /// What threatmodel adds to an error of rustc's that a macro cannot replace (see
    /// [`explanation`]), printed right after rustc's rendering.
    pub(crate) explanation: Option<Diagnostic>,
}

impl CompilerError {
    /// The error as a model problem at its primary span, for outputs that list problems (the
    /// SARIF log of a build that failed only on annotation errors). Without a primary span its
    /// location is blank, which renderers treat as unknown.
    pub(crate) fn problem(&self) -> Problem {
        Problem {
            location: self.location.clone().unwrap_or_else(Location::unknown),
            message: self.message.clone(),
        }
    }
}

/// The outcome of one build: the model (possibly partial), and the compiler's errors.
#[derive(Debug)]
pub(crate) struct Build {
    /// The workspace root; file paths in the model are relative to it.
    pub(crate) workspace_root: PathBuf,
    /// A title for reports and exports (OTM `project.id` is derived from it), which does not
    /// depend on where the workspace is checked out: see [`title`].
    pub(crate) title: String,
    /// The assembled model. Records of annotations the macros rejected
    /// ([`Annotation::Invalid`]) are left out: each is a compile error of the build already, so
    /// it is reported once, in [`Build::errors`], and not again as a model problem.
    pub(crate) model: Model,
    /// Error diagnostics of the build, in the order rustc emitted them.
    pub(crate) errors: Vec<CompilerError>,
    /// Whether `cargo check` succeeded.
    pub(crate) success: bool,
}

impl Build {
    /// Runs `cargo check` on `selection` and assembles the model from the fragments.
    ///
    /// `metadata` is the workspace's (see [`Selection::metadata`]).
    ///
    /// # Errors
    /// When cargo cannot be run or a fragment cannot be read. A build that fails to compile is
    /// not an error here: see [`Build::failure`].
    pub(crate) fn run(selection: &Selection, metadata: &Metadata) -> Result<Build, Error> {
        let workspace_root = metadata.workspace_root.clone().into_std_path_buf();
        let user_target_dir = selection
            .cargo
            .target_dir()
            .unwrap_or_else(|| metadata.target_directory.clone().into_std_path_buf());
        let nonce = nonce();
        let export_dir = user_target_dir
            .join("threatmodel")
            .join("fragments")
            .join(&nonce);
        std::fs::create_dir_all(&export_dir).map_err(|err| Error::Io(export_dir.clone(), err))?;

        let title = title(selection, metadata);
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        // rustc renders its messages in colour when ours are coloured; plain for JSON outputs
        // is `shell::strip_ansi` of them.
        let message_format = if shell::coloured() {
            "--message-format=json-diagnostic-rendered-ansi"
        } else {
            "--message-format=json"
        };
        command
            .arg("check")
            .arg(message_format)
            .args(selection.cargo_args());
        match wrapper::offered() {
            Some(exe) => {
                if let Some(dir) = selection.cargo.target_dir() {
                    command.arg("--target-dir").arg(dir);
                }
                command
                    .env(wrapper::CARGO_ENV, exe)
                    .env(wrapper::ACTIVE_ENV, "1");
                if let Some(chained) =
                    std::env::var_os(wrapper::CARGO_ENV).filter(|w| !w.is_empty())
                {
                    command.env(wrapper::CHAINED_ENV, chained);
                }
            }
            // No wrapper to keep members apart: a target directory of our own, so the user's
            // artifacts are never invalidated (dependencies are then built a second time).
            None => {
                command
                    .arg("--target-dir")
                    .arg(user_target_dir.join("threatmodel"));
            }
        }
        // `cargo run` (this repository's alias) gives its program the variables cargo sets for
        // a package's own compilation; inherited by our `cargo check`, they would reach build
        // scripts that watch them (ring's watches `CARGO_MANIFEST_DIR`), and dependencies would
        // be rebuilt on every alternation with the user's own `cargo check`.
        remove_package_variables(&mut command);
        shell::status(
            "Building",
            format_args!("threat model of {title} (cargo check)"),
        );
        shell::verbose_status("Running", format_args!("`{}`", command_line(&command)));
        let mut child = command
            .env(EXPORT_DIR_ENV, &export_dir)
            .env(EXPORT_NONCE_ENV, &nonce)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // cargo's progress and its own errors (unknown package, bad manifest) go straight to
            // the user, as they would from `cargo check`.
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(Error::Cargo)?;
        let mut diagnostics = Vec::new();
        let selected: Vec<&str> = selection
            .packages(metadata)
            .iter()
            .map(|package| package.name.as_str())
            .collect();
        let to_read = facts::packages_to_read(metadata, &selected);
        let mut checked = Vec::new();
        if let Some(stdout) = child.stdout.take() {
            for message in Message::parse_stream(BufReader::new(stdout)) {
                let message = message.map_err(Error::Cargo)?;
                if let Message::CompilerArtifact(artifact) = &message
                    && let Some(crate_) =
                        facts::Checked::from_artifact(artifact, metadata, &to_read)
                {
                    checked.push(crate_);
                }
                if let Message::CompilerMessage(msg) = message
                    && matches!(
                        msg.message.level,
                        DiagnosticLevel::Error | DiagnosticLevel::Ice
                    )
                {
                    let package = metadata
                        .packages
                        .iter()
                        .find(|package| package.id == msg.package_id)
                        .map(|package| package.name.to_string())
                        .unwrap_or_default();
                    let krate = msg.target.name.replace('-', "_");
                    diagnostics.push((msg.message, package, krate));
                }
            }
        }
        let status = child.wait().map_err(Error::Cargo)?;

        let records = read_records(&export_dir);
        // The directory is this run's alone; a failure to remove it only leaves litter.
        let _ = std::fs::remove_dir_all(&export_dir);
        let records = records?;

        let errors = diagnostics
            .into_iter()
            .filter(|(d, _, _)| !d.message.starts_with("aborting due to"))
            .map(|(d, package, krate)| {
                let primary: Vec<Location> = d
                    .spans
                    .iter()
                    .filter(|s| s.is_primary)
                    .map(|span| Location {
                        package: package.clone(),
                        krate: krate.clone(),
                        file: span.file_name.replace('\\', "/"),
                        line: to_u32(span.line_start),
                        column: to_u32(span.column_start),
                        test_only: false,
                    })
                    .collect();
                // The first primary span inside an annotation, with the annotation's package
                // and crate (those of a macro expanded in another crate's code may differ).
                let annotated = primary.iter().find_map(|location| {
                    let record = records.iter().find(|r| {
                        r.span
                            .contains(&location.file, location.line, location.column)
                    })?;
                    let location = Location {
                        package: record.package.clone(),
                        krate: record.krate.clone(),
                        ..location.clone()
                    };
                    Some((location, record))
                });
                let explanation = annotated
                    .as_ref()
                    .and_then(|(_, record)| explanation(&d, record));
                let annotated = annotated.map(|(location, _)| location);
                let own = annotated.is_some();
                CompilerError {
                    message: d.message.lines().next().unwrap_or_default().to_owned(),
                    rendered: d.rendered.unwrap_or(d.message),
                    location: annotated.or_else(|| primary.into_iter().next()),
                    own,
                    explanation,
                }
            })
            .collect();
        if status.success() {
            shell::status("Reading", format_args!("code facts of {title}"));
        }
        let read = facts::read(&workspace_root, &checked, selection.cargo.target.as_deref());
        let records: Vec<Record> = records
            .into_iter()
            .filter(|record| !matches!(record.annotation, Annotation::Invalid { .. }))
            .collect();
        let records = place_in_inline_modules(records, &read, status.success());
        let mut model = Model::from_records(records);
        model.build = Some(provenance::build_context(
            &workspace_root,
            metadata,
            &checked,
            selection.cargo.target.as_deref(),
            selection.commit.as_deref(),
        ));
        if shell::verbosity() > 0 {
            let unknowns: usize = read.crates.iter().map(|c| c.unknowns.len()).sum();
            shell::status(
                "Read",
                format_args!(
                    "{} crate(s): {} route(s), {unknowns} thing(s) the code reader could not see",
                    read.crates.len(),
                    read.routes().count(),
                ),
            );
        }
        model.facts = Some(read);
        Ok(Build {
            workspace_root,
            title,
            model,
            errors,
            success: status.success(),
        })
    }

    /// `None` when the build succeeded; else the exit code it calls for: [`exit_codes::FINDINGS`]
    /// when every compiler error lies in a threatmodel annotation, [`exit_codes::ERROR`] when any
    /// does not (or cargo failed without a compiler error).
    pub(crate) fn failure(&self) -> Option<i32> {
        if self.success {
            None
        } else if !self.errors.is_empty() && self.errors.iter().all(|e| e.own) {
            Some(exit_codes::FINDINGS)
        } else {
            Some(exit_codes::ERROR)
        }
    }

    /// Runs the build like [`Build::run`]; when it fails, prints its errors and returns
    /// `Ok(Err(exit code))` (see [`Build::failure`]), so every subcommand handles a failed build
    /// the same way.
    ///
    /// # Errors
    /// As [`Build::run`].
    pub(crate) fn run_to_model(
        selection: &Selection,
        metadata: &Metadata,
    ) -> Result<Result<Build, i32>, Error> {
        let build = Build::run(selection, metadata)?;
        Ok(match build.failure() {
            Some(code) => {
                build.print_errors();
                Err(code)
            }
            None => Ok(build),
        })
    }

    /// Prints the build's errors to standard error, as rustc rendered them.
    pub(crate) fn print_errors(&self) {
        for error in &self.errors {
            eprint!("{}", error.rendered);
            if let Some(explanation) = &error.explanation {
                explanation.emit();
            }
        }
        if !self.errors.is_empty() {
            let own = self.errors.iter().filter(|e| e.own).count();
            eprintln!(
                "error: the build failed with {} error(s), {own} of them in threat-model annotations",
                self.errors.len()
            );
        }
    }
}

/// `records` with the module of each that lies in an inline `mod x { ... }` corrected: the
/// macros know only the file an annotation is in (a proc macro cannot see the module tree), so
/// they record the file's module; the code facts know the inline modules of every file read,
/// and the innermost one holding the annotation is its module, as `module_path!()` says in
/// the registry. A crate whose facts were not read keeps its file's modules, and a note says
/// so when `built` (a crate of a failed build is not read, and its errors are what matters).
fn place_in_inline_modules(mut records: Vec<Record>, facts: &Facts, built: bool) -> Vec<Record> {
    let mut unread = std::collections::BTreeSet::new();
    for record in &mut records {
        if !facts.crates.iter().any(|c| c.krate == record.krate) {
            unread.insert(record.krate.clone());
            continue;
        }
        let span = &record.span;
        if let Some(module) =
            facts.inline_module_of(&record.krate, &span.file, span.line, span.column)
        {
            record.module = module;
        }
    }
    for krate in unread.into_iter().filter(|_| built) {
        Diagnostic::new(
            Level::Note,
            format!("the code of crate `{krate}` was not read: its elements take the module path of their file, even those in an inline `mod` block"),
        )
        .emit();
    }
    records
}

/// threatmodel's explanation of an error rustc reports inside the annotation `record`, where
/// rustc's own words name the symptom and not the cause, and no macro can replace them:
///
/// - E0573 "expected type, found function `f`" at a path of a threat's `mitigated_by`: `f` is a
///   plain fn, not a `#[mitigation]` (whose marker type the reference check names);
/// - E0428/E0255 "the name `f` is defined multiple times" at a `#[mitigation]` on a fn: its
///   marker type clashes with a type, module or import of the same name, which `marker = ...`
///   avoids.
fn explanation(
    diagnostic: &cargo_metadata::diagnostic::Diagnostic,
    record: &Record,
) -> Option<Diagnostic> {
    let code = diagnostic.code.as_ref()?.code.as_str();
    let name = diagnostic.message.split('`').nth(1)?;
    match (code, &record.annotation) {
        (
            "E0573",
            Annotation::Threat {
                disposition: Disposition::Mitigated { by, .. },
                ..
            },
        ) if diagnostic
            .message
            .starts_with("expected type, found function")
            && by.iter().any(|path| path.rsplit("::").next() == Some(name)) =>
        {
            Some(
                Diagnostic::new(Level::Note, format!("`{name}` is not a `#[mitigation]`")).help(
                    format!(
                        "mark `{name}` `#[mitigation(CONTROL)]` if it is a security control, \
                         or name the `#[mitigation]` that is in `mitigated_by`"
                    ),
                ),
            )
        }
        ("E0428" | "E0255", Annotation::Mitigation { marker: None, .. })
            if matches!(record.item.kind, ItemKind::Fn) && record.item.name == name =>
        {
            let marker = marker_name(name);
            Some(
                Diagnostic::new(
                    Level::Note,
                    format!(
                        "`#[mitigation]` on fn `{name}` declares a type named `{name}` for \
                         `mitigated_by` to name, and the module already has one"
                    ),
                )
                .help(format!(
                    "give the marker another name with `marker = {marker}` and write \
                     `mitigated_by = {marker}`"
                )),
            )
        }
        _ => None,
    }
}

/// A marker name for fn `name` in the type naming convention: `require_jwt` gives
/// `RequireJwt`.
fn marker_name(name: &str) -> String {
    name.split('_')
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The title of a build of `selection`, the same wherever the workspace is checked out:
///
/// - with `-p`, the named packages, joined with `, ` in the order given;
/// - otherwise the packages the selection resolves to (the default members: the root package
///   or the package of the current directory, or `default-members`, or every member of a
///   virtual workspace; `--workspace` members minus `--exclude`): the one package's name, or up
///   to [`TITLE_PACKAGES`] names sorted and joined with `, `;
/// - for more packages (or none), the root package's name, and, in a virtual workspace, the
///   workspace directory's name as a last resort.
fn title(selection: &Selection, metadata: &Metadata) -> String {
    if !selection.workspace.package.is_empty() {
        return selection.workspace.package.join(", ");
    }
    let mut names: Vec<&str> = selection
        .packages(metadata)
        .iter()
        .map(|package| package.name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    if (1..=TITLE_PACKAGES).contains(&names.len()) {
        return names.join(", ");
    }
    if let Some(root) = metadata.root_package() {
        return root.name.to_string();
    }
    metadata
        .workspace_root
        .file_name()
        .map_or_else(|| "workspace".to_owned(), str::to_owned)
}

/// Removes from `command`'s environment the variables cargo set for this process's own package
/// (see [`is_package_variable`]), which a top-level cargo must not inherit.
pub(crate) fn remove_package_variables(command: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(is_package_variable) {
            command.env_remove(&name);
        }
    }
}

/// Whether `name` is one of the variables cargo sets while compiling or running one package
/// (`CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME`, ...), which a top-level cargo never needs.
fn is_package_variable(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || matches!(
            name,
            "CARGO_MANIFEST_DIR"
                | "CARGO_MANIFEST_PATH"
                | "CARGO_MANIFEST_LINKS"
                | "CARGO_CRATE_NAME"
                | "CARGO_BIN_NAME"
                | "CARGO_PRIMARY_PACKAGE"
                | "CARGO_TARGET_TMPDIR"
                | "OUT_DIR"
        )
}

/// A value unique to this run: process id and the current time in nanoseconds.
fn nonce() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}", std::process::id())
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The records of one build's fragments in `dir`: those of compilations of test code (written
/// to [`wrapper::TEST_FRAGMENTS`] by the wrapper) that no other compilation wrote are marked
/// [`Record::test_only`]; the others were written by both (a library is checked as such and as
/// its unit tests) and are kept once.
fn read_records(dir: &Path) -> Result<Vec<Record>, Error> {
    let fragments = read_fragments(dir)?;
    let test_dir = dir.join(wrapper::TEST_FRAGMENTS);
    let test_fragments = if test_dir.is_dir() {
        read_fragments(&test_dir)?
    } else {
        Vec::new()
    };
    let mut records = Vec::new();
    for (name, fragment) in &test_fragments {
        if fragments.iter().all(|(other, _)| other != name) {
            records.extend(fragment.iter().cloned().map(|record| Record {
                test_only: true,
                ..record
            }));
        }
    }
    records.extend(fragments.into_iter().flat_map(|(_, fragment)| fragment));
    Ok(records)
}

/// Reads every `*.json` fragment of `dir` (each a JSON array of records), in file-name order,
/// each with its file name.
fn read_fragments(dir: &Path) -> Result<Vec<(OsString, Vec<Record>)>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|err| Error::Io(dir.to_owned(), err))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    let mut fragments = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|err| Error::Io(path.clone(), err))?;
        let fragment: Vec<Record> =
            serde_json::from_str(&text).map_err(|err| Error::Fragment(path.clone(), err))?;
        fragments.push((path.file_name().unwrap_or_default().to_owned(), fragment));
    }
    Ok(fragments)
}

/// `command` as a shell would take it, for `-v`: program and arguments, those with spaces
/// quoted.
fn command_line(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|arg| {
            let arg = arg.to_string_lossy();
            if arg.contains(' ') {
                format!("'{arg}'")
            } else {
                arg.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
