//! The code-facts stage: reads the crates the build checked as the build saw them (DESIGN §7).
//!
//! For each workspace crate of the selection, cargo's `compiler-artifact` message gives the
//! crate root, the enabled features and the artifact whose dep-info (`.d`) file lists every
//! source file rustc read, so `cfg`-gated modules follow the build; `rustc --print cfg` gives
//! the target's `cfg` values. [`threatmodel_facts::read`] then parses each file once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use cargo_metadata::{Artifact, Metadata};
use threatmodel::facts::Facts;
use threatmodel_facts::CrateSource;
use threatmodel_facts::cfg::Cfg;

/// The tool's own crates: members of this repository's workspace, never part of a service.
const OWN_PACKAGES: &[&str] = &[
    "threatmodel",
    "threatmodel-core",
    "threatmodel-macros",
    "threatmodel-facts",
    "cargo-threatmodel",
];

/// A crate the build checked, as the facts stage needs it.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    package: String,
    krate: String,
    root: PathBuf,
    dep_info: Option<PathBuf>,
    features: BTreeSet<String>,
    /// Whether it was checked as test code (`--tests`, `--all-targets`).
    test: bool,
}

impl Checked {
    /// The crate of `artifact` when it is the library or a binary of a workspace member in
    /// `packages` (the selection and the members it depends on), not an integration test,
    /// benchmark, build script or proc macro. Checked as unit tests, it is read only when it
    /// was not also checked as itself (see [`read`]).
    pub(crate) fn from_artifact(
        artifact: &Artifact,
        metadata: &Metadata,
        packages: &BTreeSet<String>,
    ) -> Option<Checked> {
        let wanted_kind = artifact.target.kind.iter().any(|kind| {
            matches!(
                kind,
                cargo_metadata::TargetKind::Lib
                    | cargo_metadata::TargetKind::RLib
                    | cargo_metadata::TargetKind::Bin
            )
        });
        if !wanted_kind {
            return None;
        }
        let package = metadata
            .packages
            .iter()
            .find(|package| package.id == artifact.package_id)?;
        if !packages.contains(package.name.as_str()) {
            return None;
        }
        Some(Checked {
            package: package.name.to_string(),
            krate: artifact.target.name.replace('-', "_"),
            root: artifact.target.src_path.clone().into_std_path_buf(),
            dep_info: artifact
                .filenames
                .first()
                .and_then(|file| dep_info_path(file.as_std_path())),
            features: artifact.features.iter().cloned().collect(),
            test: artifact.profile.test,
        })
    }

    /// The package of the crate.
    pub(crate) fn package(&self) -> &str {
        &self.package
    }

    /// The features enabled in its build, as cargo reported them.
    pub(crate) fn features(&self) -> &BTreeSet<String> {
        &self.features
    }
}

/// The workspace members whose crates are read: the `selected` packages and the workspace
/// members they depend on (a router in one crate may mount the handlers of another), but not
/// the tool's own crates.
pub(crate) fn packages_to_read(metadata: &Metadata, selected: &[&str]) -> BTreeSet<String> {
    let members: BTreeSet<&str> = metadata
        .workspace_packages()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let mut read: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<&str> = selected.to_vec();
    while let Some(name) = queue.pop() {
        if !members.contains(name) || OWN_PACKAGES.contains(&name) || !read.insert(name.to_owned())
        {
            continue;
        }
        if let Some(package) = metadata
            .workspace_packages()
            .into_iter()
            .find(|p| p.name == name)
        {
            queue.extend(package.dependencies.iter().map(|d| d.name.as_str()));
        }
    }
    read
}

