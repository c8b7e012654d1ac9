//! OWASP Threat Dragon v2 export: the model as one STRIDE data-flow diagram that Threat Dragon
//! opens, with the threats on the cells they concern.
//!
//! The document follows the Threat Dragon v2 model format (the JSON Schema the application
//! validates imports with, `tests/schemas/threat-dragon-v2.schema.json`, and the structure of its
//! demo models): `version`, `summary`, `detail.contributors`, and one diagram in
//! `detail.diagrams[]` whose `cells` are X6 graph cells with Threat Dragon's `data`. Cell ids are
//! [`ids::readable`] ids of model ids (the same as the OTM export's), so they are stable and
//! unaffected by unrelated elements; the document holds no `null`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::{Value, json};
use threatmodel_core::catalogue;
use threatmodel_core::{ComponentKind, DataClass, Disposition, Level, Stride};

use super::ids;
use super::otm::{NodeKey, ThreatTarget, View, ZoneKey, node_id};
use super::pretty_json::StreamedDocument;
use crate::Model;
use crate::model::{Endpoint, Threat};

/// The Threat Dragon model version written in `version` and the diagram's `version`.
pub const THREAT_DRAGON_VERSION: &str = "2.3.0";

/// What the Threat Dragon document needs besides the model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreatDragonOptions {
    /// `summary.title` and the diagram's title. A blank title gives `Threat model`.
    pub title: String,
}

/// Width of the grid slot each element is centred in.
const SLOT_WIDTH: i64 = 200;
/// Height of the grid slot each element is centred in.
const SLOT_HEIGHT: i64 = 140;
/// Space between a boundary box's border and its content.
const PADDING: i64 = 30;
/// Space at the top of a boundary box for its label.
const HEADER: i64 = 40;
/// Space between nested boxes, and between a box's elements and its nested boxes.
const GAP: i64 = 40;
/// Space between top-level columns.
const COLUMN_GAP: i64 = 80;
/// Smallest box, so that an empty boundary is still visible and its label fits.
const MIN_BOX: (i64, i64) = (220, 120);

/// Renders `model` as an OWASP Threat Dragon v2 model: pretty-printed JSON ending with one
/// newline, valid against the Threat Dragon v2 schema. A pure function: the same model and
/// options always give the same bytes. An empty model gives a valid model with one empty
/// diagram.
///
/// **Cells.** Components become `tm.Actor` (actors, external services), `tm.Process` (services)
/// or `tm.Store` (datastores, queues, caches); a crate with no single `#[component(service)]`
/// gets a process of its own; each endpoint handler is a process labelled with its routes, in
/// the zone of its crate's service; callers of endpoints are one actor per trust boundary they
/// come from, with a flow to each handler they call (its label: the routes and the assets they
/// expose). Data flows are `tm.Flow` cells labelled with their assets and protocol (a flow
/// without `from` starts at its crate's service). Trust boundaries are `tm.BoundaryBox` cells
/// enclosing their elements and nested boundaries. A flow naming no component gets an
/// out-of-scope actor for the unresolved path.
///
/// **Layout** (deterministic, integer coordinates, nothing overlaps): top-level boundaries are
/// columns from left to right, least trusted first (the OTM export's trust rating), elements
/// without a boundary in columns of their own without a box (external ones, then system ones,
/// by the same order). Inside a box, its elements sit in a near-square grid of 200 × 140 slots
/// under the label, and its nested boxes in a row below them.
///
/// **Threats** go on the handler's process, else the data flow or component they are written
/// on, else the crate's service. Each has `title`, `type` (its first STRIDE category as Threat
/// Dragon spells it: `Spoofing`, `Tampering`, `Repudiation`, `Information disclosure`,
/// `Denial of service`, `Elevation of privilege`), `status`, `severity`, `description` (with
/// all STRIDE categories, OWASP and CWE ids and the source line) and `mitigation`:
///
/// - `mitigated_by` gives `Mitigated` (`Open` when no cited mitigation is in the model), with
///   the mitigations' names and descriptions and any residual risk as the mitigation text;
/// - `transferred` gives `Mitigated`: the risk is handled, by someone else, whom the text names;
/// - `accepted` gives `Open`: the risk is still there, and an open threat keeps it visible (red
///   cell); the text holds the reason, owner, expiry and ticket;
/// - `open` gives `Open`: a known weakness, not fixed yet; the text says what is wrong and
///   holds the ticket, owner and the date the fix is due. `NA` (not applicable) is never used:
///   every annotated threat applies.
///
/// `severity` is `High` for critical or high, `Medium`, `Low`, from the threat's risk rating
/// ([`crate::Model::risk_ratings`]) as in the OTM export, `Medium` when it is not rated. `number` counts threats in
/// model order (1, 2, ...) for display; `threatTop` is their count.
pub fn render(model: &Model, options: &ThreatDragonOptions) -> String {
    let view = View::new(model);
    let title = match options.title.trim() {
        "" => "Threat model",
        title => title,
    };
    let diagram = Diagram::new(&view);
    let document = json!({
        "version": THREAT_DRAGON_VERSION,
        "summary": {
            "title": title,
            "owner": "",
            "description": "Threat model exported by threatmodel from the Rust annotations of the code",
            "id": 0,
        },
        "detail": {
            "contributors": [],
            "diagrams": [{
                "id": 0,
                "title": title,
                "diagramType": "STRIDE",
                "placeholder": "",
                "thumbnail": "./public/content/images/thumbnail.stride.jpg",
                "version": THREAT_DRAGON_VERSION,
                "description": "Data-flow diagram of the annotated code",
                "cells": [], // streamed below
            }],
            "diagramTop": 1,
            "reviewer": "",
            "threatTop": model.threats.len(),
        },
    });
    StreamedDocument::new(document)
        .array(&["detail", "diagrams", "cells"], diagram.cells())
        .finish(
            // About 2 KiB per element at most, as written for generated models.
            2_560 * (model.threats.len() + 2 * model.endpoints.len() + model.data_flows.len() + 8),
        )
}

