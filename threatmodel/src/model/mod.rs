//! The threat model: plain data, assembled from annotation records, serializable to JSON.
//!
//! Every element has an `id` derived from its Rust path (`bank_api::auth::require_jwt`), so
//! ids are stable across runs and unaffected by unrelated edits. Every list is sorted by id, so
//! the same code always gives the same model, byte for byte once serialized.

mod asset;
mod assumption;
mod build_context;
mod component;
mod data_flow;
mod endpoint;
mod mitigation;
mod risk;
mod threat;
mod trust_boundary;
mod validate;
mod verification;

pub use asset::Asset;
pub use assumption::Assumption;
pub use build_context::{BuildContext, BuiltPackage};
pub use component::Component;
pub use data_flow::DataFlow;
pub use endpoint::Endpoint;
pub use mitigation::Mitigation;
pub use risk::{RiskBasis, RiskRating, RiskRatings};
pub use threat::Threat;
pub use trust_boundary::TrustBoundary;
pub use verification::{Evidence, TestOutcome, TestResults, TestStatus, Verification};

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use threatmodel_core::facts::Facts;
use threatmodel_core::{Disposition, SourceSpan};

/// Version of the JSON model format (`schema/model.schema.json`); bumped on incompatible change.
/// Version 2 added [`Model::facts`] and [`Endpoint::route_from_framework`]; version 3 added
/// [`Model::verifications`] and [`Model::test_results`].
pub const SCHEMA_VERSION: &str = "3";

/// The model formats this version reads: version 1 models are version 2 models without facts,
/// version 2 models are version 3 models without verifying tests.
pub const READABLE_SCHEMA_VERSIONS: &[&str] = &["1", "2", "3"];

/// The whole threat model of one program or workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Format version, [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// Which code the model describes (commit, packages, features, target `cfg`), when
    /// `cargo threatmodel` built it; `None` for `Model::collect()` and older saved models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<BuildContext>,
    /// What the model takes to hold without the code showing it, and its scope
    /// (`declare! { assumption Name("text"); }`), by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<Assumption>,
    /// Trust boundaries (zones of equal trust), by id.
    pub trust_boundaries: Vec<TrustBoundary>,
    /// Architecture components, by id.
    pub components: Vec<Component>,
    /// Assets (types holding protected data), by id.
    pub assets: Vec<Asset>,
    /// Mitigations (code that implements a control), by id.
    pub mitigations: Vec<Mitigation>,
    /// API endpoints, by id.
    pub endpoints: Vec<Endpoint>,
    /// Data flows between components, by id.
    pub data_flows: Vec<DataFlow>,
    /// Threats and their dispositions, by id.
    pub threats: Vec<Threat>,
    /// Rule findings silenced on one item with `allow(RULE, reason = "...")`, by item then rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// What could not be assembled: unresolved or ambiguous references, rejected annotations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// What `cargo threatmodel` read from the code (routes and their layers, handler
    /// signatures, calls, type fields), beside the claims above; `None` when nothing was read
    /// (`Model::collect()`, a saved model of schema version 1), and the rules that compare
    /// claims with facts are then skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<Facts>,
    /// Tests marked `#[verifies(...)]`, by id: evidence for the controls they exercise, seen
    /// when `cargo threatmodel` checks test code (`--run-tests`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verifications: Vec<Verification>,
    /// Where the outcomes of [`Model::verifications`] come from; `None` when no tests were run
    /// and no report was read, and the rules on test evidence are then skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_results: Option<TestResults>,
}

/// `allow(RULE, reason = "...")` on an annotated item: the rule's findings on that item are
/// reported as suppressed, with the reason, instead of failing `check`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// Rust path of the item (as in [`crate::rules::Finding::item`]).
    pub item: String,
    /// Rule name, e.g. `missing_rate_limiting`.
    pub rule: String,
    /// Why the finding does not apply or is accepted.
    pub reason: String,
    /// Where the `allow(...)` is written.
    pub location: Location,
}

/// Where an element is written in the source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Cargo package name.
    pub package: String,
    /// Crate name as rustc knows it.
    #[serde(rename = "crate")]
    pub krate: String,
    /// File path, relative to the workspace root for workspace members.
    pub file: String,
    /// Line of the annotation (1-based).
    pub line: u32,
    /// Column of the annotation (1-based).
    pub column: u32,
    /// Whether it is in code that only tests compile (a `#[cfg(test)]` module, an integration
    /// test), seen because `cargo threatmodel` checked test targets (`--tests`,
    /// `--all-targets`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub test_only: bool,
}

impl Location {
    /// The location of an annotation spanning `span` in `package`/`krate`.
    pub fn new(package: &str, krate: &str, span: &SourceSpan) -> Self {
        Location {
            package: package.to_owned(),
            krate: krate.to_owned(),
            file: span.file.clone(),
            line: span.line,
            column: span.column,
            test_only: false,
        }
    }

