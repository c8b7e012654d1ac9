//! Assembly: annotation records in, a model out, with every reference resolved to an id.
//!
//! The same function serves `Model::collect()` (records from the registry) and
//! `cargo threatmodel` (records from fragment files), so both see the same model.

use std::collections::{BTreeMap, BTreeSet};

use threatmodel_core::catalogue::{control_kind, threat_kind};
use threatmodel_core::{Annotation, Destination, Disposition, ItemKind, Record, ThreatKindRef};

use crate::model::{
    Asset, Assumption, Component, DataFlow, Endpoint, Location, Mitigation, Model, Problem,
    Suppression, Threat, TrustBoundary, Verification,
};
use threatmodel_core::route;

/// The kinds of element a reference may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Asset,
    Mitigation,
    TrustBoundary,
    Component,
    /// A handler with an `#[endpoint]`, as `#[verifies(endpoint = ...)]` names it.
    Endpoint,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Asset => "asset",
            Kind::Mitigation => "mitigation",
            Kind::TrustBoundary => "trust boundary",
            Kind::Component => "component",
            Kind::Endpoint => "endpoint handler",
        }
    }
}

/// An element a reference may resolve to: its id and every path that names it.
struct Target {
    id: String,
    krate: String,
    module: Vec<String>,
    /// Full paths naming the element (`crate::module::Name`, and the marker's path).
    paths: Vec<Vec<String>>,
}

#[derive(Default)]
struct Index {
    targets: Vec<(Kind, Target)>,
}

