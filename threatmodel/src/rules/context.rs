//! What the rules ask of a model: lookups by id and the few derived facts several rules share
//! (who may call an endpoint, which controls cover it, where a flow starts and whether it
//! crosses a trust boundary).

use std::collections::{HashMap, HashSet};

use threatmodel_core::{ComponentKind, Disposition};

use crate::Model;
use crate::claims::{Claims, Served};
use crate::model::{
    Asset, Component, DataFlow, Endpoint, Location, Mitigation, Threat, TrustBoundary, index_by_id,
};

/// Where a finding about a whole service (a crate) points, and the item that carries its
/// `allow(...)`: see [`Context::service_place`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePlace {
    /// The service component's id, or the crate's name.
    pub item: String,
    /// The service's name for messages: the component's name, or the crate's.
    pub name: String,
    /// The component's annotation, or line 1 of the crate root.
    pub location: Location,
}

/// A model under check, with the date acceptances are judged against, and indexes for the
/// lookups every rule and exporter makes (elements by id, threats by subject, services by crate,
/// scoped mitigations by route), so that checking or exporting a model grows with its size
/// rather than with its size squared.
///
/// The indexes are only looked up, never iterated, so they add no order of their own to any
/// output. Where the model holds two elements of one kind with one id (a problem
/// [`Model::validate`] reports), lookups of assets, components and boundaries return the first,
/// as a scan of the list would, and of mitigations the last.
#[derive(Debug, Clone)]
pub struct Context<'m> {
    /// The model.
    pub model: &'m Model,
    /// Today, `YYYY-MM-DD` (ISO 8601).
    pub today: &'m str,
    threats_by_subject: HashMap<&'m str, Vec<&'m Threat>>,
    mitigations_by_id: HashMap<&'m str, &'m Mitigation>,
    assets_by_id: HashMap<&'m str, &'m Asset>,
    components_by_id: HashMap<&'m str, &'m Component>,
    boundaries_by_id: HashMap<&'m str, &'m TrustBoundary>,
    /// The `#[component(service)]`s of each crate: `None` when it has more than one.
    services_by_crate: HashMap<&'m str, Option<&'m Component>>,
    /// Boundaries a service, datastore, cache or queue runs in.
    system_boundaries: HashSet<&'m str>,
    /// Mitigations with `applies_to` route patterns.
    scoped: ScopedMitigations<'m>,
    /// The endpoints matched against the route table read from the code; `None` when the
    /// model has no facts.
    pub claims: Option<Claims<'m>>,
    /// Asset ids each endpoint (by id) carries per the facts, beyond its `exposes`.
    carried: HashMap<&'m str, Vec<&'m str>>,
}