/// Reads the facts of `checked` crates (file paths relative to `workspace_root`), with the
/// target's `cfg` from `rustc --print cfg` (`target`: a `--target` triple) when the compiler
/// answers; otherwise `cfg` predicates other than features are unknown. A crate checked both
/// as itself and as unit tests is read as itself, as the program runs it.
pub(crate) fn read(workspace_root: &Path, checked: &[Checked], target: Option<&str>) -> Facts {
    let target_cfg = rustc_cfg(target);
    let mut sources: Vec<CrateSource> = checked
        .iter()
        .filter(|crate_| {
            !crate_.test
                || !checked
                    .iter()
                    .any(|other| !other.test && other.root == crate_.root)
        })
        .map(|crate_| CrateSource {
            package: crate_.package.clone(),
            krate: crate_.krate.clone(),
            root: crate_.root.clone(),
            files: crate_
                .dep_info
                .as_deref()
                .and_then(|path| dep_info_files(path, workspace_root)),
            cfg: match &target_cfg {
                Some(text) => Cfg::from_rustc_print(text, crate_.features.clone()),
                None => Cfg {
                    features: crate_.features.clone(),
                    ..Cfg::default()
                },
            },
        })
        .collect();
    // A package's library and binary may share a crate name: both are read (the library
    // first, as its modules are what other crates' paths name).
    sources.sort_by(|a, b| {
        (&a.package, &a.krate, !a.root.ends_with("lib.rs"), &a.root).cmp(&(
            &b.package,
            &b.krate,
            !b.root.ends_with("lib.rs"),
            &b.root,
        ))
    });
    sources.dedup_by(|a, b| a.root == b.root);
    threatmodel_facts::read(workspace_root, &sources)
}

/// `rustc --print cfg` (for `target`), or `None` when the compiler cannot be run.
pub(crate) fn rustc_cfg(target: Option<&str>) -> Option<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut command = Command::new(rustc);
    command.args(["--print", "cfg"]);
    if let Some(target) = target {
        command.args(["--target", target]);
    }
    let output = command.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// rustc's dep-info file beside an artifact: `deps/libname-HASH.rmeta` has `deps/name-HASH.d`.
fn dep_info_path(artifact: &Path) -> Option<PathBuf> {
    let stem = artifact.file_stem()?.to_str()?;
    let dir = artifact.parent()?;
    [stem.strip_prefix("lib"), Some(stem)]
        .into_iter()
        .flatten()
        .map(|stem| dir.join(format!("{stem}.d")))
        .find(|path| path.is_file())
}

/// The source files (`.rs`) a dep-info file lists for its first target, absolute (relative
/// paths are relative to `workspace_root`, where cargo runs rustc for members); `None` when it
/// cannot be read.
fn dep_info_files(path: &Path, workspace_root: &Path) -> Option<BTreeSet<PathBuf>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(parse_dep_info(&text, workspace_root))
}

/// Parses Makefile-style dep-info: the prerequisites of the first rule (`target: a.rs b.rs`),
/// with `\ ` for a space in a path and `\` + newline continuing a line.
fn parse_dep_info(text: &str, workspace_root: &Path) -> BTreeSet<PathBuf> {
    let joined = text.replace("\\\n", " ");
    let Some(first) = joined.lines().find(|line| line.contains(':')) else {
        return BTreeSet::new();
    };
    let Some((_, prerequisites)) = split_rule(first) else {
        return BTreeSet::new();
    };
    let mut files = BTreeSet::new();
    let mut current = String::new();
    let mut chars = prerequisites.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => {
                current.push(' ');
                chars.next();
            }
            ' ' | '\t' => {
                push_file(&mut files, &mut current, workspace_root);
            }
            _ => current.push(c),
        }
    }
    push_file(&mut files, &mut current, workspace_root);
    files
}

/// Splits a rule line at the `:` that ends its target (`C:\` drive letters are not it).
fn split_rule(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    let at = (0..bytes.len()).find(|&i| {
        bytes[i] == b':'
            && bytes
                .get(i + 1)
                .is_none_or(|&next| next == b' ' || next == b'\t')
    })?;
    Some((&line[..at], &line[at + 1..]))
}

fn push_file(files: &mut BTreeSet<PathBuf>, current: &mut String, workspace_root: &Path) {
    if current.ends_with(".rs") {
        let path = PathBuf::from(&*current);
        files.insert(if path.is_absolute() {
            path
        } else {
            workspace_root.join(path)
        });
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dep_info_lists_the_first_rules_sources() {
        let root = Path::new("/ws");
        let text = "/ws/target/debug/deps/libsvc-1.rmeta: src/lib.rs src/a\\ b.rs \\\n /abs/c.rs build/out.txt\n\nsrc/lib.rs:\nsrc/a\\ b.rs:\n\n# env-dep:X=1\n";
        let files = parse_dep_info(text, root);
        assert_eq!(
            files,
            [
                PathBuf::from("/abs/c.rs"),
                PathBuf::from("/ws/src/a b.rs"),
                PathBuf::from("/ws/src/lib.rs"),
            ]
            .into_iter()
            .collect()
        );
    }

    #[test]
    fn dep_info_without_a_rule_lists_nothing() {
        assert!(parse_dep_info("", Path::new("/")).is_empty());
    }
}
