//! Rule findings as a SARIF 2.1.0 log, for GitHub code scanning and other SARIF consumers.
//!
//! The log follows OASIS SARIF 2.1.0 (errata 01) and validates against its JSON schema
//! (`tests/schemas/sarif-schema-2.1.0.json`). Section numbers below (§) are those of the
//! standard. In short:
//!
//! - one `run` (§3.14) whose `tool.driver` (§3.19) is `threatmodel`, with one reporting
//!   descriptor (§3.49) per rule of [`RULES`], in id order, followed by the synthetic rule
//!   [`PROBLEM_RULE_ID`] for model problems;
//! - one `result` (§3.27) per finding, then one per model problem, each with exactly one
//!   location whose `artifactLocation` (§3.4) is relative to the repository root and names the
//!   base [`SRCROOT`] (§3.4.4), declared in `run.originalUriBaseIds` (§3.14.14); a finding at a
//!   service that stands for a gap on several endpoints lists them as `relatedLocations`
//!   (§3.27.22);
//! - no timestamps, no absolute paths, no machine-dependent value: the same model and findings
//!   always give the same bytes.
//!
//! See [`render`] for the decisions: where results without a source location point, how
//! fingerprints are made, how message strings are escaped and why model problems are results.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;

use crate::Model;
use crate::export::ids::fnv1a64;
use crate::model::{self, Location, Problem};
use crate::rules::{CustomRuleMetadata, Finding, RULES, Rule};

/// The JSON schema URI written in `$schema` (§3.13.3): the official SARIF 2.1.0 schema
/// (errata 01), whose copy the test suite validates against.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF format version written in `version` (§3.13.2).
pub const SARIF_VERSION: &str = "2.1.0";

/// The URI base id every artifact location is relative to (§3.4.4): the repository root, which
/// is the Cargo workspace root. GitHub code scanning and most viewers resolve it to the checkout.
pub const SRCROOT: &str = "%SRCROOT%";

/// The file results point to when the model gives no usable source location: the workspace
/// manifest, at line 1.
pub const MANIFEST: &str = "Cargo.toml";

/// Name of the partial fingerprint (§3.27.17) of every result, versioned with `/v1` as
/// §3.27.17 recommends; its value is defined in [`render`] and changes only with the version.
pub const FINGERPRINT: &str = "threatmodel/v1";

/// `ruleId` of the results made from [`Model::problems`]: a synthetic rule, listed last in
/// `tool.driver.rules`, outside the `TM0001`... catalogue because a problem is not a
/// configurable rule (it cannot be set to `allow` nor suppressed with `allow(...)`).
pub const PROBLEM_RULE_ID: &str = "model-problem";

/// `name` of the synthetic rule [`PROBLEM_RULE_ID`].
pub const PROBLEM_RULE_NAME: &str = "model_problem";

/// What the SARIF log needs besides the model and the findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SarifOptions {
    /// The workspace root as an absolute path (cargo metadata's `workspace_root`), used only to
    /// turn an absolute file path under it into a repository-relative one. It is never written
    /// into the log. `None` treats every absolute path as outside the repository. Model files
    /// are normally relative to the workspace root already; absolute ones come from crates
    /// outside the workspace (path or registry dependencies that carry annotations).
    pub workspace_root: Option<PathBuf>,
    /// The custom rules the findings may come from ([`crate::rules::check_with`]): each gets a
    /// reporting descriptor after the built-in rules and [`PROBLEM_RULE_ID`].
    pub custom_rules: Vec<CustomRuleMetadata>,
}