impl<'m> Context<'m> {
    /// A context for `model` on `today` (`YYYY-MM-DD`).
    pub fn new(model: &'m Model, today: &'m str) -> Self {
        let mut threats_by_subject: HashMap<&'m str, Vec<&'m Threat>> = HashMap::new();
        for threat in &model.threats {
            threats_by_subject
                .entry(threat.subject.as_str())
                .or_default()
                .push(threat);
        }
        let mut services_by_crate: HashMap<&'m str, Option<&'m Component>> = HashMap::new();
        for component in &model.components {
            if component.kind == ComponentKind::Service {
                services_by_crate
                    .entry(component.location.krate.as_str())
                    .and_modify(|service| *service = None)
                    .or_insert(Some(component));
            }
        }
        let system_boundaries = model
            .components
            .iter()
            .filter(|c| {
                matches!(
                    c.kind,
                    ComponentKind::Service
                        | ComponentKind::Datastore
                        | ComponentKind::Cache
                        | ComponentKind::Queue
                )
            })
            .filter_map(|c| c.boundary.as_deref())
            .collect();
        let claims = Claims::new(model);
        let carried = claims
            .as_ref()
            .map(|claims| {
                model
                    .endpoints
                    .iter()
                    .map(|e| {
                        let assets = claims
                            .exposures(model, e)
                            .into_iter()
                            .map(|x| x.asset)
                            .filter(|id| !e.exposes.iter().any(|d| d == id))
                            .collect();
                        (e.id.as_str(), assets)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Context {
            model,
            today,
            threats_by_subject,
            // The last of an id wins, as it always has for mitigations.
            mitigations_by_id: model
                .mitigations
                .iter()
                .map(|m| (m.id.as_str(), m))
                .collect(),
            assets_by_id: index_by_id(&model.assets, |a| &a.id),
            components_by_id: index_by_id(&model.components, |c| &c.id),
            boundaries_by_id: index_by_id(&model.trust_boundaries, |b| &b.id),
            services_by_crate,
            system_boundaries,
            scoped: ScopedMitigations::new(&model.mitigations),
            claims,
            carried,
        }
    }

    /// The ids of the assets `endpoint` exposes: its `exposes`, then those the facts show its
    /// request or response carrying (see [`Claims::exposures`]).
    pub fn exposed<'e>(&'e self, endpoint: &'e Endpoint) -> Vec<&'e str> {
        let mut ids: Vec<&'e str> = endpoint.exposes.iter().map(String::as_str).collect();
        if let Some(carried) = self.carried.get(endpoint.id.as_str()) {
            ids.extend(carried.iter().copied());
        }
        ids
    }

    /// Whether some endpoint carries asset `id` per the facts without listing it in `exposes`.
    pub fn carried_anywhere(&self, id: &str) -> bool {
        self.carried.values().any(|assets| assets.contains(&id))
    }

    /// The asset with id `id`.
    pub fn asset(&self, id: &str) -> Option<&'m Asset> {
        self.assets_by_id.get(id).copied()
    }

    /// The mitigation with id `id`.
    pub fn mitigation(&self, id: &str) -> Option<&'m Mitigation> {
        self.mitigations_by_id.get(id).copied()
    }

    /// The component with id `id`.
    pub fn component(&self, id: &str) -> Option<&'m Component> {
        self.components_by_id.get(id).copied()
    }

    /// The trust boundary with id `id`.
    pub fn boundary(&self, id: &str) -> Option<&'m TrustBoundary> {
        self.boundaries_by_id.get(id).copied()
    }

