//! Open Threat Model (OTM) 0.2.0 export: the model as one OTM JSON document for IriusRisk and
//! other OTM consumers.
//!
//! The document follows the OTM 0.2.0 specification and its JSON Schema
//! (`tests/schemas/otm-0.2.0.schema.json`, iriusrisk/OpenThreatModel `otm_schema.json`). How the
//! model maps onto it:
//!
//! | model | OTM |
//! |---|---|
//! | trust boundary | `trustZones[]`, nested through `parent.trustZone` |
//! | component | `components[]` in its zone (`parent.trustZone`), `type` from its kind |
//! | the crate's own service | its `#[component(service)]`, or a synthetic component of type `service` for the crate |
//! | endpoint | `components[]` of type `api-endpoint` inside the service (`parent.component`) |
//! | data flow | `dataflows[]` with `source`/`destination` component ids and `assets` |
//! | asset | `assets[]` with `risk.confidentiality/integrity/availability` |
//! | threat | `threats[]` (definition) plus a threat instance on the element it concerns |
//! | mitigation | `mitigations[]`, and a mitigation instance in each threat instance citing it |
//! | `file:line` of every annotation | a `representations[]` element of the `code` representation |
//!
//! Ids are [`ids::readable`] ids of the model ids (`component-bank_api-infra-Postgres-…`), so
//! they are stable and unaffected by unrelated elements. The numeric scales OTM asks for are
//! derived as documented on [`render`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value, json};
use threatmodel_core::catalogue;
use threatmodel_core::{ComponentKind, DataClass, Disposition, Level, Stride};

use super::ids;
use super::pretty_json::StreamedDocument;
use crate::Model;
use crate::model::{Component, DataFlow, Endpoint, Location, RiskRatings, Threat};
use crate::rules::Context;

/// The OTM version written in `otmVersion`.
pub const OTM_VERSION: &str = "0.2.0";

/// Id of the one top-level representation, of type `code`, every code location belongs to.
const CODE_REPRESENTATION: &str = "source-code";

/// What the OTM document needs besides the model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OtmOptions {
    /// `project.name`; `project.id` is derived from it. A blank title gives `Threat model`.
    pub title: String,
    /// URL of the source repository, written as the code representation's `repository.url`
    /// (OTM 0.2.0 Repository object); `None` leaves it out.
    pub repository: Option<String>,
}

/// Renders `model` as an Open Threat Model 0.2.0 document: pretty-printed JSON ending with one
/// newline, valid against the official OTM 0.2.0 JSON Schema. A pure function: the same model
/// and options always give the same bytes. An empty model gives a valid document with empty
/// lists.
///
/// Derived values (OTM asks for numbers the annotations do not state):
///
/// - **Trust zones' `risk.trustRating`** (0–100, higher is more trusted), from what a zone holds,
///   its nested zones included: `100` when it runs a service of the model (a
///   `#[component(service)]`, or a crate's own service), else `80` when it holds a datastore,
///   queue or cache, else `20` when it holds only actors, external services or unresolved
///   references or when endpoints' callers come from it (`#[endpoint(boundary = ...)]`), else
///   `50` (nothing tells). Elements without a (resolvable) boundary go to one of two synthetic
///   zones: `Unzoned system elements` (services, stores, queues, caches; rated by the same
///   rule) and `Unzoned external elements` (actors, external services, unresolved references;
///   `20`). `attributes.trustRatingReason` says which rule applied.
/// - **Assets' `risk`**: each of confidentiality, integrity and availability from its level:
///   critical `100`, high `75`, medium `50`, low `25`.
/// - **Threats' `risk`**: `impact` from the threat's risk rating ([`Model::risk_ratings`]: its
///   `severity`, else the highest of its kind's catalogue severity and the level of its assets
///   and of the assets its endpoints expose or its data flow carries), medium when it is not
///   rated (same scale as assets); `impactComment` says which. `likelihood` is `null` (allowed by the
///   schema): the annotations do not assess it.
/// - **Threat instance `state`**: `mitigated` for `mitigated_by` (`partly-mitigated` when a
///   `residual` risk is stated, `exposed` when none of the cited mitigations is in the model),
///   `accepted` for `accepted`, `transferred` for `transferred`, `open` for `open` (a known
///   weakness, not fixed yet; the schema takes any string). Each cited mitigation found in
///   the model is a mitigation instance with state `implemented`: the code exists; once tests
///   were run or read (`--run-tests`, `--test-results`), `verified` when a `#[verifies]` test
///   covering the threat passed and none failed, `failing` when one failed.
/// - **Mitigations' `riskReduction`**: `75` when it implements a preventive control, `25` when
///   it implements only detective ones (`audit_logging`, `monitoring`), `50` for a custom control
///   alone.
///
/// Threats are instanced on the endpoint components of the handler they are written on, else
/// on the data flow or component they are written on, else (a threat on an asset, a type or
/// another function) on the service of the crate they are written in.
pub fn render(model: &Model, options: &OtmOptions) -> String {
    let view = View::new(model);
    let title = match options.title.trim() {
        "" => "Threat model",
        title => title,
    };

    let mut code = Map::new();
    code.insert("name".into(), json!("Source code"));
    code.insert("id".into(), json!(CODE_REPRESENTATION));
    code.insert("type".into(), json!("code"));
    code.insert(
        "description".into(),
        json!("Where each element is annotated: file paths relative to the workspace root, 1-based lines"),
    );
    if let Some(url) = &options.repository {
        code.insert("repository".into(), json!({ "url": url }));
    }

    let document = json!({
        "otmVersion": OTM_VERSION,
        "project": {
            "name": title,
            "id": ids::readable("project", title),
            "description": "Threat model exported by threatmodel from the Rust annotations of the code",
        },
        "representations": [Value::Object(code)],
        // Streamed below, as are the other lists that grow with the model.
        "assets": [],
        "trustZones": trust_zones(&view),
        "components": [],
        "dataflows": [],
        "threats": [],
        "mitigations": [],
    });
    let assets = model.assets.iter().map(|asset| {
        Item::Value(strip_nulls(json!({
            "name": asset.name,
            "id": ids::readable("asset", &asset.id),
            "description": asset.description,
            "risk": {
                "confidentiality": level_score(asset.confidentiality),
                "integrity": level_score(asset.integrity),
                "availability": level_score(asset.availability),
                "comment": format!(
                    "from the asset's levels: confidentiality {}, integrity {}, availability {} \
                     (critical 100, high 75, medium 50, low 25)",
                    asset.confidentiality, asset.integrity, asset.availability
                ),
            },
            "attributes": strip_nulls(json!({
                "rustPath": asset.id,
                "level": asset.level.as_str(),
                "dataClass": asset.data.map(DataClass::as_str),
                "owner": asset.owner,
                "source": source(&asset.location),
            })),
        })))
    });
    let mitigations = model.mitigations.iter().map(|mitigation| {
        Item::Value(strip_nulls(json!({
            "name": mitigation.name,
            "id": ids::readable("mitigation", &mitigation.id),
            "description": mitigation.description.clone().or_else(|| mitigation.custom.clone()),
            "riskReduction": risk_reduction(&mitigation.controls),
            "attributes": strip_nulls(json!({
                "rustPath": mitigation.id,
                "controls": join(mitigation.controls.iter().map(String::as_str)),
                "custom": mitigation.custom,
                "appliesTo": join(mitigation.applies_to.iter().map(String::as_str)),
                "addresses": join(mitigation.addresses.iter().map(String::as_str)),
                "source": source(&mitigation.location),
            })),
        })))
    });
    // Threat definitions keep a required `null`.
    let threats = model
        .threats
        .iter()
        .map(|threat| Item::Threat(threat_definition(&view, threat)));
    StreamedDocument::new(strip_nulls(document))
        .array(&["assets"], assets)
        .array(&["components"], components(&view))
        .array(&["dataflows"], dataflows(&view))
        .array(&["threats"], threats)
        .array(&["mitigations"], mitigations)
        .finish(
            // About 1.2 KiB per element at most, as written for generated models.
            1_536
                * (model.threats.len()
                    + model.endpoints.len()
                    + model.data_flows.len()
                    + view.nodes.len()
                    + model.assets.len()
                    + model.mitigations.len()
                    + 8),
        )
}

