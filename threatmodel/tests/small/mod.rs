//! A small hand-built model for the snapshots of the interchange exports (OTM, Threat Dragon):
//! two trust boundaries, a service and its database, one endpoint with a mitigated, an accepted
//! and an open threat, one data flow from the service, one asset and one mitigation.

use threatmodel::model::{
    Asset, Component, DataFlow, Endpoint, Location, Mitigation, Threat, TrustBoundary,
};
use threatmodel::{
    AuthRequirement, ComponentKind, DataClass, Destination, Disposition, Level, Model, Stride,
};

fn at(file: &str, line: u32) -> Location {
    Location {
        package: "shop".to_owned(),
        krate: "shop".to_owned(),
        file: file.to_owned(),
        line,
        column: 1,
        test_only: false,
    }
}

fn threat(kind: &str, title: &str, stride: Stride, disposition: Disposition, line: u32) -> Threat {
    Threat {
        id: format!("shop::api::get_order#{kind}"),
        kind: kind.to_owned(),
        custom: false,
        title: title.to_owned(),
        stride: vec![stride],
        owasp_api_2023: None,
        cwe: vec!["CWE-639".to_owned()],
        capec: Vec::new(),
        subject: "shop::api::get_order".to_owned(),
        disposition,
        assets: Vec::new(),
        severity: None,
        description: Some(format!("{title} on orders.")),
        location: at("src/api.rs", line),
    }
}

/// The small model.
pub(crate) fn small() -> Model {
    let mut model = Model::empty();
    model.trust_boundaries = vec![
        TrustBoundary {
            id: "shop::zones::Internet".to_owned(),
            name: "Internet".to_owned(),
            description: None,
            parent: None,
            location: at("src/zones.rs", 2),
        },
        TrustBoundary {
            id: "shop::zones::Private".to_owned(),
            name: "Private network".to_owned(),
            description: Some("Only the service reaches the database.".to_owned()),
            parent: None,
            location: at("src/zones.rs", 6),
        },
    ];
    model.components = vec![
        Component {
            id: "shop::infra::Api".to_owned(),
            name: "Shop API".to_owned(),
            kind: ComponentKind::Service,
            boundary: Some("shop::zones::Private".to_owned()),
            description: None,
            location: at("src/infra.rs", 3),
        },
        Component {
            id: "shop::infra::Db".to_owned(),
            name: "Orders DB".to_owned(),
            kind: ComponentKind::Datastore,
            boundary: Some("shop::zones::Private".to_owned()),
            description: None,
            location: at("src/infra.rs", 7),
        },
    ];
    model.assets = vec![Asset {
        id: "shop::model::Order".to_owned(),
        name: "Order".to_owned(),
        description: None,
        level: Level::High,
        data: Some(DataClass::Pii),
        confidentiality: Level::High,
        integrity: Level::Critical,
        availability: Level::Low,
        fields: Vec::new(),
        owner: None,
        location: at("src/model.rs", 4),
    }];
    model.mitigations = vec![Mitigation {
        id: "shop::auth::ensure_owner".to_owned(),
        name: "ensure_owner".to_owned(),
        controls: vec!["authorization".to_owned()],
        custom: None,
        description: Some("Rejects orders of other customers.".to_owned()),
        marker: None,
        applies_to: Vec::new(),
        addresses: vec!["broken_object_level_authorization".to_owned()],
        installed_by: Vec::new(),
        location: at("src/auth.rs", 10),
    }];
    model.endpoints = vec![Endpoint {
        id: "shop::api::get_order GET /orders/{id}".to_owned(),
        method: "GET".to_owned(),
        route: "/orders/{id}".to_owned(),
        route_from_framework: false,
        path_params: vec!["id".to_owned()],
        handler: "shop::api::get_order".to_owned(),
        boundary: Some("shop::zones::Internet".to_owned()),
        exposes: vec!["shop::model::Order".to_owned()],
        auth: Some(AuthRequirement::Required),
        owner: None,
        version: None,
        description: None,
        location: at("src/api.rs", 20),
    }];
    model.data_flows = vec![DataFlow {
        id: "shop::db::load_order".to_owned(),
        name: "load_order".to_owned(),
        from: None,
        to: "shop::infra::Db".to_owned(),
        data: vec!["shop::model::Order".to_owned()],
        protocol: Some("postgres+tls".to_owned()),
        encrypted: true,
        destination: Destination::Fixed,
        bidirectional: true,
        description: None,
        location: at("src/db.rs", 8),
    }];
    model.threats = vec![
        threat(
            "broken_object_level_authorization",
            "Broken Object Level Authorization",
            Stride::ElevationOfPrivilege,
            Disposition::Mitigated {
                by: vec!["shop::auth::ensure_owner".to_owned()],
                residual: None,
            },
            21,
        ),
        threat(
            "unrestricted_resource_consumption",
            "Unrestricted Resource Consumption",
            Stride::DenialOfService,
            Disposition::Accepted {
                reason: "the gateway limits each client".to_owned(),
                owner: Some("platform".to_owned()),
                expires: None,
                ticket: None,
            },
            22,
        ),
        threat(
            "mass_assignment",
            "Mass Assignment",
            Stride::Tampering,
            Disposition::Open {
                reason: "the order body is bound whole, `status` included".to_owned(),
                ticket: "SHOP-42".to_owned(),
                owner: Some("orders-team".to_owned()),
                expires: Some("2030-01-31".to_owned()),
            },
            23,
        ),
    ];
    model.threats.sort_by(|a, b| a.id.cmp(&b.id));
    model
}

/// A handler unrelated to every existing element, with a threat: adding it to a model must
/// change no id the exports gave before.
pub(crate) fn add_unrelated_handler(model: &mut Model) {
    let krate = model
        .endpoints
        .first()
        .map_or_else(|| "shop".to_owned(), |e| e.location.krate.clone());
    let mut location = at("src/aaa.rs", 1);
    location.krate = krate.clone();
    let handler = format!("{krate}::aaa::list_things");
    model.endpoints.push(Endpoint {
        id: format!("{handler} GET /things"),
        method: "GET".to_owned(),
        route: "/things".to_owned(),
        route_from_framework: false,
        path_params: Vec::new(),
        handler: handler.clone(),
        boundary: None,
        exposes: Vec::new(),
        auth: Some(AuthRequirement::None),
        owner: None,
        version: None,
        description: None,
        location: location.clone(),
    });
    // `aaa` sorts first, so positional ids would shift.
    let mut new_threat = model.threats.first().cloned().unwrap_or_else(|| {
        threat(
            "spoofing",
            "Spoofing",
            Stride::Spoofing,
            Disposition::Transferred {
                to: "the gateway".to_owned(),
                ticket: None,
            },
            1,
        )
    });
    new_threat.id = format!("{handler}#spoofing");
    new_threat.subject = handler;
    new_threat.location = location;
    model.threats.push(new_threat);
    model.threats.sort_by(|a, b| a.id.cmp(&b.id));
    model.endpoints.sort_by(|a, b| a.id.cmp(&b.id));
}
