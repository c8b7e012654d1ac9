//! The `[workspace.metadata.threatmodel]` and `[package.metadata.threatmodel]` tables: read with
//! their spans from the manifests and validated into [`Settings`], every mistake reported at its
//! place in Cargo.toml.
//!
//! `cargo metadata` hands package metadata over as JSON without positions, so the manifests are
//! read again here with the `toml` crate's spanned document tree (`toml::de::DeTable`).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use cargo_metadata::{Metadata, Package};
use threatmodel::Model;
use threatmodel::rules::{
    self, Config, CustomRule, DeclaredRule, Finding, RuleLevel, Settings, Severity,
    is_custom_rule_name,
};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Source};
use crate::error::Error;
use crate::similar_name::similar_name;

/// The keys a `threatmodel` metadata table takes.
const KEYS: &[&str] = &["fail-on", "rules", "rules-file"];

/// Keys DESIGN.md §1 foresees but that are not implemented, each with what to write in the
/// annotations instead. They are rejected, never ignored: a silently ignored `boundary` would
/// make the model say less than its author believes.
const NOT_IMPLEMENTED: &[(&str, &str)] = &[
    (
        "service",
        "name the service with `#[component(service, name = \"...\")]` on a type of the crate",
    ),
    (
        "boundary",
        "place the service in its trust boundary with `#[component(service, boundary = PATH)]`",
    ),
    (
        "endpoint-boundary",
        "write `boundary = PATH` in each `#[endpoint(...)]` instead",
    ),
    (
        "route-prefix",
        "write the whole route in each `#[endpoint(\"METHOD /prefix/...\")]` instead",
    ),
];

/// Where the level of a rule for one package was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LevelSource<'a> {
    /// Nowhere: the rule's default.
    Default,
    /// In `[workspace.metadata.threatmodel.rules]` of this manifest.
    Workspace(&'a str),
    /// In `[package.metadata.threatmodel.rules]` of this manifest.
    Package(&'a str),
}

/// The validated configuration of one run, and where each part was read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Configuration {
    /// What the rule engine reads.
    pub(crate) settings: Settings,
    /// The team's own rules, from the file `rules-file` names, in the order written.
    pub(crate) custom_rules: Vec<DeclaredRule>,
    /// The workspace manifest, as printed (relative to the workspace root).
    workspace_manifest: String,
    /// Each selected package's manifest, as printed, by package name.
    package_manifests: BTreeMap<String, String>,
}

impl Configuration {
    /// Reads the workspace root's manifest and the manifests of `packages` (the selected ones).
    ///
    /// # Errors
    /// [`Error::Io`] when a manifest cannot be read; [`Error::Config`] with one diagnostic per
    /// mistake (unknown key or rule, a value of the wrong type or outside the accepted ones).
    pub(crate) fn load(metadata: &Metadata, packages: &[&Package]) -> Result<Self, Error> {
        let root = metadata.workspace_root.as_std_path();
        let mut diagnostics = Vec::new();
        let mut configuration = Configuration {
            workspace_manifest: display_path(&root.join("Cargo.toml"), root),
            ..Configuration::default()
        };
        let mut custom_rules = Vec::new();
        if let Some(config) = read_scope(
            &root.join("Cargo.toml"),
            root,
            Scope::Workspace,
            &mut diagnostics,
            &mut custom_rules,
        )? {
            configuration.settings.workspace = config;
        }
        for package in packages {
            let path = package.manifest_path.as_std_path();
            let name = package.name.to_string();
            configuration
                .package_manifests
                .insert(name.clone(), display_path(path, root));
            if let Some(config) = read_scope(
                path,
                root,
                Scope::Package,
                &mut diagnostics,
                &mut custom_rules,
            )? {
                configuration.settings.packages.insert(name, config);
            }
        }
        configuration.custom_rules = custom_rules;
        if diagnostics.is_empty() {
            Ok(configuration)
        } else {
            Err(Error::Config(diagnostics))
        }
    }