/// `value` without object members that are `null` (optional fields left out rather than
/// written as `null`), recursively.
pub(crate) fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// `file:line`, as editors and the Markdown report write it.
fn source(location: &Location) -> String {
    format!("{}:{}", location.file, location.line)
}

/// A comma-separated list, `None` when empty.
fn join<'a>(items: impl Iterator<Item = &'a str>) -> Option<String> {
    let items: Vec<&str> = items.collect();
    (!items.is_empty()).then(|| items.join(", "))
}

/// A representation element of the code representation for the element with OTM id `id`.
fn code_at(id: &str, location: &Location) -> Value {
    json!([{
        "representation": CODE_REPRESENTATION,
        "id": format!("{id}-code"),
        "name": source(location),
        "file": location.file,
        "line": location.line,
    }])
}

/// The 0–100 value of a level: critical 100, high 75, medium 50, low 25.
pub(crate) fn level_score(level: Level) -> u32 {
    match level {
        Level::Critical => 100,
        Level::High => 75,
        Level::Medium => 50,
        Level::Low => 25,
    }
}

/// The STRIDE category as a title (`Information Disclosure`).
fn stride_title(stride: Stride) -> &'static str {
    match stride {
        Stride::Spoofing => "Spoofing",
        Stride::Tampering => "Tampering",
        Stride::Repudiation => "Repudiation",
        Stride::InformationDisclosure => "Information Disclosure",
        Stride::DenialOfService => "Denial of Service",
        Stride::ElevationOfPrivilege => "Elevation of Privilege",
    }
}

/// `riskReduction` of a mitigation implementing `controls` (see [`render`]).
fn risk_reduction(controls: &[String]) -> u32 {
    const DETECTIVE: [&str; 2] = ["audit_logging", "monitoring"];
    if controls.is_empty() {
        50
    } else if controls.iter().all(|c| DETECTIVE.contains(&c.as_str())) {
        25
    } else {
        75
    }
}

/// A node of the architecture: a component, a crate's own service when it has no (single)
/// `#[component(service)]`, or a component a flow names that is not in the model.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum NodeKey {
    /// A `#[component]`, by id.
    Component(String),
    /// The service of a crate with no or several `#[component(service)]`, by crate name.
    Crate(String),
    /// A path a data flow names that is no component of the model.
    Unresolved(String),
}

/// Where an element runs, for zones and layout.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ZoneKey {
    /// A trust boundary of the model, by id.
    Boundary(String),
    /// No (resolvable) boundary: actors, external services, unresolved references.
    UnzonedExternal,
    /// No (resolvable) boundary: services, stores, queues, caches, crates' own services.
    UnzonedSystem,
}

/// The OTM or Threat Dragon element a threat is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum ThreatTarget {
    /// The endpoints of this handler.
    Handler(String),
    /// This data flow.
    Flow(String),
    /// This node.
    Node(NodeKey),
}

/// What a zone holds, its nested zones included: what its trust rating is derived from.
#[derive(Debug, Clone, Copy, Default)]
struct Held {
    /// A node (any kind).
    any: bool,
    /// A service of the model: a `#[component(service)]` or a crate's own service.
    service: bool,
    /// A datastore, queue or cache.
    store: bool,
    /// The callers of an endpoint (its `boundary`).
    callers: bool,
}

/// The architecture both diagram-like exports draw: nodes, their zones and trust.
///
/// Built once per export, with indexes for every question the exporters ask per element
/// (which threats go on an element, how severe a threat is, how trusted a zone is), so an
/// export grows with the model rather than with its square. The indexes are only looked up;
/// what the exporters iterate is the model's lists and `nodes`, in their own order.
pub(crate) struct View<'m> {
    /// The model.
    pub(crate) model: &'m Model,
    /// Lookups shared with the rules.
    pub(crate) cx: Context<'m>,
    /// Every node, sorted by key.
    pub(crate) nodes: BTreeSet<NodeKey>,
    /// Handlers of endpoints, for [`View::threat_target`].
    handlers: HashSet<&'m str>,
    /// The data flows of each id, in model order (one, unless ids repeat).
    flows_by_id: HashMap<&'m str, Vec<&'m DataFlow>>,
    /// The threats on each target, in model order.
    threats_by_target: HashMap<ThreatTarget, Vec<&'m Threat>>,
    /// What each zone holds, its nested zones included.
    held: HashMap<ZoneKey, Held>,
    /// The threats' risk ratings.
    ratings: RiskRatings<'m>,
}

