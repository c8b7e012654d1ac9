//! Control status in one legend (DESIGN §7): for each mitigated threat, whether its controls were
//! seen running, and for each endpoint and OWASP API Security Top 10 (2023) risk, one
//! [`Signal`]. The report's matrix, threat rows and summary read them from here.
//!
//! A cell of the matrix (one endpoint, one risk) is the weakest of:
//!
//! - the unsuppressed rule findings mapped to the risk on the endpoint (or on a threat of the
//!   risk recorded there): ❌; suppressed ones: 🔕;
//! - the threats of the endpoint's handler whose kind maps to the risk: open ❌, accepted ⚠️,
//!   transferred ↪, mitigated as [`Coverage::threat_signal`] says (✅ a control that addresses
//!   the threat was seen running; ☐ cited only; ◐ partial; ❌ mitigated on paper).
//!
//! Without such a finding or threat, a control that covers the endpoint's route through
//! `applies_to` and addresses the risk's own kind (`broken_authentication` for API2, ...) gives ✅
//! or ☐ (◐ for API4 when it is only a request size limit); API6 is never derived that way, since
//! only the model can say that a route is a sensitive business flow. API2 is — (not applicable)
//! on a public endpoint (`auth = "none"`) that is no sign-in or sign-up flow. Otherwise the cell
//! is · (not considered).
//!
//! The "all endpoints" cell of a risk is the weakest cell of the column among the endpoints
//! where the risk is considered (in the order ❌ 🔕 ⚠️ ◐ ↪ ☐ ✅), · when it is considered on
//! none, and — only when it applies to no endpoint.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use threatmodel_core::catalogue::OWASP_API_2023;
use threatmodel_core::{AuthRequirement, Disposition};

use crate::Model;
use crate::claims::{Claims, Running, Served};
use crate::model::{Endpoint, Mitigation, Threat, index_by_id};
use crate::rules::{self, Context, Finding, ScopedMitigations};

/// The OWASP risk of broken authentication, not applicable to public routes that sign no one in.
const API2: &str = "API2:2023";
/// The OWASP risk of unrestricted resource consumption, partly covered by a size limit alone.
const API4: &str = "API4:2023";
/// The OWASP risk of sensitive business flows, which only a threat recorded on the endpoint
/// can name.
const API6: &str = "API6:2023";
/// Control kinds that bound how much a client consumes over time or per call: without one of
/// them, an API4 threat is only partly covered (a request size limit bounds one request).
const CONSUMPTION_BOUNDS: [&str; 2] = ["rate_limiting", "pagination_limit"];

/// One state of the legend, weakest first: a matrix cell that aggregates several states shows
/// the first of them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Signal {
    /// ❌ open, mitigated on paper, or a rule's gap.
    Gap,
    /// 🔕 a rule's gap, suppressed with a reason.
    Suppressed,
    /// · nothing recorded on the endpoint maps to the risk.
    NotConsidered,
    /// ⚠️ accepted: the risk stays with the service.
    Accepted,
    /// ◐ partial: API4 covered by a request size limit (or other per-request bound) only.
    Partial,
    /// ↪ transferred: someone else carries the risk.
    Transferred,
    /// ☐ a control is cited, but not seen running (no code facts, or they cannot tell).
    CitedOnly,
    /// ✅ a control that addresses the risk is cited and seen running.
    Seen,
    /// — the risk does not apply to the endpoint.
    NotApplicable,
}

impl Signal {
    /// Every signal, in legend order.
    pub(crate) const ALL: [Signal; 9] = [
        Signal::Seen,
        Signal::CitedOnly,
        Signal::Partial,
        Signal::Gap,
        Signal::Suppressed,
        Signal::Accepted,
        Signal::Transferred,
        Signal::NotConsidered,
        Signal::NotApplicable,
    ];

