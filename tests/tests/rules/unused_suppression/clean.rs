//! The twin of `fires.rs`: every `allow` suppresses a finding on its own item.

use threatmodel::{endpoint, mitigation, threat};

use crate::rules::common::Internet;

/// Token bucket per client on every route under `/media`.
#[mitigation(rate_limiting, applies_to = "/media/*")]
pub fn limit_media() {}

/// Avatars are rate-limited by `limit_media`.
#[endpoint("GET /media/avatars/{name}", boundary = Internet)]
pub fn avatar() {}

/// The probe has no rate limit; its `allow` is used.
#[endpoint(
    "GET /ping",
    boundary = Internet,
    allow(missing_rate_limiting, reason = "constant answer; the ingress limits probes")
)]
pub fn ping() {}

/// The body of the probe.
#[threat(
    denial_of_service,
    accepted = "a constant answer costs nothing",
    owner = "platform"
)]
pub fn ping_body() {}
