//! Risk rating: how bad each threat is, derived once from the model for every output.
//!
//! The rule: a threat's `severity = LEVEL` is its rating. Otherwise the rating is the highest
//! of the catalogue severity of its kind ([`ThreatKind::severity`]; a custom kind takes the
//! highest severity of its STRIDE categories, which are catalogue kinds too) and the
//! criticality ([`Asset::level`]) of every asset at stake: the threat's own `assets`, and the
//! assets its element handles, that is what the endpoints of its handler `exposes` or what the
//! data flow it is written on carries. When nothing tells (a custom kind without STRIDE
//! categories, no severity, no known asset), the threat is not rated.

use std::collections::HashMap;

use threatmodel_core::Level;
use threatmodel_core::catalogue::{ThreatKind, threat_kind};

use super::{Asset, Model, Threat, index_by_id};

/// The rating of one threat and what decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskRating {
    /// The rating: critical, high, medium or low.
    pub level: Level,
    /// What gave the rating: the first of the stated severity, an asset of the threat, an
    /// asset its element handles and the catalogue that reaches [`RiskRating::level`].
    pub basis: RiskBasis,
}

/// What decided a [`RiskRating`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RiskBasis {
    /// `severity = LEVEL` on the threat, which overrides everything else.
    Stated,
    /// The criticality of asset `id`, one of the threat's `assets`.
    Asset {
        /// Id of the asset.
        id: String,
    },
    /// The criticality of asset `id`, exposed by an endpoint of the threat's handler.
    Exposed {
        /// Id of the asset.
        id: String,
    },
    /// The criticality of asset `id`, carried by the data flow the threat is written on.
    Carried {
        /// Id of the asset.
        id: String,
    },
    /// The catalogue severity of threat kind `kind` (for a custom threat, of the STRIDE
    /// category that rates highest).
    Catalogue {
        /// Canonical id of the catalogue kind.
        kind: &'static str,
    },
}

impl std::fmt::Display for RiskBasis {
    /// Why, in a few words: `severity stated`, `asset x::Account`, `exposes x::Account`,
    /// `carries x::Account`, `catalogue (sql_injection)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RiskBasis::Stated => f.write_str("severity stated"),
            RiskBasis::Asset { id } => write!(f, "asset {id}"),
            RiskBasis::Exposed { id } => write!(f, "exposes {id}"),
            RiskBasis::Carried { id } => write!(f, "carries {id}"),
            RiskBasis::Catalogue { kind } => write!(f, "catalogue ({kind})"),
        }
    }
}

/// The lookups the ratings of a model's threats need, built once ([`Model::risk_ratings`]).
#[derive(Debug)]
pub struct RiskRatings<'m> {
    assets: HashMap<&'m str, &'m Asset>,
    /// Asset ids the endpoints of each handler expose, by handler.
    exposed: HashMap<&'m str, Vec<&'m str>>,
    /// Asset ids each data flow carries, by data flow id.
    carried: HashMap<&'m str, Vec<&'m str>>,
}

impl Model {
    /// The risk ratings of this model's threats: build once, then ask [`RiskRatings::of`] per
    /// threat. The rule: a threat's `severity = LEVEL` overrides; otherwise the highest of its
    /// kind's catalogue severity ([`ThreatKind::severity`]) and the criticality of its `assets`
    /// and of the assets its handler's endpoints `exposes` (or its data flow carries).
    pub fn risk_ratings(&self) -> RiskRatings<'_> {
        let mut exposed: HashMap<&str, Vec<&str>> = HashMap::new();
        for endpoint in &self.endpoints {
            let ids = exposed.entry(endpoint.handler.as_str()).or_default();
            ids.extend(endpoint.exposes.iter().map(String::as_str));
        }
        let mut carried: HashMap<&str, Vec<&str>> = HashMap::new();
        for flow in &self.data_flows {
            let ids = carried.entry(flow.id.as_str()).or_default();
            ids.extend(flow.data.iter().map(String::as_str));
        }
        RiskRatings {
            assets: index_by_id(&self.assets, |a| &a.id),
            exposed,
            carried,
        }
    }

    /// The risk rating of `threat` (a threat of this model); `None` when nothing tells. For
    /// many threats, [`Model::risk_ratings`] builds the lookups once.
    pub fn risk_rating(&self, threat: &Threat) -> Option<RiskRating> {
        self.risk_ratings().of(threat)
    }
}