    /// The threats recorded on item `item` (a threat's `subject`).
    pub fn threats_on(&self, item: &str) -> Vec<&'m Threat> {
        self.threats_by_subject
            .get(item)
            .cloned()
            .unwrap_or_default()
    }

    /// Whether a threat of one of `kinds` (catalogue ids) is recorded on `item`, whatever its
    /// disposition: the team has considered it.
    pub fn considers(&self, item: &str, kinds: &[&str]) -> bool {
        self.threats_by_subject.get(item).is_some_and(|threats| {
            threats
                .iter()
                .any(|t| !t.custom && kinds.contains(&t.kind.as_str()))
        })
    }

    /// Whether a threat of one of `kinds` on `item` is handled: mitigated by at least one
    /// mitigation in the model, or transferred (not accepted, not open).
    pub fn handles(&self, item: &str, kinds: &[&str]) -> bool {
        self.threats_on(item).iter().any(|t| {
            !t.custom
                && kinds.contains(&t.kind.as_str())
                && match &t.disposition {
                    Disposition::Mitigated { by, .. } => !by.is_empty(),
                    Disposition::Transferred { .. } => true,
                    Disposition::Accepted { .. }
                    | Disposition::Open { .. }
                    | Disposition::Undisposed => false,
                }
        })
    }

    /// The mitigations that cover `endpoint`: those whose `applies_to` pattern matches its
    /// route, and those cited by a threat recorded on its handler. Sorted by id, no repeats.
    pub fn covering(&self, endpoint: &Endpoint) -> Vec<&'m Mitigation> {
        let cited: Vec<&str> = self
            .threats_on(&endpoint.handler)
            .into_iter()
            .flat_map(|t| match &t.disposition {
                Disposition::Mitigated { by, .. } => by.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            })
            .collect();
        let mut covering: Vec<&'m Mitigation> = cited
            .into_iter()
            .filter_map(|id| self.mitigation(id))
            .chain(self.scoped_covering(&endpoint.route))
            .collect();
        covering.sort_by(|a, b| a.id.cmp(&b.id));
        covering.dedup_by(|a, b| a.id == b.id);
        covering
    }

    /// The mitigations with an `applies_to` pattern that matches `route` ([`route_matches`]),
    /// in model order.
    pub fn scoped_covering(&self, route: &str) -> Vec<&'m Mitigation> {
        self.scoped.covering(route)
    }

    /// Whether a mitigation implementing control kind `control` covers `endpoint` (see
    /// [`Context::covering`]).
    pub fn covered_by_control(&self, endpoint: &Endpoint, control: &str) -> bool {
        self.covering(endpoint)
            .iter()
            .any(|m| m.controls.iter().any(|c| c == control))
    }

    /// The `#[component(service)]` of crate `krate`, when it has exactly one.
    pub fn service_of(&self, krate: &str) -> Option<&'m Component> {
        self.services_by_crate.get(krate).copied().flatten()
    }

    /// Where a finding about crate `krate` as a whole points: the annotation of its one
    /// `#[component(service)]`, else the crate root ([`Context::crate_root`]); `None` when the
    /// crate has neither.
    pub fn service_place(&self, krate: &str) -> Option<ServicePlace> {
        if let Some(service) = self.service_of(krate) {
            return Some(ServicePlace {
                item: service.id.clone(),
                name: service.name.clone(),
                location: service.location.clone(),
            });
        }
        self.crate_root(krate).map(|location| ServicePlace {
            item: krate.to_owned(),
            name: krate.to_owned(),
            location,
        })
    }

    /// Line 1 of the root file of crate `krate` (`src/lib.rs`, `src/main.rs`), as the code
    /// facts show it: the file of a fn or type the facts place directly in the crate's root
    /// module (path `krate::name`). `None` without facts, or when the root module defines no
    /// fn or type (a root of `mod` items only).
    pub fn crate_root(&self, krate: &str) -> Option<Location> {
        let facts = self.model.facts.as_ref()?;
        let in_root = |path: &str| {
            path.split_once("::")
                .is_some_and(|(first, rest)| first == krate && !rest.contains("::"))
        };
        facts
            .crates
            .iter()
            .filter(|c| c.krate == krate)
            .find_map(|c| {
                let file = c
                    .functions
                    .iter()
                    .filter(|f| in_root(&f.path))
                    .map(|f| &f.location.file)
                    .chain(
                        c.types
                            .iter()
                            .filter(|t| in_root(&t.path))
                            .map(|t| &t.location.file),
                    )
                    .min()?;
                Some(Location {
                    package: c.package.clone(),
                    krate: krate.to_owned(),
                    file: file.clone(),
                    line: 1,
                    column: 1,
                    test_only: false,
                })
            })
    }

    /// Whether the code facts show that no router serves `endpoint` as claimed: its handler
    /// is served on other routes only, or on none (what `unserved_endpoint` reports). False
    /// without facts, or when it cannot be told.
    pub fn unserved(&self, endpoint: &Endpoint) -> bool {
        self.claims.as_ref().is_some_and(|claims| {
            matches!(
                claims.served(&endpoint.id),
                Some(Served::Not | Served::Elsewhere(_))
            )
        })
    }

    /// Whether the code facts show `endpoint`'s handler taking a file upload as its body: a
    /// multipart stream (axum's or axum-extra's `Multipart`, actix-multipart's `Multipart`),
    /// Rocket's raw `Data`, or Rocket's `Form<TempFile>`. Such a body is streamed or stored as
    /// a file, not bound onto an object's properties. False without facts.
    pub fn takes_upload(&self, endpoint: &Endpoint) -> bool {
        let Some(handler) = self
            .claims
            .as_ref()
            .and_then(|claims| claims.function(&endpoint.handler))
        else {
            return false;
        };
        handler.params.iter().any(|param| {
            let types: Vec<(&str, &str)> = param
                .types
                .iter()
                .map(|path| {
                    let first = path.split("::").next().unwrap_or(path);
                    let last = path.rsplit("::").next().unwrap_or(path);
                    (first, last)
                })
                .collect();
            matches!(
                types.as_slice(),
                [("axum" | "axum_extra" | "actix_multipart", "Multipart"), ..]
                    | [("rocket", "Data"), ..]
                    | [("rocket", "Form"), ("rocket", "TempFile"), ..]
            )
        })
    }

    /// Whether `inner` is `outer` or nested inside it through `parent` links.
    pub fn within(&self, inner: &str, outer: &str) -> bool {
        let mut current = Some(inner);
        let mut steps = 0;
        while let Some(id) = current {
            if id == outer {
                return true;
            }
            steps += 1;
            if steps > self.model.trust_boundaries.len() {
                return false; // a cycle of parents
            }
            current = self.boundary(id).and_then(|b| b.parent.as_deref());
        }
        false
    }

    /// Whether callers of `endpoint` come from outside the zone the service trusts.
    ///
    /// The trusted zone is the boundary of the crate's `#[component(service)]` and the
    /// boundaries nested in it. Without a service component, a boundary is trusted when a
    /// service, datastore, cache or queue of the model runs in it. An endpoint that names no
    /// boundary is reachable by anyone: its callers are untrusted.
    pub fn callers_untrusted(&self, endpoint: &Endpoint) -> bool {
        let Some(boundary) = endpoint.boundary.as_deref() else {
            return true;
        };
        match self
            .service_of(&endpoint.location.krate)
            .and_then(|s| s.boundary.as_deref())
        {
            Some(home) => !self.within(boundary, home),
            None => !self.system_boundaries.contains(boundary),
        }
    }

    /// The component a flow starts at: `from`, or else the crate's service.
    pub fn source_of(&self, flow: &DataFlow) -> Option<&'m Component> {
        match &flow.from {
            Some(id) => self.component(id),
            None => self.service_of(&flow.location.krate),
        }
    }

    /// The trust boundary a flow starts in, when known.
    pub fn source_boundary(&self, flow: &DataFlow) -> Option<&'m str> {
        self.source_of(flow).and_then(|c| c.boundary.as_deref())
    }

    /// Whether a flow crosses a trust boundary: its two ends run in different boundaries (an
    /// end whose boundary is unknown counts as different from a known one).
    pub fn crosses_boundary(&self, flow: &DataFlow) -> bool {
        let from = self.source_boundary(flow);
        let to = self.component(&flow.to).and_then(|c| c.boundary.as_deref());
        match (from, to) {
            (Some(a), Some(b)) => a != b,
            (None, None) => false,
            _ => true,
        }
    }

    /// The assets `endpoint` exposes: those its `exposes` lists, then those the code facts show
    /// its request or response carrying (see [`Context::exposed`]), each once.
    pub fn exposed_assets(&self, endpoint: &Endpoint) -> Vec<&'m Asset> {
        let mut assets: Vec<&'m Asset> = self.assets_of(&endpoint.exposes).collect();
        if let Some(carried) = self.carried.get(endpoint.id.as_str()) {
            for id in carried {
                if let Some(asset) = self.asset(id)
                    && !assets.iter().any(|a| a.id == asset.id)
                {
                    assets.push(asset);
                }
            }
        }
        assets
    }

    /// The assets of `ids` that exist in the model.
    pub fn assets_of<'a>(&self, ids: &'a [String]) -> impl Iterator<Item = &'m Asset> + 'a
    where
        'm: 'a,
    {
        // Collected, so that the iterator does not borrow the index.
        let assets: Vec<&'m Asset> = ids.iter().filter_map(|id| self.asset(id)).collect();
        assets.into_iter()
    }
}

