use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[asset(high, data = "pii")]
pub struct User;

#[mitigation(password_hashing)]
pub fn check_credentials() {}

#[endpoint("POST /auth/register", boundary = Internet, exposes = [User],
           auth = "none")]
#[threat(broken_authentication, mitigated_by = check_credentials)]
pub async fn register() {}  // sign-up bonus, unlimited sign-ups
