//! Markdown report: the whole threat model as one GitHub Flavored Markdown document for people.
//!
//! The report follows GitHub Flavored Markdown (GFM spec 0.29-gfm, tables extension, on top of
//! CommonMark 0.29). Everything taken from the model or the options (names, routes, reasons,
//! file paths, ...) is escaped before it is written, so that a hostile or careless annotation
//! cannot break a table, open an HTML tag or turn into a link:
//!
//! - in text, Markdown punctuation (`\`, `` ` ``, `*`, `_`, `[`, `]`, `#`, `~`, `$`, `|`) is
//!   backslash-escaped, `&`, `<` and `>` become HTML entities, line breaks become `<br>` (a
//!   space in headings), other control and bidirectional-override characters are replaced, and
//!   leading and trailing white space is dropped;
//! - code spans use a backtick fence longer than any run of backticks inside them, and in table
//!   cells `|` is written `\|`, which GFM removes again before it parses the cell.
//!
//! The report only presents what the model holds: counts come from [`Model::summary`] and the
//! lengths of its lists, expired acceptances from [`Model::expired_acceptances`], overdue fixes
//! of open weaknesses from [`Model::overdue_fixes`], the threats of an endpoint as
//! [`Model::threats_of`] gives them. Control status (the OWASP coverage matrix, whether a
//! threat's controls were seen running) comes from the `coverage` module, and where each
//! endpoint is served and which controls run there from [`Claims`]. What the sections look up per element (names by
//! id, threats by handler, findings by endpoint, ...) is indexed once, so the report grows with
//! the model rather than with its square.

mod evidence;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use threatmodel_core::catalogue::OWASP_API_2023;
use threatmodel_core::{AuthRequirement, Destination, Disposition, Level};

use super::coverage::{ControlStatus, Coverage, Signal};
use super::mermaid;
use crate::Model;
use crate::claims::{Claims, Running, Served};

use crate::model::{
    Asset, Component, Endpoint, Location, Mitigation, Problem, RiskBasis, RiskRatings, Threat,
    TrustBoundary, index_by_id,
};
use crate::rules::{Finding, Severity};
use threatmodel_core::facts::Route;

/// Shown where a value is absent.
const NONE: &str = "—";

/// What the report needs besides the model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Shown in the top heading, `# Threat model: {title}` (escaped like any other text; a
    /// blank title gives `# Threat model`).
    pub title: String,
    /// Today's date as `YYYY-MM-DD` (ISO 8601 calendar date), used only to flag accepted risks
    /// whose `expires` date has passed ([`Model::expired_acceptances`]) and open weaknesses whose
    /// fix is overdue ([`Model::overdue_fixes`]); `None` flags nothing.
    /// The caller validates it. The report carries no other date or time.
    pub today: Option<String>,
    /// Rule findings (from [`crate::rules::check`]), suppressed ones included; `None` when the
    /// rules were not run, which leaves the findings section out and the coverage matrix
    /// without gaps.
    pub findings: Option<Vec<Finding>>,
    /// The errors of a build that failed on threatmodel's own errors (a threat without a
    /// disposition, an unknown kind, ...), when the model is the partial one that build could
    /// assemble: the report then says so first and lists them. Empty for a complete model.
    pub build_errors: Vec<Problem>,
}

/// Renders `model` as a Markdown report (GitHub Flavored Markdown, tables extension).
///
/// Takes the model and the [`ReportOptions`]; returns the whole document, which ends with
/// exactly one newline. It is a pure function: the same model and options always give the same
/// bytes (the model's lists are already sorted by id and the report holds no timestamp).
///
/// Sections, in order: title and provenance note, with what the model was built from when it
/// records it ([`Model::build`]: commit, packages and features, target `cfg`); summary of
/// counts; assumptions and scope ([`Model::assumptions`]); assets by criticality;
/// architecture (trust boundaries, components, data flows); one subsection per endpoint with a
/// table of its threats; threats recorded on other code; mitigations and what relies on them;
/// open weaknesses (overdue fixes marked when `today` is given); accepted and transferred risks
/// (expired ones marked when `today` is given); rule findings
/// and suppressions (when [`ReportOptions::findings`] is given); the OWASP API Security Top 10
/// (2023) coverage matrix; problems, when there are any. A threat's row gives its risk rating
/// and what decided it ([`Model::risk_ratings`]), its OWASP, STRIDE, CWE and CAPEC ids, its
/// disposition and details. Every element names its source as
/// `` `file:line` ``. A model without elements gives a short report that says "No annotations
/// found", with zero counts (and its problems, if any).
///
/// Control status, wherever the report shows it (the coverage matrix, the threat rows, the
/// controls of each endpoint), uses one legend (DESIGN §7): ✅ cited and seen running, ☐ cited
/// only, ◐ partial, ❌ open, mitigated on paper or a rule's gap, — not applicable; besides
/// these, ⚠️ accepted, ↪ transferred, 🔕 a suppressed finding and · not considered.
///
/// Coverage matrix: one row per endpoint and a last row for all endpoints, one column per OWASP
/// API 2023 risk; a cell is the weakest state of what maps to the risk on the endpoint, and the
/// last row the weakest cell of its column (the module `coverage` documents both). The legend is
/// printed once under it. Threats recorded on code other than endpoint handlers are not counted.
pub fn render(model: &Model, options: &ReportOptions) -> String {
    let report = Report::new(model, options);
    let mut doc = Document::default();

    let title = heading(&options.title);
    if title.is_empty() {
        doc.heading(1, "Threat model");
    } else {
        doc.heading(1, &format!("Threat model: {title}"));
    }
    doc.block(format!(
        "_Generated by threatmodel {} from annotations in the source._",
        env!("CARGO_PKG_VERSION")
    ));
    report.build_errors(&mut doc);
    report.build_context(&mut doc);
    if model.is_empty() {
        doc.block(
            "**No annotations found.** No item in the source carries a threatmodel attribute \
             (`#[asset]`, `#[endpoint]`, `#[threat]`, `#[mitigation]`, ...), so there is \
             nothing to report yet."
                .to_owned(),
        );
    }
    report.summary(&mut doc);
    if !model.is_empty() {
        report.assumptions(&mut doc);
        report.assets(&mut doc);
        report.architecture(&mut doc);
        report.endpoints(&mut doc);
        report.code_facts(&mut doc);
        report.other_threats(&mut doc);
        report.mitigations(&mut doc);
        report.test_evidence(&mut doc);
        report.open_weaknesses(&mut doc);
        report.risks(&mut doc);
        report.findings(&mut doc);
        report.owasp_matrix(&mut doc);
    }
    report.problems(&mut doc);

    doc.finish()
}

/// The model and options, with the lookups every section shares.
struct Report<'m> {
    model: &'m Model,
    today: Option<&'m str>,
    /// Ids of the accepted threats whose acceptance expired before `today`.
    expired: Vec<&'m str>,
    /// Ids of the open threats whose fix was due before `today`.
    overdue: Vec<&'m str>,
    /// Rule findings, when the rules were run.
    findings: Option<&'m [Finding]>,
    /// Control status in the one legend; it holds the endpoints and controls matched against
    /// the facts read from the code.
    coverage: Coverage<'m>,
    /// The errors of the failed build whose partial model this is ([`ReportOptions`]).
    build_errors: &'m [Problem],
    /// Indexes of the model and findings, only looked up (sections iterate the model's lists).
    index: Index<'m>,
    /// The threats' risk ratings ([`Model::risk_ratings`]).
    ratings: RiskRatings<'m>,
}