impl RiskRatings<'_> {
    /// The rating of `threat`: its stated severity, else the highest of its kind's catalogue
    /// severity and the criticality of its assets and of the assets its element handles; `None`
    /// when none of these is known. Asset ids the model does not hold are ignored (they are
    /// problems of the model already). On a tie, the basis is the first of the threat's own
    /// assets, the exposed, the carried assets and the catalogue.
    pub fn of(&self, threat: &Threat) -> Option<RiskRating> {
        if let Some(level) = threat.severity {
            return Some(RiskRating {
                level,
                basis: RiskBasis::Stated,
            });
        }
        let mut best: Option<RiskRating> = None;
        let mut consider = |level: Level, basis: RiskBasis| {
            // `Level` orders critical first: a lower value is more severe.
            if best.as_ref().is_none_or(|b| level < b.level) {
                best = Some(RiskRating { level, basis });
            }
        };
        for id in &threat.assets {
            if let Some(asset) = self.assets.get(id.as_str()) {
                consider(
                    asset.level,
                    RiskBasis::Asset {
                        id: asset.id.clone(),
                    },
                );
            }
        }
        let subject = threat.subject.as_str();
        for id in self.exposed.get(subject).into_iter().flatten() {
            if let Some(asset) = self.assets.get(id) {
                consider(
                    asset.level,
                    RiskBasis::Exposed {
                        id: asset.id.clone(),
                    },
                );
            }
        }
        for id in self.carried.get(subject).into_iter().flatten() {
            if let Some(asset) = self.assets.get(id) {
                consider(
                    asset.level,
                    RiskBasis::Carried {
                        id: asset.id.clone(),
                    },
                );
            }
        }
        if let Some(kind) = catalogue_kind(threat) {
            consider(kind.severity, RiskBasis::Catalogue { kind: kind.id });
        }
        best
    }
}

/// The catalogue entry that rates `threat`'s kind: its own, or for a custom threat its STRIDE
/// category that rates highest (the first on a tie).
fn catalogue_kind(threat: &Threat) -> Option<&'static ThreatKind> {
    if !threat.custom {
        return threat_kind(&threat.kind);
    }
    threat
        .stride
        .iter()
        .filter_map(|stride| threat_kind(stride.as_str()))
        .min_by_key(|kind| kind.severity)
}

#[cfg(test)]
mod tests {
    use threatmodel_core::{Disposition, Stride};

    use super::*;
    use crate::model::{DataFlow, Endpoint, Location};

    fn asset(id: &str, level: Level) -> Asset {
        Asset {
            id: id.to_owned(),
            name: id.to_owned(),
            description: None,
            level,
            data: None,
            confidentiality: level,
            integrity: level,
            availability: level,
            owner: None,
            fields: Vec::new(),
            location: Location::unknown(),
        }
    }

    fn threat(kind: &str, subject: &str) -> Threat {
        Threat {
            id: format!("{subject}#{kind}"),
            kind: kind.to_owned(),
            custom: false,
            title: kind.to_owned(),
            stride: Vec::new(),
            owasp_api_2023: None,
            cwe: Vec::new(),
            capec: Vec::new(),
            subject: subject.to_owned(),
            disposition: Disposition::Transferred {
                to: "them".to_owned(),
                ticket: None,
            },
            assets: Vec::new(),
            severity: None,
            description: None,
            location: Location::unknown(),
        }
    }

    fn endpoint(handler: &str, exposes: &[&str]) -> Endpoint {
        Endpoint {
            id: format!("{handler} GET /x"),
            method: "GET".to_owned(),
            route: "/x".to_owned(),
            route_from_framework: false,
            path_params: Vec::new(),
            handler: handler.to_owned(),
            boundary: None,
            exposes: exposes.iter().map(|id| (*id).to_owned()).collect(),
            auth: None,
            owner: None,
            version: None,
            description: None,
            location: Location::unknown(),
        }
    }

