//! Synthetic models of a large service, shared by the bench binaries (`rules`, `exports`).
//!
//! A model of `n` handlers is built as the annotations of one big crate would build it: two
//! trust boundaries (`Internet`, where callers come from, and `DataCenter`), a service and a
//! datastore in `DataCenter`, 50 high-level assets, one mitigation per ten handlers (every
//! other one scoped with `applies_to` to its group's routes), and for each handler an endpoint
//! with a path parameter (`GET /items{i/10}/{i}/{id}`) exposing one asset, the threats of
//! [`Shape::threat_kinds`] and a data flow to the datastore. Lists are sorted by id, as
//! assembly sorts them.

use threatmodel::model::{
    Asset, Component, DataFlow, Endpoint, Location, Mitigation, Threat, TrustBoundary,
};
use threatmodel::{ComponentKind, Destination, Disposition, Level, Model, Stride};

/// What varies between the benches' models.
pub(crate) struct Shape {
    /// Threat kinds recorded on every handler, in this order: the last one is accepted (with
    /// an owner and an expiry), the others are mitigated by the handler's group's mitigation.
    pub(crate) threat_kinds: &'static [&'static str],
}

fn at(line: u32) -> Location {
    Location {
        package: "gen".to_owned(),
        krate: "gen".to_owned(),
        file: "src/lib.rs".to_owned(),
        line,
        column: 1,
        test_only: false,
    }
}

/// A model with `n` handlers of `shape` (see the module docs).
pub(crate) fn model(n: u32, shape: &Shape) -> Model {
    let mut model = Model::empty();
    for (id, name) in [
        ("gen::Internet", "Internet"),
        ("gen::DataCenter", "DataCenter"),
    ] {
        model.trust_boundaries.push(TrustBoundary {
            id: id.to_owned(),
            name: name.to_owned(),
            description: None,
            parent: None,
            location: at(1),
        });
    }
    for (id, kind) in [
        ("gen::Api", ComponentKind::Service),
        ("gen::Db", ComponentKind::Datastore),
    ] {
        model.components.push(Component {
            id: id.to_owned(),
            name: id.to_owned(),
            kind,
            boundary: Some("gen::DataCenter".to_owned()),
            description: None,
            location: at(2),
        });
    }
    for i in 0..n.div_ceil(10) {
        model.mitigations.push(Mitigation {
            id: format!("gen::control_{i}"),
            name: format!("control_{i}"),
            controls: vec!["authorization".to_owned(), "rate_limiting".to_owned()],
            custom: None,
            description: None,
            marker: None,
            applies_to: if i % 2 == 0 {
                vec![format!("/items{i}/*")]
            } else {
                Vec::new()
            },
            addresses: vec![
                "broken_object_level_authorization".to_owned(),
                "unrestricted_resource_consumption".to_owned(),
            ],
            installed_by: Vec::new(),
            location: at(3),
        });
    }
    for i in 0..n {
        let handler = format!("gen::handler_{i}");
        let asset = format!("gen::Item{}", i % 50);
        if i < 50 {
            model.assets.push(Asset {
                id: asset.clone(),
                name: asset.clone(),
                description: None,
                level: Level::High,
                data: None,
                confidentiality: Level::High,
                integrity: Level::High,
                availability: Level::Medium,
                fields: Vec::new(),
                owner: None,
                location: at(4),
            });
        }
        let route = format!("/items{}/{i}/{{id}}", i / 10);
        model.endpoints.push(Endpoint {
            id: format!("{handler} GET {route}"),
            method: "GET".to_owned(),
            route,
            route_from_framework: false,
            path_params: vec!["id".to_owned()],
            handler: handler.clone(),
            boundary: Some("gen::Internet".to_owned()),
            exposes: vec![asset.clone()],
            auth: None,
            owner: None,
            version: None,
            description: None,
            location: at(10 + i),
        });
        let control = format!("gen::control_{}", i / 10);
        let accepted = shape.threat_kinds.len().saturating_sub(1);
        for (k, kind) in shape.threat_kinds.iter().enumerate() {
            model.threats.push(Threat {
                id: format!("{handler}#{kind}"),
                kind: (*kind).to_owned(),
                custom: false,
                title: (*kind).to_owned(),
                stride: vec![Stride::Tampering],
                owasp_api_2023: None,
                cwe: Vec::new(),
                capec: Vec::new(),
                subject: handler.clone(),
                disposition: if k == accepted {
                    Disposition::Accepted {
                        reason: "generated".to_owned(),
                        owner: Some("team".to_owned()),
                        expires: Some("2030-01-31".to_owned()),
                        ticket: None,
                    }
                } else {
                    Disposition::Mitigated {
                        by: vec![control.clone()],
                        residual: None,
                    }
                },
                assets: Vec::new(),
                severity: None,
                description: None,
                location: at(10 + i),
            });
        }
        model.data_flows.push(DataFlow {
            id: format!("gen::store_{i}"),
            name: format!("store_{i}"),
            from: None,
            to: "gen::Db".to_owned(),
            data: vec![asset],
            protocol: Some("postgres+tls".to_owned()),
            encrypted: true,
            destination: Destination::Fixed,
            bidirectional: false,
            description: None,
            location: at(10 + i),
        });
    }
    model.assets.sort_by(|a, b| a.id.cmp(&b.id));
    model.mitigations.sort_by(|a, b| a.id.cmp(&b.id));
    model.endpoints.sort_by(|a, b| a.id.cmp(&b.id));
    model.data_flows.sort_by(|a, b| a.id.cmp(&b.id));
    model.threats.sort_by(|a, b| a.id.cmp(&b.id));
    model
}
