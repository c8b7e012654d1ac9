//! Which packages, features and targets to build, and how, spelled as cargo spells them.

use cargo_metadata::{Metadata, Package};

use crate::cargo_options::CargoOptions;
use crate::error::Error;

/// `--manifest-path`, `-p/--package`, `--workspace`, `--exclude`, `--features`,
/// `--all-features`, `--no-default-features`, and cargo's own options ([`CargoOptions`]):
/// forwarded to `cargo metadata` and `cargo check`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Selection {
    #[command(flatten)]
    pub(crate) manifest: clap_cargo::Manifest,
    #[command(flatten)]
    pub(crate) workspace: clap_cargo::Workspace,
    #[command(flatten)]
    pub(crate) features: clap_cargo::Features,
    #[command(flatten)]
    pub(crate) cargo: CargoOptions,
    /// Record REV as the commit the model was built from instead of asking git (`git
    /// rev-parse HEAD`); an empty REV records none (for reproducible outputs)
    #[arg(long, value_name = "REV")]
    pub(crate) commit: Option<String>,
}

impl Selection {
    /// `cargo metadata --no-deps` of the workspace (`--manifest-path` or the current directory).
    ///
    /// # Errors
    /// [`Error::Metadata`] when cargo cannot read the workspace.
    pub(crate) fn metadata(&self) -> Result<Metadata, Error> {
        self.manifest
            .metadata()
            .no_deps()
            .other_options(self.cargo.common_args())
            .exec()
            .map_err(Error::Metadata)
    }

    /// The workspace members this selection names (`-p`, `--workspace`, `--exclude`, or the
    /// default members), as cargo would build them.
    pub(crate) fn packages<'m>(&self, metadata: &'m Metadata) -> Vec<&'m Package> {
        self.workspace.partition_packages(metadata).0
    }

    /// The `cargo check` arguments that select the same packages, features and targets, with
    /// cargo's own options (but `--target-dir`, see [`CargoOptions::check_args`]).
    pub(crate) fn cargo_args(&self) -> Vec<String> {
        let mut args = self.cargo.check_args();
        if let Some(path) = &self.manifest.manifest_path {
            args.push("--manifest-path".to_owned());
            args.push(path.display().to_string());
        }
        for package in &self.workspace.package {
            args.push("--package".to_owned());
            args.push(package.clone());
        }
        if self.workspace.workspace || self.workspace.all {
            args.push("--workspace".to_owned());
        }
        for exclude in &self.workspace.exclude {
            args.push("--exclude".to_owned());
            args.push(exclude.clone());
        }
        if self.features.all_features {
            args.push("--all-features".to_owned());
        }
        if self.features.no_default_features {
            args.push("--no-default-features".to_owned());
        }
        if !self.features.features.is_empty() {
            args.push("--features".to_owned());
            args.push(self.features.features.join(","));
        }
        args
    }
}