impl<'m> View<'m> {
    /// The nodes of `model`: its components, the crates' own services that endpoints, flows or
    /// threats need, and unresolved flow ends.
    pub(crate) fn new(model: &'m Model) -> Self {
        let cx = Context::new(model, "");
        let mut endpoints_by_handler: HashMap<&'m str, Vec<&'m Endpoint>> = HashMap::new();
        for endpoint in &model.endpoints {
            endpoints_by_handler
                .entry(endpoint.handler.as_str())
                .or_default()
                .push(endpoint);
        }
        let mut flows_by_id: HashMap<&'m str, Vec<&'m DataFlow>> = HashMap::new();
        for flow in &model.data_flows {
            flows_by_id.entry(flow.id.as_str()).or_default().push(flow);
        }
        let mut view = View {
            model,
            cx,
            nodes: model
                .components
                .iter()
                .map(|c| NodeKey::Component(c.id.clone()))
                .collect(),
            handlers: endpoints_by_handler.keys().copied().collect(),
            flows_by_id,
            threats_by_target: HashMap::new(),
            held: HashMap::new(),
            ratings: model.risk_ratings(),
        };
        let mut threats_by_target: HashMap<ThreatTarget, Vec<&'m Threat>> = HashMap::new();
        for threat in &model.threats {
            threats_by_target
                .entry(view.threat_target(threat))
                .or_default()
                .push(threat);
        }
        let mut crates: BTreeSet<String> = BTreeSet::new();
        crates.extend(model.endpoints.iter().map(|e| e.location.krate.clone()));
        for flow in &model.data_flows {
            if flow.from.is_none() {
                crates.insert(flow.location.krate.clone());
            }
        }
        for target in threats_by_target.keys() {
            if let ThreatTarget::Node(NodeKey::Crate(krate)) = target {
                crates.insert(krate.clone());
            }
        }
        view.threats_by_target = threats_by_target;
        for krate in &crates {
            view.nodes.insert(view.service_of(krate));
        }
        for flow in &model.data_flows {
            let (from, to) = view.flow_ends(flow);
            view.nodes.insert(from);
            view.nodes.insert(to);
        }
        view.held = view.held();
        view
    }

    /// What each zone holds, its nested zones included: every node and every endpoint's
    /// callers marks the zone it is in and each zone that zone is nested in.
    fn held(&self) -> HashMap<ZoneKey, Held> {
        let mut held: HashMap<ZoneKey, Held> = HashMap::new();
        for node in &self.nodes {
            let kind = self.component(node).map(|c| c.kind);
            let service = matches!(node, NodeKey::Crate(_)) || kind == Some(ComponentKind::Service);
            let store = matches!(
                kind,
                Some(ComponentKind::Datastore | ComponentKind::Queue | ComponentKind::Cache)
            );
            for zone in self.enclosing(self.zone_of(node)) {
                let entry = held.entry(zone).or_default();
                entry.any = true;
                entry.service |= service;
                entry.store |= store;
            }
        }
        let callers: BTreeSet<ZoneKey> = self
            .model
            .endpoints
            .iter()
            .map(|e| self.zone_for(e.boundary.as_deref(), false))
            .collect();
        for zone in callers {
            for zone in self.enclosing(zone) {
                held.entry(zone).or_default().callers = true;
            }
        }
        held
    }

    /// `zone` and the zones it is nested in: every zone `outer` for which
    /// `zone_within(zone, outer)` holds.
    fn enclosing(&self, zone: ZoneKey) -> Vec<ZoneKey> {
        let ZoneKey::Boundary(inner) = &zone else {
            return vec![zone];
        };
        let mut zones = Vec::new();
        let mut current = Some(inner.as_str());
        while let Some(id) = current {
            zones.push(ZoneKey::Boundary(id.to_owned()));
            // Parent links never cycle here (`parent_of` cuts cycles); the bound is a guard.
            if zones.len() > self.model.trust_boundaries.len() {
                break;
            }
            current = self.parent_of(id);
        }
        zones
    }

    /// The node that is crate `krate`'s own service.
    pub(crate) fn service_of(&self, krate: &str) -> NodeKey {
        match self.cx.service_of(krate) {
            Some(service) => NodeKey::Component(service.id.clone()),
            None => NodeKey::Crate(krate.to_owned()),
        }
    }

