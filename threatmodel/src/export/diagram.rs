//! The data-flow diagram that the DOT and Mermaid exporters draw: which nodes, nested trust
//! boundary clusters and edges a model gives, before either syntax is written.
//!
//! What is drawn, the same in both formats:
//!
//! - every trust boundary is a cluster, nested inside its `parent` (a boundary whose parent is
//!   unknown, or whose parents form a cycle, is drawn at the top level);
//! - every component is a node inside its boundary's cluster (at the top level when it has no
//!   known boundary), shaped by its kind;
//! - every endpoint is a small node next to the service that handles it (the crate's
//!   `#[component(service)]`, see [`crate::rules::Context::service_of`]), with an edge from
//!   its callers and a dotted edge to the service. The callers are the one actor component of
//!   the endpoint's `boundary` (where callers come from) when it holds exactly one, else a
//!   synthetic "Callers" node placed there. Endpoints are nodes rather than edge labels because
//!   threats are recorded on handlers, and a node can carry the highlight and the count;
//! - every served route that no endpoint describes (the code facts' `unmodelled_endpoint`
//!   routes) is a dashed endpoint node labelled `«unmodelled»` next to its crate's service,
//!   with a dotted edge to it;
//! - every data flow is an edge labelled with the names of the assets it carries and its
//!   protocol; an unencrypted flow is drawn dashed and red and says `unencrypted`. Flows
//!   between the same two nodes over the same protocol, alike in encryption and direction
//!   (one per handler to the same database, typically), are drawn as one edge that lists the
//!   data they carry together and their count (`9 flows`), and names each flow in the tooltip;
//!   the JSON and OTM exports keep every flow;
//! - an actor that no flow or endpoint connects is not drawn: it says nothing about how data
//!   moves, and the report's component table and the other exports keep it;
//! - a flow without `from` starts at the crate's service component, or at a synthetic dashed
//!   node named after the crate when the crate has no (or more than one) service component;
//! - a flow or endpoint naming a component the model does not hold gets a dashed placeholder
//!   node that names the missing id, so any model can be drawn.
//!
//! Labels: a component shows its name and its kind in guillemets (`Postgres` / `«datastore»`),
//! an endpoint `METHOD route`, a flow the asset names and the protocol (and `unencrypted`), a
//! callers edge the exposed assets and `auth required` / `auth optional` / `no auth`. Every
//! label line is cut to 60 characters and every tooltip line to 1,000, with `…`.
//!
//! Highlighting: a node or flow is flagged (red, thicker border or line) when threats recorded on
//! it are *open* (a known weakness, not fixed yet) or *accepted* (the risk stays with the
//! service: a handler's threats flag its endpoints, a component's threats its node, a data-flow
//! fn's threats its edge), and, when [`DiagramOptions::findings`] is given, when unsuppressed
//! rule findings point at it (by the finding's element id: an endpoint, component, flow, or a
//! threat on one of them; else by the annotated item). A flagged element's label gains a line
//! such as `⚠ 1 open, 2 accepted, 1 finding`;
//! DOT also lists them in the tooltip. Threats and findings on other elements (assets,
//! mitigations) are not drawn.
//!
//! Node ids are [`ids::token`]s of model ids, so they are stable across runs and unaffected by
//! unrelated elements. Label text is kept raw here; each exporter escapes it for its grammar.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use threatmodel_core::{AuthRequirement, ComponentKind, Disposition};

use super::ids;
use crate::Model;
use crate::claims::Claims;
use crate::model::{Component, DataFlow, Threat, TrustBoundary, index_by_id};
use crate::rules::{Context, Finding};

/// Labels longer than this many characters are cut, with `…`, to keep diagrams readable.
const LABEL_CHARS: usize = 60;
/// Tooltip lines longer than this many characters are cut, with `…`.
const TOOLTIP_CHARS: usize = 1_000;

/// What a diagram shows besides the model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiagramOptions {
    /// Rule findings (from [`crate::rules::check`]); `None` when the rules were not run. The
    /// elements that unsuppressed findings point at are flagged like elements with open or
    /// accepted threats, and the count is shown.
    pub findings: Option<Vec<Finding>>,
}

