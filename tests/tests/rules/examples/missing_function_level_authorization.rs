use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[asset(high, data = "pii")]
pub struct User;

#[mitigation(authentication)]
pub async fn require_jwt() {}

#[mitigation(authorization)]
pub async fn load_user() {}

#[endpoint("POST /admin/users/{id}/unlock", boundary = Internet, exposes = [User],
           auth = "required")]
#[threat(broken_authentication, mitigated_by = require_jwt)]
#[threat(bola, mitigated_by = load_user)]
pub async fn unlock_user() {}  // any logged-in customer may call it
