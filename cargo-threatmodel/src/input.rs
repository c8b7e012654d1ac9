//! Where the model that `report` and `export` render comes from: a build of the selected
//! packages, or (`--from FILE`) a JSON model saved earlier by `export --format json`.
//!
//! With `--from`, nothing is built and cargo is not run, except `cargo metadata --no-deps` when
//! `--manifest-path` is also given: the rules then run under the settings of that workspace's
//! manifests (the root's and every member's). Without it, they run under the default settings,
//! since the file holds no configuration. The other selection flags choose what to build, so
//! clap rejects them together with `--from`.

use std::io::Read;
use std::path::{Path, PathBuf};

use cargo_metadata::Package;
use threatmodel::Model;
use threatmodel::model::{Problem, READABLE_SCHEMA_VERSIONS, SCHEMA_VERSION};
use threatmodel::rules::Finding;

use crate::build::{Build, CompilerError};
use crate::config::Configuration;
use crate::diagnostic::{Diagnostic, Level, SourceFiles};
use crate::error::{Error, ModelError};
use crate::evidence::EvidenceArgs;
use crate::exit_codes;
use crate::selection::Selection;

/// The selection flags that choose what to build and how, which `--from` excludes (clap's
/// argument ids); cargo's lock-file, network and configuration options are still used by
/// `cargo metadata` with `--manifest-path` (`crate::cargo_options::CargoOptions`).
const BUILD_FLAGS: [&str; 19] = [
    "run_tests",
    "package",
    "workspace",
    "all",
    "exclude",
    "features",
    "all_features",
    "no_default_features",
    "target",
    "target_dir",
    "release",
    "profile",
    "jobs",
    "keep_going",
    "all_targets",
    "lib",
    "bins",
    "tests",
    "commit",
];

/// The selection flags and `--from FILE`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Input {
    #[command(flatten)]
    selection: Selection,
    /// Read the model from FILE, written by `export --format json` (`-` for standard input),
    /// instead of building; with --manifest-path, the rules use that workspace's settings
    #[arg(long, value_name = "FILE", conflicts_with_all = BUILD_FLAGS)]
    from: Option<PathBuf>,
    #[command(flatten)]
    evidence: EvidenceArgs,
}

/// A model ready to render, with what the renderers need besides it.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// The model, built or read.
    pub(crate) model: Model,
    /// A title for reports and diagrams: the build's (the packages checked, see
    /// `build::title`), or the `--from` file's name without its extension (blank for
    /// standard input, which renderers show as `Threat model`).
    pub(crate) title: String,
    /// The workspace root, when known: always after a build; with `--from`, only when
    /// `--manifest-path` is given.
    pub(crate) workspace_root: Option<PathBuf>,
    /// The rule settings: the manifests', or the defaults for `--from` without a manifest.
    pub(crate) configuration: Configuration,
    /// The source repository URL of the packages (`package.repository`), when they agree on one.
    pub(crate) repository: Option<String>,
    /// The errors of a build that failed only on threatmodel's own errors (each at its
    /// file:line:column, with the first line of rustc's message). The model is then partial:
    /// what the build could assemble, each threat without a disposition in it
    /// [`Disposition::Undisposed`](threatmodel::Disposition::Undisposed). Empty after a
    /// successful build and with `--from`.
    pub(crate) build_errors: Vec<Problem>,
}

impl Loaded {
    /// Runs the rules, as `check` does: every finding, suppressed ones included. None on a
    /// partial model ([`Loaded::build_errors`]), as in `check`: the rules would only restate
    /// the compile errors (a reference to an item whose annotation failed resolves to nothing).
    pub(crate) fn findings(&self, today: &str) -> Vec<Finding> {
        if self.build_errors.is_empty() {
            self.configuration.check(&self.model, today)
        } else {
            Vec::new()
        }
    }

    /// The exit code of `report` and `export` once they have written the model:
    /// [`exit_codes::FINDINGS`] for a partial model, else [`exit_codes::CLEAN`].
    pub(crate) fn exit_code(&self) -> i32 {
        if self.build_errors.is_empty() {
            exit_codes::CLEAN
        } else {
            exit_codes::FINDINGS
        }
    }

    /// The model with the errors of the build that assembled it among its problems, for the
    /// outputs that carry problems (JSON, SARIF), so that a partial model says it is one; the
    /// model as it is when the build succeeded.
    pub(crate) fn model_with_build_errors(&self) -> std::borrow::Cow<'_, Model> {
        if self.build_errors.is_empty() {
            std::borrow::Cow::Borrowed(&self.model)
        } else {
            let mut model = self.model.clone();
            model.problems.extend(self.build_errors.iter().cloned());
            model.problems.sort();
            std::borrow::Cow::Owned(model)
        }
    }

    /// Prints the model's problems as warnings, pointing into the sources when they can be
    /// read (relative to the workspace root, else to the current directory).
    pub(crate) fn print_problems(&self) {
        let root = self.workspace_root.as_deref().unwrap_or(Path::new("."));
        print_problems(&self.model, root, Level::Warning);
    }
}