/// Renders `findings` (from [`crate::rules::check`], suppressed ones included) and the problems
/// of `model` as a SARIF 2.1.0 log: pretty-printed JSON ending with one newline.
///
/// It is a pure function: the same arguments always give the same bytes. Results keep the
/// order of `findings` (which `check` sorts by location) and then the order of
/// [`Model::problems`]. `model` supplies the problems and the locations of `allow(...)`
/// suppressions; the findings are not recomputed.
///
/// # Structure
/// - `tool.driver` (§3.18.2, §3.19): `name` `threatmodel`, `version` and `semanticVersion` of
///   this crate, `informationUri` from the crate's `repository` metadata (left out if unset),
///   and `rules`: one reporting descriptor (§3.49) per rule of [`RULES`] in id order, with `id`,
///   `name`, `shortDescription` (the summary), `fullDescription` (what it checks), `help` (why
///   it matters, an example and how to fix it, as text and Markdown), `defaultConfiguration.level`
///   (§3.50.3) and `properties.tags` (§3.8): `security`, `stride/<category>`,
///   `external/owasp/<API id>` and `external/cwe/cwe-NNN` (CWE numbers padded to three digits,
///   the spelling GitHub code scanning and CodeQL use). The synthetic rule [`PROBLEM_RULE_ID`]
///   comes last. No `helpUri`: the project publishes no stable page per rule.
/// - `run.columnKind` (§3.14.17) is `unicodeCodePoints`, how rustc counts the columns of spans.
/// - Each result (§3.27) has `ruleId`, `ruleIndex` (its position in `rules`), `level`
///   (`error`, `warning` or `note`, §3.27.10), `message.text`, one location with a
///   `physicalLocation` (§3.29) and, for findings, a `logicalLocations` entry (§3.33) whose
///   `fullyQualifiedName` is the Rust path of the annotated item, `partialFingerprints`, and
///   `suppressions` (§3.27.23): empty when the finding is not suppressed, else one suppression
///   (§3.35) of kind `inSource` and status `accepted` whose `justification` is the reason of the
///   `allow(...)` and whose `location` is where the `allow(...)` is written. Findings also carry
///   `properties.element`, the id of the model element with the gap.
/// - A finding at a service that stands for the same gap on several of its endpoints
///   ([`Finding::related`], see [`crate::rules::Rule::service_hits`]) has one
///   `relatedLocations` entry (§3.27.22) per endpoint, in the finding's order: a location
///   (§3.28) with `id` (1, 2, ..., §3.28.2), the endpoint's annotation as its physical location,
///   its handler as logical location, and what the rule says about that endpoint alone as its
///   `message` (§3.28.5).
///
/// # Locations
/// `artifactLocation.uri` (§3.4.3) is a relative reference resolved against [`SRCROOT`]: the
/// model's file path with `\` turned into `/` and `.` segments dropped, every byte outside
/// RFC 3986's unreserved set and `/` percent-encoded (§3.4.3 requires a valid URI reference;
/// non-ASCII text is encoded as UTF-8, RFC 3986 §2.5). `region` (§3.30) gives `startLine` and,
/// when known, `startColumn`. A finding or problem whose location is unknown (empty file or
/// line 0) or lies outside the repository (an absolute path not under
/// [`SarifOptions::workspace_root`], or a path with `..`) still gets a location, as GitHub code
/// scanning requires one: [`MANIFEST`] at line 1, and for a location outside the repository the
/// message ends with where the annotation actually is. `originalUriBaseIds` declares
/// [`SRCROOT`] with a description but no `uri`, so the log holds no machine-dependent path
/// (§3.14.14 allows the absolute URI to be left to the consumer).
///
/// # Fingerprints
/// `partialFingerprints` (§3.27.17) has one entry, [`FINGERPRINT`]: 16 lowercase hex digits of
/// the 64-bit FNV-1a hash ([`crate::export::ids::fnv1a64`]) of the rule id, a NUL byte and
/// the id of the model element the finding is on (for a problem: [`PROBLEM_RULE_ID`], NUL, the
/// file path as written in the model, NUL, the message). A finding at a service is on the
/// element `<crate>#service`, so its fingerprint is that of rule and crate: it stays the same
/// when endpoints are added to or removed from its list. Element ids are Rust paths, so the
/// fingerprint does not change when the annotation moves to another line or an unrelated item
/// is added. Should two results of the log share that input, the second and later get `NUL`
/// and their ordinal (2, 3, ...) appended to it, so fingerprints stay unique within the run.
///
/// # Message strings
/// Model text is written verbatim except for what §3.11 reserves: in every message string
/// (results' `message.text` and the rules' descriptions and help), `{` and `}` are doubled
/// (§3.11.5, placeholders). §3.11.6 lets literal `[`, `]` and `\` stand unescaped in plain
/// text outside an embedded link, so they are kept, except in a text that holds `](` and so
/// could be read as a link (`[here](0)`): there `[` and `]` are escaped with a backslash, as is
/// a backslash that precedes `\`, `[` or `]`. JSON escaping does the rest.
/// A finding's `help` line follows its message after a newline, as `help: ...`.
///
/// # Model problems
/// Each [`Problem`] is a result of the synthetic rule [`PROBLEM_RULE_ID`] at level `error`,
/// not an entry of `invocations[].toolExecutionNotifications` (§3.20.21): a problem is a defect
/// in an annotation that its author has to fix (a reference that resolves to nothing), it has
/// a source location, and `cargo threatmodel check` fails on it. As a result, it is shown where
/// the annotation is, like any other alert, by GitHub code scanning, which does not show
/// notifications as alerts.
pub fn render(model: &Model, findings: &[Finding], options: &SarifOptions) -> String {
    let root = options
        .workspace_root
        .as_ref()
        .map(|root| root.to_string_lossy().replace('\\', "/"));
    let places = Places {
        root: root.as_deref().map(|root| root.trim_end_matches('/')),
    };
    let mut fingerprints = Fingerprints::default();
    // The `allow(...)` of each item and rule, the first where there are several.
    let mut suppressions: HashMap<(&str, &str), &model::Suppression> = HashMap::new();
    for suppression in &model.suppressions {
        suppressions
            .entry((&suppression.item, &suppression.rule))
            .or_insert(suppression);
    }

    let mut results: Vec<ResultObject> = findings
        .iter()
        .map(|finding| {
            let mut result = finding_result(
                &options.custom_rules,
                &suppressions,
                finding,
                &places,
                &mut fingerprints,
            );
            if let Some(properties) = &mut result.properties {
                properties.evidence = evidence_of(model, &finding.element);
            }
            result
        })
        .collect();
    results.extend(
        model
            .problems
            .iter()
            .map(|problem| problem_result(problem, &places, &mut fingerprints)),
    );

    let mut rules: Vec<ReportingDescriptor> = RULES.iter().map(|rule| descriptor(rule)).collect();
    rules.push(problem_descriptor());
    rules.extend(options.custom_rules.iter().map(custom_descriptor));

    let repository = env!("CARGO_PKG_REPOSITORY");
    let log = Log {
        schema: SCHEMA_URI,
        version: SARIF_VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "threatmodel",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: (!repository.is_empty()).then_some(repository),
                    rules,
                },
            },
            original_uri_base_ids: OriginalUriBaseIds {
                srcroot: BaseLocation {
                    description: Message::text(
                        "the repository root: the Cargo workspace root, where the workspace \
                         manifest `Cargo.toml` is",
                    ),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // About 1 KiB per result at most, as written for generated models, and the rules.
    let capacity = 1_024 * (findings.len() + model.problems.len()) + 64 * 1_024;
    super::pretty_json::to_pretty_string(&log, capacity)
        .expect("a SARIF log holds only strings, numbers, arrays and string-keyed objects")
}

fn finding_result(
    custom_rules: &[CustomRuleMetadata],
    suppressions: &HashMap<(&str, &str), &model::Suppression>,
    finding: &Finding,
    places: &Places<'_>,
    fingerprints: &mut Fingerprints,
) -> ResultObject {
    let (physical, whereabouts) = places.physical(&finding.location);
    let mut text = finding.message.clone();
    if let Some(whereabouts) = whereabouts {
        text.push_str(&whereabouts);
    }
    if let Some(help) = &finding.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let suppressions = finding
        .suppressed
        .as_ref()
        .map(|reason| {
            let written = suppressions
                .get(&(finding.item.as_str(), finding.rule_name.as_str()))
                .and_then(|s| places.repository_path(&s.location).map(|_| &s.location));
            vec![Suppression {
                kind: "inSource",
                status: "accepted",
                justification: reason.clone(),
                location: written.map(|location| LocationObject {
                    physical_location: places.physical(location).0,
                    logical_locations: Vec::new(),
                }),
            }]
        })
        .unwrap_or_default();
    ResultObject {
        rule_id: finding.rule_id.clone(),
        rule_index: RULES
            .iter()
            .position(|rule| rule.id == finding.rule_id)
            .or_else(|| {
                custom_rules
                    .iter()
                    .position(|rule| rule.name == finding.rule_id)
                    .map(|index| RULES.len() + 1 + index)
            })
            .and_then(|index| u32::try_from(index).ok()),
        level: finding.severity.as_str(),
        message: Message::text(&text),
        locations: vec![LocationObject {
            physical_location: physical,
            logical_locations: vec![LogicalLocation {
                fully_qualified_name: finding.item.clone(),
            }],
        }],
        related_locations: finding
            .related
            .iter()
            .zip(1..)
            .map(|(related, id)| {
                let (physical, whereabouts) = places.physical(&related.location);
                let mut text = related.message.clone();
                if let Some(whereabouts) = whereabouts {
                    text.push_str(&whereabouts);
                }
                RelatedLocation {
                    id,
                    physical_location: physical,
                    logical_locations: vec![LogicalLocation {
                        fully_qualified_name: related.item.clone(),
                    }],
                    message: Message::text(&text),
                }
            })
            .collect(),
        partial_fingerprints: PartialFingerprints {
            threatmodel: fingerprints.next(&[&finding.rule_id, &finding.element]),
        },
        suppressions: Some(suppressions),
        properties: Some(ResultProperties {
            element: finding.element.clone(),
            evidence: None,
        }),
    }
}

fn problem_result(
    problem: &Problem,
    places: &Places<'_>,
    fingerprints: &mut Fingerprints,
) -> ResultObject {
    let (physical, whereabouts) = places.physical(&problem.location);
    let mut text = problem.message.clone();
    if let Some(whereabouts) = whereabouts {
        text.push_str(&whereabouts);
    }
    ResultObject {
        rule_id: PROBLEM_RULE_ID.to_owned(),
        rule_index: u32::try_from(RULES.len()).ok(),
        level: "error",
        message: Message::text(&text),
        locations: vec![LocationObject {
            physical_location: physical,
            logical_locations: Vec::new(),
        }],
        related_locations: Vec::new(),
        partial_fingerprints: PartialFingerprints {
            threatmodel: fingerprints.next(&[
                PROBLEM_RULE_ID,
                &problem.location.file,
                &problem.message,
            ]),
        },
        // A problem cannot be suppressed; an empty list says so (§3.27.23).
        suppressions: Some(Vec::new()),
        properties: None,
    }
}

/// The reporting descriptor (§3.49) of a catalogue rule.
fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let mut tags = vec!["security".to_owned()];
    tags.extend(
        rule.stride
            .iter()
            .map(|stride| format!("stride/{}", stride.as_str())),
    );
    tags.extend(rule.owasp_api_2023.map(|id| format!("external/owasp/{id}")));
    tags.extend(rule.cwe.iter().map(|n| format!("external/cwe/cwe-{n:03}")));

    let help_text = format!(
        "Why it matters: {}\n\nExample:\n{}\n\nHow to fix: {}",
        rule.why, rule.example, rule.fix
    );
    let fence = fence_for(rule.example);
    let help_markdown = format!(
        "**Why it matters.** {}\n\n**Example.**\n\n{fence}{}\n{}\n{fence}\n\n**How to fix.** {}",
        rule.why,
        rule.example_language(),
        rule.example,
        rule.fix
    );
    ReportingDescriptor {
        id: rule.id.to_owned(),
        name: rule.name.to_owned(),
        short_description: Message::text(rule.summary),
        full_description: Message::text_and_markdown(rule.checks, rule.checks),
        help: Message::text_and_markdown(&help_text, &help_markdown),
        default_configuration: Configuration {
            level: rule.default_severity.as_str(),
        },
        properties: Tags { tags },
    }
}