    /// The symbol shown in tables.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Signal::Gap => "❌",
            Signal::Suppressed => "🔕",
            Signal::NotConsidered => "·",
            Signal::Accepted => "⚠️",
            Signal::Partial => "◐",
            Signal::Transferred => "↪",
            Signal::CitedOnly => "☐",
            Signal::Seen => "✅",
            Signal::NotApplicable => "—",
        }
    }

    /// What the symbol means, as a legend line (Markdown, after the symbol).
    pub(crate) fn meaning(self) -> &'static str {
        match self {
            Signal::Seen => {
                "cited and seen running: a control that addresses the risk is cited (or covers \
                 the route through `applies_to`) and the code facts show it running on the route"
            }
            Signal::CitedOnly => {
                "cited only: a control is cited, but the code facts do not show it running (no \
                 facts were read, or they cannot tell)"
            }
            Signal::Partial => {
                "partial: resource consumption (API4) is bounded per request only (a request size \
                 limit); rate limiting or a pagination limit is needed for more"
            }
            Signal::Gap => {
                "open, mitigated on paper or a rule's gap: a threat of the risk is `open`, a \
                 control it cites is seen not running (`unapplied_mitigation`), or a rule mapped \
                 to the risk reports a finding"
            }
            Signal::Suppressed => {
                "suppressed: such a finding is suppressed with `allow(...)` and a reason"
            }
            Signal::Accepted => "accepted: a threat of the risk is accepted",
            Signal::Transferred => "transferred: a threat of the risk is transferred",
            Signal::NotConsidered => {
                "not considered: no threat recorded on the endpoint, and no control covering its \
                 route, maps to the risk (the rules say where that is a gap)"
            }
            Signal::NotApplicable => {
                "not applicable: Broken Authentication (API2) on a public endpoint \
                 (`auth = \"none\"`) that is no sign-in or sign-up flow"
            }
        }
    }

    /// The weakest of `signals` (see the module docs), `None` when there are none.
    pub(crate) fn weakest(signals: impl IntoIterator<Item = Signal>) -> Option<Signal> {
        signals.into_iter().min()
    }
}

/// Whether the controls a mitigated threat cites were seen running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ControlStatus {
    /// A control it cites is seen not running (`unapplied_mitigation`).
    OnPaper,
    /// No control that addresses it is seen running (no facts, or they cannot tell).
    CitedOnly,
    /// A control that addresses it is seen running on every endpoint of its handler.
    Seen,
}

/// The control status of a model's threats and endpoints (see the module docs).
pub(crate) struct Coverage<'m> {
    model: &'m Model,
    /// Endpoints and controls matched against the facts; `None` when the model has none.
    claims: Option<Claims<'m>>,
    /// Rule findings, when the rules were run.
    findings: Option<&'m [Finding]>,
    mitigations: HashMap<&'m str, &'m Mitigation>,
    threats: HashMap<&'m str, &'m Threat>,
    endpoint_ids: HashSet<&'m str>,
    /// Endpoints by handler, in model order.
    endpoints_by_handler: HashMap<&'m str, Vec<&'m Endpoint>>,
    /// Threats by subject, in model order.
    threats_by_subject: HashMap<&'m str, Vec<&'m Threat>>,
    /// Positions of the findings by element and by item.
    findings_by_element: HashMap<&'m str, Vec<usize>>,
    findings_by_item: HashMap<&'m str, Vec<usize>>,
    /// Ids of the threats with an unsuppressed `unapplied_mitigation` finding.
    on_paper: HashSet<&'m str>,
    /// Mitigations with `applies_to`, by route.
    scoped: ScopedMitigations<'m>,
    /// [`Claims::runs`] answers, by endpoint and mitigation id: whether it was seen running,
    /// seen not running (`Some(false)`), or cannot be told (`None`).
    runs: RefCell<HashMap<(&'m str, &'m str), Option<bool>>>,
}