impl Input {
    /// The model: read from `--from FILE`, or built. Configuration errors are reported before
    /// the build, as in `check`.
    ///
    /// When the build fails only on threatmodel's own errors, its errors are printed and the
    /// model it could assemble is returned, partial ([`Loaded::build_errors`]); when it fails
    /// otherwise, its errors are printed and `Ok(Err(exit code))` is returned (see
    /// [`Build::failure`]).
    ///
    /// # Errors
    /// The `--from` file cannot be read, is not JSON, not a model, or a model of another schema
    /// version; configuration, metadata, build-tool errors.
    pub(crate) fn load(&self) -> Result<Result<Loaded, i32>, Error> {
        if let Some(path) = &self.from {
            let mut loaded = read(path, &self.selection)?;
            self.evidence.apply(&mut loaded.model, None)?;
            return Ok(Ok(loaded));
        }
        let metadata = self.selection.metadata()?;
        let packages = self.selection.packages(&metadata);
        let configuration = Configuration::load(&metadata, &packages)?;
        let repository = repository(&packages);
        let selection = self.evidence.selection(&self.selection, &metadata);
        let mut build = Build::run(&selection, &metadata)?;
        let build_errors: Vec<Problem> = match build.failure() {
            None => Vec::new(),
            Some(code) => {
                build.print_errors();
                if code != exit_codes::FINDINGS {
                    return Ok(Err(code));
                }
                build.errors.iter().map(CompilerError::problem).collect()
            }
        };
        // Test evidence is read only for a complete model: a partial one runs no rules.
        // The build's error for an undisposed threat and the model's problem for it
        // (`Model::validate`) are one fact on one line: the build's, with its column, is kept.
        build.model.problems.retain(|problem| {
            !build_errors.iter().any(|error| {
                error.location.file == problem.location.file
                    && error.location.line == problem.location.line
            })
        });
        if build_errors.is_empty() {
            self.evidence
                .apply(&mut build.model, Some((&self.selection, &metadata)))?;
        }
        // A partial model keeps its problems: rustc stops after the macros' errors, before it
        // resolves the paths they did accept, so a reference that resolves to nothing (a plain
        // fn in `mitigated_by`) is reported only here.
        Ok(Ok(Loaded {
            model: build.model,
            title: build.title,
            workspace_root: Some(build.workspace_root),
            configuration,
            repository,
            build_errors,
        }))
    }
}

/// `--from FILE`: the model in `path`, and the settings of `--manifest-path` if given.
///
/// The model is checked as the build would have ([`Model::validate`]): what it finds (a
/// dangling reference, a duplicate id, a malformed `expires` date) becomes a model problem,
/// printed and failing `check`-like consumers as the problems of a build do.
fn read(path: &Path, selection: &Selection) -> Result<Loaded, Error> {
    let mut model = read_model(path)?;
    let inconsistencies = model.validate();
    model.problems.extend(inconsistencies);
    model.problems.sort();
    let title = if path == Path::new("-") {
        String::new()
    } else {
        path.file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (configuration, workspace_root, repository) = match &selection.manifest.manifest_path {
        Some(_) => {
            let metadata = selection.metadata()?;
            let packages = metadata.workspace_packages();
            (
                Configuration::load(&metadata, &packages)?,
                Some(metadata.workspace_root.clone().into_std_path_buf()),
                repository(&packages),
            )
        }
        None => (Configuration::default(), None, None),
    };
    Ok(Loaded {
        model,
        title,
        workspace_root,
        configuration,
        repository,
        build_errors: Vec::new(),
    })
}

/// Reads and parses the JSON model in `path` (`-`: standard input), checking its schema version
/// before its fields, so that a model of another version is reported as such.
fn read_model(path: &Path) -> Result<Model, Error> {
    let error = |kind| Error::Model {
        path: path.to_owned(),
        kind,
    };
    let text = if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map(|_| text)
            .map_err(|err| error(ModelError::Read(err)))?
    } else {
        std::fs::read_to_string(path).map_err(|err| error(ModelError::Read(err)))?
    };
    let json_error = |text: String, err: serde_json::Error| error(ModelError::Json { text, err });
    // Only the version is read here, not a whole `Value` tree of the document (which took as
    // long and as much memory as the model itself on large models).
    let version = match threatmodel::export::json::schema_version(&text) {
        Ok(version) => version,
        Err(err) => {
            // The error of reading the whole document, as it has always been reported (the
            // same parser finds the same fault).
            let err = serde_json::from_str::<serde_json::Value>(&text)
                .err()
                .unwrap_or(err);
            return Err(json_error(text, err));
        }
    };
    match version {
        Some(serde_json::Value::String(version))
            if READABLE_SCHEMA_VERSIONS.contains(&version.as_str()) => {}
        Some(found) => return Err(error(ModelError::Version(Some(found.to_string())))),
        None => return Err(error(ModelError::Version(None))),
    }
    let mut model = threatmodel::export::json::parse(&text).map_err(|err| json_error(text, err))?;
    // An older model is rendered as a model of this version (without what it lacks).
    model.schema_version = SCHEMA_VERSION.to_owned();
    Ok(model)
}

/// The repository URL the packages agree on; `None` when none has one or two differ.
fn repository(packages: &[&Package]) -> Option<String> {
    let mut urls = packages.iter().filter_map(|p| p.repository.as_deref());
    let first = urls.next()?;
    urls.all(|url| url == first).then(|| first.to_owned())
}

/// Prints the problems of `model` (unresolved references and the like) at `level`, their
/// sources read relative to `root`: errors for `check`, which fails on them, warnings for
/// `report` and `export`, which still render.
pub(crate) fn print_problems(model: &Model, root: &Path, level: Level) {
    let mut sources = SourceFiles::new(root);
    for problem in &model.problems {
        Diagnostic::new(level, &problem.message)
            .at(&problem.location, &mut sources)
            .emit();
    }
}