/// What the sections look up per element, built once. Where two elements of a kind share an
/// id (a problem of the model), lookups by id give the first, as a scan of the list would.
struct Index<'m> {
    boundaries: HashMap<&'m str, &'m TrustBoundary>,
    components: HashMap<&'m str, &'m Component>,
    assets: HashMap<&'m str, &'m Asset>,
    mitigations: HashMap<&'m str, &'m Mitigation>,
    /// Handlers of the endpoints.
    handlers: HashSet<&'m str>,
    /// The threats recorded on each item (`subject`), in model order: [`Model::threats_of`].
    threats_by_subject: HashMap<&'m str, Vec<&'m Threat>>,
    /// The threats citing each mitigation, in model order: [`Model::threats_relying_on`].
    relying_on: HashMap<&'m str, Vec<&'m Threat>>,
    /// The endpoints exposing each asset, in model order.
    exposed_by: HashMap<&'m str, Vec<&'m Endpoint>>,
    /// Ids of the expired acceptances.
    expired: HashSet<&'m str>,
}

impl<'m> Index<'m> {
    fn new(model: &'m Model, expired: &[&'m str]) -> Self {
        let mut threats_by_subject: HashMap<&str, Vec<&Threat>> = HashMap::new();
        let mut relying_on: HashMap<&str, Vec<&Threat>> = HashMap::new();
        for threat in &model.threats {
            threats_by_subject
                .entry(&threat.subject)
                .or_default()
                .push(threat);
            if let Disposition::Mitigated { by, .. } = &threat.disposition {
                for (k, id) in by.iter().enumerate() {
                    // A threat that cites a mitigation twice relies on it once.
                    if !by[..k].contains(id) {
                        relying_on.entry(id).or_default().push(threat);
                    }
                }
            }
        }
        let mut exposed_by: HashMap<&str, Vec<&Endpoint>> = HashMap::new();
        for endpoint in &model.endpoints {
            for (k, id) in endpoint.exposes.iter().enumerate() {
                if !endpoint.exposes[..k].contains(id) {
                    exposed_by.entry(id).or_default().push(endpoint);
                }
            }
        }
        Index {
            boundaries: index_by_id(&model.trust_boundaries, |b| &b.id),
            components: index_by_id(&model.components, |c| &c.id),
            assets: index_by_id(&model.assets, |a| &a.id),
            mitigations: index_by_id(&model.mitigations, |m| &m.id),
            handlers: model.endpoints.iter().map(|e| e.handler.as_str()).collect(),
            threats_by_subject,
            relying_on,
            exposed_by,
            expired: expired.iter().copied().collect(),
        }
    }

    /// The threats recorded on the handler of `endpoint`, in model order.
    fn threats_of(&self, endpoint: &Endpoint) -> &[&'m Threat] {
        self.threats_by_subject
            .get(endpoint.handler.as_str())
            .map_or(&[], Vec::as_slice)
    }
}