/// The reporting descriptor (§3.49) of a team's custom rule: its name as `id` and `name`, its
/// summary, its docs as help (the summary when it has none), and the same tags as a built-in
/// rule's but STRIDE, which custom rules do not state.
fn custom_descriptor(rule: &CustomRuleMetadata) -> ReportingDescriptor {
    let mut tags = vec!["security".to_owned(), "custom".to_owned()];
    tags.extend(
        rule.owasp_api_2023
            .iter()
            .map(|id| format!("external/owasp/{id}")),
    );
    tags.extend(rule.cwe.iter().map(|n| format!("external/cwe/cwe-{n:03}")));
    let docs = if rule.docs.trim().is_empty() {
        &rule.summary
    } else {
        &rule.docs
    };
    ReportingDescriptor {
        id: rule.name.clone(),
        name: rule.name.clone(),
        short_description: Message::text(&rule.summary),
        full_description: Message::text_and_markdown(docs, docs),
        help: Message::text_and_markdown(docs, docs),
        default_configuration: Configuration {
            level: rule.default_severity.as_str(),
        },
        properties: Tags { tags },
    }
}

/// The reporting descriptor of the synthetic rule [`PROBLEM_RULE_ID`].
fn problem_descriptor() -> ReportingDescriptor {
    const SUMMARY: &str = "an annotation could not be represented in the model";
    const CHECKS: &str = "Reported while the model is assembled, at the annotation concerned: \
        a reference that names no element or several (`mitigated_by`, `exposes`, `boundary`, \
        `to`, ...), or an annotation the model cannot hold as written.";
    const WHY: &str = "The model leaves out what it could not resolve, so it is incomplete: a \
        threat may look mitigated by nothing, an endpoint may lose its trust boundary, and \
        every rule reads the partial model. `cargo threatmodel check` fails on any problem; it \
        cannot be set to `allow` or suppressed with `allow(...)`.";
    const FIX: &str = "Fix the annotation at the location given: name an item that carries the \
        expected threatmodel attribute, or qualify the path so that it names exactly one.";
    ReportingDescriptor {
        id: PROBLEM_RULE_ID.to_owned(),
        name: PROBLEM_RULE_NAME.to_owned(),
        short_description: Message::text(SUMMARY),
        full_description: Message::text_and_markdown(CHECKS, CHECKS),
        help: Message::text_and_markdown(
            &format!("Why it matters: {WHY}\n\nHow to fix: {FIX}"),
            &format!("**Why it matters.** {WHY}\n\n**How to fix.** {FIX}"),
        ),
        default_configuration: Configuration { level: "error" },
        properties: Tags {
            tags: vec!["correctness".to_owned()],
        },
    }
}