    /// The component behind `key`, if it is one.
    pub(crate) fn component(&self, key: &NodeKey) -> Option<&'m Component> {
        match key {
            NodeKey::Component(id) => self.cx.component(id),
            _ => None,
        }
    }

    /// Source and destination nodes of `flow` (`from` missing: the crate's service).
    pub(crate) fn flow_ends(&self, flow: &DataFlow) -> (NodeKey, NodeKey) {
        let end = |id: &str| match self.cx.component(id) {
            Some(c) => NodeKey::Component(c.id.clone()),
            None => NodeKey::Unresolved(id.to_owned()),
        };
        let from = match &flow.from {
            Some(id) => end(id),
            None => self.service_of(&flow.location.krate),
        };
        (from, end(&flow.to))
    }

    /// Display name of a node.
    pub(crate) fn name(&self, key: &NodeKey) -> String {
        match key {
            NodeKey::Component(id) => self
                .cx
                .component(id)
                .map_or_else(|| id.clone(), |c| c.name.clone()),
            NodeKey::Crate(krate) => format!("{krate} (this service)"),
            NodeKey::Unresolved(path) => format!("{path} (unresolved)"),
        }
    }

    /// Whether a node is part of the system (service, store, queue, cache) rather than outside.
    pub(crate) fn is_system(&self, key: &NodeKey) -> bool {
        match key {
            NodeKey::Crate(_) => true,
            NodeKey::Unresolved(_) => false,
            NodeKey::Component(_) => self.component(key).is_some_and(|c| {
                !matches!(
                    c.kind,
                    ComponentKind::Actor | ComponentKind::ExternalService
                )
            }),
        }
    }

    /// The zone a trust boundary reference puts an element in (`system`: which unzoned zone).
    pub(crate) fn zone_for(&self, boundary: Option<&str>, system: bool) -> ZoneKey {
        match boundary.and_then(|id| self.cx.boundary(id)) {
            Some(b) => ZoneKey::Boundary(b.id.clone()),
            None if system => ZoneKey::UnzonedSystem,
            None => ZoneKey::UnzonedExternal,
        }
    }

    /// The zone a node runs in.
    pub(crate) fn zone_of(&self, key: &NodeKey) -> ZoneKey {
        let boundary = self.component(key).and_then(|c| c.boundary.as_deref());
        self.zone_for(boundary, self.is_system(key))
    }

    /// The parent zone of a trust boundary, when it names one of the model (and no cycle).
    pub(crate) fn parent_of(&self, boundary: &str) -> Option<&'m str> {
        let parent = self.cx.boundary(boundary)?.parent.as_deref()?;
        let parent = self.cx.boundary(parent)?;
        // A cycle of parents would nest a zone in itself: cut it at this zone.
        (!self.cx.within(&parent.id, boundary)).then_some(parent.id.as_str())
    }

    /// Every zone that holds something or is a declared boundary, sorted.
    pub(crate) fn zones(&self) -> Vec<ZoneKey> {
        let mut zones: BTreeSet<ZoneKey> = self
            .model
            .trust_boundaries
            .iter()
            .map(|b| ZoneKey::Boundary(b.id.clone()))
            .collect();
        zones.extend(self.nodes.iter().map(|n| self.zone_of(n)));
        for endpoint in &self.model.endpoints {
            zones.insert(self.zone_for(endpoint.boundary.as_deref(), false));
        }
        zones.into_iter().collect()
    }

    /// The OTM `trustRating` of a zone and the rule that gave it (see [`render`]).
    pub(crate) fn trust_rating(&self, zone: &ZoneKey) -> (u32, &'static str) {
        if *zone == ZoneKey::UnzonedExternal {
            return (
                20,
                "elements outside the system with no declared trust boundary",
            );
        }
        let held = self.held.get(zone).copied().unwrap_or_default();
        if held.service {
            return (100, "runs a service of the model");
        }
        if held.store {
            return (80, "holds a datastore, queue or cache of the model");
        }
        if held.any || held.callers {
            return (
                20,
                "holds only actors, external services or endpoints' callers",
            );
        }
        (50, "holds no element that tells")
    }

    /// Where a threat goes (see [`render`]).
    pub(crate) fn threat_target(&self, threat: &Threat) -> ThreatTarget {
        let subject = &threat.subject;
        if self.handlers.contains(subject.as_str()) {
            ThreatTarget::Handler(subject.clone())
        } else if self.flows_by_id.contains_key(subject.as_str()) {
            ThreatTarget::Flow(subject.clone())
        } else if self.cx.component(subject).is_some() {
            ThreatTarget::Node(NodeKey::Component(subject.clone()))
        } else {
            ThreatTarget::Node(self.service_of(&threat.location.krate))
        }
    }

    /// The threats whose target is `target`, in model order.
    pub(crate) fn threats_on(&self, target: &ThreatTarget) -> Vec<&'m Threat> {
        self.threats_by_target
            .get(target)
            .cloned()
            .unwrap_or_default()
    }

    /// How severe a threat is, and why: its risk rating ([`Model::risk_ratings`]: the stated
    /// `severity`, else the highest of its kind's catalogue severity and the criticality of its
    /// assets and of those its element exposes or carries); `None` when it is not rated.
    pub(crate) fn threat_level(&self, threat: &Threat) -> (Option<Level>, String) {
        match self.ratings.of(threat) {
            Some(rating) => (
                Some(rating.level),
                format!("risk rating {}: {}", rating.level, rating.basis),
            ),
            None => (
                None,
                "not rated (a custom kind without STRIDE categories, no severity, no asset): \
                 medium by default"
                    .to_owned(),
            ),
        }
    }

    /// Ids of the assets of `ids` that exist in the model, sorted, without repeats.
    pub(crate) fn known_assets<'a>(&self, ids: impl Iterator<Item = &'a String>) -> Vec<&'m str> {
        let set: BTreeSet<&'m str> = ids
            .filter_map(|id| self.cx.asset(id))
            .map(|a| a.id.as_str())
            .collect();
        set.into_iter().collect()
    }
}

/// OTM id of a zone.
fn zone_id(zone: &ZoneKey) -> String {
    match zone {
        ZoneKey::Boundary(id) => ids::readable("trustzone", id),
        ZoneKey::UnzonedExternal => "trustzone-unzoned-external".to_owned(),
        ZoneKey::UnzonedSystem => "trustzone-unzoned-system".to_owned(),
    }
}

/// OTM id of a node.
pub(crate) fn node_id(key: &NodeKey) -> String {
    match key {
        NodeKey::Component(id) => ids::readable("component", id),
        NodeKey::Crate(krate) => ids::readable("crate", krate),
        NodeKey::Unresolved(path) => ids::readable("unresolved", path),
    }
}

fn trust_zones(view: &View<'_>) -> Vec<Value> {
    view.zones()
        .iter()
        .map(|zone| {
            let (rating, reason) = view.trust_rating(zone);
            let mut value = json!({
                "id": zone_id(zone),
                "risk": { "trustRating": rating },
            });
            let attributes = match zone {
                ZoneKey::Boundary(id) => {
                    let boundary = view.cx.boundary(id).expect("zones come from the model");
                    value["name"] = json!(boundary.name);
                    value["type"] = json!("trust-boundary");
                    if let Some(description) = &boundary.description {
                        value["description"] = json!(description);
                    }
                    if let Some(parent) = view.parent_of(id) {
                        value["parent"] =
                            json!({ "trustZone": zone_id(&ZoneKey::Boundary(parent.to_owned())) });
                    }
                    value["representations"] = code_at(&zone_id(zone), &boundary.location);
                    json!({ "rustPath": id, "source": source(&boundary.location) })
                }
                ZoneKey::UnzonedExternal => {
                    value["name"] = json!("Unzoned external elements");
                    value["type"] = json!("synthetic");
                    value["description"] =
                        json!("Actors, external services and unresolved references declared without a trust boundary");
                    json!({})
                }
                ZoneKey::UnzonedSystem => {
                    value["name"] = json!("Unzoned system elements");
                    value["type"] = json!("synthetic");
                    value["description"] =
                        json!("Services, stores, queues and caches declared without a trust boundary");
                    json!({})
                }
            };
            let mut attributes = attributes;
            attributes["trustRatingReason"] = json!(reason);
            value["attributes"] = attributes;
            value
        })
        .collect()
}

