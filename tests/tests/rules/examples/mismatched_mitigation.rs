use threatmodel::{endpoint, mitigation, threat, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[mitigation(rate_limiting)]
pub async fn throttle() {}

#[endpoint("GET /accounts/{id}", boundary = Internet)]
#[threat(bola, mitigated_by = throttle)] // rate limiting does not check ownership
pub async fn get_account() {}