/// Kind of a diagram element (not a flow, not a box).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Actor,
    Process,
    Store,
}

impl Shape {
    fn cell_shape(self) -> &'static str {
        match self {
            Shape::Actor => "actor",
            Shape::Process => "process",
            Shape::Store => "store",
        }
    }

    fn data_type(self) -> &'static str {
        match self {
            Shape::Actor => "tm.Actor",
            Shape::Process => "tm.Process",
            Shape::Store => "tm.Store",
        }
    }

    /// Width and height, each smaller than a slot so that neighbours keep a margin.
    fn size(self) -> (i64, i64) {
        match self {
            Shape::Actor => (160, 80),
            Shape::Process => (160, 100),
            Shape::Store => (160, 80),
        }
    }
}

/// An element of the diagram before layout.
struct Element<'m> {
    id: String,
    zone: ZoneKey,
    shape: Shape,
    name: String,
    description: String,
    out_of_scope: Option<String>,
    threats: Vec<&'m Threat>,
    /// Whether the store holds credentials or personal data (stores only).
    stores_credentials: bool,
}

/// A flow of the diagram.
struct Flow<'m> {
    id: String,
    source: String,
    target: String,
    name: String,
    label: String,
    description: String,
    protocol: String,
    encrypted: bool,
    bidirectional: bool,
    public_network: bool,
    threats: Vec<&'m Threat>,
}

/// A rectangle placed in the diagram.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: i64,
    y: i64,
    width: i64,
    height: i64,
}

/// The laid-out content of one zone: its size and where its elements and boxes go, relative
/// to its top-left corner.
struct Block {
    width: i64,
    height: i64,
    elements: Vec<(usize, Rect)>,
    boxes: Vec<(String, usize, Rect)>,
}

impl Block {
    fn shift(&mut self, dx: i64, dy: i64) {
        for (_, rect) in &mut self.elements {
            rect.x += dx;
            rect.y += dy;
        }
        for (_, _, rect) in &mut self.boxes {
            rect.x += dx;
            rect.y += dy;
        }
    }

    fn absorb(&mut self, other: Block) {
        self.elements.extend(other.elements);
        self.boxes.extend(other.boxes);
    }
}

struct Diagram<'v, 'm> {
    view: &'v View<'m>,
    elements: Vec<Element<'m>>,
    flows: Vec<Flow<'m>>,
    /// The `number` of each threat id: its position in the model, from 1 (the first of an id).
    numbers: HashMap<&'m str, usize>,
}

/// Where the elements and boxes of each zone are, for the layout.
struct Placement<'a> {
    /// Positions in `Diagram::elements` of each zone's elements, in order.
    members: HashMap<&'a ZoneKey, Vec<usize>>,
    /// The boundaries drawn inside each boundary, in model order.
    children: HashMap<&'a str, Vec<&'a str>>,
}