/// How a node is drawn; each exporter maps it to a shape of its grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `#[component(actor)]`: an external entity.
    Actor,
    /// `#[component(external_service)]`: an external entity that is a system.
    ExternalService,
    /// `#[component(service)]`: a process.
    Service,
    /// `#[component(datastore)]`.
    Datastore,
    /// `#[component(queue)]`.
    Queue,
    /// `#[component(cache)]`.
    Cache,
    /// An `#[endpoint]`.
    Endpoint,
    /// Synthetic: a route the code serves that no `#[endpoint]` describes (TM0017's facts).
    Unmodelled,
    /// Synthetic: the callers of endpoints from one boundary.
    Callers,
    /// Synthetic: a crate without a single service component.
    Crate,
    /// Synthetic: a component id the model does not hold.
    Missing,
}

impl Shape {
    /// Whether the node stands for no annotated element (drawn dashed).
    pub(crate) fn synthetic(self) -> bool {
        matches!(
            self,
            Shape::Callers | Shape::Crate | Shape::Missing | Shape::Unmodelled
        )
    }
}

/// Open and accepted threats and findings on one element.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flags {
    /// One line per open threat: title, what is wrong and the ticket.
    pub(crate) open: Vec<String>,
    /// One line per accepted threat: title and reason.
    pub(crate) accepted: Vec<String>,
    /// One line per unsuppressed finding: rule and message.
    pub(crate) findings: Vec<String>,
}

impl Flags {
    pub(crate) fn is_flagged(&self) -> bool {
        !self.open.is_empty() || !self.accepted.is_empty() || !self.findings.is_empty()
    }

    /// `⚠ 1 open, 2 accepted, 1 finding`, or `None` when nothing is flagged.
    pub(crate) fn summary(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.open.is_empty() {
            parts.push(format!("{} open", self.open.len()));
        }
        if !self.accepted.is_empty() {
            parts.push(format!("{} accepted", self.accepted.len()));
        }
        match self.findings.len() {
            0 => {}
            1 => parts.push("1 finding".to_owned()),
            n => parts.push(format!("{n} findings")),
        }
        (!parts.is_empty()).then(|| format!("⚠ {}", parts.join(", ")))
    }

    /// The tooltip lines: each open and accepted threat and finding.
    pub(crate) fn details(&self) -> impl Iterator<Item = &String> {
        self.open.iter().chain(&self.accepted).chain(&self.findings)
    }
}

/// One node: its id, shape and raw text.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// [`ids::token`] of the element.
    pub(crate) id: String,
    pub(crate) shape: Shape,
    /// Label lines, raw and already cut to length; the flag summary is not included.
    pub(crate) label: Vec<String>,
    /// Tooltip lines (description), raw.
    pub(crate) tooltip: Vec<String>,
    pub(crate) flags: Flags,
}

/// A trust boundary with what is drawn inside it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cluster {
    /// [`ids::token`] of the boundary (empty for the top level).
    pub(crate) id: String,
    /// Raw, cut name.
    pub(crate) label: String,
    /// Raw description.
    pub(crate) tooltip: Option<String>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) clusters: Vec<Cluster>,
}

/// What an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EdgeKind {
    /// A `#[data_flow]`.
    Flow {
        encrypted: bool,
        bidirectional: bool,
    },
    /// Callers reach an endpoint.
    Call,
    /// An endpoint is handled by a service.
    Handles,
}

/// One edge between two node ids.
#[derive(Debug, Clone)]
pub(crate) struct Edge {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) kind: EdgeKind,
    /// Label lines, raw; the flag summary is not included.
    pub(crate) label: Vec<String>,
    /// Tooltip lines, raw.
    pub(crate) tooltip: Vec<String>,
    pub(crate) flags: Flags,
}

/// The whole diagram: the top level (nodes and clusters outside any boundary) and the edges.
#[derive(Debug, Clone, Default)]
pub(crate) struct Diagram {
    pub(crate) root: Cluster,
    pub(crate) edges: Vec<Edge>,
}