    /// A placeholder for problems that have no source position.
    pub fn unknown() -> Self {
        Location {
            package: String::new(),
            krate: String::new(),
            file: String::new(),
            line: 0,
            column: 0,
            test_only: false,
        }
    }
}

impl std::fmt::Display for Location {
    /// `file:line:column`, the form rustc and editors understand.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Something the model could not represent faithfully; shown in reports, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Where the problem is (the annotation concerned).
    pub location: Location,
    /// What is wrong, lower case, no trailing period.
    pub message: String,
}

/// `items` (a list of the model) by id, the first of each id, as a scan of the list finds it;
/// for lookups only (iterating a `HashMap` has no stable order).
pub(crate) fn index_by_id<'m, T>(
    items: &'m [T],
    id: impl Fn(&'m T) -> &'m String,
) -> HashMap<&'m str, &'m T> {
    let mut by_id = HashMap::with_capacity(items.len());
    for item in items {
        by_id.entry(id(item).as_str()).or_insert(item);
    }
    by_id
}

/// Counts of a model's elements, for report summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Threats with `mitigated_by`.
    pub mitigated: usize,
    /// Threats with `accepted`.
    pub accepted: usize,
    /// Threats with `transferred`.
    pub transferred: usize,
    /// Threats with `open`: known weaknesses not fixed yet.
    pub open: usize,
    /// Threats with no disposition, in the partial model of a failed build.
    pub undisposed: usize,
}

impl Model {
    /// An empty model of the current [`SCHEMA_VERSION`].
    pub fn empty() -> Self {
        Model {
            schema_version: SCHEMA_VERSION.to_owned(),
            ..Model::default()
        }
    }

    /// Whether the model has no element at all (problems aside).
    pub fn is_empty(&self) -> bool {
        self.trust_boundaries.is_empty()
            && self.components.is_empty()
            && self.assets.is_empty()
            && self.mitigations.is_empty()
            && self.endpoints.is_empty()
            && self.data_flows.is_empty()
            && self.threats.is_empty()
            && self.assumptions.is_empty()
    }

    /// Threat counts by disposition.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for threat in &self.threats {
            match threat.disposition {
                Disposition::Mitigated { .. } => summary.mitigated += 1,
                Disposition::Accepted { .. } => summary.accepted += 1,
                Disposition::Transferred { .. } => summary.transferred += 1,
                Disposition::Open { .. } => summary.open += 1,
                Disposition::Undisposed => summary.undisposed += 1,
            }
        }
        summary
    }

    /// Accepted risks whose `expires` date is before `today` (`YYYY-MM-DD`, ISO 8601).
    ///
    /// A risk expiring on `today` is still valid. Dates are compared as text, which orders
    /// ISO 8601 calendar dates correctly; the macros reject any other form at compile time, and
    /// a malformed date in a model read from a file is left out here and reported by
    /// [`Model::validate`].
    pub fn expired_acceptances(&self, today: &str) -> Vec<&Threat> {
        self.threats
            .iter()
            .filter(|threat| match &threat.disposition {
                Disposition::Accepted {
                    expires: Some(expires),
                    ..
                } => threatmodel_core::date::is_iso_date(expires) && expires.as_str() < today,
                _ => false,
            })
            .collect()
    }

    /// Open weaknesses whose fix was due before `today` (`YYYY-MM-DD`, ISO 8601): their
    /// `expires` date has passed. Dates are judged as in [`Model::expired_acceptances`].
    pub fn overdue_fixes(&self, today: &str) -> Vec<&Threat> {
        self.threats
            .iter()
            .filter(|threat| match &threat.disposition {
                Disposition::Open {
                    expires: Some(expires),
                    ..
                } => threatmodel_core::date::is_iso_date(expires) && expires.as_str() < today,
                _ => false,
            })
            .collect()
    }

    /// The threats recorded on the handler of `endpoint`.
    pub fn threats_of<'m>(&'m self, endpoint: &Endpoint) -> impl Iterator<Item = &'m Threat> {
        let handler = endpoint.handler.clone();
        self.threats.iter().filter(move |t| t.subject == handler)
    }

    /// The verifying tests that are evidence for control `mitigation` on `threat`.
    pub fn verifications_of<'m>(
        &'m self,
        mitigation: &'m str,
        threat: &'m Threat,
    ) -> impl Iterator<Item = &'m Verification> {
        self.verifications
            .iter()
            .filter(move |v| v.covers(mitigation, &threat.kind, &threat.subject))
    }

    /// The threats whose disposition names mitigation `id`.
    pub fn threats_relying_on<'m>(&'m self, id: &str) -> impl Iterator<Item = &'m Threat> {
        let id = id.to_owned();
        self.threats.iter().filter(move |t| match &t.disposition {
            Disposition::Mitigated { by, .. } => by.contains(&id),
            _ => false,
        })
    }
}