impl<'v, 'm> Diagram<'v, 'm> {
    fn new(view: &'v View<'m>) -> Self {
        let model = view.model;
        let mut numbers = HashMap::with_capacity(model.threats.len());
        for (n, threat) in model.threats.iter().enumerate() {
            numbers.entry(threat.id.as_str()).or_insert(n + 1);
        }
        let mut diagram = Diagram {
            view,
            elements: Vec::new(),
            flows: Vec::new(),
            numbers,
        };

        // Assets with credentials or personal data, for stores' `storesCredentials`.
        let sensitive: BTreeSet<&str> = model
            .assets
            .iter()
            .filter(|a| matches!(a.data, Some(DataClass::Credentials | DataClass::Pii)))
            .map(|a| a.id.as_str())
            .collect();
        // Nodes at either end of a flow that carries such an asset.
        let mut sensitive_ends: BTreeSet<NodeKey> = BTreeSet::new();
        for flow in &model.data_flows {
            if flow.data.iter().any(|d| sensitive.contains(d.as_str())) {
                let (from, to) = view.flow_ends(flow);
                sensitive_ends.insert(from);
                sensitive_ends.insert(to);
            }
        }

        for key in &view.nodes {
            let component = view.component(key);
            let shape = match component.map(|c| c.kind) {
                Some(ComponentKind::Service) => Shape::Process,
                Some(ComponentKind::Datastore | ComponentKind::Queue | ComponentKind::Cache) => {
                    Shape::Store
                }
                Some(ComponentKind::Actor | ComponentKind::ExternalService) => Shape::Actor,
                None if matches!(key, NodeKey::Crate(_)) => Shape::Process,
                None => Shape::Actor,
            };
            let (description, out_of_scope) = match (key, component) {
                (_, Some(c)) => (
                    lines([
                        c.description.clone(),
                        Some(format!("{} `{}` at {}", c.kind, c.id, c.location)),
                    ]),
                    None,
                ),
                (NodeKey::Crate(krate), None) => (
                    format!(
                        "The service built from crate `{krate}`, which declares no single #[component(service)]"
                    ),
                    None,
                ),
                (NodeKey::Unresolved(path) | NodeKey::Component(path), None) => (
                    format!("A data flow names `{path}`, which is no #[component] of the model"),
                    Some("unresolved reference: no such component in the model".to_owned()),
                ),
            };
            let stores_credentials = shape == Shape::Store && sensitive_ends.contains(key);
            diagram.elements.push(Element {
                id: node_id(key),
                zone: view.zone_of(key),
                shape,
                name: view.name(key),
                description,
                out_of_scope,
                threats: view.threats_on(&ThreatTarget::Node(key.clone())),
                stores_credentials,
            });
        }

        // One process per handler, in its crate's service's zone.
        for (handler, endpoints) in by_handler(model.endpoints.iter()) {
            let service = view.service_of(&endpoints[0].location.krate);
            let routes: Vec<String> = endpoints
                .iter()
                .map(|e| format!("{} {}", e.method, e.route))
                .collect();
            let mut description = vec![format!("Handler `{handler}`")];
            for endpoint in &endpoints {
                description.push(format!(
                    "{} {} at {}{}{}",
                    endpoint.method,
                    endpoint.route,
                    endpoint.location,
                    endpoint
                        .auth
                        .map(|a| format!(", auth {a}"))
                        .unwrap_or_default(),
                    endpoint
                        .description
                        .as_ref()
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default(),
                ));
            }
            diagram.elements.push(Element {
                id: ids::readable("handler", handler),
                zone: view.zone_of(&service),
                shape: Shape::Process,
                name: routes.join("\n"),
                description: description.join("\n"),
                out_of_scope: None,
                threats: view.threats_on(&ThreatTarget::Handler(handler.to_owned())),
                stores_credentials: false,
            });
        }

        // One callers actor per zone endpoints are called from, one flow per handler it calls.
        let mut caller_zones: BTreeMap<ZoneKey, Vec<&Endpoint>> = BTreeMap::new();
        for endpoint in &model.endpoints {
            caller_zones
                .entry(view.zone_for(endpoint.boundary.as_deref(), false))
                .or_default()
                .push(endpoint);
        }
        for (zone, called) in caller_zones {
            let callers_id = ids::readable("callers", &zone_key_text(&zone));
            let name = match &zone {
                ZoneKey::Boundary(id) => format!(
                    "Callers from {}",
                    view.cx
                        .boundary(id)
                        .map_or(id.as_str(), |b| b.name.as_str())
                ),
                _ => "Callers from anywhere".to_owned(),
            };
            let public_network = view.trust_rating(&zone).0 <= 20;
            for (handler, endpoints) in by_handler(called.into_iter()) {
                let routes: Vec<String> = endpoints
                    .iter()
                    .map(|e| format!("{} {}", e.method, e.route))
                    .collect();
                let assets = view.known_assets(endpoints.iter().flat_map(|e| e.exposes.iter()));
                let label = lines([
                    Some(routes.join(", ")),
                    (!assets.is_empty()).then(|| asset_names(view, &assets)),
                ]);
                diagram.flows.push(Flow {
                    id: ids::readable(
                        "request",
                        &format!("{}\u{0}{handler}", zone_key_text(&zone)),
                    ),
                    source: callers_id.clone(),
                    target: ids::readable("handler", handler),
                    name: routes.join(", "),
                    label,
                    description: format!("Requests to `{handler}`"),
                    protocol: String::new(),
                    encrypted: false,
                    bidirectional: true,
                    public_network,
                    threats: Vec::new(),
                });
            }
            diagram.elements.push(Element {
                id: callers_id,
                zone,
                shape: Shape::Actor,
                name,
                description: "Whoever calls the API's endpoints from this zone".to_owned(),
                out_of_scope: None,
                threats: Vec::new(),
                stores_credentials: false,
            });
        }

        for flow in &model.data_flows {
            let (from, to) = view.flow_ends(flow);
            let assets = view.known_assets(flow.data.iter());
            let data = (!assets.is_empty()).then(|| asset_names(view, &assets));
            let label = match (data, &flow.protocol) {
                (Some(data), Some(protocol)) => format!("{data}\n[{protocol}]"),
                (Some(data), None) => data,
                (None, Some(protocol)) => format!("{}\n[{protocol}]", flow.name),
                (None, None) => flow.name.clone(),
            };
            let zones = [view.zone_of(&from), view.zone_of(&to)];
            let public_network =
                zones[0] != zones[1] && zones.iter().any(|z| view.trust_rating(z).0 <= 20);
            diagram.flows.push(Flow {
                id: ids::readable("dataflow", &flow.id),
                source: node_id(&from),
                target: node_id(&to),
                name: flow.name.clone(),
                label,
                description: lines([
                    flow.description.clone(),
                    Some(format!(
                        "`{}` at {}; destination chosen by: {}",
                        flow.id, flow.location, flow.destination
                    )),
                ]),
                protocol: flow.protocol.clone().unwrap_or_default(),
                encrypted: flow.encrypted,
                bidirectional: flow.bidirectional,
                public_network,
                threats: view.threats_on(&ThreatTarget::Flow(flow.id.clone())),
            });
        }
        diagram
    }

