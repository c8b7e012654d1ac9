//! A storefront with no rate limit anywhere: the gap is the service's, so it is one finding at
//! the `#[component(service)]` that lists the endpoints, not one per endpoint. The liveness
//! probe's own `allow` takes it out of the list (and is used); the internal route is not open
//! to untrusted callers, so the rule does not examine it. Assembled alone, without `common.rs`:
//! the service here is its crate's only one.

use threatmodel::{component, endpoint, threat, trust_boundary};

/// Anyone on the public internet.
#[trust_boundary]
pub struct Internet;

/// Our own network.
#[trust_boundary]
pub struct DataCenter;

/// The storefront API.
#[component(service, boundary = DataCenter)] //~ missing_rate_limiting
#[threat(spoofing, transferred = "platform: mutual TLS between the ingress and the service")]
#[threat(tampering, transferred = "platform: TLS terminated at the ingress")]
#[threat(information_disclosure, transferred = "platform: TLS terminated at the ingress")]
pub struct Storefront;

/// The catalogue.
#[endpoint("GET /products", boundary = Internet, auth = "none")]
pub fn products() {}

/// One product.
#[endpoint("GET /products/{sku}", boundary = Internet, auth = "none")]
pub fn product() {}

/// Full-text search.
#[endpoint("GET /search", boundary = Internet, auth = "none")]
pub fn search() {}

/// Signs a customer in.
#[endpoint("POST /auth/login", boundary = Internet, auth = "none")]
pub fn login() {}

/// Liveness probe, answered by the load balancer's health check only.
#[endpoint("GET /healthz", boundary = Internet, auth = "none",
           allow(missing_rate_limiting, reason = "the load balancer answers it from its cache"))]
pub fn healthz() {}

/// Restocking, called by the warehouse system inside the data center.
#[endpoint("POST /stock", boundary = DataCenter)]
pub fn restock() {}