    /// Assets `a::Crit` (critical), `a::Low` (low); handler `h::get` exposes `a::Crit`, handler
    /// `h::list` exposes `a::Low`; data flow `f::save` carries `a::Crit`.
    fn model() -> Model {
        Model {
            assets: vec![
                asset("a::Crit", Level::Critical),
                asset("a::Low", Level::Low),
            ],
            endpoints: vec![
                endpoint("h::get", &["a::Crit"]),
                endpoint("h::list", &["a::Low"]),
            ],
            data_flows: vec![DataFlow {
                id: "f::save".to_owned(),
                name: "save".to_owned(),
                from: None,
                to: "c::Db".to_owned(),
                data: vec!["a::Crit".to_owned()],
                protocol: None,
                encrypted: true,
                destination: threatmodel_core::Destination::Fixed,
                bidirectional: false,
                description: None,
                location: Location::unknown(),
            }],
            ..Model::empty()
        }
    }

    fn rating(model: &Model, threat: &Threat) -> Option<(Level, RiskBasis)> {
        model.risk_rating(threat).map(|r| (r.level, r.basis))
    }

    #[test]
    fn stated_severity_overrides_catalogue_and_assets() {
        let model = model();
        let mut stated = threat("sql_injection", "h::get");
        stated.assets = vec!["a::Crit".to_owned()];
        stated.severity = Some(Level::Low);
        assert_eq!(
            rating(&model, &stated),
            Some((Level::Low, RiskBasis::Stated))
        );
    }

    #[test]
    fn a_more_critical_asset_raises_the_catalogue_severity() {
        let model = model();
        // user_enumeration is low in the catalogue.
        let mut on_asset = threat("user_enumeration", "o::helper");
        on_asset.assets = vec![
            "a::Low".to_owned(),
            "a::Crit".to_owned(),
            "a::Ghost".to_owned(),
        ];
        assert_eq!(
            rating(&model, &on_asset),
            Some((
                Level::Critical,
                RiskBasis::Asset {
                    id: "a::Crit".to_owned()
                }
            ))
        );
    }

    #[test]
    fn the_catalogue_wins_over_a_less_critical_asset() {
        let model = model();
        let mut on_asset = threat("sql_injection", "o::helper");
        on_asset.assets = vec!["a::Low".to_owned()];
        assert_eq!(
            rating(&model, &on_asset),
            Some((
                Level::Critical,
                RiskBasis::Catalogue {
                    kind: "sql_injection"
                }
            ))
        );
        let bare = threat("user_enumeration", "o::helper");
        assert_eq!(
            rating(&model, &bare),
            Some((
                Level::Low,
                RiskBasis::Catalogue {
                    kind: "user_enumeration"
                }
            ))
        );
    }

    #[test]
    fn what_the_handlers_endpoints_expose_or_the_flow_carries_counts() {
        let model = model();
        let exposed = threat("user_enumeration", "h::get");
        assert_eq!(
            rating(&model, &exposed),
            Some((
                Level::Critical,
                RiskBasis::Exposed {
                    id: "a::Crit".to_owned()
                }
            ))
        );
        // Another handler's exposure does not.
        let other = threat("user_enumeration", "h::list");
        assert_eq!(
            rating(&model, &other),
            Some((
                Level::Low,
                RiskBasis::Exposed {
                    id: "a::Low".to_owned()
                }
            ))
        );
        let carried = threat("user_enumeration", "f::save");
        assert_eq!(
            rating(&model, &carried),
            Some((
                Level::Critical,
                RiskBasis::Carried {
                    id: "a::Crit".to_owned()
                }
            ))
        );
    }

    #[test]
    fn a_custom_threat_is_rated_by_its_stride_categories_or_not_at_all() {
        let model = model();
        let mut custom = threat("acme-fraud", "o::helper");
        custom.custom = true;
        assert_eq!(rating(&model, &custom), None);
        custom.stride = vec![Stride::Repudiation, Stride::ElevationOfPrivilege];
        assert_eq!(
            rating(&model, &custom),
            Some((
                Level::High,
                RiskBasis::Catalogue {
                    kind: "elevation_of_privilege"
                }
            ))
        );
    }
}