/// A backtick fence longer than any run of backticks in `code` (at least three).
fn fence_for(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

/// Resolves model locations to repository-relative artifact locations.
struct Places<'o> {
    /// The workspace root, `/`-separated, without a trailing `/`.
    root: Option<&'o str>,
}

impl Places<'_> {
    /// The physical location of `location`, and, when it had to be anchored to [`MANIFEST`]
    /// because it lies outside the repository, a note saying where it is for the message.
    fn physical(&self, location: &Location) -> (PhysicalLocation, Option<String>) {
        match self.repository_path(location) {
            Some(path) => (
                PhysicalLocation {
                    artifact_location: ArtifactLocation::new(&path),
                    region: Region {
                        start_line: location.line,
                        start_column: (location.column > 0).then_some(location.column),
                    },
                },
                None,
            ),
            None => {
                let anchor = PhysicalLocation {
                    artifact_location: ArtifactLocation::new(MANIFEST),
                    region: Region {
                        start_line: 1,
                        start_column: None,
                    },
                };
                let known = !location.file.is_empty() && location.line > 0;
                let note =
                    known.then(|| format!(" (annotated at `{location}`, outside the repository)"));
                (anchor, note)
            }
        }
    }

    /// The path of `location`'s file relative to the repository root, `/`-separated and not
    /// yet percent-encoded; `None` when the location is unknown or outside the repository.
    fn repository_path(&self, location: &Location) -> Option<String> {
        if location.file.is_empty() || location.line == 0 {
            return None;
        }
        let file = location.file.replace('\\', "/");
        let relative = if is_absolute(&file) {
            let root = self.root?;
            file.strip_prefix(root)?.strip_prefix('/')?.to_owned()
        } else {
            file
        };
        let mut segments = Vec::new();
        for segment in relative.split('/') {
            match segment {
                "" | "." => {}
                ".." => return None,
                segment => segments.push(segment),
            }
        }
        if segments.is_empty() {
            return None;
        }
        Some(segments.join("/"))
    }
}