/// OTM `type` of a component kind.
fn component_type(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::Service => "service",
        ComponentKind::Datastore => "datastore",
        ComponentKind::ExternalService => "external-service",
        ComponentKind::Queue => "message-queue",
        ComponentKind::Cache => "cache",
        ComponentKind::Actor => "actor",
    }
}

/// The OTM state of mitigation `id` cited by `threat`: `implemented` (the code exists), or, once
/// tests were run or read, `verified` (a test covering this threat passed and none failed) or
/// `failing` (one failed).
fn mitigation_state(model: &Model, id: &str, threat: &Threat) -> &'static str {
    if model.test_results.is_none() {
        return "implemented";
    }
    let evidence = crate::model::Evidence::of(model.verifications_of(id, threat));
    if evidence.failed > 0 {
        "failing"
    } else if evidence.passed > 0 {
        "verified"
    } else {
        "implemented"
    }
}

/// A threat instance: the threat's id, its state and the mitigations it cites.
fn threat_instance(view: &View<'_>, threat: &Threat) -> ThreatInstance {
    let (state, mitigations): (&'static str, Vec<MitigationInstance>) = match &threat.disposition {
        Disposition::Mitigated { by, residual } => {
            let found: Vec<MitigationInstance> = by
                .iter()
                .filter_map(|id| view.cx.mitigation(id))
                .map(|m| MitigationInstance {
                    mitigation: ids::readable("mitigation", &m.id),
                    state: mitigation_state(view.model, &m.id, threat),
                })
                .collect();
            let state = if found.is_empty() {
                "exposed"
            } else if residual.is_some() {
                "partly-mitigated"
            } else {
                "mitigated"
            };
            (state, found)
        }
        Disposition::Accepted { .. } => ("accepted", Vec::new()),
        Disposition::Transferred { .. } => ("transferred", Vec::new()),
        Disposition::Open { .. } => ("open", Vec::new()),
        Disposition::Undisposed => ("undisposed", Vec::new()),
    };
    ThreatInstance {
        mitigations: (!mitigations.is_empty()).then_some(mitigations),
        state,
        threat: ids::readable("threat", &threat.id),
    }
}

fn threat_instances(view: &View<'_>, target: &ThreatTarget) -> Option<Vec<ThreatInstance>> {
    let threats = view.threats_on(target);
    (!threats.is_empty()).then(|| threats.iter().map(|t| threat_instance(view, t)).collect())
}

/// The `components[]`: every node, then every endpoint; built one at a time, with nulls left
/// out.
fn components<'v, 'm>(view: &'v View<'m>) -> impl Iterator<Item = Item<'v>> + 'v {
    let model = view.model;
    // Assets each node handles: carried by its flows, exposed by its crate's endpoints.
    let mut handled: BTreeMap<NodeKey, Vec<&'m String>> = BTreeMap::new();
    for flow in &model.data_flows {
        let (from, to) = view.flow_ends(flow);
        handled.entry(from).or_default().extend(&flow.data);
        handled.entry(to).or_default().extend(&flow.data);
    }
    for endpoint in &model.endpoints {
        handled
            .entry(view.service_of(&endpoint.location.krate))
            .or_default()
            .extend(&endpoint.exposes);
    }

    let nodes = view
        .nodes
        .iter()
        .map(move |key| Item::Value(strip_nulls(node_component(view, &handled, key))));
    let endpoints = model
        .endpoints
        .iter()
        .map(|endpoint| Item::Endpoint(endpoint_component(view, endpoint)));
    nodes.chain(endpoints)
}

/// The component of a node, with the assets it handles.
fn node_component(
    view: &View<'_>,
    handled: &BTreeMap<NodeKey, Vec<&String>>,
    key: &NodeKey,
) -> Value {
    {
        let id = node_id(key);
        let mut value = json!({
            "id": id,
            "name": view.name(key),
            "parent": { "trustZone": zone_id(&view.zone_of(key)) },
        });
        let component = view.component(key);
        match (key, component) {
            (_, Some(c)) => {
                value["type"] = json!(component_type(c.kind));
                if let Some(description) = &c.description {
                    value["description"] = json!(description);
                }
                value["representations"] = code_at(&id, &c.location);
                value["attributes"] = json!({ "rustPath": c.id, "source": source(&c.location) });
            }
            (NodeKey::Crate(krate), None) => {
                value["type"] = json!("service");
                value["description"] = json!(format!(
                    "The service built from crate `{krate}`, which declares no single #[component(service)]"
                ));
                value["attributes"] = json!({ "crate": krate, "synthetic": "true" });
            }
            (NodeKey::Unresolved(path), _) | (NodeKey::Component(path), None) => {
                value["type"] = json!("unresolved-reference");
                value["description"] = json!(format!(
                    "A data flow names `{path}`, which is no #[component] of the model"
                ));
                value["attributes"] = json!({ "rustPath": path, "synthetic": "true" });
            }
        }
        let assets = view.known_assets(handled.get(key).into_iter().flatten().copied());
        if !assets.is_empty() {
            let assets: Vec<String> = assets.iter().map(|a| ids::readable("asset", a)).collect();
            let stores = component.is_some_and(|c| {
                matches!(
                    c.kind,
                    ComponentKind::Datastore | ComponentKind::Queue | ComponentKind::Cache
                )
            });
            value["assets"] = if stores {
                json!({ "stored": assets })
            } else {
                json!({ "processed": assets })
            };
        }
        if let Some(threats) = threat_instances(view, &ThreatTarget::Node(key.clone())) {
            value["threats"] = json!(threats);
        }
        value
    }
}

