//! The build context recorded in the model: which commit, packages, features and target `cfg`
//! the model was built from ([`threatmodel::model::BuildContext`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use cargo_metadata::Metadata;
use threatmodel::model::{BuildContext, BuiltPackage};

use crate::facts::{self, Checked};

/// The context of a build of `checked` crates in `workspace_root`: the commit (`commit` when
/// given, an empty one leaving it out; else `git rev-parse HEAD`), the packages of `checked`
/// with their versions and the features cargo reported, `target` and the target's `cfg`
/// (`rustc --print cfg`).
pub(crate) fn build_context(
    workspace_root: &Path,
    metadata: &Metadata,
    checked: &[Checked],
    target: Option<&str>,
    commit: Option<&str>,
) -> BuildContext {
    let (commit, uncommitted_changes) = match commit {
        Some(commit) => (
            Some(commit.trim())
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
            false,
        ),
        None => match git(workspace_root, &["rev-parse", "--verify", "HEAD"]) {
            Some(head) => {
                let changes = git(
                    workspace_root,
                    &["status", "--porcelain", "--untracked-files=no"],
                )
                .is_some_and(|status| !status.trim().is_empty());
                (Some(head.trim().to_owned()), changes)
            }
            None => (None, false),
        },
    };
    let mut features: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for crate_ in checked {
        features
            .entry(crate_.package())
            .or_default()
            .extend(crate_.features().iter().map(String::as_str));
    }
    let packages = features
        .into_iter()
        .map(|(name, features)| BuiltPackage {
            name: name.to_owned(),
            version: metadata
                .packages
                .iter()
                .find(|p| p.name.as_str() == name)
                .map(|p| p.version.to_string())
                .unwrap_or_default(),
            features: features.into_iter().map(str::to_owned).collect(),
        })
        .collect();
    BuildContext {
        commit,
        uncommitted_changes,
        packages,
        target: target.map(str::to_owned),
        cfg: facts::rustc_cfg(target)
            .map(|text| cfg_lines(&text))
            .unwrap_or_default(),
    }
}

/// The `cfg` lines of `rustc --print cfg`'s output, sorted, without repeats.
fn cfg_lines(text: &str) -> Vec<String> {
    let lines: BTreeSet<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.into_iter().map(str::to_owned).collect()
}

/// `git ARGS` in `dir`: its standard output when it succeeds; `None` when git is missing or
/// fails (outside a checkout, no commit yet).
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cfg_lines_are_sorted_and_unique() {
        let text = "unix\ntarget_os=\"linux\"\ndebug_assertions\n\nunix\n";
        assert_eq!(
            cfg_lines(text),
            ["debug_assertions", "target_os=\"linux\"", "unix"]
        );
    }
}
