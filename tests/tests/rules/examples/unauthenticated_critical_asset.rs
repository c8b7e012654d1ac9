use threatmodel::{asset, endpoint, mitigation, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[mitigation(authentication, applies_to = "/accounts/*")]
pub async fn require_jwt() {}

#[asset(critical, data = "financial")]
pub struct Account;

// outside `/accounts/*`: require_jwt does not cover it
#[endpoint("GET /export/accounts", boundary = Internet, exposes = [Account])]
pub async fn export_accounts() {}