/// The `api-endpoint` component of an endpoint, inside its crate's service.
fn endpoint_component<'m>(view: &View<'m>, endpoint: &'m Endpoint) -> EndpointComponent<'m> {
    let id = ids::readable("endpoint", &endpoint.id);
    let service = view.service_of(&endpoint.location.krate);
    let assets: Vec<String> = view
        .known_assets(endpoint.exposes.iter())
        .iter()
        .map(|a| ids::readable("asset", a))
        .collect();
    let callers = view.zone_for(endpoint.boundary.as_deref(), false);
    EndpointComponent {
        assets: (!assets.is_empty()).then_some(Processed { processed: assets }),
        attributes: EndpointAttributes {
            auth: endpoint.auth.map(|a| a.as_str()),
            callers_trust_zone: zone_id(&callers),
            handler: &endpoint.handler,
            method: &endpoint.method,
            owner: endpoint.owner.as_deref(),
            route: &endpoint.route,
            rust_path: &endpoint.id,
            source: source(&endpoint.location),
            version: endpoint.version.as_deref(),
        },
        description: endpoint.description.as_deref(),
        name: format!("{} {}", endpoint.method, endpoint.route),
        parent: ParentComponent {
            component: node_id(&service),
        },
        representations: [code_ref(&id, &endpoint.location)],
        id,
        // A handler's threats hold for each route it serves.
        threats: threat_instances(view, &ThreatTarget::Handler(endpoint.handler.clone())),
        kind: "api-endpoint",
    }
}

/// The `dataflows[]`, built one at a time.
fn dataflows<'v>(view: &'v View<'_>) -> impl Iterator<Item = Item<'v>> + 'v {
    view.model.data_flows.iter().map(|flow| {
        let id = ids::readable("dataflow", &flow.id);
        let (from, to) = view.flow_ends(flow);
        let assets: Vec<String> = view
            .known_assets(flow.data.iter())
            .iter()
            .map(|a| ids::readable("asset", a))
            .collect();
        Item::Dataflow(Dataflow {
            assets: (!assets.is_empty()).then_some(assets),
            attributes: DataflowAttributes {
                destination_chosen_by: flow.destination.as_str(),
                encrypted: if flow.encrypted { "true" } else { "false" },
                protocol: flow.protocol.as_deref(),
                rust_path: &flow.id,
                source: source(&flow.location),
            },
            bidirectional: flow.bidirectional,
            description: flow.description.as_deref(),
            destination: node_id(&to),
            name: &flow.name,
            representations: [code_ref(&id, &flow.location)],
            id,
            source: node_id(&from),
            tags: flow.protocol.as_deref().map(|p| [p]),
            threats: threat_instances(view, &ThreatTarget::Flow(flow.id.clone())),
        })
    })
}

fn threat_definition<'m>(view: &View<'m>, threat: &'m Threat) -> ThreatDefinition<'m> {
    let (level, why) = view.threat_level(threat);
    let description = threat.description.as_deref().or_else(|| {
        (!threat.custom)
            .then(|| catalogue::threat_kind(&threat.kind).map(|k| k.description))
            .flatten()
    });
    let mut tags: Vec<&str> = Vec::new();
    tags.extend(threat.owasp_api_2023.as_deref());
    tags.extend(threat.capec.iter().map(String::as_str));
    let mut attributes = ThreatAttributes {
        accepted_by: None,
        disposition: "",
        expires: None,
        fix_due: None,
        fix_owner: None,
        kind: &threat.kind,
        mitigated_by: None,
        owasp_api_2023: threat.owasp_api_2023.as_deref(),
        reason: None,
        residual: None,
        rust_path: &threat.id,
        source: source(&threat.location),
        subject: &threat.subject,
        ticket: None,
        transferred_to: None,
        weakness: None,
    };
    match &threat.disposition {
        Disposition::Mitigated { by, residual } => {
            attributes.disposition = "mitigated";
            attributes.mitigated_by = Some(by.join(", "));
            attributes.residual = residual.as_deref();
        }
        Disposition::Accepted {
            reason,
            owner,
            expires,
            ticket,
        } => {
            attributes.disposition = "accepted";
            attributes.reason = Some(reason);
            attributes.accepted_by = owner.as_deref();
            attributes.expires = expires.as_deref();
            attributes.ticket = ticket.as_deref();
        }
        Disposition::Transferred { to, ticket } => {
            attributes.disposition = "transferred";
            attributes.transferred_to = Some(to);
            attributes.ticket = ticket.as_deref();
        }
        Disposition::Open {
            reason,
            ticket,
            owner,
            expires,
        } => {
            attributes.disposition = "open";
            attributes.weakness = Some(reason);
            attributes.ticket = Some(ticket);
            attributes.fix_owner = owner.as_deref();
            attributes.fix_due = expires.as_deref();
        }
        Disposition::Undisposed => attributes.disposition = "undisposed",
    }
    ThreatDefinition {
        attributes,
        categories: threat.stride.iter().map(|s| stride_title(*s)).collect(),
        cwes: &threat.cwe,
        description,
        id: ids::readable("threat", &threat.id),
        name: &threat.title,
        // `likelihood` is required and may be `null`: the one null the document holds.
        risk: ThreatRisk {
            impact: level_score(level.unwrap_or(Level::Medium)),
            impact_comment: why,
            likelihood: None,
            likelihood_comment: "not assessed: the annotations record no likelihood",
        },
        tags: (!tags.is_empty()).then_some(tags),
    }
}

// The elements written per endpoint, data flow and threat, as typed values rather than `json!`
// maps: the same JSON (fields are declared in the order a `serde_json` map writes its keys,
// sorted; absent optional fields are left out, as `strip_nulls` leaves them out), built
// without a map insert per key.

/// An item of one of the document's streamed arrays.
enum Item<'a> {
    /// Built as a map (assets, mitigations, nodes: few).
    Value(Value),
    Endpoint(EndpointComponent<'a>),
    Dataflow(Dataflow<'a>),
    Threat(ThreatDefinition<'a>),
}

impl Serialize for Item<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::Value(item) => item.serialize(serializer),
            Item::Endpoint(item) => item.serialize(serializer),
            Item::Dataflow(item) => item.serialize(serializer),
            Item::Threat(item) => item.serialize(serializer),
        }
    }
}

/// A representation element of the code representation ([`code_at`]).
#[derive(Serialize)]
struct CodeRef<'a> {
    file: &'a str,
    id: String,
    line: u32,
    name: String,
    representation: &'static str,
}

/// [`code_at`] as a typed value.
fn code_ref<'a>(id: &str, location: &'a Location) -> CodeRef<'a> {
    CodeRef {
        file: &location.file,
        id: format!("{id}-code"),
        line: location.line,
        name: source(location),
        representation: CODE_REPRESENTATION,
    }
}

/// A threat instance on an element.
#[derive(Serialize)]
struct ThreatInstance {
    #[serde(skip_serializing_if = "Option::is_none")]
    mitigations: Option<Vec<MitigationInstance>>,
    state: &'static str,
    threat: String,
}

