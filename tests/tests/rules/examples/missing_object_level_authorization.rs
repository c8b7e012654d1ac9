use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[asset(critical, data = "financial")]
pub struct Account;

#[mitigation(authentication)]
pub async fn require_jwt() {}

#[endpoint("GET /accounts/{id}", boundary = Internet, exposes = [Account],
           auth = "required")]
#[threat(broken_authentication, mitigated_by = require_jwt)]
pub async fn get_account() {}  // whose account?
