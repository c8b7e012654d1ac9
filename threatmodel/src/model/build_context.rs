//! Build context: which code a model describes (commit, packages, features, target `cfg`).

use serde::{Deserialize, Serialize};

/// How `cargo threatmodel` built the model, so that a reader knows which code it describes.
/// Recorded in the model (not only in the report) so that `report --from model.json` shows what
/// the model was built from rather than the current checkout. `Model::collect()` records none:
/// a program does not know how it was built.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BuildContext {
    /// The commit checked out (`git rev-parse HEAD` in the workspace root, or `--commit REV`);
    /// absent outside a git checkout or when git cannot be run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Whether tracked files had changes not committed (`git status`): the model then describes
    /// code that `commit` alone does not hold. Never set with `--commit`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncommitted_changes: bool,
    /// The workspace packages whose crates were read, sorted by name.
    pub packages: Vec<BuiltPackage>,
    /// The target triple given with `--target`; absent for the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The target's `cfg` values as `rustc --print cfg` prints them (`unix`,
    /// `target_os="linux"`), sorted; empty when the compiler could not be asked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cfg: Vec<String>,
}

/// One package of a [`BuildContext`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BuiltPackage {
    /// Cargo package name.
    pub name: String,
    /// Package version (`package.version`).
    pub version: String,
    /// The features enabled in the build, as cargo reported them, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}
