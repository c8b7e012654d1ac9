use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[asset(critical, data = "credentials")]
pub struct Credentials;

#[mitigation(password_hashing)]
pub fn verify_password() {}

#[endpoint("POST /auth/login", boundary = Internet, exposes = [Credentials],
           auth = "none")]
#[threat(broken_authentication, mitigated_by = verify_password)]
pub async fn login() {}  // unlimited guesses