impl<'m> Coverage<'m> {
    /// The control status of `model`, with its rule findings when the rules were run.
    pub(crate) fn new(model: &'m Model, findings: Option<&'m [Finding]>) -> Self {
        let mut endpoints_by_handler: HashMap<&str, Vec<&Endpoint>> = HashMap::new();
        for endpoint in &model.endpoints {
            endpoints_by_handler
                .entry(&endpoint.handler)
                .or_default()
                .push(endpoint);
        }
        let mut threats_by_subject: HashMap<&str, Vec<&Threat>> = HashMap::new();
        for threat in &model.threats {
            threats_by_subject
                .entry(&threat.subject)
                .or_default()
                .push(threat);
        }
        let threats = index_by_id(&model.threats, |t| &t.id);
        let mut findings_by_element: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut findings_by_item: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut on_paper = HashSet::new();
        for (i, finding) in findings.unwrap_or_default().iter().enumerate() {
            findings_by_element
                .entry(&finding.element)
                .or_default()
                .push(i);
            findings_by_item.entry(&finding.item).or_default().push(i);
            // A finding at a service is also on each endpoint it stands for.
            for related in &finding.related {
                findings_by_element
                    .entry(&related.element)
                    .or_default()
                    .push(i);
            }
            // `unapplied_mitigation`'s element is `threat-id mitigation-id`.
            if finding.rule_name == "unapplied_mitigation" && finding.suppressed.is_none() {
                let threat = finding.element.split(' ').next().unwrap_or_default();
                if let Some((id, _)) = threats.get_key_value(threat) {
                    on_paper.insert(*id);
                }
            }
        }
        Coverage {
            model,
            claims: Claims::new(model),
            findings,
            mitigations: index_by_id(&model.mitigations, |m| &m.id),
            threats,
            endpoint_ids: model.endpoints.iter().map(|e| e.id.as_str()).collect(),
            endpoints_by_handler,
            threats_by_subject,
            findings_by_element,
            findings_by_item,
            on_paper,
            scoped: ScopedMitigations::new(&model.mitigations),
            runs: RefCell::default(),
        }
    }