/// Whether `path` (`/`-separated) is absolute on Unix or Windows (`/x`, `C:/x`, `//server/x`).
fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// `path` as a URI reference: every byte other than RFC 3986 unreserved characters and `/`
/// percent-encoded with upper-case hex digits (RFC 3986 §2.1, §2.3).
fn percent_encode(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// Escapes a plain-text message string: placeholders' braces (§3.11.5) and, when the text
/// holds `](` and so could be read as an embedded link, the link syntax (§3.11.6).
fn plain_text(text: &str) -> String {
    let link_like = text.contains("](");
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' => escaped.push_str("{{"),
            '}' => escaped.push_str("}}"),
            '[' | ']' if link_like => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\\' if link_like && matches!(chars.peek(), Some('\\' | '[' | ']')) => {
                escaped.push_str("\\\\");
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// Escapes a Markdown message string: placeholders' braces (§3.11.5). Markdown's own syntax
/// is the author's (only rule documentation is written as Markdown).
fn markdown_text(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// Hands out [`FINGERPRINT`] values, unique within one log.
#[derive(Default)]
struct Fingerprints {
    /// Values handed out so far (only asked whether it holds a value, never iterated).
    seen: HashSet<String>,
}

impl Fingerprints {
    /// The fingerprint of `parts` (joined with NUL), with an ordinal when it is taken already.
    fn next(&mut self, parts: &[&str]) -> String {
        let input = parts.join("\u{0}");
        let mut value = format!("{:016x}", fnv1a64(&input));
        let mut ordinal = 2;
        while self.seen.contains(&value) {
            value = format!("{:016x}", fnv1a64(&format!("{input}\u{0}{ordinal}")));
            ordinal += 1;
        }
        self.seen.insert(value.clone());
        value
    }
}

// The SARIF objects written, each with the properties this exporter uses, in the order of the
// standard's descriptions.

/// §3.13 `sarifLog`.
#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

/// §3.14 `run`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    original_uri_base_ids: OriginalUriBaseIds,
    column_kind: &'static str,
    results: Vec<ResultObject>,
}

/// §3.18 `tool`.
#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

/// §3.19 `toolComponent`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<ReportingDescriptor>,
}

/// §3.14.14 `originalUriBaseIds`: the one base id.
#[derive(Serialize)]
struct OriginalUriBaseIds {
    #[serde(rename = "%SRCROOT%")]
    srcroot: BaseLocation,
}

/// §3.4 `artifactLocation` of a base id, with no `uri` (§3.14.14).
#[derive(Serialize)]
struct BaseLocation {
    description: Message,
}

/// §3.49 `reportingDescriptor`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: String,
    name: String,
    short_description: Message,
    full_description: Message,
    help: Message,
    default_configuration: Configuration,
    properties: Tags,
}