    /// Where the elements of each zone and the boxes of each boundary go.
    fn placement(&self) -> Placement<'_> {
        let mut members: HashMap<&ZoneKey, Vec<usize>> = HashMap::new();
        for (i, element) in self.elements.iter().enumerate() {
            members.entry(&element.zone).or_default().push(i);
        }
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        for boundary in &self.view.model.trust_boundaries {
            if let Some(parent) = self.view.parent_of(&boundary.id) {
                children.entry(parent).or_default().push(&boundary.id);
            }
        }
        Placement { members, children }
    }

    /// The laid-out content of `zone` (a box when it is a boundary).
    fn block(&self, zone: &ZoneKey, depth: usize, placement: &Placement<'_>) -> Block {
        let members = placement.members.get(zone).map_or(&[][..], Vec::as_slice);
        let ZoneKey::Boundary(boundary) = zone else {
            let (width, height, elements) = self.grid(members, 0, 0);
            return Block {
                width,
                height,
                elements,
                boxes: Vec::new(),
            };
        };
        let (grid_width, grid_height, elements) = self.grid(members, PADDING, HEADER);
        let mut block = Block {
            width: 0,
            height: 0,
            elements,
            boxes: Vec::new(),
        };
        let children = placement
            .children
            .get(boundary.as_str())
            .map_or(&[][..], Vec::as_slice);
        let top = HEADER
            + grid_height
            + if grid_height > 0 && !children.is_empty() {
                GAP
            } else {
                0
            };
        let mut x = PADDING;
        let mut row_height = 0;
        for child in children {
            let mut inner = self.block(
                &ZoneKey::Boundary((*child).to_owned()),
                depth + 1,
                placement,
            );
            inner.shift(x, top);
            x += inner.width + GAP;
            row_height = row_height.max(inner.height);
            block.absorb(inner);
        }
        let row_width = if x > PADDING { x - GAP - PADDING } else { 0 };
        block.width = (2 * PADDING + grid_width.max(row_width)).max(MIN_BOX.0);
        block.height = (top + row_height + PADDING).max(MIN_BOX.1);
        block.boxes.push((
            boundary.clone(),
            depth,
            Rect {
                x: 0,
                y: 0,
                width: block.width,
                height: block.height,
            },
        ));
        block
    }

    /// A near-square grid of `members` with its top-left corner at `(left, top)`: its width,
    /// height and the rectangles of the elements.
    fn grid(&self, members: &[usize], left: i64, top: i64) -> (i64, i64, Vec<(usize, Rect)>) {
        if members.is_empty() {
            return (0, 0, Vec::new());
        }
        let mut columns = 1;
        while columns * columns < members.len() {
            columns += 1;
        }
        let rows = members.len().div_ceil(columns);
        let placed = members
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let (width, height) = self.elements[i].shape.size();
                let column = i64::try_from(n % columns).unwrap_or_default();
                let row = i64::try_from(n / columns).unwrap_or_default();
                let rect = Rect {
                    x: left + column * SLOT_WIDTH + (SLOT_WIDTH - width) / 2,
                    y: top + row * SLOT_HEIGHT + (SLOT_HEIGHT - height) / 2,
                    width,
                    height,
                };
                (i, rect)
            })
            .collect();
        let columns = i64::try_from(columns).unwrap_or_default();
        let rows = i64::try_from(rows).unwrap_or_default();
        (columns * SLOT_WIDTH, rows * SLOT_HEIGHT, placed)
    }

    /// Every cell: boundary boxes, elements, flows; elements and flows built one at a time.
    fn cells(&self) -> impl Iterator<Item = Cell<'_>> + '_ {
        let placement = self.placement();
        // Top-level columns, least trusted first.
        let mut columns: Vec<ZoneKey> = self
            .view
            .zones()
            .into_iter()
            .filter(|zone| match zone {
                ZoneKey::Boundary(id) => self.view.parent_of(id).is_none(),
                _ => placement.members.contains_key(zone),
            })
            .collect();
        columns.sort_by_key(|zone| (self.view.trust_rating(zone).0, zone.clone()));

        let mut layout = Block {
            width: 0,
            height: 0,
            elements: Vec::new(),
            boxes: Vec::new(),
        };
        let mut x = COLUMN_GAP / 2;
        for zone in &columns {
            let mut block = self.block(zone, 0, &placement);
            block.shift(x, COLUMN_GAP / 2);
            x += block.width + COLUMN_GAP;
            layout.absorb(block);
        }

        // Outer boxes first, as they are drawn below.
        layout.boxes.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        let mut cells = Vec::new();
        for (boundary, depth, rect) in &layout.boxes {
            let b = self
                .view
                .cx
                .boundary(boundary)
                .expect("boxes are boundaries");
            let depth = i64::try_from(*depth).unwrap_or_default();
            cells.push(json!({
                "id": ids::readable("trustzone", boundary),
                "shape": "trust-boundary-box",
                "zIndex": depth - 20,
                "position": { "x": rect.x, "y": rect.y },
                "size": { "width": rect.width, "height": rect.height },
                "visible": true,
                "attrs": { "label": { "text": b.name } },
                "data": {
                    "type": "tm.BoundaryBox",
                    "name": b.name,
                    "description": lines([
                        b.description.clone(),
                        Some(format!("trust boundary `{}` at {}", b.id, b.location)),
                    ]),
                    "isTrustBoundary": true,
                    "hasOpenThreats": false,
                },
            }));
        }
        let mut placed = layout.elements;
        placed.sort_by_key(|(i, _)| *i);
        let elements = placed
            .into_iter()
            .map(|(i, rect)| Cell::Element(self.element_cell(&self.elements[i], rect)));
        let flows = self
            .flows
            .iter()
            .map(|flow| Cell::Flow(self.flow_cell(flow)));
        cells
            .into_iter()
            .map(Cell::Box)
            .chain(elements)
            .chain(flows)
    }

    fn element_cell<'d>(&'d self, element: &'d Element<'m>, rect: Rect) -> ElementCell<'d> {
        let threats = self.threats(&element.threats, element.shape);
        let open = has_open(&threats);
        let (stroke, stroke_width) = stroke(open);
        let stroke_dasharray = if element.out_of_scope.is_some() {
            "4 3"
        } else {
            "none"
        };
        let line = Line {
            stroke,
            stroke_dasharray,
            stroke_width,
        };
        let text = Text {
            text: &element.name,
        };
        let attrs = match element.shape {
            Shape::Store => ElementAttrs {
                body: None,
                bottom_line: Some(line),
                text,
                top_line: Some(line),
            },
            Shape::Actor | Shape::Process => ElementAttrs {
                body: Some(line),
                bottom_line: None,
                text,
                top_line: None,
            },
        };
        let (process, store) = (
            element.shape == Shape::Process,
            element.shape == Shape::Store,
        );
        ElementCell {
            attrs,
            data: ElementData {
                description: &element.description,
                handles_card_payment: process.then_some(false),
                handles_goods_or_services: process.then_some(false),
                has_open_threats: open,
                is_a_log: store.then_some(false),
                is_encrypted: store.then_some(false),
                is_signed: store.then_some(false),
                is_trust_boundary: false,
                is_web_application: process.then_some(false),
                name: &element.name,
                out_of_scope: element.out_of_scope.is_some(),
                privilege_level: process.then_some(""),
                provides_authentication: (element.shape == Shape::Actor).then_some(false),
                reason_out_of_scope: element.out_of_scope.as_deref().unwrap_or_default(),
                stores_credentials: store.then_some(element.stores_credentials),
                stores_inventory: store.then_some(false),
                threats,
                kind: element.shape.data_type(),
            },
            id: &element.id,
            position: Position {
                x: rect.x,
                y: rect.y,
            },
            shape: element.shape.cell_shape(),
            size: Size {
                height: rect.height,
                width: rect.width,
            },
            visible: true,
            z_index: 1,
        }
    }

    fn flow_cell<'d>(&'d self, flow: &'d Flow<'m>) -> FlowCell<'d> {
        let threats = self.threats(&flow.threats, Shape::Store);
        let open = has_open(&threats);
        let (stroke, stroke_width) = stroke(open);
        FlowCell {
            attrs: FlowAttrs {
                line: FlowLine {
                    source_marker: Marker {
                        name: if flow.bidirectional { "block" } else { "" },
                    },
                    stroke,
                    stroke_width,
                    target_marker: Marker { name: "block" },
                },
            },
            connector: "smooth",
            data: FlowData {
                description: &flow.description,
                has_open_threats: open,
                is_bidirectional: flow.bidirectional,
                is_encrypted: flow.encrypted,
                is_public_network: flow.public_network,
                is_trust_boundary: false,
                name: &flow.name,
                out_of_scope: false,
                protocol: &flow.protocol,
                reason_out_of_scope: "",
                threats,
                kind: "tm.Flow",
            },
            id: &flow.id,
            labels: [FlowLabel {
                attrs: LabelAttrs {
                    label_body: LabelBody {
                        fill: "#fff",
                        reference: "labelText",
                        ref_rx: "50%",
                        ref_ry: "60%",
                        stroke_width: 0,
                    },
                    label_text: LabelText {
                        text: &flow.label,
                        text_anchor: "middle",
                        text_vertical_anchor: "middle",
                    },
                },
                markup: [
                    Markup {
                        selector: "labelBody",
                        tag_name: "ellipse",
                    },
                    Markup {
                        selector: "labelText",
                        tag_name: "text",
                    },
                ],
                position: LabelPosition {
                    args: LabelArgs {
                        ensure_legibility: true,
                        keep_gradient: true,
                    },
                    distance: 0.5,
                },
            }],
            shape: "flow",
            source: CellRef { cell: &flow.source },
            target: CellRef { cell: &flow.target },
            vertices: [],
            z_index: 2,
        }
    }

    /// Threat Dragon threats of `threats`, on a cell of `shape` (for the default type).
    fn threats(&self, threats: &[&'m Threat], shape: Shape) -> Vec<CellThreat<'m>> {
        threats
            .iter()
            .map(|threat| {
                let number = self.numbers.get(threat.id.as_str()).copied().unwrap_or(0);
                let (level, _) = self.view.threat_level(threat);
                let severity = match level.unwrap_or(Level::Medium) {
                    Level::Critical | Level::High => "High",
                    Level::Medium => "Medium",
                    Level::Low => "Low",
                };
                let default_type = match shape {
                    Shape::Actor | Shape::Process => Stride::Spoofing,
                    Shape::Store => Stride::Tampering,
                };
                let kind = threat.stride.first().copied().unwrap_or(default_type);
                let (status, mitigation) = self.status(threat);
                let described = threat.description.clone().or_else(|| {
                    (!threat.custom)
                        .then(|| catalogue::threat_kind(&threat.kind).map(|k| k.description))
                        .flatten()
                        .map(str::to_owned)
                });
                let stride: Vec<&str> = threat.stride.iter().map(|s| stride_type(*s)).collect();
                let description = lines([
                    described,
                    (!stride.is_empty()).then(|| format!("STRIDE: {}", stride.join(", "))),
                    threat
                        .owasp_api_2023
                        .as_ref()
                        .map(|id| format!("OWASP API Security Top 10: {id}")),
                    (!threat.cwe.is_empty()).then(|| threat.cwe.join(", ")),
                    Some(format!("`{}` at {}", threat.id, threat.location)),
                ]);
                CellThreat {
                    description,
                    id: ids::readable("threat", &threat.id),
                    mitigation,
                    model_type: "STRIDE",
                    new: false,
                    number,
                    score: "",
                    severity,
                    status,
                    title: &threat.title,
                    kind: stride_type(kind),
                }
            })
            .collect()
    }

    /// Threat Dragon status and mitigation text of a threat (see [`render`]).
    fn status(&self, threat: &Threat) -> (&'static str, String) {
        match &threat.disposition {
            Disposition::Mitigated { by, residual } => {
                let mut found = false;
                let names: Vec<String> = by
                    .iter()
                    .map(|id| match self.view.cx.mitigation(id) {
                        Some(m) => {
                            found = true;
                            match &m.description {
                                Some(d) => format!("{} ({d})", m.name),
                                None => m.name.clone(),
                            }
                        }
                        None => format!("{id} (not in the model)"),
                    })
                    .collect();
                let text = lines([
                    Some(format!("Mitigated by: {}", names.join("; "))),
                    residual.as_ref().map(|r| format!("Residual risk: {r}")),
                ]);
                (if found { "Mitigated" } else { "Open" }, text)
            }
            Disposition::Accepted {
                reason,
                owner,
                expires,
                ticket,
            } => (
                "Open",
                lines([
                    Some(format!("Risk accepted: {reason}")),
                    owner.as_ref().map(|o| format!("Accepted by: {o}")),
                    expires.as_ref().map(|e| format!("Expires: {e}")),
                    ticket.as_ref().map(|t| format!("Ticket: {t}")),
                ]),
            ),
            Disposition::Transferred { to, ticket } => (
                "Mitigated",
                lines([
                    Some(format!("Risk transferred to: {to}")),
                    ticket.as_ref().map(|t| format!("Ticket: {t}")),
                ]),
            ),
            Disposition::Open {
                reason,
                ticket,
                owner,
                expires,
            } => (
                "Open",
                lines([
                    Some(format!("Open weakness, not fixed yet: {reason}")),
                    Some(format!("Ticket: {ticket}")),
                    owner.as_ref().map(|o| format!("Owner: {o}")),
                    expires.as_ref().map(|e| format!("Fix due: {e}")),
                ]),
            ),
            Disposition::Undisposed => (
                "Open",
                "Undisposed: no disposition recorded (the build failed on it)".to_owned(),
            ),
        }
    }
}

/// `endpoints` grouped by handler: handlers sorted, each one's endpoints in the given order.
fn by_handler<'m>(
    endpoints: impl Iterator<Item = &'m Endpoint>,
) -> BTreeMap<&'m str, Vec<&'m Endpoint>> {
    let mut grouped: BTreeMap<&'m str, Vec<&'m Endpoint>> = BTreeMap::new();
    for endpoint in endpoints {
        grouped
            .entry(endpoint.handler.as_str())
            .or_default()
            .push(endpoint);
    }
    grouped
}

