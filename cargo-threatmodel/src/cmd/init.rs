//! `cargo threatmodel init`: `#[endpoint]` annotations for the served routes no `#[endpoint]`
//! describes (rule `unmodelled_endpoint`), as a unified diff, or written with `--apply`.

use std::path::Path;
use std::process::Command;

use cargo_metadata::{DependencyKind, Metadata, TargetKind};
use threatmodel::claims::Claims;
use threatmodel::facts::CrateFacts;

use crate::build::Build;
use crate::diagnostic::{Diagnostic, Level};
use crate::error::Error;
use crate::exit_codes;
use crate::output::Output;
use crate::scaffold::{self, CrateInfo, Plan, Sources};
use crate::selection::Selection;

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    selection: Selection,
    /// Write the annotations into the source files instead of printing them as a diff.
    #[arg(long)]
    apply: bool,
    /// With --apply, write files that have uncommitted changes, or that are not in a git
    /// repository.
    #[arg(long, requires = "apply")]
    allow_dirty: bool,
}

/// Builds the selection, matches its endpoints against the routes read from its code, and
/// plans an `#[endpoint]` for each unmodelled route (see [`scaffold`]): printed as a unified
/// diff on standard output (paths relative to the workspace root), or written with `--apply`.
/// Routes it cannot annotate are listed on standard error. Exit code as for `check` when the
/// build fails; 0 otherwise.
///
/// # Errors
/// Metadata, build-tool and I/O errors; with `--apply`, files to edit that have uncommitted
/// changes or are not in a git repository, unless `--allow-dirty` (exit code 2).
pub(crate) fn run(args: &Args) -> Result<i32, Error> {
    let metadata = args.selection.metadata()?;
    let build = match Build::run_to_model(&args.selection, &metadata)? {
        Ok(build) => build,
        Err(code) => return Ok(code),
    };
    let Some(claims) = Claims::new(&build.model) else {
        eprintln!("threatmodel init: nothing to do: no code facts were read");
        return Ok(exit_codes::CLEAN);
    };
    let unmodelled = claims.unmodelled();
    if unmodelled.is_empty() {
        eprintln!(
            "threatmodel init: nothing to do: an `#[endpoint]` describes every route served by a named handler"
        );
        return Ok(exit_codes::CLEAN);
    }
    let facts = build.model.facts.as_ref().map_or(&[][..], |f| &f.crates);
    let crates: Vec<CrateInfo<'_>> = facts
        .iter()
        .map(|krate| crate_info(krate, &metadata))
        .collect();
    let mut sources = Sources::new(&build.workspace_root);
    let plan = scaffold::plan(&build.model, unmodelled, &crates, &mut sources);
    for skipped in &plan.skipped {
        Diagnostic::new(
            Level::Warning,
            format!(
                "not annotating `{}` (registered at {}): {}",
                skipped.route, skipped.at, skipped.why
            ),
        )
        .emit();
    }
    for package in &plan.without_dependency {
        Diagnostic::new(
            Level::Warning,
            format!("package `{package}` does not depend on `threatmodel`"),
        )
        .help(
            "add `threatmodel = \"0.1\"` to its `[dependencies]`, or the annotations do not build",
        )
        .emit();
    }
    if plan.files.is_empty() {
        eprintln!(
            "threatmodel init: nothing to write: none of the {} unmodelled route(s) can be annotated (above)",
            unmodelled.len()
        );
        return Ok(exit_codes::CLEAN);
    }
    if args.apply {
        if !args.allow_dirty {
            refuse_uncommitted(&build.workspace_root, &plan)?;
        }
        for (file, edit) in &plan.files {
            let path = build.workspace_root.join(file);
            std::fs::write(&path, edit.edited()).map_err(|err| Error::Io(path, err))?;
        }
        eprintln!(
            "threatmodel init: added {} to {}; review the guesses in the comments starting `threatmodel init:`",
            summary(&plan),
            files(&plan)
        );
    } else {
        Output::default().write(&diff(&plan))?;
        eprintln!(
            "threatmodel init: the diff above adds {} to {}; write it with `cargo threatmodel init --apply`",
            summary(&plan),
            files(&plan)
        );
    }
    Ok(exit_codes::CLEAN)
}

