//! Rule configuration: per-rule levels and the `fail-on` severity, per workspace and package.
//!
//! Read by `cargo threatmodel` from `[workspace.metadata.threatmodel]` and
//! `[package.metadata.threatmodel]`; a package's setting wins over the workspace's.

use std::collections::BTreeMap;

use super::Severity;

/// The level a rule runs at, as configured: `allow | note | warning | error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum RuleLevel {
    /// Not configured: the rule's default severity (or the severity it gives a finding).
    #[default]
    Default,
    /// The rule does not run.
    Allow,
    /// Every finding is a note.
    Note,
    /// Every finding is a warning.
    Warning,
    /// Every finding is an error.
    Error,
}

/// A configured level that is none of `allow`, `note`, `warning`, `error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRuleLevel(pub String);

impl std::fmt::Display for UnknownRuleLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown rule level `{}`; expected one of `allow`, `note`, `warning`, `error`",
            self.0
        )
    }
}

impl std::error::Error for UnknownRuleLevel {}

impl std::str::FromStr for RuleLevel {
    type Err = UnknownRuleLevel;

    /// Parses `allow`, `note`, `warning` or `error` (exact spelling).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "allow" => Ok(RuleLevel::Allow),
            "note" => Ok(RuleLevel::Note),
            "warning" => Ok(RuleLevel::Warning),
            "error" => Ok(RuleLevel::Error),
            other => Err(UnknownRuleLevel(other.to_owned())),
        }
    }
}

/// One scope's configuration (a workspace's or a package's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Level per rule name.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Lowest severity that fails `check`; `None` leaves it to the enclosing scope.
    pub fail_on: Option<Severity>,
}

/// The configuration of a whole run: the workspace's, and each package's over it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `[workspace.metadata.threatmodel]`.
    pub workspace: Config,
    /// `[package.metadata.threatmodel]`, by package name.
    pub packages: BTreeMap<String, Config>,
}

impl Settings {
    /// The level of rule `name` for findings in `package`: the package's setting, else the
    /// workspace's, else [`RuleLevel::Default`].
    pub fn level(&self, package: &str, name: &str) -> RuleLevel {
        self.packages
            .get(package)
            .and_then(|config| config.rules.get(name))
            .or_else(|| self.workspace.rules.get(name))
            .copied()
            .unwrap_or_default()
    }

    /// The lowest severity that fails `check` for findings in `package`: the package's
    /// `fail-on`, else the workspace's, else [`Severity::Error`].
    pub fn fail_on(&self, package: &str) -> Severity {
        self.packages
            .get(package)
            .and_then(|config| config.fail_on)
            .or(self.workspace.fail_on)
            .unwrap_or(Severity::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_wins_over_workspace() {
        let mut settings = Settings::default();
        settings
            .workspace
            .rules
            .insert("missing_rate_limiting".into(), RuleLevel::Allow);
        settings.workspace.fail_on = Some(Severity::Warning);
        let package = Config {
            rules: [("missing_rate_limiting".to_owned(), RuleLevel::Error)].into(),
            fail_on: Some(Severity::Note),
        };
        settings.packages.insert("api".into(), package);
        assert_eq!(
            settings.level("api", "missing_rate_limiting"),
            RuleLevel::Error
        );
        assert_eq!(
            settings.level("other", "missing_rate_limiting"),
            RuleLevel::Allow
        );
        assert_eq!(
            settings.level("api", "improper_inventory"),
            RuleLevel::Default
        );
        assert_eq!(settings.fail_on("api"), Severity::Note);
        assert_eq!(settings.fail_on("other"), Severity::Warning);
        assert_eq!(Settings::default().fail_on("x"), Severity::Error);
    }

    #[test]
    fn levels_parse_exactly() {
        assert_eq!("allow".parse(), Ok(RuleLevel::Allow));
        assert_eq!("error".parse(), Ok(RuleLevel::Error));
        let err = "Error".parse::<RuleLevel>().unwrap_err();
        assert!(err.to_string().contains("expected one of"));
    }
}