    /// Runs the built-in rules and the team's own over `model` on `today` (`YYYY-MM-DD`).
    pub(crate) fn check(&self, model: &Model, today: &str) -> Vec<Finding> {
        let custom: Vec<&dyn CustomRule> = self
            .custom_rules
            .iter()
            .map(|rule| rule as &dyn CustomRule)
            .collect();
        rules::check_with(model, &self.settings, today, &custom)
    }

    /// Where the level of rule `name` for findings in `package` was set.
    pub(crate) fn level_source(&self, package: &str, name: &str) -> LevelSource<'_> {
        let set_in = |config: &Config| config.rules.contains_key(name);
        if let Some(config) = self.settings.packages.get(package)
            && set_in(config)
        {
            let manifest = self
                .package_manifests
                .get(package)
                .map_or("Cargo.toml", String::as_str);
            LevelSource::Package(manifest)
        } else if set_in(&self.settings.workspace) {
            LevelSource::Workspace(&self.workspace_manifest)
        } else {
            LevelSource::Default
        }
    }

    /// Where the `fail-on` severity of `package` was set, for notes: "the default", or
    /// "`fail-on = \"warning\"` in `[package.metadata.threatmodel]` of Cargo.toml".
    pub(crate) fn fail_on_source(&self, package: &str) -> String {
        let set = |severity: Severity, scope: Scope, manifest: &str| {
            format!(
                "`fail-on = \"{severity}\"` in `{}` of {manifest}",
                scope.header()
            )
        };
        if let Some(severity) = self
            .settings
            .packages
            .get(package)
            .and_then(|config| config.fail_on)
        {
            let manifest = self
                .package_manifests
                .get(package)
                .map_or("Cargo.toml", String::as_str);
            set(severity, Scope::Package, manifest)
        } else if let Some(severity) = self.settings.workspace.fail_on {
            set(severity, Scope::Workspace, &self.workspace_manifest)
        } else {
            "the default".to_owned()
        }
    }
}

/// Which of the two tables is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Workspace,
    Package,
}

impl Scope {
    /// The keys from the document root to the table.
    fn keys(self) -> [&'static str; 3] {
        match self {
            Scope::Workspace => ["workspace", "metadata", "threatmodel"],
            Scope::Package => ["package", "metadata", "threatmodel"],
        }
    }

    /// The table's header, as written in Cargo.toml.
    fn header(self) -> &'static str {
        match self {
            Scope::Workspace => "[workspace.metadata.threatmodel]",
            Scope::Package => "[package.metadata.threatmodel]",
        }
    }
}

/// `path` relative to `root` when it lies inside it, as rustc prints paths.
fn display_path(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// One manifest being validated: its text, for the snippets.
struct Manifest<'a> {
    path: String,
    text: &'a str,
}

impl Manifest<'_> {
    /// An error pointing at `span`, with `label` under it.
    fn error(&self, span: Range<usize>, message: String, label: &str) -> Diagnostic {
        Diagnostic::error(message).source(Source {
            path: self.path.clone(),
            text: self.text.to_owned(),
            span,
            label: Some(label.to_owned()),
        })
    }
}

/// Reads the `scope` table of the manifest at `path`; `None` when it has none.
fn read_scope(
    path: &Path,
    root: &Path,
    scope: Scope,
    diagnostics: &mut Vec<Diagnostic>,
    custom_rules: &mut Vec<DeclaredRule>,
) -> Result<Option<Config>, Error> {
    let text = std::fs::read_to_string(path).map_err(|err| Error::Io(path.to_owned(), err))?;
    let manifest = Manifest {
        path: display_path(path, root),
        text: &text,
    };
    let document = match DeTable::parse(&text) {
        Ok(document) => document,
        Err(err) => {
            // cargo has read the manifest already, so this is rare (a file edited meanwhile).
            let span = err.span().unwrap_or(0..0);
            diagnostics.push(manifest.error(
                span,
                format!("cannot parse the manifest: {}", err.message().trim_end()),
                "here",
            ));
            return Ok(None);
        }
    };
    let mut table = document.get_ref();
    let [outer, middle, last] = scope.keys();
    for key in [outer, middle] {
        match entry(table, key).map(|(_, value)| value.get_ref()) {
            Some(DeValue::Table(inner)) => table = inner,
            // No such table, or (for `metadata`) something cargo leaves to the tools: nothing
            // of ours is configured there.
            _ => return Ok(None),
        }
    }
    Ok(entry(table, last)
        .map(|(_, value)| validate(&manifest, root, scope, value, diagnostics, custom_rules)))
}