impl<'m> Report<'m> {
    fn new(model: &'m Model, options: &'m ReportOptions) -> Self {
        let today = options.today.as_deref();
        let expired: Vec<&str> = today
            .map(|today| {
                model
                    .expired_acceptances(today)
                    .into_iter()
                    .map(|threat| threat.id.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let overdue = today
            .map(|today| {
                model
                    .overdue_fixes(today)
                    .into_iter()
                    .map(|threat| threat.id.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let findings = options.findings.as_deref();
        let index = Index::new(model, &expired);
        Report {
            model,
            build_errors: &options.build_errors,
            today,
            expired,
            overdue,
            findings,
            index,
            coverage: Coverage::new(model, findings),
            ratings: model.risk_ratings(),
        }
    }

    /// The banner of a partial model: the build failed, and on which errors.
    fn build_errors(&self, doc: &mut Document) {
        if self.build_errors.is_empty() {
            return;
        }
        doc.block(format!(
            "**❌ Incomplete model: the build failed** on {} in threatmodel annotations. This \
             report shows what the build could assemble; a threat without a disposition is \
             marked ❌ *undisposed*, and no rule was run. Fix the errors and build again.",
            match self.build_errors.len() {
                1 => "1 error".to_owned(),
                n => format!("{n} errors"),
            }
        ));
        let items: Vec<String> = self
            .build_errors
            .iter()
            .map(|error| {
                let at = &error.location;
                if at.file.is_empty() {
                    format!("- {}", with_code(&error.message))
                } else {
                    format!(
                        "- {}: {}",
                        code(&format!("{}:{}:{}", at.file, at.line, at.column)),
                        with_code(&error.message)
                    )
                }
            })
            .collect();
        doc.block(items.join("\n"));
    }

    /// What the model was built from ([`Model::build`]): commit, packages and their features,
    /// target and its `cfg`; nothing when the model does not say (`Model::collect()`).
    fn build_context(&self, doc: &mut Document) {
        let Some(build) = &self.model.build else {
            return;
        };
        let mut facts = Vec::new();
        if let Some(commit) = &build.commit {
            let changes = if build.uncommitted_changes {
                ", with uncommitted changes"
            } else {
                ""
            };
            facts.push(format!("**Commit:** {}{changes}", code(commit)));
        }
        if !build.packages.is_empty() {
            let packages: Vec<String> = build
                .packages
                .iter()
                .map(|package| {
                    let features: Vec<String> = package.features.iter().map(|f| code(f)).collect();
                    format!(
                        "{} {} (features: {})",
                        code(&package.name),
                        text(&package.version),
                        list_or_none(features, ", ")
                    )
                })
                .collect();
            facts.push(format!("**Packages:** {}", packages.join("; ")));
        }
        let target = build
            .target
            .as_deref()
            .map_or_else(|| "host".to_owned(), code);
        facts.push(format!("**Target:** {target}"));
        if !build.cfg.is_empty() {
            // Target features are many and rarely matter to a threat model: counted, not listed.
            let (features, cfg): (Vec<&String>, Vec<&String>) = build
                .cfg
                .iter()
                .partition(|c| c.starts_with("target_feature="));
            let mut cfg: Vec<String> = cfg.into_iter().map(|c| code(c)).collect();
            if !features.is_empty() {
                cfg.push(format!("{} `target_feature` values", features.len()));
            }
            facts.push(format!("**cfg:** {}", cfg.join(", ")));
        }
        doc.block("Built from:".to_owned());
        doc.list(facts);
    }

    /// "Assumptions and scope": what the model takes to hold without the code showing it
    /// ([`Model::assumptions`]), each with its text, doc comment, owner and source.
    fn assumptions(&self, doc: &mut Document) {
        doc.heading(2, "Assumptions and scope");
        if self.model.assumptions.is_empty() {
            doc.block(
                "No assumptions declared. Declare what the model takes to hold without the code \
                 showing it with `threatmodel::declare! { assumption Name(\"...\"); }`."
                    .to_owned(),
            );
            return;
        }
        let rows = self
            .model
            .assumptions
            .iter()
            .map(|assumption| {
                let mut statement = vec![text(&assumption.text)];
                statement.extend(assumption.description.as_deref().map(text));
                vec![
                    cell_code(&assumption.name),
                    statement.join("<br>"),
                    optional(assumption.owner.as_deref()),
                    source_cell(&assumption.location),
                ]
            })
            .collect();
        doc.table(&["Assumption", "Statement", "Owner", "Source"], rows);
    }

    fn summary(&self, doc: &mut Document) {
        let model = self.model;
        let counts = model.summary();
        doc.heading(2, "Summary");
        let mut rows = vec![
            count_row("Trust boundaries", model.trust_boundaries.len()),
            count_row("Components", model.components.len()),
            count_row("Assets", model.assets.len()),
            count_row("Endpoints", model.endpoints.len()),
            count_row("Data flows", model.data_flows.len()),
            count_row("Mitigations", model.mitigations.len()),
            count_row("Threats", model.threats.len()),
        ];
        rows.extend(self.mitigated_rows(counts.mitigated));
        rows.extend([
            count_row("Threats accepted", counts.accepted),
            count_row("Threats transferred", counts.transferred),
            count_row("Threats open (known weaknesses)", counts.open),
        ]);
        if counts.undisposed > 0 {
            rows.push(count_row(
                "Threats undisposed (the build fails)",
                counts.undisposed,
            ));
        }
        if let Some(today) = self.today {
            rows.push(vec![
                format!("Accepted risks expired as of {}", text(today)),
                self.expired.len().to_string(),
            ]);
            rows.push(vec![
                format!("Open weaknesses overdue as of {}", text(today)),
                self.overdue.len().to_string(),
            ]);
        }
        if let Some(findings) = self.findings {
            let active = |severity| {
                findings
                    .iter()
                    .filter(|f| f.suppressed.is_none() && f.severity == severity)
                    .count()
            };
            rows.push(count_row("Rule findings: errors", active(Severity::Error)));
            rows.push(count_row(
                "Rule findings: warnings",
                active(Severity::Warning),
            ));
            rows.push(count_row("Rule findings: notes", active(Severity::Note)));
            rows.push(count_row(
                "Rule findings: suppressed",
                findings.iter().filter(|f| f.suppressed.is_some()).count(),
            ));
        }
        rows.push(count_row("Problems", model.problems.len()));
        doc.table(&["Element", "Count"], rows);
    }

    /// The summary rows of the mitigated threats: with code facts, split by whether their
    /// controls were seen running ([`Coverage::running`]), so that a mitigation on paper is not
    /// counted as one; without, one row that says the controls are cited only.
    fn mitigated_rows(&self, mitigated: usize) -> Vec<Vec<String>> {
        if self.coverage.claims().is_none() {
            return vec![count_row(
                "Threats mitigated (controls cited only: no code facts)",
                mitigated,
            )];
        }
        let count = |status| {
            self.model
                .threats
                .iter()
                .filter(|threat| self.coverage.running(threat) == Some(status))
                .count()
        };
        vec![
            count_row(
                "Threats mitigated, a control seen running",
                count(ControlStatus::Seen),
            ),
            count_row(
                "Threats mitigated, controls cited only (not seen running)",
                count(ControlStatus::CitedOnly),
            ),
            count_row(
                "Threats mitigated on paper (a cited control does not run, TM0019)",
                count(ControlStatus::OnPaper),
            ),
        ]
    }

    fn assets(&self, doc: &mut Document) {
        doc.heading(2, "Assets");
        if self.model.assets.is_empty() {
            doc.block("No assets annotated.".to_owned());
            return;
        }
        for level in Level::ALL {
            let assets: Vec<_> = self
                .model
                .assets
                .iter()
                .filter(|asset| asset.level == *level)
                .collect();
            if assets.is_empty() {
                continue;
            }
            doc.heading(3, level_title(*level));
            let rows = assets
                .into_iter()
                .map(|asset| {
                    let exposed_by: Vec<String> = self
                        .index
                        .exposed_by
                        .get(asset.id.as_str())
                        .into_iter()
                        .flatten()
                        .map(|endpoint| cell_code(&endpoint_label(endpoint)))
                        .collect();
                    vec![
                        text(&asset.name),
                        optional(asset.data.map(|data| data.as_str())),
                        asset.confidentiality.as_str().to_owned(),
                        asset.integrity.as_str().to_owned(),
                        asset.availability.as_str().to_owned(),
                        optional(asset.owner.as_deref()),
                        list_or_none(exposed_by, ", "),
                        source_cell(&asset.location),
                    ]
                })
                .collect();
            doc.table(
                &[
                    "Asset",
                    "Data class",
                    "C",
                    "I",
                    "A",
                    "Owner",
                    "Exposed by",
                    "Source",
                ],
                rows,
            );
        }
    }

    fn architecture(&self, doc: &mut Document) {
        let model = self.model;
        doc.heading(2, "Architecture");
        self.diagram(doc);

        doc.heading(3, "Trust boundaries");
        if model.trust_boundaries.is_empty() {
            doc.block("No trust boundaries annotated.".to_owned());
        } else {
            let rows = model
                .trust_boundaries
                .iter()
                .map(|boundary| {
                    vec![
                        text(&boundary.name),
                        boundary
                            .parent
                            .as_deref()
                            .map_or_else(|| NONE.to_owned(), |id| self.boundary_name(id)),
                        optional(boundary.description.as_deref()),
                        source_cell(&boundary.location),
                    ]
                })
                .collect();
            doc.table(&["Trust boundary", "Inside", "Description", "Source"], rows);
        }

        doc.heading(3, "Components");
        if model.components.is_empty() {
            doc.block("No components annotated.".to_owned());
        } else {
            let rows = model
                .components
                .iter()
                .map(|component| {
                    vec![
                        text(&component.name),
                        text(component.kind.as_str()),
                        component
                            .boundary
                            .as_deref()
                            .map_or_else(|| NONE.to_owned(), |id| self.boundary_name(id)),
                        optional(component.description.as_deref()),
                        source_cell(&component.location),
                    ]
                })
                .collect();
            doc.table(
                &[
                    "Component",
                    "Kind",
                    "Trust boundary",
                    "Description",
                    "Source",
                ],
                rows,
            );
        }

        doc.heading(3, "Data flows");
        if model.data_flows.is_empty() {
            doc.block("No data flows annotated.".to_owned());
        } else {
            let rows = model
                .data_flows
                .iter()
                .map(|flow| {
                    let from = flow.from.as_deref().map_or_else(
                        || format!("{} (this service)", cell_code(&flow.location.krate)),
                        |id| self.component_name(id),
                    );
                    let arrow = if flow.bidirectional { "↔" } else { "→" };
                    let data = flow.data.iter().map(|id| self.asset_name(id)).collect();
                    vec![
                        cell_code(&flow.name),
                        format!("{from} {arrow} {}", self.component_name(&flow.to)),
                        list_or_none(data, ", "),
                        optional(flow.protocol.as_deref()),
                        yes_no(flow.encrypted).to_owned(),
                        destination(flow.destination).to_owned(),
                        source_cell(&flow.location),
                    ]
                })
                .collect();
            doc.table(
                &[
                    "Data flow",
                    "From → to",
                    "Data",
                    "Protocol",
                    "Encrypted",
                    "Destination",
                    "Source",
                ],
                rows,
            );
        }
    }

    /// The data-flow diagram as a Mermaid flowchart in a fenced code block, which GitHub and
    /// GitLab draw. Every label is entity-escaped ([`mermaid::render`]), so no line of the
    /// diagram holds a backtick and the three-backtick fence cannot be closed from inside.
    /// Left out when there is nothing to draw (no component, endpoint or data flow).
    fn diagram(&self, doc: &mut Document) {
        let model = self.model;
        if model.components.is_empty() && model.endpoints.is_empty() && model.data_flows.is_empty()
        {
            return;
        }
        let diagram = mermaid::render_with(model, self.findings, self.coverage.claims());
        debug_assert!(!diagram.contains('`'), "labels are escaped");
        doc.block(
            "Data-flow diagram: trust boundaries are boxes, flows are labelled with their data \
             and protocol (flows alike between the same two nodes are drawn once, with their \
             count), dotted red links are unencrypted, dashed «unmodelled» nodes are routes the \
             code serves that no `#[endpoint]` describes, and ⚠ marks open weaknesses, \
             accepted risks and rule findings."
                .to_owned(),
        );
        doc.block(format!("```mermaid\n{diagram}```"));
    }

    fn endpoints(&self, doc: &mut Document) {
        doc.heading(2, "Endpoints");
        if self.model.endpoints.is_empty() {
            doc.block("No endpoints annotated.".to_owned());
            return;
        }
        for endpoint in &self.model.endpoints {
            let mut title = format!("{} {}", heading(&endpoint.method), heading(&endpoint.route));
            if let Some(Served::At(routes)) =
                self.coverage.claims().and_then(|c| c.served(&endpoint.id))
            {
                // The served path, when the claim lacks its mount prefix (`#[get("/tags")]`
                // served as `/api/tags`) or spells it otherwise.
                let mut paths: Vec<&str> = routes
                    .iter()
                    .map(|r| r.path.as_str())
                    .filter(|path| *path != endpoint.route)
                    .collect();
                paths.sort_unstable();
                paths.dedup();
                if !paths.is_empty() {
                    let paths: Vec<String> = paths.into_iter().map(heading).collect();
                    title.push_str(&format!(" (served at {})", paths.join(", ")));
                }
            }
            doc.heading(3, &title);
            let mut facts = vec![format!("**Handler:** {}", code(&endpoint.handler))];
            if let Some(boundary) = &endpoint.boundary {
                facts.push(format!(
                    "**Trust boundary:** {}",
                    self.boundary_name(boundary)
                ));
            }
            if let Some(auth) = endpoint.auth {
                facts.push(format!("**Authentication:** {}", auth_requirement(auth)));
            }
            if !endpoint.exposes.is_empty() {
                let assets: Vec<String> = endpoint
                    .exposes
                    .iter()
                    .map(|id| self.asset_name(id))
                    .collect();
                facts.push(format!("**Exposes:** {}", assets.join(", ")));
            }
            if let Some(owner) = &endpoint.owner {
                facts.push(format!("**Owner:** {}", text(owner)));
            }
            if let Some(version) = &endpoint.version {
                facts.push(format!("**Version:** {}", text(version)));
            }
            if let Some(description) = &endpoint.description {
                facts.push(format!("**Description:** {}", text(description)));
            }
            facts.push(format!("**Source:** {}", source(&endpoint.location, code)));
            if let Some(claims) = self.coverage.claims() {
                facts.push(served_fact(claims, endpoint));
                let controls = self.controls_fact(claims, endpoint);
                if !controls.is_empty() {
                    facts.push(format!("**Controls:** {}", controls.join("; ")));
                }
            }
            doc.list(facts);

            let threats = self.index.threats_of(endpoint);
            if threats.is_empty() {
                doc.block("No threats recorded on this handler.".to_owned());
            } else {
                let rows = threats
                    .iter()
                    .map(|threat| self.threat_row(threat))
                    .collect();
                doc.table(&THREAT_COLUMNS, rows);
            }
        }
    }

    /// Each control the endpoint relies on (cited by its handler's threats, or covering its
    /// routes through `applies_to`) with what the code facts say: ✅ seen running, ☐ cited only
    /// (cannot be told), ❌ seen not running.
    fn controls_fact(&self, claims: &Claims<'_>, endpoint: &'m Endpoint) -> Vec<String> {
        let mut ids: Vec<&str> = self
            .model
            .threats_of(endpoint)
            .flat_map(|threat| match &threat.disposition {
                Disposition::Mitigated { by, .. } => by.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            })
            .collect();
        ids.extend(
            self.coverage
                .scoped(endpoint)
                .into_iter()
                .map(|m| m.id.as_str()),
        );
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| self.model.mitigations.iter().find(|m| m.id == id))
            .map(|mitigation| {
                let name = code(&mitigation.name);
                match claims.runs(endpoint, mitigation) {
                    Running::Seen(how) => format!("✅ {name} runs ({})", with_code(&how)),
                    Running::Missing { route, why } => {
                        format!(
                            "❌ {name} does not run on {}: {}",
                            code(&route),
                            with_code(&why)
                        )
                    }
                    Running::Unknown(why) => format!("☐ {name} cited only ({})", with_code(&why)),
                }
            })
            .collect()
    }

    /// What the code reader found beside the model: served routes no endpoint describes, and
    /// what it could not see.
    fn code_facts(&self, doc: &mut Document) {
        let (Some(claims), Some(facts)) = (self.coverage.claims(), &self.model.facts) else {
            doc.heading(2, "Code facts");
            doc.block(
                "This model carries no facts read from the code (it was collected in-process, or \
                 saved by a version that did not read them): where each endpoint is served and \
                 which controls run there are not shown, and the rules that compare claims with \
                 the code (TM0017-TM0020) were skipped."
                    .to_owned(),
            );
            return;
        };
        doc.heading(2, "Code facts");
        let routes = facts.routes().count();
        let unknowns: usize = facts.crates.iter().map(|c| c.unknowns.len()).sum();
        doc.block(format!(
            "The code reader read {} crate(s) and found {routes} served route(s); {} of them \
             are described by no `#[endpoint]`, and {unknowns} construct(s) could not be read.",
            facts.crates.len(),
            claims.unmodelled().len(),
        ));
        if !claims.unmodelled().is_empty() {
            doc.heading(3, "Served routes not in the model");
            let rows = claims
                .unmodelled()
                .iter()
                .map(|u| {
                    vec![
                        cell_code(&format!("{} {}", u.route.method, u.route.path)),
                        cell_code(u.handler),
                        source_cell(&u.location),
                    ]
                })
                .collect();
            doc.table(&["Route", "Handler", "Registered at"], rows);
        }
        if unknowns > 0 {
            doc.heading(3, "What the code reader could not see");
            let rows = facts
                .crates
                .iter()
                .flat_map(|krate| {
                    krate.unknowns.iter().map(move |u| {
                        vec![
                            text(&u.what),
                            cell_code(&format!("{}:{}", u.location.file, u.location.line)),
                        ]
                    })
                })
                .collect();
            doc.table(&["Unknown", "Where"], rows);
        }
    }

    fn other_threats(&self, doc: &mut Document) {
        doc.heading(2, "Threats on other code");
        let threats: Vec<&Threat> = self
            .model
            .threats
            .iter()
            .filter(|threat| !self.index.handlers.contains(threat.subject.as_str()))
            .collect();
        if threats.is_empty() {
            doc.block("No threats recorded outside endpoint handlers.".to_owned());
            return;
        }
        let rows = threats
            .into_iter()
            .map(|threat| {
                let mut row = vec![cell_code(&threat.subject)];
                row.extend(self.threat_row(threat));
                row
            })
            .collect();
        let mut columns = vec!["Subject"];
        columns.extend(THREAT_COLUMNS);
        doc.table(&columns, rows);
    }

    fn mitigations(&self, doc: &mut Document) {
        doc.heading(2, "Mitigations");
        if self.model.mitigations.is_empty() {
            doc.block("No mitigations annotated.".to_owned());
            return;
        }
        // The endpoints each control covers through `applies_to`, in model order.
        let mut covered: HashMap<&str, Vec<String>> = HashMap::new();
        for endpoint in &self.model.endpoints {
            for mitigation in self.coverage.scoped(endpoint) {
                covered
                    .entry(mitigation.id.as_str())
                    .or_default()
                    .push(cell_code(&endpoint_label(endpoint)));
            }
        }
        let rows = self
            .model
            .mitigations
            .iter()
            .map(|mitigation| {
                let mut controls: Vec<String> = mitigation
                    .controls
                    .iter()
                    .map(|control| cell_code(control))
                    .collect();
                if let Some(custom) = &mitigation.custom {
                    controls.push(format!("custom: {}", text(custom)));
                }
                let applies_to = mitigation
                    .applies_to
                    .iter()
                    .map(|pattern| cell_code(pattern))
                    .collect();
                let relied_on_by: Vec<String> = self
                    .index
                    .relying_on
                    .get(mitigation.id.as_str())
                    .into_iter()
                    .flatten()
                    .map(|threat| cell_code(&threat.id))
                    .collect();
                let mut relied_on_by = relied_on_by.join("<br>");
                if let Some(endpoints) = covered.get(mitigation.id.as_str()) {
                    if !relied_on_by.is_empty() {
                        relied_on_by.push_str("<br>");
                    }
                    relied_on_by.push_str(&format!(
                        "the endpoints its `applies_to` covers: {}",
                        endpoints.join(", ")
                    ));
                }
                if relied_on_by.is_empty() {
                    relied_on_by = "_nothing relies on it_".to_owned();
                }
                vec![
                    cell_code(&mitigation.name),
                    list_or_none(controls, ", "),
                    list_or_none(applies_to, ", "),
                    relied_on_by,
                    optional(mitigation.description.as_deref()),
                    source_cell(&mitigation.location),
                ]
            })
            .collect();
        doc.table(
            &[
                "Mitigation",
                "Controls",
                "Applies to",
                "Relied on by",
                "Description",
                "Source",
            ],
            rows,
        );
    }

    /// The threats recorded as `open`: known weaknesses, with what is wrong, the ticket, the
    /// owner and the date the fix is due (overdue ones marked when `today` is given).
    fn open_weaknesses(&self, doc: &mut Document) {
        doc.heading(2, "Open weaknesses");
        let rows: Vec<Vec<String>> = self
            .model
            .threats
            .iter()
            .filter_map(|threat| {
                let Disposition::Open {
                    reason,
                    ticket,
                    owner,
                    expires,
                } = &threat.disposition
                else {
                    return None;
                };
                Some(vec![
                    threat_label(threat),
                    cell_code(&threat.subject),
                    text(reason),
                    optional(Some(ticket)),
                    optional(owner.as_deref()),
                    expires
                        .as_deref()
                        .map_or_else(|| NONE.to_owned(), |date| self.due(threat, date)),
                    source_cell(&threat.location),
                ])
            })
            .collect();
        if rows.is_empty() {
            doc.block("No open weaknesses recorded.".to_owned());
            return;
        }
        doc.block(
            "Threats recorded as `open`: known weaknesses of the code, tracked by a ticket and \
             not fixed yet. `cargo threatmodel check` reports each one (`open_threat`)."
                .to_owned(),
        );
        doc.table(
            &[
                "Threat",
                "Where",
                "What is wrong",
                "Ticket",
                "Owner",
                "Fix due",
                "Source",
            ],
            rows,
        );
    }

    fn risks(&self, doc: &mut Document) {
        doc.heading(2, "Accepted and transferred risks");
        let rows: Vec<Vec<String>> = self
            .model
            .threats
            .iter()
            .filter_map(|threat| {
                let (decision, why, owner, expires, ticket) = match &threat.disposition {
                    Disposition::Mitigated { .. }
                    | Disposition::Open { .. }
                    | Disposition::Undisposed => return None,
                    Disposition::Accepted {
                        reason,
                        owner,
                        expires,
                        ticket,
                    } => (
                        "⚠️ accepted",
                        text(reason),
                        optional(owner.as_deref()),
                        expires
                            .as_deref()
                            .map_or_else(|| NONE.to_owned(), |date| self.expiry(threat, date)),
                        ticket.as_deref(),
                    ),
                    Disposition::Transferred { to, ticket } => (
                        "↪ transferred",
                        format!("to {}", text(to)),
                        NONE.to_owned(),
                        NONE.to_owned(),
                        ticket.as_deref(),
                    ),
                };
                Some(vec![
                    threat_label(threat),
                    cell_code(&threat.subject),
                    decision.to_owned(),
                    why,
                    owner,
                    expires,
                    optional(ticket),
                    source_cell(&threat.location),
                ])
            })
            .collect();
        if rows.is_empty() {
            let text = if self.model.summary().open == 0 {
                "No accepted or transferred risks: every threat is mitigated."
            } else {
                "No accepted or transferred risks."
            };
            doc.block(text.to_owned());
            return;
        }
        doc.table(
            &[
                "Threat",
                "Where",
                "Disposition",
                "Reason or recipient",
                "Owner",
                "Expires",
                "Ticket",
                "Source",
            ],
            rows,
        );
    }

    fn findings(&self, doc: &mut Document) {
        let Some(findings) = self.findings else {
            return;
        };
        doc.heading(2, "Findings");
        let (suppressed, active): (Vec<&Finding>, Vec<&Finding>) =
            findings.iter().partition(|f| f.suppressed.is_some());
        if active.is_empty() {
            doc.block("No rule of `cargo threatmodel check` found a gap.".to_owned());
        } else {
            let mut active = active;
            // Most severe first; within a severity, in source order.
            active.sort_by_key(|f| std::cmp::Reverse(f.severity));
            let rows = active
                .into_iter()
                .map(|finding| {
                    vec![
                        finding.severity.as_str().to_owned(),
                        rule_cell(finding),
                        text(&finding.message),
                        optional(finding.help.as_deref()),
                        source_cell(&finding.location),
                    ]
                })
                .collect();
            doc.table(&["Severity", "Rule", "Finding", "Help", "Source"], rows);
        }
        if !suppressed.is_empty() {
            doc.heading(3, "Suppressed findings");
            let rows = suppressed
                .into_iter()
                .map(|finding| {
                    vec![
                        rule_cell(finding),
                        text(&finding.message),
                        text(finding.suppressed.as_deref().unwrap_or_default()),
                        source_cell(&finding.location),
                    ]
                })
                .collect();
            doc.table(&["Rule", "Finding", "Reason", "Source"], rows);
        }
        doc.block(
            "Run `cargo threatmodel explain RULE` for what a rule checks and how to fix its \
             findings; `allow(RULE, reason = \"...\")` on an annotation suppresses a rule for \
             that item."
                .to_owned(),
        );
    }

    /// One row per endpoint and a last row for all endpoints, one column per OWASP API 2023
    /// risk, each cell a [`Signal`] ([`super::coverage`] says how it is derived), and the
    /// legend once under the table.
    fn owasp_matrix(&self, doc: &mut Document) {
        doc.heading(2, "OWASP API Security Top 10 (2023) coverage");
        if self.model.endpoints.is_empty() {
            doc.block("No endpoints annotated, so there is nothing to map.".to_owned());
            return;
        }
        let mut columns = vec!["Endpoint".to_owned()];
        columns.extend(
            OWASP_API_2023
                .iter()
                .map(|(id, name)| format!("{id} {name}")),
        );
        let mut alignments = vec![Align::Left];
        alignments.extend([Align::Center; 10]);
        let mut rows: Vec<Vec<String>> = self
            .model
            .endpoints
            .iter()
            .map(|endpoint| {
                let mut row = vec![cell_code(&endpoint_label(endpoint))];
                row.extend(
                    OWASP_API_2023
                        .iter()
                        .map(|(id, _)| self.coverage.cell(endpoint, id).symbol().to_owned()),
                );
                row
            })
            .collect();
        let mut all = vec![ALL_ENDPOINTS.to_owned()];
        all.extend(
            OWASP_API_2023
                .iter()
                .map(|(id, _)| format!("**{}**", self.coverage.column(id).symbol())),
        );
        rows.push(all);
        doc.table_aligned(&columns, &alignments, rows);
        doc.list(legend());
        doc.block(
            "A cell shows the weakest state of what maps to the risk on the endpoint: the rule \
             findings, the threats recorded on its handler (a threat of the risk makes it \
             considered, whatever controls cover the route) and, when there is neither, the \
             controls whose `applies_to` covers its route and that address the risk itself \
             (API6 only through a recorded threat: only the model can say that a route is a \
             sensitive business flow). The last row shows the weakest state of each column \
             among the endpoints where the risk is considered, in the order ❌, 🔕, ⚠️, ◐, ↪, \
             ☐, ✅ (where leaving a risk out is a gap, a rule reports it and the cell is ❌); · \
             when no endpoint considers the risk, — when it applies to none. Threats recorded \
             on code other than endpoint handlers are not counted."
                .to_owned(),
        );
    }

    fn problems(&self, doc: &mut Document) {
        if self.model.problems.is_empty() {
            return;
        }
        doc.heading(2, "Problems");
        let rows = self
            .model
            .problems
            .iter()
            .map(|problem| vec![source_cell(&problem.location), text(&problem.message)])
            .collect();
        doc.table(&["Location", "Problem"], rows);
    }

    /// The columns of [`Report::threat_row`].
    fn threat_row(&self, threat: &'m Threat) -> Vec<String> {
        let mut details = Vec::new();
        if !threat.assets.is_empty() {
            let assets: Vec<String> = threat.assets.iter().map(|id| self.asset_name(id)).collect();
            details.push(format!("Assets: {}", assets.join(", ")));
        }
        if let Some(description) = &threat.description {
            details.push(text(description));
        }
        let disposition = match &threat.disposition {
            Disposition::Mitigated { by, residual } => {
                if let Some(residual) = residual {
                    details.push(format!("Residual: {}", text(residual)));
                }
                let names = by
                    .iter()
                    .map(|id| self.mitigation_name(id))
                    .collect::<Vec<_>>()
                    .join(", ");
                match self.coverage.running(threat) {
                    // Every path it names resolved to nothing (a model problem).
                    _ if names.is_empty() => {
                        format!("{} Mitigated by nothing in the model", Signal::Gap.symbol())
                    }
                    Some(ControlStatus::OnPaper) => format!(
                        "{} Mitigated on paper by {names}: a control does not run \
                         (`unapplied_mitigation`)",
                        Signal::Gap.symbol()
                    ),
                    _ if self.coverage.threat_signal(threat) == Signal::Partial => format!(
                        "{} Mitigated in part by {names}: no rate limit or pagination limit \
                         bounds consumption beyond one request",
                        Signal::Partial.symbol()
                    ),
                    Some(ControlStatus::Seen) => {
                        format!("{} Mitigated by {names}", Signal::Seen.symbol())
                    }
                    _ => format!(
                        "{} Mitigated by {names} (cited only: not seen running)",
                        Signal::CitedOnly.symbol()
                    ),
                }
            }
            Disposition::Accepted {
                reason,
                owner,
                expires,
                ticket,
            } => {
                details.push(format!("Reason: {}", text(reason)));
                if let Some(owner) = owner {
                    details.push(format!("Owner: {}", text(owner)));
                }
                if let Some(expires) = expires {
                    details.push(format!("Expires: {}", self.expiry(threat, expires)));
                }
                if let Some(ticket) = ticket {
                    details.push(format!("Ticket: {}", text(ticket)));
                }
                "⚠️ Accepted".to_owned()
            }
            Disposition::Transferred { to, ticket } => {
                if let Some(ticket) = ticket {
                    details.push(format!("Ticket: {}", text(ticket)));
                }
                format!("↪ Transferred to {}", text(to))
            }
            Disposition::Open {
                reason,
                ticket,
                owner,
                expires,
            } => {
                details.push(format!("What is wrong: {}", text(reason)));
                details.push(format!("Ticket: {}", text(ticket)));
                if let Some(owner) = owner {
                    details.push(format!("Owner: {}", text(owner)));
                }
                if let Some(expires) = expires {
                    details.push(format!("Fix due: {}", self.due(threat, expires)));
                }
                "❌ Open".to_owned()
            }
            Disposition::Undisposed => {
                "❌ *Undisposed*: no disposition written; the build fails on it".to_owned()
            }
        };
        let stride: String = threat.stride.iter().map(|s| s.letter()).collect();
        vec![
            threat_label(threat),
            self.risk_cell(threat),
            optional(threat.owasp_api_2023.as_deref()),
            optional(Some(stride.as_str()).filter(|s| !s.is_empty())),
            weakness_ids(threat),
            disposition,
            list_or_none(details, "<br>"),
            source_cell(&threat.location),
        ]
    }

    /// A threat's risk rating and what decided it: `**High** (catalogue)`, `**Critical**
    /// (asset Account)`, `**Low** (stated)`; — when it is not rated.
    fn risk_cell(&self, threat: &Threat) -> String {
        let Some(rating) = self.ratings.of(threat) else {
            return NONE.to_owned();
        };
        let basis = match &rating.basis {
            RiskBasis::Stated => "stated".to_owned(),
            RiskBasis::Asset { id } => format!("asset {}", self.asset_name(id)),
            RiskBasis::Exposed { id } => format!("exposes {}", self.asset_name(id)),
            RiskBasis::Carried { id } => format!("carries {}", self.asset_name(id)),
            RiskBasis::Catalogue { .. } => "catalogue".to_owned(),
        };
        format!("**{}** ({basis})", level_title(rating.level))
    }

    /// An accepted risk's `expires` date, marked when the acceptance has expired.
    fn expiry(&self, threat: &Threat, date: &str) -> String {
        if self.index.expired.contains(threat.id.as_str()) {
            format!("{} **expired**", text(date))
        } else {
            text(date)
        }
    }

    /// An open weakness's `expires` date (the fix is due), marked when the fix is overdue.
    fn due(&self, threat: &Threat, date: &str) -> String {
        if self.overdue.contains(&threat.id.as_str()) {
            format!("{} **overdue**", text(date))
        } else {
            text(date)
        }
    }

    fn boundary_name(&self, id: &str) -> String {
        let boundary = self.index.boundaries.get(id);
        text(boundary.map_or(id, |b| &b.name))
    }

    fn component_name(&self, id: &str) -> String {
        let component = self.index.components.get(id);
        text(component.map_or(id, |c| &c.name))
    }

    fn asset_name(&self, id: &str) -> String {
        let asset = self.index.assets.get(id);
        text(asset.map_or(id, |a| &a.name))
    }

    /// A mitigation named in a disposition, as a code span (its name is a Rust item's name).
    fn mitigation_name(&self, id: &str) -> String {
        let mitigation = self.index.mitigations.get(id);
        cell_code(mitigation.map_or(id, |m| &m.name))
    }
}

/// A threat's CWE and CAPEC ids, `CWE-639, CAPEC-122`; — when it has none.
fn weakness_ids(threat: &Threat) -> String {
    let ids: Vec<String> = threat
        .cwe
        .iter()
        .chain(&threat.capec)
        .map(|id| text(id))
        .collect();
    list_or_none(ids, ", ")
}

/// The columns of a threat table (the endpoint sections and "Threats on other code").
const THREAT_COLUMNS: [&str; 8] = [
    "Threat",
    "Risk",
    "OWASP API 2023",
    "STRIDE",
    "CWE / CAPEC",
    "Disposition",
    "Details",
    "Source",
];

/// The first cell of the matrix's last row.
const ALL_ENDPOINTS: &str = "**All endpoints**";

/// The legend of the one set of control-status symbols (DESIGN §7), a line per symbol.
fn legend() -> Vec<String> {
    Signal::ALL
        .iter()
        .map(|signal| format!("{} {}", signal.symbol(), signal.meaning()))
        .collect()
}

/// `` `name` (TM0007) ``: how a rule is named in tables.
/// `raw` with its backtick-quoted spans as code spans and the rest as text, each escaped (the
/// analysis writes Rust paths in backticks, as rustc's messages do).
fn with_code(raw: &str) -> String {
    raw.split('`')
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 {
                code(part)
            } else {
                // `text` trims: keep the spaces around the code spans.
                let lead = if part.starts_with(' ') { " " } else { "" };
                let trail = if part.ends_with(' ') && !part.trim().is_empty() {
                    " "
                } else {
                    ""
                };
                format!("{lead}{}{trail}", text(part))
            }
        })
        .collect()
}

/// Where the route table says `endpoint` is served.
fn served_fact(claims: &Claims<'_>, endpoint: &Endpoint) -> String {
    let list = |routes: &[&Route]| {
        routes
            .iter()
            .map(|r| {
                format!(
                    "{} ({}:{})",
                    code(&format!("{} {}", r.method, r.path)),
                    text(&r.location.file),
                    r.location.line
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match claims.served(&endpoint.id) {
        Some(Served::At(routes)) => format!("**Served at:** {}", list(routes)),
        Some(Served::Elsewhere(routes)) => format!(
            "**Served at:** ❌ not as claimed; the handler is served as {}",
            list(routes)
        ),
        Some(Served::Not) => "**Served at:** ❌ no router serves the handler".to_owned(),
        Some(Served::Unknown(why)) => format!("**Served at:** unknown ({})", with_code(why)),
        None => "**Served at:** unknown".to_owned(),
    }
}

fn rule_cell(finding: &Finding) -> String {
    format!(
        "{} ({})",
        cell_code(&finding.rule_name),
        text(&finding.rule_id)
    )
}

/// `METHOD route`, how an endpoint is named in tables.
fn endpoint_label(endpoint: &Endpoint) -> String {
    format!("{} {}", endpoint.method, endpoint.route)
}

/// A threat's title and kind id; custom threats have no title but their id.
fn threat_label(threat: &Threat) -> String {
    if threat.custom {
        format!("{} (custom)", cell_code(&threat.kind))
    } else {
        format!("{} ({})", text(&threat.title), cell_code(&threat.kind))
    }
}

fn level_title(level: Level) -> &'static str {
    match level {
        Level::Critical => "Critical",
        Level::High => "High",
        Level::Medium => "Medium",
        Level::Low => "Low",
    }
}

fn auth_requirement(auth: AuthRequirement) -> &'static str {
    match auth {
        AuthRequirement::Required => "required",
        AuthRequirement::Optional => "optional",
        AuthRequirement::None => "none (public)",
    }
}

fn destination(destination: Destination) -> &'static str {
    match destination {
        Destination::Fixed => "fixed",
        Destination::Caller => "chosen by the caller",
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

fn count_row(label: &str, count: usize) -> Vec<String> {
    vec![label.to_owned(), count.to_string()]
}

/// `value` as text, or — when absent or blank.
fn optional(value: Option<&str>) -> String {
    match value.map(text) {
        Some(value) if !value.is_empty() => value,
        _ => NONE.to_owned(),
    }
}

/// Already rendered items joined by `separator`, or — when there are none.
fn list_or_none(items: Vec<String>, separator: &str) -> String {
    if items.is_empty() {
        NONE.to_owned()
    } else {
        items.join(separator)
    }
}

/// `` `file:line` `` of a location, written by `code` (prose or table cell), followed by
/// "(test only)" in code only tests compile; "unknown location" when the location has no file.
fn source(location: &Location, code: fn(&str) -> String) -> String {
    if location.file.is_empty() {
        "unknown location".to_owned()
    } else if location.test_only {
        format!(
            "{} (test only)",
            code(&format!("{}:{}", location.file, location.line))
        )
    } else {
        code(&format!("{}:{}", location.file, location.line))
    }
}

fn source_cell(location: &Location) -> String {
    source(location, cell_code)
}

/// A Markdown document under construction: blocks separated by one blank line.
#[derive(Default)]
struct Document {
    blocks: Vec<String>,
}

/// Column alignment in a table's delimiter row.
#[derive(Debug, Clone, Copy)]
enum Align {
    Left,
    Center,
}

impl Document {
    /// Adds a block of already escaped Markdown.
    fn block(&mut self, markdown: String) {
        self.blocks.push(markdown);
    }

    /// Adds an ATX heading; `title` is already escaped.
    fn heading(&mut self, level: usize, title: &str) {
        self.blocks.push(format!("{} {title}", "#".repeat(level)));
    }

    /// Adds a bullet list of already escaped one-line items.
    fn list(&mut self, items: Vec<String>) {
        let lines: Vec<String> = items.into_iter().map(|item| format!("- {item}")).collect();
        self.blocks.push(lines.join("\n"));
    }

    /// Adds a table whose columns are all left-aligned; cells are already escaped.
    fn table<S: AsRef<str>>(&mut self, columns: &[S], rows: Vec<Vec<String>>) {
        self.table_aligned(columns, &vec![Align::Left; columns.len()], rows);
    }

    /// Adds a table; `columns` are trusted headers, cells are already escaped for table cells.
    fn table_aligned<S: AsRef<str>>(
        &mut self,
        columns: &[S],
        alignments: &[Align],
        rows: Vec<Vec<String>>,
    ) {
        let row = |cells: &mut dyn Iterator<Item = &str>| {
            let cells: Vec<&str> = cells.collect();
            format!("| {} |", cells.join(" | "))
        };
        let mut lines = vec![row(&mut columns.iter().map(AsRef::as_ref))];
        lines.push(row(&mut alignments.iter().map(|align| match align {
            Align::Left => "---",
            Align::Center => ":---:",
        })));
        for cells in &rows {
            debug_assert_eq!(cells.len(), columns.len(), "a row for every column");
            lines.push(row(&mut cells.iter().map(String::as_str)));
        }
        self.blocks.push(lines.join("\n"));
    }

    /// The document, ending with exactly one newline.
    fn finish(self) -> String {
        let mut markdown = self.blocks.join("\n\n");
        markdown.truncate(markdown.trim_end().len());
        markdown.push('\n');
        markdown
    }
}

/// Escapes `raw` as inline text safe in prose and in table cells; line breaks become `<br>`.
fn text(raw: &str) -> String {
    escape_text(raw, "<br>")
}

/// Escapes `raw` as inline text for a heading, where a line break would end it: breaks become
/// spaces.
fn heading(raw: &str) -> String {
    escape_text(raw, " ")
}

fn escape_text(raw: &str, line_break: &str) -> String {
    let raw = raw.trim();
    let mut out = String::with_capacity(raw.len() + raw.len() / 8);
    let mut chars = raw.chars().peekable();
    // The character before `c` in `raw` (not in `out`).
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                // `\r\n` is one break.
                if c == '\r' && chars.peek() == Some(&'\n') {
                    previous = chars.next();
                    out.push_str(line_break);
                    continue;
                }
                out.push_str(line_break);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Between two letters or digits `_` cannot open or close emphasis: keep snake_case
            // readable in the source of the report.
            '_' if previous.is_some_and(char::is_alphanumeric)
                && chars.peek().is_some_and(|next| next.is_alphanumeric()) =>
            {
                out.push('_');
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '$' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c if is_invisible_control(c) => out.push('\u{FFFD}'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        previous = Some(c);
    }
    out
}

/// A code span for prose (outside tables); empty when `raw` is blank.
fn code(raw: &str) -> String {
    code_span(raw, false)
}

/// A code span for a table cell, where `|` must be written `\|` even inside code; empty when
/// `raw` is blank.
fn cell_code(raw: &str) -> String {
    code_span(raw, true)
}

fn code_span(raw: &str, in_table: bool) -> String {
    let flat: Cow<'_, str> = if raw
        .chars()
        .any(|c| c.is_control() || is_invisible_control(c))
    {
        raw.chars()
            .map(|c| {
                if is_invisible_control(c) {
                    '\u{FFFD}'
                } else if c.is_control() {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    } else {
        Cow::Borrowed(raw)
    };
    let content = flat.trim();
    if content.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if content.starts_with('`') || content.ends_with('`') {
        " "
    } else {
        ""
    };
    // Without a `|` there is nothing to escape, backslashes included.
    let body: Cow<'_, str> = if in_table && content.contains('|') {
        Cow::Owned(escape_pipes_in_code(content))
    } else {
        Cow::Borrowed(content)
    };
    let mut span = String::with_capacity(2 * fence.len() + 2 * pad.len() + body.len());
    for part in [&fence, pad, &body, pad, &fence] {
        span.push_str(part);
    }
    span
}

/// Writes every `|` as `\|` for a code span in a table cell. GFM reads a backslash before any
/// punctuation as an escape while it splits a row, so a run of backslashes right before a `|`
/// is doubled to keep the pipe's own escape.
fn escape_pipes_in_code(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut backslashes = 0;
    for c in content.chars() {
        match c {
            '\\' => backslashes += 1,
            '|' => {
                out.push_str(&"\\".repeat(2 * backslashes));
                out.push_str("\\|");
                backslashes = 0;
            }
            c => {
                out.push_str(&"\\".repeat(backslashes));
                out.push(c);
                backslashes = 0;
            }
        }
    }
    out.push_str(&"\\".repeat(backslashes));
    out
}

/// Bidirectional overrides and isolates, which can make text read differently from what it is.
fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use threatmodel_core::THREAT_KINDS;

    use super::*;

    #[test]
    fn owasp_names_match_the_catalogue_titles() {
        for (id, name) in OWASP_API_2023 {
            assert!(
                THREAT_KINDS
                    .iter()
                    .any(|kind| kind.owasp_api_2023 == Some(id) && kind.title == name),
                "no catalogue kind titled {name:?} maps to {id}"
            );
        }
    }

    #[test]
    fn text_escapes_markdown_and_html() {
        assert_eq!(text("  a|b  "), "a\\|b");
        assert_eq!(text("<script>"), "&lt;script&gt;");
        assert_eq!(text("one\r\ntwo\nthree"), "one<br>two<br>three");
        assert_eq!(text("snake_case _em_"), "snake_case \\_em\\_");
        assert_eq!(text("`x` *y* [z]"), "\\`x\\` \\*y\\* \\[z\\]");
        assert_eq!(text("a\\|b"), "a\\\\\\|b");
        assert_eq!(heading("a\nb ##"), "a b \\#\\#");
    }

    #[test]
    fn code_spans_fence_backticks_and_escape_pipes_in_tables() {
        assert_eq!(code("a::b"), "`a::b`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a``"), "``` `a`` ```");
        assert_eq!(code("a|b"), "`a|b`");
        assert_eq!(cell_code("a|b"), "`a\\|b`");
        assert_eq!(cell_code("a\\|b"), "`a\\\\\\|b`");
        assert_eq!(cell_code("a\nb"), "`a b`");
        assert_eq!(code("  "), "");
    }
}