/// Threat Dragon's English name of a STRIDE category (the `type` of a STRIDE threat).
fn stride_type(stride: Stride) -> &'static str {
    match stride {
        Stride::Spoofing => "Spoofing",
        Stride::Tampering => "Tampering",
        Stride::Repudiation => "Repudiation",
        Stride::InformationDisclosure => "Information disclosure",
        Stride::DenialOfService => "Denial of service",
        Stride::ElevationOfPrivilege => "Elevation of privilege",
    }
}

/// Stroke colour and width: red and thicker when the cell has open threats, as Threat Dragon
/// draws them.
fn stroke(open: bool) -> (&'static str, f64) {
    if open { ("red", 2.5) } else { ("#333333", 1.5) }
}

fn has_open(threats: &[CellThreat<'_>]) -> bool {
    threats.iter().any(|t| t.status == "Open")
}

/// The present lines, joined with newlines.
fn lines<const N: usize>(parts: [Option<String>; N]) -> String {
    parts.into_iter().flatten().collect::<Vec<_>>().join("\n")
}

/// The names of assets `ids`, comma-separated.
fn asset_names(view: &View<'_>, ids: &[&str]) -> String {
    ids.iter()
        .filter_map(|id| view.cx.asset(id))
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text that identifies a zone, for ids derived from it.
fn zone_key_text(zone: &ZoneKey) -> String {
    match zone {
        ZoneKey::Boundary(id) => id.clone(),
        ZoneKey::UnzonedExternal => "\u{0}unzoned-external".to_owned(),
        ZoneKey::UnzonedSystem => "\u{0}unzoned-system".to_owned(),
    }
}

// The cells written per element, flow and threat, as typed values rather than `json!` maps: the
// same JSON (the fields are declared in the order a `serde_json` map writes its keys, sorted),
// built without a map insert per key.

/// A cell of the diagram: a boundary box (few, built as a map), an element or a flow.
enum Cell<'a> {
    Box(Value),
    Element(ElementCell<'a>),
    Flow(FlowCell<'a>),
}

impl Serialize for Cell<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Box(cell) => cell.serialize(serializer),
            Cell::Element(cell) => cell.serialize(serializer),
            Cell::Flow(cell) => cell.serialize(serializer),
        }
    }
}