/// §3.50 `reportingConfiguration`.
#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// §3.8 property bag with `tags` (§3.8.2).
#[derive(Serialize)]
struct Tags {
    tags: Vec<String>,
}

/// §3.11 `message` and §3.12 `multiformatMessageString`, already escaped.
#[derive(Serialize)]
struct Message {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

impl Message {
    fn text(text: &str) -> Self {
        Message {
            text: plain_text(text),
            markdown: None,
        }
    }

    fn text_and_markdown(text: &str, markdown: &str) -> Self {
        Message {
            text: plain_text(text),
            markdown: Some(markdown_text(markdown)),
        }
    }
}

/// §3.27 `result`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultObject {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<u32>,
    level: &'static str,
    message: Message,
    locations: Vec<LocationObject>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    partial_fingerprints: PartialFingerprints,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<Vec<Suppression>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

/// §3.27.17 `partialFingerprints`.
#[derive(Serialize)]
struct PartialFingerprints {
    #[serde(rename = "threatmodel/v1")]
    threatmodel: String,
}

/// The property bag (§3.8) of a finding's result.
#[derive(Serialize)]
struct ResultProperties {
    /// Id of the model element with the gap.
    element: String,
    /// The test evidence of the element, when it is a verifying test or a control and the
    /// model holds test results: see [`evidence_of`].
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<String>,
}

/// The test evidence of model element `element` once tests were run or read: a verifying
/// test's outcome (`failed`, `not run`, ...), or a control's evidence cell
/// (`✅ verified by 2 tests`, `❌ 1 test failing`, `—`); `None` for other elements, or
/// without test results.
fn evidence_of(model: &Model, element: &str) -> Option<String> {
    model.test_results.as_ref()?;
    if let Some(test) = model.verifications.iter().find(|v| v.id == element) {
        return Some(test.status().as_str().to_owned());
    }
    model.mitigations.iter().find(|m| m.id == element)?;
    let tests = model
        .verifications
        .iter()
        .filter(|v| v.mitigations.iter().any(|m| m == element));
    Some(crate::model::Evidence::of(tests).signal())
}

/// §3.28 `location`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationObject {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

/// §3.28 `location` of a result's `relatedLocations` (§3.27.22): with an `id` (§3.28.2) and a
/// `message` (§3.28.5).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: u32,
    physical_location: PhysicalLocation,
    logical_locations: Vec<LogicalLocation>,
    message: Message,
}