/// The mitigations with `applies_to` patterns, indexed so that finding those covering a route
/// does not test every pattern against it.
///
/// A pattern that starts with `/` and whose first segment is a literal (`/admin/*`) can only
/// match a route whose first segment is that literal ([`route_matches`] compares segments one
/// by one), so it is filed under that segment; any other pattern (`/*`, `/{tenant}/...`, one
/// without a leading `/`) is tested against every route.
#[derive(Debug, Clone, Default)]
pub(crate) struct ScopedMitigations<'m> {
    /// Scoped mitigations, in model order.
    scoped: Vec<&'m Mitigation>,
    /// Positions in `scoped` of the mitigations with a pattern under each first segment.
    by_first_segment: HashMap<&'m str, Vec<usize>>,
    /// Positions in `scoped` of the mitigations with a pattern that has no literal first segment.
    anywhere: Vec<usize>,
}

impl<'m> ScopedMitigations<'m> {
    /// The mitigations of `mitigations` that have `applies_to` patterns, indexed.
    pub(crate) fn new(mitigations: &'m [Mitigation]) -> Self {
        let mut index = ScopedMitigations::default();
        for mitigation in mitigations.iter().filter(|m| !m.applies_to.is_empty()) {
            let position = index.scoped.len();
            index.scoped.push(mitigation);
            for pattern in &mitigation.applies_to {
                let list = match literal_first_segment(pattern) {
                    Some(segment) => index.by_first_segment.entry(segment).or_default(),
                    None => &mut index.anywhere,
                };
                if list.last() != Some(&position) {
                    list.push(position);
                }
            }
        }
        index
    }