    /// The endpoints and controls matched against the facts; `None` when the model has none.
    pub(crate) fn claims(&self) -> Option<&Claims<'m>> {
        self.claims.as_ref()
    }

    /// Whether `mitigation` was seen running on `endpoint`: `Some(true)`, seen not running
    /// `Some(false)`, or cannot be told (no facts, or they cannot tell) `None`.
    pub(crate) fn runs_on(
        &self,
        endpoint: &'m Endpoint,
        mitigation: &'m Mitigation,
    ) -> Option<bool> {
        let claims = self.claims.as_ref()?;
        let key = (endpoint.id.as_str(), mitigation.id.as_str());
        if let Some(known) = self.runs.borrow().get(&key) {
            return *known;
        }
        let answer = match claims.runs(endpoint, mitigation) {
            Running::Seen(_) => Some(true),
            Running::Missing { .. } => Some(false),
            Running::Unknown(_) => None,
        };
        self.runs.borrow_mut().insert(key, answer);
        answer
    }

    /// The controls of `by` that address `threat` (the catalogue's mapping of their kinds plus
    /// `addresses = [...]`); all of `by` when none does (a custom control, a custom threat).
    fn addressing(&self, threat: &Threat, by: &[String]) -> Vec<&'m Mitigation> {
        let cited: Vec<&Mitigation> = by
            .iter()
            .filter_map(|id| self.mitigations.get(id.as_str()).copied())
            .collect();
        let addressing: Vec<&Mitigation> = cited
            .iter()
            .copied()
            .filter(|m| m.addresses.contains(&threat.kind))
            .collect();
        if addressing.is_empty() {
            cited
        } else {
            addressing
        }
    }

    /// Whether the controls of a mitigated threat were seen running: on paper when a control
    /// it cites is seen not running (its unsuppressed `unapplied_mitigation` finding; without
    /// findings, the facts), seen when a control that addresses it runs on every endpoint of
    /// its handler, cited only otherwise (a threat on code that is no endpoint handler
    /// included). `None` for a threat that is not mitigated.
    pub(crate) fn running(&self, threat: &'m Threat) -> Option<ControlStatus> {
        let Disposition::Mitigated { by, .. } = &threat.disposition else {
            return None;
        };
        if self.on_paper.contains(threat.id.as_str()) {
            return Some(ControlStatus::OnPaper);
        }
        let endpoints = self
            .endpoints_by_handler
            .get(threat.subject.as_str())
            .map_or(&[][..], Vec::as_slice);
        if self.findings.is_none() {
            let missing = endpoints.iter().any(|e| {
                by.iter()
                    .filter_map(|id| self.mitigations.get(id.as_str()))
                    .any(|m| self.runs_on(e, m) == Some(false))
            });
            if missing {
                return Some(ControlStatus::OnPaper);
            }
        }
        let addressing = self.addressing(threat, by);
        let seen = !endpoints.is_empty()
            && endpoints
                .iter()
                .all(|e| addressing.iter().any(|m| self.runs_on(e, m) == Some(true)));
        Some(if seen {
            ControlStatus::Seen
        } else {
            ControlStatus::CitedOnly
        })
    }

    /// The signal of one threat: its disposition, and for a mitigated threat whether its
    /// controls run ([`Coverage::running`]) and, for API4, whether they bound more than one
    /// request.
    pub(crate) fn threat_signal(&self, threat: &'m Threat) -> Signal {
        match &threat.disposition {
            Disposition::Open { .. } | Disposition::Undisposed => Signal::Gap,
            Disposition::Accepted { .. } => Signal::Accepted,
            Disposition::Transferred { .. } => Signal::Transferred,
            Disposition::Mitigated { by, .. } => {
                let running = self.running(threat);
                if running == Some(ControlStatus::OnPaper) {
                    return Signal::Gap;
                }
                if threat.owasp_api_2023.as_deref() == Some(API4)
                    && !bounds_consumption(&self.addressing(threat, by))
                {
                    return Signal::Partial;
                }
                if running == Some(ControlStatus::Seen) {
                    Signal::Seen
                } else {
                    Signal::CitedOnly
                }
            }
        }
    }

    /// The matrix cell of `endpoint` and OWASP risk `risk` (`API1:2023`): see the module docs.
    pub(crate) fn cell(&self, endpoint: &'m Endpoint, risk: &str) -> Signal {
        let threats = self
            .threats_by_subject
            .get(endpoint.handler.as_str())
            .map_or(&[][..], Vec::as_slice);
        let recorded = Signal::weakest(
            self.gaps_of(endpoint)
                .into_iter()
                .filter(|(r, _)| r == risk)
                .map(|(_, suppressed)| {
                    if suppressed {
                        Signal::Suppressed
                    } else {
                        Signal::Gap
                    }
                })
                .chain(
                    threats
                        .iter()
                        .filter(|t| t.owasp_api_2023.as_deref() == Some(risk))
                        .map(|t| self.threat_signal(t)),
                ),
        );
        if let Some(signal) = recorded {
            return signal;
        }
        if risk == API2 && !signs_in(endpoint) {
            return Signal::NotApplicable;
        }
        if risk == API6 {
            return Signal::NotConsidered;
        }
        let Some(own_kind) = own_kind(risk) else {
            return Signal::NotConsidered;
        };
        let scoped: Vec<&Mitigation> = self
            .scoped(endpoint)
            .into_iter()
            .filter(|m| m.addresses.iter().any(|k| k == own_kind))
            .collect();
        if scoped.is_empty() {
            return Signal::NotConsidered;
        }
        if risk == API4 && !bounds_consumption(&scoped) {
            return Signal::Partial;
        }
        if scoped
            .iter()
            .any(|m| self.runs_on(endpoint, m) == Some(true))
        {
            Signal::Seen
        } else {
            Signal::CitedOnly
        }
    }

    /// The "all endpoints" cell of risk `risk`: the weakest cell of the column among the
    /// endpoints where the risk is considered (· and — left out, since where not considering a
    /// risk is a gap, a rule says so with ❌); · when it is considered on none, — when it
    /// applies to none (or there are no endpoints).
    pub(crate) fn column(&self, risk: &str) -> Signal {
        let cells: Vec<Signal> = self
            .model
            .endpoints
            .iter()
            .map(|e| self.cell(e, risk))
            .collect();
        let considered = cells
            .iter()
            .copied()
            .filter(|s| !matches!(s, Signal::NotConsidered | Signal::NotApplicable));
        Signal::weakest(considered)
            .or_else(|| {
                cells
                    .contains(&Signal::NotConsidered)
                    .then_some(Signal::NotConsidered)
            })
            .unwrap_or(Signal::NotApplicable)
    }

    /// The mitigations whose `applies_to` covers `endpoint`: its claimed route, or a path the
    /// route table serves it at; in model order.
    pub(crate) fn scoped(&self, endpoint: &Endpoint) -> Vec<&'m Mitigation> {
        let served: Vec<&str> = match self.claims.as_ref().and_then(|c| c.served(&endpoint.id)) {
            Some(Served::At(routes)) => routes.iter().map(|r| r.path.as_str()).collect(),
            _ => Vec::new(),
        };
        let mut covering = self.scoped.covering(&endpoint.route);
        for path in served {
            for mitigation in self.scoped.covering(path) {
                if !covering.iter().any(|m| std::ptr::eq(*m, mitigation)) {
                    covering.push(mitigation);
                }
            }
        }
        // The model's lists are sorted by id: this is model order.
        covering.sort_by(|a, b| a.id.cmp(&b.id));
        covering
    }

    /// The OWASP risks of the rule findings on `endpoint`, as (risk id, suppressed).
    ///
    /// A finding is on the endpoint when its element is the endpoint, or when it is on another
    /// element of the handler's item (a data flow or threat written on the handler); a finding
    /// on a mount of the handler under another route is not. A finding on a threat also counts
    /// under the threat's own risk (a BOLA threat whose control does not run leaves API1 open).
    fn gaps_of(&self, endpoint: &Endpoint) -> Vec<(String, bool)> {
        let findings = self.findings.unwrap_or_default();
        let mut positions: Vec<usize> = [
            self.findings_by_element.get(endpoint.id.as_str()),
            self.findings_by_item.get(endpoint.handler.as_str()),
        ]
        .into_iter()
        .flatten()
        .flatten()
        .copied()
        .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
            .into_iter()
            .map(|i| &findings[i])
            .filter(|f| {
                f.element == endpoint.id
                    || f.related.iter().any(|r| r.element == endpoint.id)
                    || (f.item == endpoint.handler
                        && !self.endpoint_ids.contains(f.element.as_str()))
            })
            .flat_map(|f| {
                let threat_risk = self
                    .threats
                    .get(f.element.split(' ').next().unwrap_or(&f.element))
                    .and_then(|t| t.owasp_api_2023.clone());
                let rule_risk =
                    rules::rule(&f.rule_id).and_then(|rule| rule.owasp_api_2023.map(str::to_owned));
                let mut risks: Vec<String> = rule_risk.into_iter().collect();
                if let Some(risk) = threat_risk
                    && !risks.contains(&risk)
                {
                    risks.push(risk);
                }
                let suppressed = f.suppressed.is_some();
                risks.into_iter().map(move |risk| (risk, suppressed))
            })
            .collect()
    }
}