/// A threat on a cell.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CellThreat<'a> {
    description: String,
    id: String,
    mitigation: String,
    model_type: &'static str,
    new: bool,
    number: usize,
    score: &'static str,
    severity: &'static str,
    status: &'static str,
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// An actor, process or store cell.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ElementCell<'a> {
    attrs: ElementAttrs<'a>,
    data: ElementData<'a>,
    id: &'a str,
    position: Position,
    shape: &'static str,
    size: Size,
    visible: bool,
    z_index: i64,
}

/// How an element cell is drawn: `body` for actors and processes, `topLine` and `bottomLine`
/// for stores.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ElementAttrs<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Line>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bottom_line: Option<Line>,
    text: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    top_line: Option<Line>,
}

/// An outline.
#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "camelCase")]
struct Line {
    stroke: &'static str,
    stroke_dasharray: &'static str,
    stroke_width: f64,
}

/// A label.
#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

/// Threat Dragon's data of an element cell; the properties of other shapes are left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ElementData<'a> {
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    handles_card_payment: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    handles_goods_or_services: Option<bool>,
    has_open_threats: bool,
    #[serde(rename = "isALog", skip_serializing_if = "Option::is_none")]
    is_a_log: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_encrypted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_signed: Option<bool>,
    is_trust_boundary: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_web_application: Option<bool>,
    name: &'a str,
    out_of_scope: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    privilege_level: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provides_authentication: Option<bool>,
    reason_out_of_scope: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    stores_credentials: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stores_inventory: Option<bool>,
    threats: Vec<CellThreat<'a>>,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// Top-left corner of a cell.