/// A mitigation instance in a threat instance.
#[derive(Serialize)]
struct MitigationInstance {
    mitigation: String,
    state: &'static str,
}

/// `{"processed": [asset ids]}`.
#[derive(Serialize)]
struct Processed {
    processed: Vec<String>,
}

/// `{"component": id}`.
#[derive(Serialize)]
struct ParentComponent {
    component: String,
}

/// The `api-endpoint` component of an endpoint.
#[derive(Serialize)]
struct EndpointComponent<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    assets: Option<Processed>,
    attributes: EndpointAttributes<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    id: String,
    name: String,
    parent: ParentComponent,
    representations: [CodeRef<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    threats: Option<Vec<ThreatInstance>>,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// The attributes of an endpoint component.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EndpointAttributes<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    auth: Option<&'static str>,
    callers_trust_zone: String,
    handler: &'a str,
    method: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    route: &'a str,
    rust_path: &'a str,
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

/// A data flow.
#[derive(Serialize)]
struct Dataflow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    assets: Option<Vec<String>>,
    attributes: DataflowAttributes<'a>,
    bidirectional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    destination: String,
    id: String,
    name: &'a str,
    representations: [CodeRef<'a>; 1],
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<[&'a str; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    threats: Option<Vec<ThreatInstance>>,
}

/// The attributes of a data flow.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataflowAttributes<'a> {
    destination_chosen_by: &'static str,
    encrypted: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<&'a str>,
    rust_path: &'a str,
    source: String,
}

/// A threat definition.
#[derive(Serialize)]
struct ThreatDefinition<'a> {
    attributes: ThreatAttributes<'a>,
    categories: Vec<&'static str>,
    cwes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    id: String,
    name: &'a str,
    risk: ThreatRisk,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<&'a str>>,
}

/// The attributes of a threat definition: its source and its disposition.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ThreatAttributes<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted_by: Option<&'a str>,
    disposition: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix_due: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix_owner: Option<&'a str>,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    mitigated_by: Option<String>,
    #[serde(rename = "owaspApi2023", skip_serializing_if = "Option::is_none")]
    owasp_api_2023: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    residual: Option<&'a str>,
    rust_path: &'a str,
    source: String,
    subject: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ticket: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transferred_to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weakness: Option<&'a str>,
}

/// A threat's risk: impact derived, likelihood not assessed (`null`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ThreatRisk {
    impact: u32,
    impact_comment: String,
    likelihood: Option<u32>,
    likelihood_comment: &'static str,
}

#[cfg(test)]
mod tests {
    //! The view's indexes against plain scans of the model (what they replaced), on a model with
    //! every kind of threat target, nested and cyclic boundaries, and repeated ids.

    use threatmodel_core::{ComponentKind, Level};

    use super::{NodeKey, ThreatTarget, View, ZoneKey};
    use crate::Model;
    use crate::model::Threat;

    fn at(krate: &str, line: u32) -> String {
        format!(
            r#"{{"package": "{krate}", "crate": "{krate}", "file": "src/lib.rs", "line": {line}, "column": 1}}"#
        )
    }