/// §3.29 `physicalLocation`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

/// §3.4 `artifactLocation`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

impl ArtifactLocation {
    /// `path` (repository-relative, `/`-separated) relative to [`SRCROOT`].
    fn new(path: &str) -> Self {
        ArtifactLocation {
            uri: percent_encode(path),
            uri_base_id: SRCROOT,
        }
    }
}

/// §3.30 `region`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

/// §3.33 `logicalLocation`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
}

/// §3.35 `suppression`.
#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<LocationObject>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, line: u32) -> Location {
        Location {
            package: "p".to_owned(),
            krate: "p".to_owned(),
            file: file.to_owned(),
            line,
            column: 3,
            test_only: false,
        }
    }

    #[test]
    fn paths_are_normalised_and_confined_to_the_repository() {
        let places = Places {
            root: Some("/home/me/ws"),
        };
        let path = |file: &str| places.repository_path(&at(file, 1));
        assert_eq!(path("src\\api.rs").as_deref(), Some("src/api.rs"));
        assert_eq!(path("./src//api.rs").as_deref(), Some("src/api.rs"));
        assert_eq!(
            path("/home/me/ws/a/src/lib.rs").as_deref(),
            Some("a/src/lib.rs")
        );
        assert_eq!(path("/home/me/wsx/src/lib.rs"), None);
        assert_eq!(path("/elsewhere/src/lib.rs"), None);
        assert_eq!(path("C:/ws/src/lib.rs"), None);
        assert_eq!(path("../sibling/src/lib.rs"), None);
        assert_eq!(path(""), None);
        assert_eq!(places.repository_path(&at("src/lib.rs", 0)), None);
        let windows = Places {
            root: Some("C:/ws"),
        };
        assert_eq!(
            windows
                .repository_path(&at("C:\\ws\\src\\lib.rs", 1))
                .as_deref(),
            Some("src/lib.rs")
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(percent_encode("src/a-b_c.d~e.rs"), "src/a-b_c.d~e.rs");
        assert_eq!(percent_encode("src/we|rd`.rs"), "src/we%7Crd%60.rs");
        assert_eq!(percent_encode("a b/é:%.rs"), "a%20b/%C3%A9%3A%25.rs");
    }

    #[test]
    fn message_strings_escape_placeholders_and_links() {
        assert_eq!(plain_text("GET /a/{id}"), "GET /a/{{id}}");
        assert_eq!(plain_text("`#[asset]` a\\[b\\"), "`#[asset]` a\\[b\\");
        assert_eq!(plain_text("[x](1)"), "\\[x\\](1)");
        assert_eq!(
            plain_text("a\\b \\[ \\\\ ](0)"),
            "a\\b \\\\\\[ \\\\\\ \\](0)"
        );
        assert_eq!(markdown_text("`{id}` [x]"), "`{{id}}` [x]");
    }

    #[test]
    fn fences_outgrow_backtick_runs() {
        assert_eq!(fence_for("no ticks"), "```");
        assert_eq!(fence_for("a ```` b"), "`````");
    }

    #[test]
    fn repeated_fingerprint_inputs_get_distinct_values() {
        let mut fingerprints = Fingerprints::default();
        let first = fingerprints.next(&["TM0001", "x"]);
        let second = fingerprints.next(&["TM0001", "x"]);
        assert_ne!(first, second);
        assert_eq!(first, format!("{:016x}", fnv1a64("TM0001\u{0}x")));
        assert_eq!(Fingerprints::default().next(&["TM0001", "x"]), first);
    }
}