#[derive(Serialize)]
struct Position {
    x: i64,
    y: i64,
}

/// Size of a cell.
#[derive(Serialize)]
struct Size {
    height: i64,
    width: i64,
}

/// A flow cell.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FlowCell<'a> {
    attrs: FlowAttrs,
    connector: &'static str,
    data: FlowData<'a>,
    id: &'a str,
    labels: [FlowLabel<'a>; 1],
    shape: &'static str,
    source: CellRef<'a>,
    target: CellRef<'a>,
    vertices: [(); 0],
    z_index: i64,
}

/// How a flow is drawn.
#[derive(Serialize)]
struct FlowAttrs {
    line: FlowLine,
}

/// A flow's line and arrowheads.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FlowLine {
    source_marker: Marker,
    stroke: &'static str,
    stroke_width: f64,
    target_marker: Marker,
}

/// An arrowhead (`block`), or none (empty name).
#[derive(Serialize)]
struct Marker {
    name: &'static str,
}

/// The label in the middle of a flow.
#[derive(Serialize)]
struct FlowLabel<'a> {
    attrs: LabelAttrs<'a>,
    markup: [Markup; 2],
    position: LabelPosition,
}

/// The label's text and the ellipse behind it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LabelAttrs<'a> {
    label_body: LabelBody,
    label_text: LabelText<'a>,
}

/// The ellipse behind a flow's label.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LabelBody {
    fill: &'static str,
    #[serde(rename = "ref")]
    reference: &'static str,
    ref_rx: &'static str,
    ref_ry: &'static str,
    stroke_width: i64,
}

/// A flow's label text.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LabelText<'a> {
    text: &'a str,
    text_anchor: &'static str,
    text_vertical_anchor: &'static str,
}

/// An SVG element of the label.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Markup {
    selector: &'static str,
    tag_name: &'static str,
}