/// What `init` needs to know of the crate of `krate`: its root file (the library or binary
/// target of its package whose crate name it has, and whose root was read) and the name its
/// manifest gives the `threatmodel` dependency.
fn crate_info<'m>(krate: &'m CrateFacts, metadata: &Metadata) -> CrateInfo<'m> {
    let package = metadata
        .workspace_packages()
        .into_iter()
        .find(|p| p.name.as_str() == krate.package);
    let root_file = package.and_then(|package| {
        let roots: Vec<String> = package
            .targets
            .iter()
            .filter(|t| {
                t.name.replace('-', "_") == krate.krate
                    && t.kind
                        .iter()
                        .any(|k| matches!(k, TargetKind::Lib | TargetKind::RLib | TargetKind::Bin))
            })
            .filter_map(|t| {
                t.src_path
                    .strip_prefix(&metadata.workspace_root)
                    .ok()
                    .map(|p| p.as_str().replace('\\', "/"))
            })
            .collect();
        roots
            .iter()
            .find(|root| krate.files.contains(root))
            .or(roots.first())
            .cloned()
    });
    let threatmodel = package.and_then(|package| {
        package
            .dependencies
            .iter()
            .find(|d| d.name == "threatmodel" && d.kind == DependencyKind::Normal)
            .map(|d| d.rename.clone().unwrap_or_else(|| d.name.clone()))
    });
    CrateInfo {
        facts: krate,
        root_file,
        threatmodel,
    }
}

/// `2 `#[endpoint]`s, trust boundary `Internet` and service component `Svc``.
fn summary(plan: &Plan) -> String {
    let mut parts = vec![format!(
        "{} `#[endpoint]`{}",
        plan.endpoints,
        if plan.endpoints == 1 { "" } else { "s" }
    )];
    parts.extend(plan.scaffolds.iter().cloned());
    match parts.split_last() {
        Some((last, first)) if !first.is_empty() => format!("{} and {last}", first.join(", ")),
        _ => parts.join(""),
    }
}

/// `2 files (src/a.rs, src/b.rs)`.
fn files(plan: &Plan) -> String {
    let names: Vec<&str> = plan.files.keys().map(String::as_str).collect();
    format!(
        "{} file{} ({})",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        names.join(", ")
    )
}

/// The unified diff of every file of `plan`, in path order, with `--- a/PATH` and `+++ b/PATH`
/// headers relative to the workspace root (as `git diff` writes them, so `git apply` and
/// `patch -p1` read it).
fn diff(plan: &Plan) -> String {
    let mut out = String::new();
    for (file, edit) in &plan.files {
        let edited = edit.edited();
        let diff = similar::TextDiff::from_lines(edit.original(), edited.as_str());
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{file}"), &format!("b/{file}"))
                .to_string(),
        );
    }
    out
}

/// Refuses, as `cargo fix` does, to write files with uncommitted changes (`git status
/// --porcelain` lists them: modified, staged or untracked), or when git cannot tell.
fn refuse_uncommitted(workspace_root: &Path, plan: &Plan) -> Result<(), Error> {
    let mut dirty = Vec::new();
    for file in plan.files.keys() {
        let output = Command::new("git")
            .args(["status", "--porcelain", "--"])
            .arg(file)
            .current_dir(workspace_root)
            .output()
            .map_err(|err| Error::Unversioned(format!("cannot run `git status`: {err}")))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(Error::Unversioned(
                if stderr.to_ascii_lowercase().contains("not a git repository") {
                    format!("`{}` is not in a git repository", workspace_root.display())
                } else {
                    format!("`git status` failed: {}", stderr.trim())
                },
            ));
        }
        if !output.stdout.is_empty() {
            dirty.push(file.clone());
        }
    }
    if dirty.is_empty() {
        Ok(())
    } else {
        Err(Error::Dirty(dirty))
    }
}