    /// The scoped mitigations with a pattern matching `route`, in model order.
    pub(crate) fn covering(&self, route: &str) -> Vec<&'m Mitigation> {
        let first = route.trim_end_matches('/').split('/').nth(1);
        let mut candidates: Vec<usize> = self.anywhere.clone();
        if let Some(filed) = first.and_then(|segment| self.by_first_segment.get(segment)) {
            candidates.extend(filed);
            candidates.sort_unstable();
            candidates.dedup();
        }
        candidates
            .into_iter()
            .map(|position| self.scoped[position])
            .filter(|m| m.applies_to.iter().any(|p| route_matches(p, route)))
            .collect()
    }
}

/// The first segment of a route pattern that starts with `/`, when it is a literal (no `*`, no
/// `{param}`): every route the pattern matches has this first segment.
fn literal_first_segment(pattern: &str) -> Option<&str> {
    let mut segments = pattern.trim_end_matches('/').split('/');
    if segments.next() != Some("") {
        return None;
    }
    segments.next().filter(|segment| !is_wildcard(segment))
}

/// Whether a pattern segment matches any one route segment: `*` or a `{param}`.
fn is_wildcard(segment: &str) -> bool {
    segment == "*" || (segment.starts_with('{') && segment.ends_with('}'))
}

/// Whether route pattern `pattern` (`applies_to`) covers route `route` (normalised, `{param}`).
///
/// Segments compare one by one; `*` or a `{param}` in the pattern matches any one segment, and a
/// final `*` matches one or more remaining segments (`/admin/*` covers `/admin/users/{id}` but
/// not `/admin`). A trailing slash is ignored on both sides.
pub fn route_matches(pattern: &str, route: &str) -> bool {
    let mut pattern = pattern.trim_end_matches('/').split('/').peekable();
    let mut route = route.trim_end_matches('/').split('/');
    while let Some(segment) = pattern.next() {
        let last = pattern.peek().is_none();
        if segment == "*" && last {
            return route.next().is_some();
        }
        let Some(actual) = route.next() else {
            return false;
        };
        if !is_wildcard(segment) && segment != actual {
            return false;
        }
    }
    route.next().is_none()
}

