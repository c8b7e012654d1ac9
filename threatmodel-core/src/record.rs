//! Annotation records: what each threatmodel attribute contributes to the model, as plain data.
//!
//! The macros make one [`Record`] per annotation; each expansion serializes its records (the
//! attribute's own and those of the `#[threat]`s below it, which it absorbs) as one JSON array.
//! The same JSON text is embedded in the binary for `Model::collect()` (linkme registry) and,
//! when `THREATMODEL_EXPORT_DIR` is set, written to a fragment file for `cargo threatmodel`. Both are turned into a model by the same
//! code in the `threatmodel` crate, so the two views cannot drift apart.
//!
//! References between elements are kept as the Rust path text written in the annotation
//! (`"db::parameterized_queries"`); rustc has already checked that each one resolves to an
//! element of the right kind, so the model only has to pick which element it names.

use serde::{Deserialize, Serialize};

use crate::vocabulary::{AuthRequirement, ComponentKind, DataClass, Destination, Level, Stride};

/// Version of the record format; bumped on any incompatible change of [`Record`].
pub const RECORD_FORMAT_VERSION: u32 = 1;

/// One threatmodel annotation, located in the source and attached to one Rust item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Version of this format ([`RECORD_FORMAT_VERSION`]).
    pub format: u32,
    /// Cargo package name (`CARGO_PKG_NAME`), e.g. `bank-api`.
    pub package: String,
    /// Crate name as rustc knows it (`CARGO_CRATE_NAME`), e.g. `bank_api`.
    #[serde(rename = "crate")]
    pub krate: String,
    /// Module path inside the crate. The macros derive it from the file's place in the package
    /// (`src/db/mod.rs` gives `["db"]`), as they cannot see inline `mod x { ... }` blocks;
    /// `Model::collect()` replaces it with what `module_path!()` says where the record was
    /// registered, and `cargo threatmodel` with the innermost inline module the code facts
    /// find around the annotation.
    pub module: Vec<String>,
    /// Where the attribute is written.
    pub span: SourceSpan,
    /// The item the attribute is on.
    pub item: RecordItem,
    /// What the attribute says.
    pub annotation: Annotation,
    /// Whether the annotation is in code that only tests compile (a `#[cfg(test)]` module, an
    /// integration test): set by `cargo threatmodel` when it checks test targets (`--tests`,
    /// `--all-targets`), never by the macros.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub test_only: bool,
}

/// A source range, as rustc reports it: 1-based lines and columns, columns in characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SourceSpan {
    /// File path as rustc names it: relative to the workspace root for workspace members.
    pub file: String,
    /// First line (1-based).
    pub line: u32,
    /// First column (1-based).
    pub column: u32,
    /// Last line (1-based, inclusive).
    pub end_line: u32,
    /// Column just past the end (1-based).
    pub end_column: u32,
}

impl SourceSpan {
    /// Whether `(line, column)` (both 1-based) of `file` falls inside this span.
    pub fn contains(&self, file: &str, line: u32, column: u32) -> bool {
        file == self.file
            && (self.line, self.column) <= (line, column)
            && (line, column) < (self.end_line, self.end_column)
    }
}

/// The Rust item an annotation is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordItem {
    /// The item's identifier (for `declare!`, the declared name).
    pub name: String,
    /// What kind of item it is.
    pub kind: ItemKind,
    /// The `Self` type, for methods registered through `#[mitigations]` on an impl block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The item's doc comment, lines joined with `\n`, leading single space removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// The kind of Rust item an annotation is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A free function.
    Fn,
    /// A method or associated function.
    Method,
    /// A struct.
    Struct,
    /// An enum.
    Enum,
    /// A union.
    Union,
    /// A type alias.
    TypeAlias,
    /// A marker declared with `threatmodel::declare!`.
    Declared,
}

