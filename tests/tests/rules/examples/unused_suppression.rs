use threatmodel::{endpoint, mitigation, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[mitigation(rate_limiting, applies_to = "/*")]
pub async fn limit_requests() {}

/// Rate-limited by `limit_requests` (applies_to = "/*") since last spring.
#[endpoint("GET /avatar/{id}", boundary = Internet,
           allow(missing_rate_limiting, reason = "served by the CDN"))]
pub async fn avatar() {}