/// Whether `controls` bound consumption beyond one request (rate limiting or a pagination limit).
fn bounds_consumption(controls: &[&Mitigation]) -> bool {
    controls.iter().any(|m| {
        m.controls
            .iter()
            .any(|kind| CONSUMPTION_BOUNDS.contains(&kind.as_str()))
    })
}

/// The catalogue threat kind named after OWASP risk `risk` (`broken_authentication` for API2).
fn own_kind(risk: &str) -> Option<&'static str> {
    let (_, title) = OWASP_API_2023.iter().find(|(id, _)| *id == risk)?;
    threatmodel_core::THREAT_KINDS
        .iter()
        .find(|kind| kind.owasp_api_2023 == Some(risk) && kind.title == *title)
        .map(|kind| kind.id)
}

/// Whether Broken Authentication applies to `endpoint`: it takes authentication (any `auth`
/// but `"none"`), or its route is a sign-in or sign-up flow (the words `missing_rate_limiting`
/// reads, [`rules::AUTHENTICATION_WORDS`]).
fn signs_in(endpoint: &Endpoint) -> bool {
    endpoint.auth != Some(AuthRequirement::None)
        || endpoint
            .route
            .split('/')
            .any(|segment| Context::segment_names(segment, rules::AUTHENTICATION_WORDS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_order_weakest_first() {
        let order = [
            Signal::Gap,
            Signal::Suppressed,
            Signal::NotConsidered,
            Signal::Accepted,
            Signal::Partial,
            Signal::Transferred,
            Signal::CitedOnly,
            Signal::Seen,
            Signal::NotApplicable,
        ];
        assert!(order.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(
            Signal::weakest([Signal::Seen, Signal::Partial, Signal::CitedOnly]),
            Some(Signal::Partial)
        );
        assert_eq!(
            Signal::weakest([Signal::NotApplicable, Signal::Seen]),
            Some(Signal::Seen)
        );
        assert_eq!(Signal::weakest([]), None);
    }

    #[test]
    fn every_risk_has_its_own_kind() {
        for (risk, _) in OWASP_API_2023 {
            assert!(own_kind(risk).is_some(), "{risk}");
        }
        assert_eq!(own_kind(API2), Some("broken_authentication"));
        assert_eq!(own_kind(API4), Some("unrestricted_resource_consumption"));
    }

    #[test]
    fn symbols_are_distinct() {
        let symbols: HashSet<&str> = Signal::ALL.iter().map(|s| s.symbol()).collect();
        assert_eq!(symbols.len(), Signal::ALL.len());
    }
}
