//! `declare!` of every supported kind, referenced like local items.

use threatmodel::{endpoint, threat};
use threatmodel_tests::{asset, collect, component, endpoint, mitigated_by, mitigation, threat, trust_boundary};

threatmodel::declare! {
    /// The public internet.
    pub trust_boundary Internet(description = "Anyone");
    /// tower_governor layer on the router.
    pub mitigation GovernorLimit(rate_limiting, applies_to = "/api/*");
    pub component Postgres(datastore, boundary = Internet);
    /// A `uuid::Uuid` session id, a foreign type.
    asset SessionId(high, data = "credentials");
}

#[endpoint("GET /api/accounts", boundary = Internet, exposes = [SessionId])]
#[threat(unrestricted_resource_consumption, mitigated_by = GovernorLimit)]
pub fn list_accounts() {}

fn main() {
    let model = collect();
    let internet = trust_boundary(&model, "Internet");
    assert_eq!(internet.description.as_deref(), Some("Anyone"));
    let governor = mitigation(&model, "GovernorLimit");
    assert_eq!(governor.applies_to, ["/api/*"]);
    assert_eq!(governor.description.as_deref(), Some("tower_governor layer on the router."));
    assert_eq!(component(&model, "Postgres").boundary.as_ref(), Some(&internet.id));
    let session = asset(&model, "SessionId");

    let list = endpoint(&model, "list_accounts", "GET", "/api/accounts");
    assert_eq!(list.boundary.as_ref(), Some(&internet.id));
    assert_eq!(list.exposes, [session.id.clone()]);
    assert_eq!(
        mitigated_by(threat(&model, "list_accounts", "unrestricted_resource_consumption")),
        [governor.id.clone()]
    );

    list_accounts();
}