/// Route vocabulary: what the words of an endpoint's route say it does.
impl<'m> Context<'m> {
    /// Whether route segment `segment` names one of `words` (singular, lower case): the segment
    /// itself, the segment without `-`, `_` and `.` (`sign-up` names `signup`), or one of the
    /// parts between them (`admin-tools` names `admin`); a plural `s` also matches (`transfers`
    /// names `transfer`). Case is ignored; a path parameter names nothing.
    pub fn segment_names(segment: &str, words: &[&str]) -> bool {
        if segment.starts_with('{') {
            return false;
        }
        let segment = segment.to_ascii_lowercase();
        let separators = ['-', '_', '.'];
        let is_word = |word: &str| {
            words
                .iter()
                .any(|w| word == *w || word.strip_suffix('s') == Some(*w))
        };
        is_word(&segment.replace(separators, "")) || segment.split(separators).any(is_word)
    }

    /// Whether any segment of `endpoint`'s route names one of `words` (see
    /// [`Context::segment_names`]): `/api/admin-tools/flush` names `admin`.
    pub fn route_mentions(&self, endpoint: &Endpoint, words: &[&str]) -> bool {
        endpoint
            .route
            .split('/')
            .any(|segment| Self::segment_names(segment, words))
    }

    /// Whether the last literal segment of `endpoint`'s route, the collection or action the
    /// request is about, names one of `words` (`transfers` in `POST /accounts/{id}/transfers`).
    pub fn route_acts_on(&self, endpoint: &Endpoint, words: &[&str]) -> bool {
        endpoint
            .route
            .split('/')
            .rfind(|s| !s.is_empty() && !s.starts_with('{'))
            .is_some_and(|segment| Self::segment_names(segment, words))
    }

    /// Whether `endpoint` may change state: its method is `POST`, `PUT`, `PATCH` or `ANY`.
    pub fn writes(&self, endpoint: &Endpoint) -> bool {
        matches!(endpoint.method.as_str(), "POST" | "PUT" | "PATCH" | "ANY")
    }
}

#[cfg(test)]
mod tests {
    use super::{Context, route_matches};
    use crate::Model;

    /// A model given as JSON (the `export --format json` form), for terse fixtures.
    fn model(json: &str) -> Model {
        crate::export::json::parse(json).expect("a model")
    }

    fn at(line: u32, krate: &str) -> String {
        format!(
            r#"{{"package": "{krate}", "crate": "{krate}", "file": "src/lib.rs", "line": {line}, "column": 1}}"#
        )
    }

    #[test]
    fn scoped_covering_is_the_scan_of_every_pattern() {
        let patterns = [
            "/a/*", "/*", "/{x}/b", "a/*", "/b", "/a/{id}", "//x", "/c/*", "/", "/a/x/*", "/b/",
        ];
        let routes = [
            "/a/{id}",
            "/b",
            "/a/x/{id}",
            "/c/d",
            "/c",
            "/",
            "/{t}/b",
            "//x",
            "/a/x/y/",
            "/b/c",
        ];
        // Mitigations with one, two or no patterns, some repeated across mitigations.
        let mitigations: Vec<String> = (0..patterns.len() + 2)
            .map(|i| {
                let applies: Vec<String> = match i % 3 {
                    0 => vec![patterns[i % patterns.len()].to_owned()],
                    1 => vec![
                        patterns[i % patterns.len()].to_owned(),
                        patterns[(i * 7) % patterns.len()].to_owned(),
                    ],
                    _ => Vec::new(),
                };
                format!(
                    r#"{{"id": "m::m{i:02}", "name": "m{i}", "controls": [], "applies_to": {}, "addresses": [], "location": {}}}"#,
                    serde_json::to_string(&applies).unwrap(),
                    at(i as u32, "m")
                )
            })
            .collect();
        let model = model(&format!(
            r#"{{"schema_version": "1", "trust_boundaries": [], "components": [], "assets": [], "mitigations": [{}], "endpoints": [], "data_flows": [], "threats": []}}"#,
            mitigations.join(",")
        ));
        let cx = Context::new(&model, "");
        for route in routes {
            let scanned: Vec<&str> = model
                .mitigations
                .iter()
                .filter(|m| m.applies_to.iter().any(|p| route_matches(p, route)))
                .map(|m| m.id.as_str())
                .collect();
            let indexed: Vec<&str> = cx
                .scoped_covering(route)
                .iter()
                .map(|m| m.id.as_str())
                .collect();
            assert_eq!(indexed, scanned, "{route}");
        }
        assert!(!cx.scoped_covering("/a/x/y").is_empty());
    }