impl Index {
    /// Resolves `text` written in `from` to the id of an element of `kind`.
    ///
    /// rustc has already checked that the path names such an element, so this only picks which
    /// one: first by matching the path's trailing segments against full paths, then (paths
    /// through a re-export) by the last segment alone; ties go to the same module, then the same
    /// crate. Anything still ambiguous or unmatched is an error message.
    fn resolve(&self, kind: Kind, text: &str, from: &Record) -> Result<String, String> {
        let mut segments: Vec<String> = text
            .split("::")
            .map(|s| s.split('<').next().unwrap_or(s).to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        let mut anchored_crate = None;
        while let Some(first) = segments.first() {
            match first.as_str() {
                "crate" | "$crate" => anchored_crate = Some(from.krate.clone()),
                "self" | "super" => anchored_crate = anchored_crate.or(Some(from.krate.clone())),
                _ => break,
            }
            segments.remove(0);
        }
        let of_kind = || {
            self.targets
                .iter()
                .filter(|(k, t)| {
                    *k == kind && anchored_crate.as_ref().is_none_or(|c| &t.krate == c)
                })
                .map(|(_, t)| t)
        };
        let suffix: Vec<&Target> = of_kind()
            .filter(|t| t.paths.iter().any(|p| p.ends_with(&segments)))
            .collect();
        let candidates = if suffix.is_empty() {
            let last = segments.last().cloned().unwrap_or_default();
            of_kind()
                .filter(|t| t.paths.iter().any(|p| p.last() == Some(&last)))
                .collect()
        } else {
            suffix
        };
        let narrowed = narrow(candidates, from);
        match narrowed.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => Err(format!(
                "`{text}` names no {} known to the model; is its crate part of the build?",
                kind.noun()
            )),
            [first, ..] if narrowed.iter().all(|t| t.id == first.id) => Err(format!(
                "`{text}` names one of several {}s with the id `{}`: two items of one name in \
                 one module (a fn and a type, or a module whose code was not read): rename one",
                kind.noun(),
                first.id
            )),
            many => Err(format!(
                "`{text}` could name any of {}; write a longer path",
                many.iter()
                    .map(|t| format!("`{}`", t.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

/// Among several candidates, keeps those in `from`'s module, else those in its crate.
fn narrow<'t>(candidates: Vec<&'t Target>, from: &Record) -> Vec<&'t Target> {
    if candidates.len() <= 1 {
        return candidates;
    }
    let same_module: Vec<_> = candidates
        .iter()
        .copied()
        .filter(|t| t.krate == from.krate && t.module == from.module)
        .collect();
    if !same_module.is_empty() {
        return same_module;
    }
    let same_crate: Vec<_> = candidates
        .iter()
        .copied()
        .filter(|t| t.krate == from.krate)
        .collect();
    if !same_crate.is_empty() {
        return same_crate;
    }
    candidates
}

/// The Rust path of the item a record is attached to.
fn item_path(record: &Record) -> Vec<String> {
    let mut path = vec![record.krate.clone()];
    path.extend(record.module.iter().cloned());
    path.extend(record.item.owner.iter().cloned());
    path.push(record.item.name.clone());
    path
}

fn item_id(record: &Record) -> String {
    item_path(record).join("::")
}

fn location(record: &Record) -> Location {
    Location {
        test_only: record.test_only,
        ..Location::new(&record.package, &record.krate, &record.span)
    }
}

/// Whether a protocol name implies encryption in transit (or never leaves the process).
fn protocol_is_encrypted(protocol: &str) -> bool {
    let p = protocol.to_ascii_lowercase();
    [
        "https",
        "tls",
        "ssl",
        "wss",
        "sftp",
        "ssh",
        "in-process",
        "inproc",
        "mtls",
    ]
    .iter()
    .any(|marker| p.contains(marker))
}

impl Model {
    /// Builds the model from annotation records (from the registry or from export fragments).
    ///
    /// Records are deduplicated (a file compiled into two crates of a package yields the same
    /// annotation twice; the first crate by name wins), references are resolved to element ids,
    /// `allow(...)` records become [`Suppression`]s of their item (one per rule), and every list
    /// is sorted by id. `Invalid` records, unresolved and ambiguous references, and what
    /// [`Model::validate`] finds (a cycle of trust boundaries' `parent` links) become
    /// [`Problem`]s; nothing is dropped silently.
    pub fn from_records(records: impl IntoIterator<Item = Record>) -> Model {
        let mut records: Vec<Record> = records.into_iter().collect();
        records.sort_by(|a, b| {
            (&a.span, &a.krate, &a.item.name).cmp(&(&b.span, &b.krate, &b.item.name))
        });
        records.dedup_by(|b, a| a.span == b.span && a.annotation == b.annotation);

        let mut index = Index::default();
        for record in &records {
            let kind = match &record.annotation {
                Annotation::Asset { .. } => Kind::Asset,
                Annotation::Mitigation { .. } => Kind::Mitigation,
                Annotation::TrustBoundary { .. } => Kind::TrustBoundary,
                Annotation::Component { .. } => Kind::Component,
                Annotation::Endpoint { .. } => Kind::Endpoint,
                _ => continue,
            };
            let path = item_path(record);
            // A handler mounted on several routes is one target.
            if kind == Kind::Endpoint
                && index
                    .targets
                    .iter()
                    .any(|(k, t)| *k == kind && t.paths[0] == path)
            {
                continue;
            }
            let mut paths = vec![path.clone()];
            if let Annotation::Mitigation {
                marker: Some(marker),
                ..
            } = &record.annotation
            {
                let mut marker_path = path[..path.len() - 1].to_vec();
                if record.item.kind == ItemKind::Method {
                    marker_path.pop();
                }
                marker_path.push(marker.clone());
                paths.push(marker_path);
            }
            index.targets.push((
                kind,
                Target {
                    id: path.join("::"),
                    krate: record.krate.clone(),
                    module: record.module.clone(),
                    paths,
                },
            ));
        }

        let mut model = Model::empty();
        let mut verifies = Vec::new();
        let mut threat_ids: BTreeMap<String, usize> = BTreeMap::new();
        for record in &records {
            let resolve_all = |kind: Kind, texts: &[String], problems: &mut Vec<Problem>| {
                texts
                    .iter()
                    .filter_map(|text| match index.resolve(kind, text, record) {
                        Ok(id) => Some(id),
                        Err(message) => {
                            problems.push(Problem {
                                location: location(record),
                                message,
                            });
                            None
                        }
                    })
                    .collect::<Vec<_>>()
            };
            let problems = &mut model.problems;
            let id = item_id(record);
            // Methods are named `Type::method`, as references name them.
            let name = match &record.item.owner {
                Some(owner) => format!("{owner}::{}", record.item.name),
                None => record.item.name.clone(),
            };
            let doc = record.item.doc.clone();
            let location = location(record);
            match &record.annotation {
                Annotation::Asset {
                    level,
                    fields,
                    data,
                    confidentiality,
                    integrity,
                    availability,
                    owner,
                    name: display,
                    description,
                } => model.assets.push(Asset {
                    id,
                    name: display.clone().unwrap_or(name),
                    description: description.clone().or(doc),
                    level: *level,
                    data: *data,
                    confidentiality: confidentiality.unwrap_or(*level),
                    integrity: integrity.unwrap_or(*level),
                    availability: availability.unwrap_or(*level),
                    owner: owner.clone(),
                    fields: fields.clone(),
                    location,
                }),
                Annotation::Mitigation {
                    controls,
                    custom,
                    description,
                    marker,
                    applies_to,
                    addresses,
                    installed_by,
                } => {
                    let mut addressed: BTreeSet<String> = addresses.iter().cloned().collect();
                    for control in controls.iter().filter_map(|c| control_kind(c)) {
                        addressed.extend(control.addresses.iter().map(|s| (*s).to_owned()));
                    }
                    model.mitigations.push(Mitigation {
                        id,
                        name,
                        controls: controls.clone(),
                        custom: custom.clone(),
                        description: description.clone().or(doc),
                        marker: marker.clone(),
                        applies_to: applies_to.clone(),
                        addresses: addressed.into_iter().collect(),
                        installed_by: installed_by.clone(),
                        location,
                    });
                }
                Annotation::Threat {
                    kind,
                    disposition,
                    assets,
                    description,
                    severity,
                } => {
                    let (kind_id, custom, title, stride, owasp, cwe, capec) = match kind {
                        ThreatKindRef::Catalogue(kind_id) => match threat_kind(kind_id) {
                            Some(entry) => (
                                entry.id.to_owned(),
                                false,
                                entry.title.to_owned(),
                                entry.stride.to_vec(),
                                entry.owasp_api_2023.map(str::to_owned),
                                entry.cwe.iter().map(|n| format!("CWE-{n}")).collect(),
                                entry.capec.iter().map(|n| format!("CAPEC-{n}")).collect(),
                            ),
                            None => {
                                problems.push(Problem {
                                    location: location.clone(),
                                    message: format!(
                                        "threat kind `{kind_id}` is not in this version's catalogue"
                                    ),
                                });
                                (
                                    kind_id.clone(),
                                    true,
                                    kind_id.clone(),
                                    Vec::new(),
                                    None,
                                    Vec::new(),
                                    Vec::new(),
                                )
                            }
                        },
                        ThreatKindRef::Custom { id, stride } => (
                            id.clone(),
                            true,
                            id.clone(),
                            stride.clone(),
                            None,
                            Vec::new(),
                            Vec::new(),
                        ),
                    };
                    let base = format!("{id}#{kind_id}");
                    let seen = threat_ids.entry(base.clone()).or_insert(0);
                    *seen += 1;
                    let threat_id = if *seen == 1 {
                        base
                    } else {
                        format!("{base}-{seen}")
                    };
                    let disposition = match disposition {
                        Disposition::Mitigated { by, residual } => Disposition::Mitigated {
                            by: resolve_all(Kind::Mitigation, by, problems),
                            residual: residual.clone(),
                        },
                        other => other.clone(),
                    };
                    model.threats.push(Threat {
                        id: threat_id,
                        kind: kind_id,
                        custom,
                        title,
                        stride,
                        owasp_api_2023: owasp,
                        cwe,
                        capec,
                        subject: id,
                        disposition,
                        assets: resolve_all(Kind::Asset, assets, problems),
                        severity: *severity,
                        description: description.clone(),
                        location,
                    });
                }
                Annotation::Endpoint {
                    method,
                    route: written,
                    from_framework,
                    boundary,
                    exposes,
                    auth,
                    owner,
                    version,
                    description,
                } => {
                    let (route, path_params) = route::normalise(written);
                    model.endpoints.push(Endpoint {
                        id: format!("{id} {method} {route}"),
                        method: method.clone(),
                        route,
                        route_from_framework: *from_framework,
                        path_params,
                        handler: id,
                        boundary: resolve_all(Kind::TrustBoundary, boundary.as_slice(), problems)
                            .pop(),
                        exposes: resolve_all(Kind::Asset, exposes, problems),
                        auth: *auth,
                        owner: owner.clone(),
                        version: version.clone(),
                        description: description.clone().or(doc),
                        location,
                    });
                }
                Annotation::TrustBoundary {
                    parent,
                    name: display,
                    description,
                } => model.trust_boundaries.push(TrustBoundary {
                    id,
                    name: display.clone().unwrap_or(name),
                    description: description.clone().or(doc),
                    parent: resolve_all(Kind::TrustBoundary, parent.as_slice(), problems).pop(),
                    location,
                }),
                Annotation::Component {
                    kind,
                    boundary,
                    name: display,
                    description,
                } => model.components.push(Component {
                    id,
                    name: display.clone().unwrap_or(name),
                    kind: *kind,
                    boundary: resolve_all(Kind::TrustBoundary, boundary.as_slice(), problems).pop(),
                    description: description.clone().or(doc),
                    location,
                }),
                Annotation::DataFlow {
                    from,
                    to,
                    data,
                    protocol,
                    encrypted,
                    destination,
                    bidirectional,
                    description,
                } => {
                    let to_id = resolve_all(Kind::Component, std::slice::from_ref(to), problems)
                        .pop()
                        .unwrap_or_else(|| to.clone());
                    model.data_flows.push(DataFlow {
                        id,
                        name,
                        from: resolve_all(Kind::Component, from.as_slice(), problems).pop(),
                        to: to_id,
                        data: resolve_all(Kind::Asset, data, problems),
                        encrypted: encrypted.unwrap_or_else(|| {
                            protocol.as_deref().is_some_and(protocol_is_encrypted)
                        }),
                        protocol: protocol.clone(),
                        destination: destination.unwrap_or(Destination::Fixed),
                        bidirectional: *bidirectional,
                        description: description.clone().or(doc),
                        location,
                    });
                }
                Annotation::Assumption { text, owner } => model.assumptions.push(Assumption {
                    id,
                    name,
                    text: text.clone(),
                    description: doc,
                    owner: owner.clone(),
                    location,
                }),
                Annotation::Allow { rules, reason } => {
                    for rule in rules {
                        // The macros accept only rule names, built-in or namespaced (custom
                        // rules, checked when the rules run); a record of another version may
                        // name a built-in rule this one does not have.
                        let name = threatmodel_core::rule_names::rule_name(rule)
                            .map(str::to_owned)
                            .or_else(|| {
                                crate::rules::is_custom_rule_name(rule).then(|| rule.clone())
                            });
                        match name {
                            Some(name) => model.suppressions.push(Suppression {
                                item: id.clone(),
                                rule: name,
                                reason: reason.clone(),
                                location: location.clone(),
                            }),
                            None => problems.push(Problem {
                                location: location.clone(),
                                message: format!("`allow` names no rule `{rule}`"),
                            }),
                        }
                    }
                }
                Annotation::Invalid { name, errors } => problems.push(Problem {
                    location,
                    message: format!("invalid `{name}` annotation: {}", errors.join("; ")),
                }),
                Annotation::Verifies { .. } => verifies.push(record),
            }
        }
        // After the loop: `endpoint = HANDLER` reads the threats recorded on the handler.
        for record in verifies {
            if let Some(verification) = verification(&index, record, &mut model) {
                model.verifications.push(verification);
            }
        }
        model.sort();
        model.report_duplicates();
        // A saved model is held to `validate` (`report --from`); so is one built from the
        // code, for what rustc accepts and the model cannot hold (a cycle of `parent` links).
        let inconsistencies = model.validate();
        model.problems.extend(inconsistencies);
        model.problems.sort();
        model.problems.dedup();
        model
    }

    /// Adds a problem for every id shared by two elements of one kind (a fn and a type of one
    /// name in one module, or inline `mod` blocks of a crate whose code `cargo threatmodel` did
    /// not read, which keep their file's module path) and for every route served by two
    /// handlers.
    fn report_duplicates(&mut self) {
        let problems = self.duplicate_problems();
        self.problems.extend(problems);
    }

    /// Two elements of one kind with one id, one rule allowed twice on an item with different
    /// reasons, one route on two handlers. Expects the lists sorted ([`Model::sort`]).
    pub(crate) fn duplicate_problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        // Suppressions are sorted by item, rule and reason: after the dedup of identical ones,
        // neighbours with the same item and rule disagree on the reason, and one would be lost.
        for pair in self.suppressions.windows(2) {
            if (&pair[0].item, &pair[0].rule) == (&pair[1].item, &pair[1].rule) {
                let later = pair.iter().max_by_key(|s| &s.location).unwrap_or(&pair[1]);
                let earlier = pair.iter().min_by_key(|s| &s.location).unwrap_or(&pair[0]);
                problems.push(Problem {
                    location: later.location.clone(),
                    message: format!(
                        "`{}` is allowed twice on `{}`, with different reasons (the other is at \
                         {}); keep one `allow`",
                        later.rule, later.item, earlier.location
                    ),
                });
            }
        }
        let mut check = |plural: &str, items: Vec<(&str, &Location)>| {
            for pair in items.windows(2) {
                if pair[0].0 == pair[1].0 {
                    problems.push(Problem {
                        location: pair[1].1.clone(),
                        message: format!(
                            "two {plural} have the id `{}` (the other is at {}): two items of \
                             one name in one module, or in an inline `mod` of a crate whose code \
                             was not read",
                            pair[1].0, pair[0].1
                        ),
                    });
                }
            }
        };
        check(
            "trust boundaries",
            self.trust_boundaries
                .iter()
                .map(|e| (e.id.as_str(), &e.location))
                .collect(),
        );
        check(
            "components",
            self.components
                .iter()
                .map(|e| (e.id.as_str(), &e.location))
                .collect(),
        );
        check(
            "assets",
            self.assets
                .iter()
                .map(|e| (e.id.as_str(), &e.location))
                .collect(),
        );
        check(
            "mitigations",
            self.mitigations
                .iter()
                .map(|e| (e.id.as_str(), &e.location))
                .collect(),
        );
        check(
            "assumptions",
            self.assumptions
                .iter()
                .map(|e| (e.id.as_str(), &e.location))
                .collect(),
        );
        check(
            "data flows",
            self.data_flows
                .iter()
                .map(|e| (e.id.as_str(), &e.location))
                .collect(),
        );
        let mut routes: Vec<(String, &Endpoint)> = self
            .endpoints
            .iter()
            .map(|e| (format!("{} {}", e.method, e.route), e))
            .collect();
        routes.sort_by(|a, b| (&a.0, &a.1.id, &a.1.location).cmp(&(&b.0, &b.1.id, &b.1.location)));
        for pair in routes.windows(2) {
            let (route, earlier, later) = (&pair[1].0, pair[0].1, pair[1].1);
            if pair[0].0 != *route {
                continue;
            }
            let message = if earlier.handler == later.handler {
                format!(
                    "`{route}` is declared twice on `{}` (the other `#[endpoint]` is at {}); \
                     remove one",
                    later.handler, earlier.location
                )
            } else {
                format!(
                    "`{route}` is declared on two handlers, `{}` and `{}`",
                    earlier.handler, later.handler
                )
            };
            problems.push(Problem {
                location: later.location.clone(),
                message,
            });
        }
        problems
    }

    /// Sorts every list by id (suppressions by item then rule, problems by location), the order
    /// every output relies on.
    pub(crate) fn sort(&mut self) {
        self.trust_boundaries.sort_by(|a, b| a.id.cmp(&b.id));
        self.components.sort_by(|a, b| a.id.cmp(&b.id));
        self.assets.sort_by(|a, b| a.id.cmp(&b.id));
        self.mitigations.sort_by(|a, b| a.id.cmp(&b.id));
        self.endpoints.sort_by(|a, b| a.id.cmp(&b.id));
        self.data_flows.sort_by(|a, b| a.id.cmp(&b.id));
        self.threats.sort_by(|a, b| a.id.cmp(&b.id));
        self.verifications
            .sort_by(|a, b| (&a.id, &a.location).cmp(&(&b.id, &b.location)));
        self.assumptions.sort_by(|a, b| a.id.cmp(&b.id));
        // The same rule allowed for the same reason twice on one item (in two of its attributes)
        // is one suppression, at the first place it is written.
        self.suppressions.sort();
        self.suppressions
            .dedup_by(|b, a| (&a.item, &a.rule, &a.reason) == (&b.item, &b.rule, &b.reason));
        self.problems.sort();
        self.problems.dedup();
    }
}

/// The verification of one `#[verifies]` record: its mitigation resolved, or the controls its
/// `threat` on its `endpoint` cites. What does not resolve is a problem of `model`, and no
/// verification is made then (a test that verifies nothing known is not evidence).
fn verification(index: &Index, record: &Record, model: &mut Model) -> Option<Verification> {
    let Annotation::Verifies {
        mitigation,
        threat,
        endpoint,
    } = &record.annotation
    else {
        return None;
    };
    let location = location(record);
    let mut fail = |message: String| {
        model.problems.push(Problem {
            location: location.clone(),
            message,
        });
        None
    };
    let (mitigations, endpoint) = match (mitigation, endpoint) {
        (Some(text), _) => match index.resolve(Kind::Mitigation, text, record) {
            Ok(id) => (vec![id], None),
            Err(message) => return fail(message),
        },
        (None, Some(text)) => {
            let handler = match index.resolve(Kind::Endpoint, text, record) {
                Ok(id) => id,
                Err(message) => return fail(message),
            };
            let mut cited: Vec<String> = model
                .threats
                .iter()
                .filter(|t| t.subject == handler && Some(&t.kind) == threat.as_ref())
                .filter_map(|t| match &t.disposition {
                    Disposition::Mitigated { by, .. } => Some(by.iter().cloned()),
                    _ => None,
                })
                .flatten()
                .collect();
            cited.sort();
            cited.dedup();
            if cited.is_empty() {
                return fail(format!(
                    "`#[verifies]` names no control: no `{}` threat on `{handler}` cites one \
                     with `mitigated_by`",
                    threat.as_deref().unwrap_or_default()
                ));
            }
            (cited, Some(handler))
        }
        // The macro requires one of the two.
        (None, None) => return fail("`#[verifies]` names no control".to_owned()),
    };
    Some(Verification {
        id: item_id(record),
        test: record.item.name.clone(),
        module: record.module.clone(),
        mitigations,
        threat: threat.clone(),
        endpoint,
        outcome: None,
        location: Location {
            test_only: true,
            ..location
        },
    })
}
