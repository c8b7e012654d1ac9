use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[asset(high, data = "pii")]
pub struct Profile;

#[mitigation(authentication)]
pub async fn require_jwt() {}

#[endpoint("PATCH /profile", boundary = Internet, exposes = [Profile], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_jwt)]
pub async fn update_profile() {}  // can the body set `role`?