/// Where the label sits on the flow.
#[derive(Serialize)]
struct LabelPosition {
    args: LabelArgs,
    distance: f64,
}

/// How the label follows the flow.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LabelArgs {
    ensure_legibility: bool,
    keep_gradient: bool,
}

/// The cell a flow starts or ends at.
#[derive(Serialize)]
struct CellRef<'a> {
    cell: &'a str,
}

/// Threat Dragon's data of a flow cell.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FlowData<'a> {
    description: &'a str,
    has_open_threats: bool,
    is_bidirectional: bool,
    is_encrypted: bool,
    is_public_network: bool,
    is_trust_boundary: bool,
    name: &'a str,
    out_of_scope: bool,
    protocol: &'a str,
    reason_out_of_scope: &'static str,
    threats: Vec<CellThreat<'a>>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[cfg(test)]
mod tests {
    //! What the diagram's indexes decide, on a model where a wrong index shows: repeated threat
    //! ids, stores with and without sensitive flows, handlers with several routes.

    use serde_json::Value;

    use super::{ThreatDragonOptions, render};
    use crate::Model;

    fn model() -> Model {
        let at = |line: u32| {
            format!(
                r#"{{"package": "a", "crate": "a", "file": "src/lib.rs", "line": {line}, "column": 1}}"#
            )
        };
        let threat = |id: &str, subject: &str, line: u32| {
            format!(
                r#"{{"id": "{id}", "kind": "injection", "title": "{id}", "stride": [], "subject": "{subject}", "disposition": {{"status": "accepted", "reason": "r"}}, "location": {}}}"#,
                at(line)
            )
        };
        let json = format!(
            r#"{{"schema_version": "1", "trust_boundaries": [],
            "components": [
                {{"id": "c::Keys", "name": "key store", "kind": "datastore", "location": {l}}},
                {{"id": "c::Logs", "name": "log store", "kind": "datastore", "location": {l}}}],
            "assets": [
                {{"id": "x::Password", "name": "password", "level": "high", "data": "credentials", "confidentiality": "high", "integrity": "high", "availability": "low", "location": {l}}},
                {{"id": "x::Page", "name": "page", "level": "low", "data": "public", "confidentiality": "low", "integrity": "low", "availability": "low", "location": {l}}}],
            "mitigations": [],
            "endpoints": [
                {{"id": "h::get GET /a", "method": "GET", "route": "/a", "handler": "h::get", "location": {l}}},
                {{"id": "h::get GET /b", "method": "GET", "route": "/b", "handler": "h::get", "location": {l}}},
                {{"id": "h::put PUT /a", "method": "PUT", "route": "/a", "handler": "h::put", "location": {l}}}],
            "data_flows": [
                {{"id": "f::keys", "name": "keys", "to": "c::Keys", "data": ["x::Page", "x::Password"], "encrypted": true, "destination": "fixed", "bidirectional": false, "location": {l}}},
                {{"id": "f::logs", "name": "logs", "to": "c::Logs", "data": ["x::Page"], "encrypted": true, "destination": "fixed", "bidirectional": false, "location": {l}}}],
            "threats": [{}, {}, {}, {}]}}"#,
            threat("t1", "h::put", 1),
            threat("t2", "h::get", 2),
            threat("t2", "f::keys", 3),
            threat("t3", "c::Logs", 4),
            l = at(1),
        );
        crate::export::json::parse(&json).expect("a model")
    }

    fn cell<'d>(document: &'d Value, name: &str) -> &'d Value {
        document["detail"]["diagrams"][0]["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .find(|c| c["data"]["name"] == name)
            .unwrap_or_else(|| panic!("no cell {name}"))
    }

    fn numbers(cell: &Value) -> Vec<(String, u64)> {
        cell["data"]["threats"]
            .as_array()
            .expect("threats")
            .iter()
            .map(|t| {
                (
                    t["title"].as_str().unwrap().to_owned(),
                    t["number"].as_u64().unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn numbers_routes_and_stored_credentials_follow_the_model() {
        let text = render(&model(), &ThreatDragonOptions::default());
        let document: Value = serde_json::from_str(&text).expect("JSON");
        // Threats are numbered in model order; a repeated id keeps the number of its first.
        assert_eq!(numbers(cell(&document, "PUT /a")), [("t1".to_owned(), 1)]);
        assert_eq!(
            numbers(cell(&document, "GET /a\nGET /b")),
            [("t2".to_owned(), 2)]
        );
        assert_eq!(numbers(cell(&document, "keys")), [("t2".to_owned(), 2)]);
        assert_eq!(
            numbers(cell(&document, "log store")),
            [("t3".to_owned(), 4)]
        );
        // Only the store a credentials-carrying flow reaches stores credentials.
        assert_eq!(
            cell(&document, "key store")["data"]["storesCredentials"],
            true
        );
        assert_eq!(
            cell(&document, "log store")["data"]["storesCredentials"],
            false
        );
        // One request flow per handler, labelled with each of its routes.
        let flows: Vec<&str> = document["detail"]["diagrams"][0]["cells"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["data"]["type"] == "tm.Flow")
            .map(|c| c["data"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(flows, ["GET /a, GET /b", "PUT /a", "keys", "logs"]);
    }
}