    fn model() -> Model {
        let (a, b) = (at("a", 1), at("b", 2));
        let asset = |id: &str, level: &str| {
            format!(
                r#"{{"id": "{id}", "name": "{id}", "level": "{level}", "confidentiality": "low", "integrity": "low", "availability": "low", "location": {a}}}"#
            )
        };
        let threat = |id: &str, subject: &str, krate: &str, extra: &str| {
            format!(
                r#"{{"id": "{id}", "kind": "injection", "title": "t", "stride": [], "subject": "{subject}", "disposition": {{"status": "accepted", "reason": "r"}}, {extra} "location": {}}}"#,
                at(krate, 3)
            )
        };
        let json = format!(
            r#"{{"schema_version": "1",
            "trust_boundaries": [
                {{"id": "z::Empty", "name": "e", "location": {a}}},
                {{"id": "z::Inner", "name": "i", "parent": "z::Outer", "location": {a}}},
                {{"id": "z::Loop1", "name": "l1", "parent": "z::Loop2", "location": {a}}},
                {{"id": "z::Loop2", "name": "l2", "parent": "z::Loop1", "location": {a}}},
                {{"id": "z::Orphan", "name": "o", "parent": "z::Nope", "location": {a}}},
                {{"id": "z::Outer", "name": "o", "location": {a}}},
                {{"id": "z::Store", "name": "s", "parent": "z::Loop1", "location": {a}}}],
            "components": [
                {{"id": "c::Api", "name": "api", "kind": "service", "boundary": "z::Inner", "location": {a}}},
                {{"id": "c::Cache", "name": "cache", "kind": "cache", "boundary": "z::Store", "location": {b}}},
                {{"id": "c::Db", "name": "db", "kind": "datastore", "boundary": "z::Outer", "location": {a}}},
                {{"id": "c::Ext", "name": "ext", "kind": "external_service", "location": {a}}},
                {{"id": "c::User", "name": "user", "kind": "actor", "boundary": "z::Gone", "location": {a}}}],
            "assets": [{}, {}, {}, {}],
            "mitigations": [],
            "endpoints": [
                {{"id": "h::a::get GET /a", "method": "GET", "route": "/a", "handler": "h::a::get", "boundary": "z::Empty", "exposes": ["x::Lo"], "location": {a}}},
                {{"id": "h::a::get GET /b", "method": "GET", "route": "/b", "handler": "h::a::get", "exposes": ["x::Hi", "x::Ghost"], "location": {a}}},
                {{"id": "h::b::post POST /c", "method": "POST", "route": "/c", "handler": "h::b::post", "boundary": "z::Orphan", "location": {b}}}],
            "data_flows": [
                {{"id": "f::a::store", "name": "store", "to": "c::Db", "data": ["x::Lo"], "encrypted": true, "destination": "fixed", "bidirectional": false, "location": {a}}},
                {{"id": "f::a::store", "name": "store", "to": "c::Db", "data": ["x::Crit"], "encrypted": true, "destination": "fixed", "bidirectional": false, "location": {a}}},
                {{"id": "f::b::out", "name": "out", "from": "c::Cache", "to": "c::Missing", "encrypted": false, "destination": "caller", "bidirectional": false, "location": {b}}}],
            "threats": [{}]}}"#,
            asset("x::Crit", "critical"),
            asset("x::Hi", "high"),
            asset("x::Hi", "low"),
            asset("x::Lo", "low"),
            [
                threat("t1", "h::a::get", "a", ""),
                threat(
                    "t2",
                    "h::a::get",
                    "a",
                    r#""assets": ["x::Lo", "x::Ghost"],"#
                ),
                threat("t3", "f::a::store", "a", ""),
                threat("t4", "f::b::out", "b", ""),
                threat("t5", "c::Db", "a", ""),
                threat("t6", "x::Hi", "a", ""),
                threat("t7", "o::helper", "b", r#""severity": "low","#),
                threat("t8", "h::b::post", "b", ""),
                threat("t8", "c::Missing", "b", ""),
            ]
            .join(",")
        );
        crate::export::json::parse(&json).expect("a model")
    }

    /// Where a threat goes, by scanning the model (the code the index replaced).
    fn scanned_target(view: &View<'_>, threat: &Threat) -> ThreatTarget {
        let model = view.model;
        let subject = &threat.subject;
        if model.endpoints.iter().any(|e| &e.handler == subject) {
            ThreatTarget::Handler(subject.clone())
        } else if model.data_flows.iter().any(|f| &f.id == subject) {
            ThreatTarget::Flow(subject.clone())
        } else if model.components.iter().any(|c| &c.id == subject) {
            ThreatTarget::Node(NodeKey::Component(subject.clone()))
        } else {
            ThreatTarget::Node(view.service_of(&threat.location.krate))
        }
    }

    /// How severe a threat is, by scanning the model: the stated severity, else the most
    /// severe of the catalogue's and of every asset at stake.
    fn scanned_level(model: &Model, threat: &Threat) -> Option<Level> {
        if threat.severity.is_some() {
            return threat.severity;
        }
        let exposed = model
            .endpoints
            .iter()
            .filter(|e| e.handler == threat.subject)
            .flat_map(|e| e.exposes.iter());
        let carried = model
            .data_flows
            .iter()
            .filter(|f| f.id == threat.subject)
            .flat_map(|f| f.data.iter());
        threat
            .assets
            .iter()
            .chain(exposed)
            .chain(carried)
            .filter_map(|id| model.assets.iter().find(|a| &a.id == id))
            .map(|a| a.level)
            .chain(threatmodel_core::catalogue::threat_kind(&threat.kind).map(|k| k.severity))
            .min()
    }

    /// Whether zone `inner` is `outer` or nested in it, by walking parents.
    fn within(view: &View<'_>, inner: &ZoneKey, outer: &ZoneKey) -> bool {
        match (inner, outer) {
            (ZoneKey::Boundary(inner), ZoneKey::Boundary(outer)) => {
                let mut current = Some(inner.as_str());
                let mut steps = 0;
                while let Some(id) = current {
                    if id == outer {
                        return true;
                    }
                    steps += 1;
                    if steps > view.model.trust_boundaries.len() {
                        return false;
                    }
                    current = view.parent_of(id);
                }
                false
            }
            (inner, outer) => inner == outer,
        }
    }

    /// A zone's trust rating, by scanning every node and endpoint.
    fn scanned_rating(view: &View<'_>, zone: &ZoneKey) -> u32 {
        if *zone == ZoneKey::UnzonedExternal {
            return 20;
        }
        let held: Vec<&NodeKey> = view
            .nodes
            .iter()
            .filter(|n| within(view, &view.zone_of(n), zone))
            .collect();
        let kind = |k: &NodeKey| view.component(k).map(|c| c.kind);
        let callers = view
            .model
            .endpoints
            .iter()
            .any(|e| within(view, &view.zone_for(e.boundary.as_deref(), false), zone));
        if held
            .iter()
            .any(|n| matches!(n, NodeKey::Crate(_)) || kind(n) == Some(ComponentKind::Service))
        {
            100
        } else if held.iter().any(|n| {
            matches!(
                kind(n),
                Some(ComponentKind::Datastore | ComponentKind::Queue | ComponentKind::Cache)
            )
        }) {
            80
        } else if !held.is_empty() || callers {
            20
        } else {
            50
        }
    }

    #[test]
    fn threat_targets_and_levels_match_a_scan_of_the_model() {
        let model = model();
        let view = View::new(&model);
        let mut targets: Vec<ThreatTarget> = Vec::new();
        for threat in &model.threats {
            let target = scanned_target(&view, threat);
            assert_eq!(view.threat_target(threat), target, "{}", threat.id);
            targets.push(target);
            let (level, _) = view.threat_level(threat);
            assert_eq!(level, scanned_level(&model, threat), "{}", threat.id);
        }
        targets.extend(view.nodes.iter().cloned().map(ThreatTarget::Node));
        targets.push(ThreatTarget::Handler("h::none".to_owned()));
        targets.push(ThreatTarget::Flow("f::none".to_owned()));
        for target in &targets {
            let scanned: Vec<&str> = model
                .threats
                .iter()
                .filter(|t| &scanned_target(&view, t) == target)
                .map(|t| t.id.as_str())
                .collect();
            let indexed: Vec<&str> = view
                .threats_on(target)
                .iter()
                .map(|t| t.id.as_str())
                .collect();
            assert_eq!(indexed, scanned, "{target:?}");
        }
        // Every kind of target is met: the test would not pass on a model that lacks one.
        assert!(
            targets
                .iter()
                .any(|t| matches!(t, ThreatTarget::Node(NodeKey::Crate(_))))
        );
        assert!(
            !view
                .threats_on(&ThreatTarget::Flow("f::a::store".to_owned()))
                .is_empty()
        );
    }

    #[test]
    fn trust_ratings_match_a_scan_of_every_node_and_endpoint() {
        let model = model();
        let view = View::new(&model);
        let mut zones = view.zones();
        zones.extend([
            ZoneKey::UnzonedSystem,
            ZoneKey::UnzonedExternal,
            ZoneKey::Boundary("z::Nope".to_owned()),
        ]);
        let mut ratings = Vec::new();
        for zone in &zones {
            let rating = view.trust_rating(zone).0;
            assert_eq!(rating, scanned_rating(&view, zone), "{zone:?}");
            ratings.push(rating);
        }
        ratings.sort_unstable();
        ratings.dedup();
        assert_eq!(ratings, [20, 50, 80, 100], "every rating is met");
    }
}