    #[test]
    fn lookups_by_id_find_what_a_scan_finds() {
        let model = model(&format!(
            r#"{{"schema_version": "1",
            "trust_boundaries": [
                {{"id": "z::B", "name": "first", "location": {a}}},
                {{"id": "z::B", "name": "second", "location": {a}}}],
            "components": [
                {{"id": "c::S", "name": "first", "kind": "service", "boundary": "z::B", "location": {a}}},
                {{"id": "c::S", "name": "second", "kind": "datastore", "location": {a}}},
                {{"id": "c::T", "name": "t", "kind": "service", "location": {b}}},
                {{"id": "c::U", "name": "u", "kind": "service", "location": {b}}}],
            "assets": [
                {{"id": "x::A", "name": "first", "level": "low", "confidentiality": "low", "integrity": "low", "availability": "low", "location": {a}}},
                {{"id": "x::A", "name": "second", "level": "high", "confidentiality": "low", "integrity": "low", "availability": "low", "location": {a}}}],
            "mitigations": [
                {{"id": "m::M", "name": "first", "controls": [], "addresses": [], "location": {a}}},
                {{"id": "m::M", "name": "second", "controls": [], "addresses": [], "location": {a}}}],
            "endpoints": [], "data_flows": [], "threats": []}}"#,
            a = at(1, "a"),
            b = at(2, "b")
        ));
        let cx = Context::new(&model, "");
        assert_eq!(cx.boundary("z::B").map(|b| b.name.as_str()), Some("first"));
        assert_eq!(cx.component("c::S").map(|c| c.name.as_str()), Some("first"));
        assert_eq!(cx.asset("x::A").map(|a| a.name.as_str()), Some("first"));
        let ids = [
            "x::A".to_owned(),
            "x::Nothing".to_owned(),
            "x::A".to_owned(),
        ];
        assert_eq!(cx.assets_of(&ids).count(), 2);
        // Mitigations: the last of an id, as the index always gave.
        assert_eq!(
            cx.mitigation("m::M").map(|m| m.name.as_str()),
            Some("second")
        );
        assert!(cx.boundary("z::C").is_none() && cx.component("c::X").is_none());
        // One service in crate `a`; two in crate `b`, so none is *the* service; none in `c`.
        assert_eq!(cx.service_of("a").map(|c| c.name.as_str()), Some("first"));
        assert!(cx.service_of("b").is_none());
        assert!(cx.service_of("c").is_none());
    }

    #[test]
    fn trailing_star_covers_everything_below() {
        assert!(route_matches("/admin/*", "/admin/users/{id}"));
        assert!(route_matches("/admin/*", "/admin/users"));
        assert!(!route_matches("/admin/*", "/admin"));
        assert!(!route_matches("/admin/*", "/administrators"));
        assert!(route_matches("/*", "/healthz"));
    }

    #[test]
    fn inner_wildcards_match_one_segment() {
        assert!(route_matches(
            "/accounts/*/transfers",
            "/accounts/{id}/transfers"
        ));
        assert!(route_matches("/accounts/{id}", "/accounts/{account_id}"));
        assert!(!route_matches("/accounts/{id}", "/accounts/{id}/transfers"));
        assert!(route_matches("/accounts/", "/accounts"));
        assert!(!route_matches("/accounts", "/account"));
    }
}