/// What an annotation says, one variant per attribute of the v0 grammar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(tag = "attribute", rename_all = "snake_case", deny_unknown_fields)]
pub enum Annotation {
    /// `#[asset(LEVEL, ...)]`.
    Asset {
        /// Overall criticality.
        level: Level,
        /// Fields whose data other types copy (`fields = [email]`): a type with a field of one
        /// of these names carries the asset's data.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
        /// Class of data held.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        data: Option<DataClass>,
        /// Confidentiality requirement, when it differs from `level`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        confidentiality: Option<Level>,
        /// Integrity requirement, when it differs from `level`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        integrity: Option<Level>,
        /// Availability requirement, when it differs from `level`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        availability: Option<Level>,
        /// Team or person accountable for the asset.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
        /// Display name; defaults to the item name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// Description; defaults to the doc comment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// `#[mitigation(CONTROL, ...)]`, directly or through `#[mitigations]` or `declare!`.
    Mitigation {
        /// Control kinds implemented (catalogue ids), in the order written.
        controls: Vec<String>,
        /// `custom = "..."`: a control outside the catalogue.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        custom: Option<String>,
        /// Description; defaults to the doc comment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        /// The type-namespace name other annotations resolve (`marker = Name`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        marker: Option<String>,
        /// Route patterns a middleware covers (`applies_to = "/admin/*"`).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        applies_to: Vec<String>,
        /// Threat kinds (canonical ids) addressed beyond the catalogue's mapping.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        addresses: Vec<String>,
        /// What installs the control in router code (`installed_by = tower_governor::GovernorLayer`),
        /// as written: paths to third-party layers, middleware or fairings.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        installed_by: Vec<String>,
    },
    /// `#[threat(KIND, DISPOSITION, ...)]`.
    Threat {
        /// The threat kind.
        kind: ThreatKindRef,
        /// What was decided about it.
        disposition: Disposition,
        /// Assets at risk (paths to `#[asset]` items).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        assets: Vec<String>,
        /// Description of this threat on this item.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        /// Severity, when assessed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity: Option<Level>,
    },
    /// `#[endpoint("METHOD /path", ...)]`.
    Endpoint {
        /// HTTP method in upper case (`GET`, `POST`, ...), or `ANY`.
        method: String,
        /// Route as written (framework syntax: `{id}`, `:id`, `<id>`).
        route: String,
        /// Whether method and route were read from the framework's route attribute
        /// (`#[get("/x")]`) rather than written in `#[endpoint("GET /x")]`: such a route lacks
        /// the mount prefixes the router adds.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        from_framework: bool,
        /// Trust boundary callers come from (path to a `#[trust_boundary]`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        boundary: Option<String>,
        /// Assets the endpoint exposes (paths to `#[asset]` items).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        exposes: Vec<String>,
        /// Whether callers must authenticate.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        auth: Option<AuthRequirement>,
        /// Owner of the endpoint (team).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
        /// API version the endpoint belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
        /// Description; defaults to the doc comment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// `#[trust_boundary]`.
    TrustBoundary {
        /// Enclosing boundary (path to a `#[trust_boundary]`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<String>,
        /// Display name; defaults to the item name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// Description; defaults to the doc comment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// `#[component(KIND, ...)]`.
    Component {
        /// Data-flow-diagram kind.
        kind: ComponentKind,
        /// Trust boundary it runs in (path to a `#[trust_boundary]`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        boundary: Option<String>,
        /// Display name; defaults to the item name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// Description; defaults to the doc comment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// `#[data_flow(to = PATH, ...)]`.
    DataFlow {
        /// Source component (path); `None` means the crate's own service.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        /// Destination component (path).
        to: String,
        /// Assets carried (paths to `#[asset]` items).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        data: Vec<String>,
        /// Protocol, e.g. `https`, `postgres+tls`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        protocol: Option<String>,
        /// Whether the flow is encrypted; `None` means inferred from the protocol.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        encrypted: Option<bool>,
        /// Who chooses the target.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<Destination>,
        /// Whether data also flows back.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        bidirectional: bool,
        /// Description; defaults to the doc comment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// `declare! { assumption Name("text", owner = "..."); }`: something the threat model takes
    /// to hold without the code showing it (TLS terminated at the load balancer, a network
    /// policy), or a statement of its scope.
    Assumption {
        /// What is assumed, never blank.
        text: String,
        /// Team or person who vouches for it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
    },
    /// `allow(RULE, ..., reason = "...")`, an argument of any threatmodel attribute: findings of
    /// these rules on the attribute's item are suppressed. One record per `allow(...)`, spanning
    /// it, attached to the same item as the attribute it is written in.
    Allow {
        /// Rule names (`missing_rate_limiting`), in the order written; never ids.
        rules: Vec<String>,
        /// Why the findings do not apply or are accepted; never blank.
        reason: String,
    },
    /// `#[verifies(PATH[, threat = KIND])]` or `#[verifies(threat = KIND, endpoint = HANDLER)]`
    /// on a test fn: the test exercises a control, and its outcome is evidence that the control
    /// works. Only compilations of test code write it (the fn is a test); it is not in the
    /// registry of `Model::collect()`, which runs no tests.
    Verifies {
        /// The `#[mitigation]` the test exercises (path as written); `None` with `endpoint`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mitigation: Option<String>,
        /// Threat kind (canonical id) the test narrows the mitigation to, or whose controls on
        /// `endpoint` it verifies.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        threat: Option<String>,
        /// The handler (path as written) whose `threat`'s controls the test verifies.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        endpoint: Option<String>,
    },
    /// An annotation the macro rejected; the compile error carries the reason. Recorded so that
    /// `cargo threatmodel` knows which build errors are the threat model's own.
    Invalid {
        /// The attribute's name (`threat`, `asset`, ...).
        name: String,
        /// The error messages, as emitted.
        errors: Vec<String>,
    },
}

/// A threat kind: one from the catalogue, or a custom one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ThreatKindRef {
    /// A catalogue kind, by canonical id (aliases are resolved by the macro).
    Catalogue(String),
    /// `custom = "ID", stride = "..."`.
    Custom {
        /// The team's own id for the threat.
        id: String,
        /// STRIDE categories it falls under.
        stride: Vec<Stride>,
    },
}

/// What was decided about a threat: exactly one of four dispositions, or none
/// ([`Disposition::Undisposed`], only in the partial model of a failed build).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum Disposition {
    /// `mitigated_by = PATH | [PATHS]`.
    Mitigated {
        /// Paths to `#[mitigation]` items, as written.
        by: Vec<String>,
        /// What risk remains after the mitigations.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        residual: Option<String>,
    },
    /// `accepted = "reason"`.
    Accepted {
        /// Why the risk is accepted.
        reason: String,
        /// Who accepted it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
        /// Date after which the acceptance must be reviewed, `YYYY-MM-DD`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires: Option<String>,
        /// Tracking ticket.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ticket: Option<String>,
    },
    /// `transferred = "to whom"`.
    Transferred {
        /// Who carries the risk now.
        to: String,
        /// Tracking ticket.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ticket: Option<String>,
    },
    /// `open = "what is wrong", ticket = "..."`: a known weakness that is not fixed yet. It is
    /// neither handled nor accepted; `cargo threatmodel check` reports it (`open_threat`).
    Open {
        /// What is wrong: the weakness as it stands in the code.
        reason: String,
        /// Ticket that tracks the fix; required.
        ticket: String,
        /// Who is fixing it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
        /// Date the fix is due, `YYYY-MM-DD`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires: Option<String>,
    },
    /// No disposition written: a compile error, so no model of a successful build holds one.
    /// The macro still records the threat in its export fragment, so that `cargo threatmodel
    /// report` and `export` can show the partial model of the failed build with it.
    Undisposed,
}