/// The key and value of `key` in `table`.
fn entry<'t, 'i>(
    table: &'t DeTable<'i>,
    key: &str,
) -> Option<(
    &'t Spanned<std::borrow::Cow<'i, str>>,
    &'t Spanned<DeValue<'i>>,
)> {
    table.iter().find(|(k, _)| k.get_ref() == key)
}

/// The entries of `table` in the order they are written.
fn entries<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(
    &'t Spanned<std::borrow::Cow<'i, str>>,
    &'t Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// "a string", "an integer", ...: what a TOML value is, for "expected ..., found ..." messages.
fn kind_of(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Validates one `threatmodel` table into a [`Config`], reporting each mistake.
fn validate(
    manifest: &Manifest<'_>,
    root: &Path,
    scope: Scope,
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
    custom_rules: &mut Vec<DeclaredRule>,
) -> Config {
    let mut config = Config::default();
    let DeValue::Table(table) = value.get_ref() else {
        diagnostics.push(
            manifest
                .error(
                    value.span(),
                    format!(
                        "`{}` must be a table, found {}",
                        &scope.header()[1..scope.header().len() - 1],
                        kind_of(value.get_ref())
                    ),
                    "expected a table",
                )
                .help(format!(
                    "write the settings under a `{}` header",
                    scope.header()
                )),
        );
        return config;
    };
    // The rules file first: the levels below may name its rules.
    if let Some((key, value)) = entry(table, "rules-file") {
        match scope {
            Scope::Workspace => {
                *custom_rules = rules_file(manifest, root, value, diagnostics);
            }
            Scope::Package => diagnostics.push(
                manifest
                    .error(
                        key.span(),
                        format!("`rules-file` is read from `{}` only", Scope::Workspace.header()),
                        "in a package's table",
                    )
                    .help("move it to the workspace root's Cargo.toml: custom rules apply to the whole workspace, and their levels can be set per package"),
            ),
        }
    }
    for (key, value) in entries(table) {
        match key.get_ref().as_ref() {
            "fail-on" => config.fail_on = fail_on(manifest, value, diagnostics),
            "rules" => {
                config.rules = rule_levels(manifest, scope, value, diagnostics, custom_rules);
            }
            "rules-file" => {}
            other => diagnostics.push(unknown_key(manifest, scope, key.span(), other)),
        }
    }
    config
}

/// The error for a key that is neither `fail-on` nor `rules`.
fn unknown_key(manifest: &Manifest<'_>, scope: Scope, span: Range<usize>, key: &str) -> Diagnostic {
    if let Some((_, instead)) = NOT_IMPLEMENTED.iter().find(|(name, _)| *name == key) {
        return manifest
            .error(
                span,
                format!("the `{key}` key is not supported in `{}`", scope.header()),
                "not supported",
            )
            .help(*instead);
    }
    let diagnostic = manifest.error(
        span,
        format!("unknown key `{key}` in `{}`", scope.header()),
        "unknown key",
    );
    let rules_table = format!("{}.rules]", &scope.header()[..scope.header().len() - 1]);
    if let Some(rule) = rules::rule(key) {
        return diagnostic.help(format!(
            "rule levels go in the `{rules_table}` table: write `{} = \"...\"` under it",
            rule.name
        ));
    }
    match similar_name(key, KEYS.iter().copied()) {
        Some(similar) => diagnostic.help(format!("a key with a similar name exists: `{similar}`")),
        None => diagnostic.help("the keys are `fail-on` and `rules`"),
    }
}

/// `fail-on = "error" | "warning" | "note"`.
fn fail_on(
    manifest: &Manifest<'_>,
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Severity> {
    const ACCEPTED: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Note];
    let expected = "expected `error`, `warning` or `note`";
    let DeValue::String(text) = value.get_ref() else {
        diagnostics.push(
            manifest
                .error(
                    value.span(),
                    format!(
                        "`fail-on` must be a string, found {}",
                        kind_of(value.get_ref())
                    ),
                    expected,
                )
                .help("write `fail-on = \"warning\"` to fail on warnings and errors"),
        );
        return None;
    };
    if let Some(severity) = ACCEPTED.into_iter().find(|s| s.as_str() == text.as_ref()) {
        return Some(severity);
    }
    let mut diagnostic = manifest.error(
        value.span(),
        format!("unknown severity `{text}` for `fail-on`"),
        expected,
    );
    if let Some(similar) = similar_name(text, ACCEPTED.iter().map(|s| s.as_str())) {
        diagnostic = diagnostic.help(format!(
            "a severity with a similar name exists: `{similar}`"
        ));
    }
    diagnostics.push(diagnostic);
    None
}

/// The `rules` table: `rule_name = "allow" | "note" | "warning" | "error"`.
fn rule_levels(
    manifest: &Manifest<'_>,
    scope: Scope,
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
    custom_rules: &[DeclaredRule],
) -> BTreeMap<String, RuleLevel> {
    let mut levels = BTreeMap::new();
    let DeValue::Table(table) = value.get_ref() else {
        diagnostics.push(
            manifest
                .error(
                    value.span(),
                    format!("`rules` must be a table, found {}", kind_of(value.get_ref())),
                    "expected a table",
                )
                .help(format!(
                    "write one line per rule under `{}.rules]`, such as `missing_rate_limiting = \"allow\"`",
                    &scope.header()[..scope.header().len() - 1]
                )),
        );
        return levels;
    };
    let names = || {
        rules::RULES
            .iter()
            .map(|rule| rule.name)
            .chain(custom_rules.iter().map(|rule| rule.name.as_str()))
    };
    for (key, value) in entries(table) {
        let name = key.get_ref().as_ref();
        let level_text = match value.get_ref() {
            DeValue::String(text) => Some(text.as_ref()),
            _ => None,
        };
        if !names().any(|known| known == name) {
            let diagnostic = if is_custom_rule_name(name) {
                let diagnostic = manifest.error(
                    key.span(),
                    format!("unknown rule `{name}`"),
                    "no custom rule has this name",
                );
                let custom = custom_rules.iter().map(|rule| rule.name.as_str());
                match similar_name(name, custom) {
                    Some(similar) => diagnostic
                        .help(format!("a custom rule with a similar name exists: `{similar}`")),
                    None if custom_rules.is_empty() => diagnostic.help(
                        "custom rules are declared in the file `rules-file` names in `[workspace.metadata.threatmodel]`, and none is",
                    ),
                    None => diagnostic.help("`cargo threatmodel rules` lists every rule"),
                }
            } else if let Some(rule) = rules::rule(name) {
                manifest
                    .error(
                        key.span(),
                        format!("rules are configured by name, not by id: `{name}`"),
                        "a rule id",
                    )
                    .help(format!(
                        "`{}` is `{}`: write `{} = \"{}\"`",
                        rule.id,
                        rule.name,
                        rule.name,
                        level_text.unwrap_or("allow")
                    ))
            } else if let Some(known) = KEYS.iter().find(|k| **k == name.replace('_', "-")) {
                manifest
                    .error(
                        key.span(),
                        format!("unknown rule `{name}`"),
                        "not a rule",
                    )
                    .help(format!(
                        "`{known}` is a key of `{}`, not a rule: move it to that table, one table up",
                        scope.header()
                    ))
            } else {
                let diagnostic = manifest.error(
                    key.span(),
                    format!("unknown rule `{name}`"),
                    "no rule has this name",
                );
                match similar_name(name, names()) {
                    Some(similar) => {
                        diagnostic.help(format!("a rule with a similar name exists: `{similar}`"))
                    }
                    None => diagnostic.help("`cargo threatmodel rules` lists every rule"),
                }
            };
            diagnostics.push(diagnostic);
            continue;
        }
        let expected = "expected `allow`, `note`, `warning` or `error`";
        let Some(text) = level_text else {
            diagnostics.push(
                manifest
                    .error(
                        value.span(),
                        format!(
                            "the level of rule `{name}` must be a string, found {}",
                            kind_of(value.get_ref())
                        ),
                        expected,
                    )
                    .help(format!("write `{name} = \"allow\"` to turn the rule off")),
            );
            continue;
        };
        match text.parse::<RuleLevel>() {
            Ok(level) => {
                levels.insert(name.to_owned(), level);
            }
            Err(_) => {
                let mut diagnostic = manifest.error(
                    value.span(),
                    format!("unknown level `{text}` for rule `{name}`"),
                    expected,
                );
                let accepted = ["allow", "note", "warning", "error"];
                if let Some(similar) = similar_name(text, accepted) {
                    diagnostic =
                        diagnostic.help(format!("a level with a similar name exists: `{similar}`"));
                }
                diagnostics.push(diagnostic);
            }
        }
    }
    levels
}

/// The `[[rule]]`s of a rules file, as written.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    rule: Vec<Spanned<DeclaredRule>>,
}

/// Reads the rules file `value` names (relative to the workspace root `root`): each rule
/// parsed, validated and named once, every mistake reported at its place in that file.
fn rules_file(
    manifest: &Manifest<'_>,
    root: &Path,
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<DeclaredRule> {
    let DeValue::String(relative) = value.get_ref() else {
        diagnostics.push(
            manifest
                .error(
                    value.span(),
                    format!("`rules-file` must be a string, found {}", kind_of(value.get_ref())),
                    "expected a path",
                )
                .help("write the path of the rules file, relative to the workspace root: `rules-file = \"threatmodel-rules.toml\"`"),
        );
        return Vec::new();
    };
    let path = root.join(relative.as_ref());
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            diagnostics.push(
                manifest
                    .error(
                        value.span(),
                        format!("cannot read the rules file `{relative}`: {err}"),
                        "named here",
                    )
                    .help("the path is relative to the workspace root"),
            );
            return Vec::new();
        }
    };
    let file = Manifest {
        path: display_path(&path, root),
        text: &text,
    };
    let parsed: RulesFile = match toml::from_str(&text) {
        Ok(parsed) => parsed,
        Err(err) => {
            diagnostics.push(file.error(
                err.span().unwrap_or(0..0),
                format!("invalid rules file: {}", err.message().trim_end()),
                "here",
            ));
            return Vec::new();
        }
    };
    let mut rules: Vec<DeclaredRule> = Vec::new();
    for spanned in parsed.rule {
        let span = spanned.span();
        let rule = spanned.into_inner();
        if let Err(invalid) = rule.validate() {
            diagnostics.push(
                file.error(
                    span,
                    format!("invalid rule: {}", invalid.message),
                    "in this rule",
                )
                .help(invalid.help),
            );
        } else if rules.iter().any(|other| other.name == rule.name) {
            diagnostics.push(
                file.error(
                    span,
                    format!("rule `{}` is declared twice", rule.name),
                    "the second declaration",
                )
                .help("give each rule its own name, or merge the two"),
            );
        } else {
            rules.push(rule);
        }
    }
    rules
}
