//! cargo's own options, spelled as cargo spells them, forwarded to every cargo the CLI runs
//! (`cargo metadata` and `cargo check`), as nextest forwards them to `cargo test`.

use std::path::PathBuf;

/// The heading of these options in `--help`.
const HEADING: &str = "Cargo options";

/// The targets, profile, lock-file and network policy, configuration and parallelism of the
/// build, and cargo's own verbosity.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct CargoOptions {
    /// Assert that `Cargo.lock` will remain unchanged
    #[arg(help_heading = HEADING, long)]
    pub(crate) locked: bool,
    /// Run without accessing the network
    #[arg(help_heading = HEADING, long)]
    pub(crate) offline: bool,
    /// Equivalent to specifying both --locked and --offline
    #[arg(help_heading = HEADING, long)]
    pub(crate) frozen: bool,
    /// Override a configuration value (`KEY=VALUE` or a TOML file); may be repeated
    #[arg(help_heading = HEADING, long, value_name = "KEY=VALUE|PATH")]
    pub(crate) config: Vec<String>,
    /// Check for the target triple
    #[arg(help_heading = HEADING, long, value_name = "TRIPLE")]
    pub(crate) target: Option<String>,
    /// Directory for all generated artifacts (default: cargo's target directory)
    #[arg(help_heading = HEADING, long, value_name = "DIRECTORY")]
    pub(crate) target_dir: Option<PathBuf>,
    /// Check artifacts in release mode, with optimizations
    #[arg(help_heading = HEADING, short = 'r', long, conflicts_with = "profile")]
    pub(crate) release: bool,
    /// Check artifacts with the specified profile
    #[arg(help_heading = HEADING, long, value_name = "PROFILE-NAME")]
    pub(crate) profile: Option<String>,
    /// Number of parallel jobs, defaults to # of CPUs
    #[arg(help_heading = HEADING, short, long, value_name = "N", allow_hyphen_values = true)]
    pub(crate) jobs: Option<String>,
    /// Do not abort the build as soon as there is an error
    #[arg(help_heading = HEADING, long)]
    pub(crate) keep_going: bool,
    /// Check all targets (annotations in test code enter the model, marked test-only)
    #[arg(help_heading = HEADING, long)]
    pub(crate) all_targets: bool,
    /// Check only this package's library
    #[arg(help_heading = HEADING, long)]
    pub(crate) lib: bool,
    /// Check all binaries
    #[arg(help_heading = HEADING, long)]
    pub(crate) bins: bool,
    /// Check all test targets and the library's unit tests (annotations in test code enter
    /// the model, marked test-only)
    #[arg(help_heading = HEADING, long)]
    pub(crate) tests: bool,
    /// Pass --quiet to cargo: no progress of cargo's (threatmodel's own: -q)
    #[arg(help_heading = HEADING, long)]
    pub(crate) cargo_quiet: bool,
    /// Pass --verbose to cargo, once per use (threatmodel's own: -v)
    #[arg(help_heading = HEADING, long, action = clap::ArgAction::Count, conflicts_with = "cargo_quiet")]
    pub(crate) cargo_verbose: u8,
}

impl CargoOptions {
    /// The options every cargo command takes: lock file and network, configuration, cargo's
    /// verbosity and colour.
    pub(crate) fn common_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        for (set, flag) in [
            (self.locked, "--locked"),
            (self.offline, "--offline"),
            (self.frozen, "--frozen"),
            (self.cargo_quiet, "--quiet"),
        ] {
            if set {
                args.push(flag.to_owned());
            }
        }
        for _ in 0..self.cargo_verbose {
            args.push("--verbose".to_owned());
        }
        for config in &self.config {
            args.push("--config".to_owned());
            args.push(config.clone());
        }
        args.push("--color".to_owned());
        args.push(crate::shell::cargo_color().to_owned());
        args
    }

    /// The options of `cargo check` besides [`common_args`](Self::common_args): target,
    /// profile, parallelism and target selection. `--target-dir` is not among them: the build
    /// decides where to check (see `build::Build::run`).
    pub(crate) fn check_args(&self) -> Vec<String> {
        let mut args = self.common_args();
        if let Some(target) = &self.target {
            args.push("--target".to_owned());
            args.push(target.clone());
        }
        if self.release {
            args.push("--release".to_owned());
        }
        if let Some(profile) = &self.profile {
            args.push("--profile".to_owned());
            args.push(profile.clone());
        }
        if let Some(jobs) = &self.jobs {
            args.push("--jobs".to_owned());
            args.push(jobs.clone());
        }
        for (set, flag) in [
            (self.keep_going, "--keep-going"),
            (self.all_targets, "--all-targets"),
            (self.lib, "--lib"),
            (self.bins, "--bins"),
            (self.tests, "--tests"),
        ] {
            if set {
                args.push(flag.to_owned());
            }
        }
        args
    }

    /// `--target-dir` made absolute against the current directory, as cargo resolves it.
    pub(crate) fn target_dir(&self) -> Option<PathBuf> {
        let dir = self.target_dir.as_ref()?;
        Some(match std::env::current_dir() {
            Ok(cwd) => cwd.join(dir),
            Err(_) => dir.clone(),
        })
    }
}