/// `text` cut to `limit` characters, with `…` when cut.
pub(crate) fn cut(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(limit.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

fn kind_shape(kind: ComponentKind) -> Shape {
    match kind {
        ComponentKind::Service => Shape::Service,
        ComponentKind::Datastore => Shape::Datastore,
        ComponentKind::ExternalService => Shape::ExternalService,
        ComponentKind::Queue => Shape::Queue,
        ComponentKind::Cache => Shape::Cache,
        ComponentKind::Actor => Shape::Actor,
    }
}

/// Builds the diagram of `model`, flagging what `findings` point at and drawing the served
/// routes `claims` finds unmodelled (see the module docs).
pub(crate) fn build(
    model: &Model,
    findings: Option<&[Finding]>,
    claims: Option<&Claims<'_>>,
) -> Diagram {
    Builder::new(model, findings).build(claims)
}

/// Where a node goes: inside a boundary (by model id) or at the top level.
type Place = Option<String>;

struct Builder<'m> {
    model: &'m Model,
    context: Context<'m>,
    /// Boundaries by id, first of each id.
    boundaries: BTreeMap<&'m str, &'m TrustBoundary>,
    components: BTreeMap<&'m str, &'m Component>,
    /// Positions of the endpoints whose id or handler is each key, in model order.
    endpoints_by_id_or_handler: HashMap<&'m str, Vec<usize>>,
    /// How many data flows have each id (one, unless ids repeat).
    flows_by_id: HashMap<&'m str, usize>,
    /// Threats by id, the first of each id.
    threats_by_id: HashMap<&'m str, &'m Threat>,
    /// Nodes in order of creation, with their place; ids already placed.
    nodes: Vec<(Place, Node)>,
    placed: BTreeSet<String>,
    edges: Vec<Edge>,
    /// Open and accepted threats and findings by element id (endpoint, component, flow).
    flags: BTreeMap<String, Flags>,
}

impl<'m> Builder<'m> {
    fn new(model: &'m Model, findings: Option<&[Finding]>) -> Self {
        let mut boundaries = BTreeMap::new();
        for boundary in &model.trust_boundaries {
            boundaries.entry(boundary.id.as_str()).or_insert(boundary);
        }
        let mut components = BTreeMap::new();
        for component in &model.components {
            components.entry(component.id.as_str()).or_insert(component);
        }
        let mut endpoints_by_id_or_handler: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, endpoint) in model.endpoints.iter().enumerate() {
            endpoints_by_id_or_handler
                .entry(&endpoint.id)
                .or_default()
                .push(i);
            if endpoint.handler != endpoint.id {
                endpoints_by_id_or_handler
                    .entry(&endpoint.handler)
                    .or_default()
                    .push(i);
            }
        }
        let mut flows_by_id: HashMap<&str, usize> = HashMap::new();
        for flow in &model.data_flows {
            *flows_by_id.entry(&flow.id).or_default() += 1;
        }
        let mut builder = Builder {
            model,
            context: Context::new(model, ""),
            boundaries,
            components,
            endpoints_by_id_or_handler,
            flows_by_id,
            threats_by_id: index_by_id(&model.threats, |t| &t.id),
            nodes: Vec::new(),
            placed: BTreeSet::new(),
            edges: Vec::new(),
            flags: BTreeMap::new(),
        };
        builder.collect_flags(findings);
        builder
    }

    /// The drawn elements (endpoint, component and flow ids) that item or element `id` is.
    fn elements_of(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .endpoints_by_id_or_handler
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| self.model.endpoints[i].id.clone())
            .collect();
        if self.components.contains_key(id) {
            out.push(id.to_owned());
        }
        let flows = self.flows_by_id.get(id).copied().unwrap_or(0);
        out.extend(std::iter::repeat_n(id.to_owned(), flows));
        out
    }

    fn collect_flags(&mut self, findings: Option<&[Finding]>) {
        let model = self.model;
        for threat in &model.threats {
            let (line, open) = match &threat.disposition {
                Disposition::Accepted { reason, .. } => {
                    (format!("accepted: {}: {reason}", threat.title), false)
                }
                Disposition::Open { reason, ticket, .. } => (
                    format!("open: {}: {reason} (ticket {ticket})", threat.title),
                    true,
                ),
                Disposition::Undisposed => (format!("undisposed: {}", threat.title), true),
                Disposition::Mitigated { .. } | Disposition::Transferred { .. } => continue,
            };
            let line = cut(&line, TOOLTIP_CHARS);
            for element in self.elements_of(&threat.subject) {
                let flags = self.flags.entry(element).or_default();
                if open {
                    flags.open.push(line.clone());
                } else {
                    flags.accepted.push(line.clone());
                }
            }
        }
        for finding in findings.unwrap_or_default() {
            if finding.suppressed.is_some() {
                continue;
            }
            let by_threat = self
                .threats_by_id
                .get(finding.element.as_str())
                .map(|t| t.subject.as_str());
            let mut elements = self.elements_of(by_threat.unwrap_or(&finding.element));
            if elements.is_empty() {
                elements = self.elements_of(&finding.item);
            }
            let line = cut(
                &format!(
                    "{} {}: {}",
                    finding.rule_id, finding.rule_name, finding.message
                ),
                TOOLTIP_CHARS,
            );
            for element in elements {
                self.flags
                    .entry(element)
                    .or_default()
                    .findings
                    .push(line.clone());
            }
        }
    }

    fn flags_of(&self, element: &str) -> Flags {
        self.flags.get(element).cloned().unwrap_or_default()
    }

    /// The boundary's parent as drawn: `None` when unknown or when the parents form a cycle
    /// through `id`.
    fn drawn_parent(&self, id: &str) -> Option<&'m str> {
        let parent = self.boundaries.get(id)?.parent.as_deref()?;
        if !self.boundaries.contains_key(parent) {
            return None;
        }
        let mut current = Some(parent);
        for _ in 0..=self.boundaries.len() {
            match current {
                None => return Some(parent),
                Some(step) if step == id => return None,
                Some(step) => {
                    current = self.boundaries.get(step).and_then(|b| b.parent.as_deref());
                }
            }
        }
        // A cycle above `id` that does not pass through it: `parent` is on it, and is drawn
        // at the top level, so `id` may stay inside it.
        Some(parent)
    }

    /// The place for a node in boundary `boundary`: the boundary if the model holds it.
    fn place_in(&self, boundary: Option<&str>) -> Place {
        boundary
            .filter(|id| self.boundaries.contains_key(id))
            .map(str::to_owned)
    }

    fn add(&mut self, place: Place, node: Node) {
        if self.placed.insert(node.id.clone()) {
            self.nodes.push((place, node));
        }
    }

    /// The node id of component `id`, adding a placeholder when the model lacks it.
    fn component(&mut self, id: &str) -> String {
        let token = ids::token("component", id);
        if !self.components.contains_key(id) {
            self.add(
                None,
                Node {
                    id: token.clone(),
                    shape: Shape::Missing,
                    label: vec![cut(id, LABEL_CHARS), "«not in the model»".to_owned()],
                    tooltip: Vec::new(),
                    flags: Flags::default(),
                },
            );
        }
        token
    }

    /// The node that stands for crate `krate`'s own service, and where it is drawn.
    fn home(&mut self, krate: &str) -> (String, Place) {
        if let Some(service) = self.context.service_of(krate) {
            let place = self.place_in(service.boundary.as_deref());
            return (ids::token("component", &service.id), place);
        }
        let token = ids::token("crate", krate);
        self.add(
            None,
            Node {
                id: token.clone(),
                shape: Shape::Crate,
                label: vec![cut(krate, LABEL_CHARS), "«crate»".to_owned()],
                tooltip: vec![format!(
                    "crate {krate} has no single #[component(service)]: flows without `from` and \
                     its endpoints are drawn from here"
                )],
                flags: Flags::default(),
            },
        );
        (token, None)
    }

    fn asset_names(&self, ids: &[String]) -> Option<String> {
        let names: Vec<&str> = ids
            .iter()
            .map(|id| {
                self.context
                    .asset(id)
                    .map_or(id.as_str(), |a| a.name.as_str())
            })
            .collect();
        (!names.is_empty()).then(|| cut(&names.join(", "), LABEL_CHARS))
    }

    /// The one actor component inside boundary `id`, if it holds exactly one: it stands for
    /// the callers of the endpoints whose callers come from there.
    fn sole_actor(&self, id: &str) -> Option<&'m Component> {
        let mut actors = self
            .components
            .values()
            .filter(|c| c.kind == ComponentKind::Actor && c.boundary.as_deref() == Some(id));
        let actor = actors.next()?;
        actors.next().is_none().then_some(*actor)
    }

    fn build(mut self, claims: Option<&Claims<'_>>) -> Diagram {
        let model = self.model;
        for component in self.components.values().copied().collect::<Vec<_>>() {
            let place = self.place_in(component.boundary.as_deref());
            let node = Node {
                id: ids::token("component", &component.id),
                shape: kind_shape(component.kind),
                label: vec![
                    cut(&component.name, LABEL_CHARS),
                    format!("«{}»", component.kind.as_str().replace('_', " ")),
                ],
                tooltip: component
                    .description
                    .iter()
                    .map(|d| cut(d, TOOLTIP_CHARS))
                    .collect(),
                flags: self.flags_of(&component.id),
            };
            self.add(place, node);
        }

        for endpoint in &model.endpoints {
            let (home, home_place) = self.home(&endpoint.location.krate);
            let callers_place = self.place_in(endpoint.boundary.as_deref());
            let actor = callers_place.as_deref().and_then(|id| self.sole_actor(id));
            let callers = if let Some(actor) = actor {
                ids::token("component", &actor.id)
            } else {
                let callers = ids::token("callers", endpoint.boundary.as_deref().unwrap_or(""));
                let callers_label = match (&callers_place, endpoint.boundary.as_deref()) {
                    (Some(_), _) => "Callers".to_owned(),
                    (None, Some(id)) => cut(&format!("Callers from {id}"), LABEL_CHARS),
                    (None, None) => "Callers (boundary not stated)".to_owned(),
                };
                self.add(
                    callers_place,
                    Node {
                        id: callers.clone(),
                        shape: Shape::Callers,
                        label: vec![callers_label],
                        tooltip: Vec::new(),
                        flags: Flags::default(),
                    },
                );
                callers
            };
            let token = ids::token("endpoint", &endpoint.id);
            self.add(
                home_place,
                Node {
                    id: token.clone(),
                    shape: Shape::Endpoint,
                    label: vec![cut(
                        &format!("{} {}", endpoint.method, endpoint.route),
                        LABEL_CHARS,
                    )],
                    tooltip: endpoint
                        .description
                        .iter()
                        .map(|d| cut(d, TOOLTIP_CHARS))
                        .collect(),
                    flags: self.flags_of(&endpoint.id),
                },
            );
            let mut label: Vec<String> = self.asset_names(&endpoint.exposes).into_iter().collect();
            label.extend(endpoint.auth.map(|auth| {
                match auth {
                    AuthRequirement::Required => "auth required",
                    AuthRequirement::Optional => "auth optional",
                    AuthRequirement::None => "no auth",
                }
                .to_owned()
            }));
            self.edges.push(Edge {
                from: callers,
                to: token.clone(),
                kind: EdgeKind::Call,
                label,
                tooltip: Vec::new(),
                flags: Flags::default(),
            });
            self.edges.push(Edge {
                from: token,
                to: home,
                kind: EdgeKind::Handles,
                label: Vec::new(),
                tooltip: Vec::new(),
                flags: Flags::default(),
            });
        }

        self.unmodelled(claims);
        self.flows();
        // An actor that no flow or endpoint connects says nothing about how data moves: it is
        // left out (the report's component table and the JSON, OTM and Threat Dragon exports
        // keep it).
        let connected: BTreeSet<&str> = self
            .edges
            .iter()
            .flat_map(|e| [e.from.as_str(), e.to.as_str()])
            .collect();
        let isolated: BTreeSet<String> = self
            .nodes
            .iter()
            .filter(|(_, node)| node.shape == Shape::Actor && !connected.contains(node.id.as_str()))
            .map(|(_, node)| node.id.clone())
            .collect();
        self.nodes.retain(|(_, node)| !isolated.contains(&node.id));

        // Assemble the cluster tree: boundaries in model order, each inside its drawn parent.
        let mut by_place: BTreeMap<Option<String>, Vec<Node>> = BTreeMap::new();
        for (place, node) in std::mem::take(&mut self.nodes) {
            by_place.entry(place).or_default().push(node);
        }
        let mut children: BTreeMap<Option<&str>, Vec<&TrustBoundary>> = BTreeMap::new();
        for boundary in self.boundaries.values() {
            children
                .entry(self.drawn_parent(&boundary.id))
                .or_default()
                .push(boundary);
        }
        let mut root = Cluster {
            nodes: by_place.remove(&None).unwrap_or_default(),
            ..Cluster::default()
        };
        root.clusters = Self::clusters(None, &children, &mut by_place);
        Diagram {
            root,
            edges: self.edges,
        }
    }

    /// The served routes no endpoint describes: a dashed node each, next to its crate's
    /// service, with a dotted edge to it.
    fn unmodelled(&mut self, claims: Option<&Claims<'_>>) {
        for route in claims.map_or(&[][..], Claims::unmodelled) {
            let (home, place) = self.home(&route.location.krate);
            let label = format!("{} {}", route.route.method, route.route.path);
            let token = ids::token("unmodelled", &format!("{label} {}", route.handler));
            self.add(
                place,
                Node {
                    id: token.clone(),
                    shape: Shape::Unmodelled,
                    label: vec![cut(&label, LABEL_CHARS), "«unmodelled»".to_owned()],
                    tooltip: vec![cut(
                        &format!(
                            "served at {}:{} by {}, described by no #[endpoint] \
                             (unmodelled_endpoint)",
                            route.location.file, route.location.line, route.handler
                        ),
                        TOOLTIP_CHARS,
                    )],
                    flags: Flags::default(),
                },
            );
            self.edges.push(Edge {
                from: token,
                to: home,
                kind: EdgeKind::Handles,
                label: Vec::new(),
                tooltip: Vec::new(),
                flags: Flags::default(),
            });
        }
    }

    /// The data flows as edges: flows between the same two nodes over the same protocol, alike
    /// in encryption and direction, are drawn as one edge, labelled with the data they carry
    /// together and their count (`3 flows`), with each flow's name in the tooltip.
    fn flows(&mut self) {
        let model = self.model;
        // Edges in order of each group's first flow, with the group's flows.
        let mut groups: Vec<(Edge, Vec<&DataFlow>)> = Vec::new();
        let mut by_key: HashMap<(String, String, bool, bool, String), usize> = HashMap::new();
        for flow in &model.data_flows {
            let from = match flow.from.as_deref() {
                Some(id) => self.component(id),
                None => self.home(&flow.location.krate).0,
            };
            let to = self.component(&flow.to);
            let protocol = flow.protocol.as_deref().unwrap_or("").trim().to_owned();
            let key = (
                from.clone(),
                to.clone(),
                flow.encrypted,
                flow.bidirectional,
                protocol,
            );
            let flags = self.flags_of(&flow.id);
            if let Some(&i) = by_key.get(&key) {
                let (edge, flows) = &mut groups[i];
                edge.flags.open.extend(flags.open);
                edge.flags.accepted.extend(flags.accepted);
                edge.flags.findings.extend(flags.findings);
                flows.push(flow);
                continue;
            }
            by_key.insert(key, groups.len());
            groups.push((
                Edge {
                    from,
                    to,
                    kind: EdgeKind::Flow {
                        encrypted: flow.encrypted,
                        bidirectional: flow.bidirectional,
                    },
                    label: Vec::new(),
                    tooltip: Vec::new(),
                    flags,
                },
                vec![flow],
            ));
        }
        for (mut edge, flows) in groups {
            let mut data: Vec<String> = Vec::new();
            for id in flows.iter().flat_map(|flow| &flow.data) {
                if !data.contains(id) {
                    data.push(id.clone());
                }
            }
            let first = flows[0];
            edge.label.extend(self.asset_names(&data));
            if let Some(protocol) = first.protocol.as_deref().filter(|p| !p.trim().is_empty()) {
                edge.label.push(cut(protocol, LABEL_CHARS));
            }
            if !first.encrypted {
                edge.label.push("unencrypted".to_owned());
            }
            if flows.len() > 1 {
                edge.label.push(format!("{} flows", flows.len()));
            }
            for flow in &flows {
                edge.tooltip.push(cut(&flow.name, LABEL_CHARS));
                edge.tooltip
                    .extend(flow.description.iter().map(|d| cut(d, TOOLTIP_CHARS)));
            }
            self.edges.push(edge);
        }
    }

    fn clusters(
        parent: Option<&str>,
        children: &BTreeMap<Option<&str>, Vec<&TrustBoundary>>,
        nodes: &mut BTreeMap<Option<String>, Vec<Node>>,
    ) -> Vec<Cluster> {
        children
            .get(&parent)
            .map(|boundaries| {
                boundaries
                    .iter()
                    .map(|boundary| Cluster {
                        id: ids::token("boundary", &boundary.id),
                        label: cut(&boundary.name, LABEL_CHARS),
                        tooltip: boundary
                            .description
                            .as_deref()
                            .map(|d| cut(d, TOOLTIP_CHARS)),
                        nodes: nodes.remove(&Some(boundary.id.clone())).unwrap_or_default(),
                        clusters: Self::clusters(Some(&boundary.id), children, nodes),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}
