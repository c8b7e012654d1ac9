//! Suppressions that suppress nothing: a rule that no longer fires, an `allow` on the wrong
//! item, and one that still does its job.

use threatmodel::{endpoint, mitigation, threat};

use crate::rules::common::Internet;

/// Token bucket per client on every route under `/media`.
#[mitigation(rate_limiting, applies_to = "/media/*")]
pub fn limit_media() {}

/// Avatars are rate-limited by `limit_media` now: the old suppression is stale.
#[endpoint(
    "GET /media/avatars/{name}",
    boundary = Internet,
    allow(missing_rate_limiting, reason = "served by the CDN") //~ unused_suppression
)]
pub fn avatar() {}

/// The probe has no rate limit; its `allow` is used.
#[endpoint(
    "GET /ping",
    boundary = Internet,
    allow(missing_rate_limiting, reason = "constant answer; the ingress limits probes")
)]
pub fn ping() {}

/// The suppression was meant for `ping`, but sits on another item.
#[threat(
    denial_of_service,
    accepted = "a constant answer costs nothing",
    owner = "platform",
    allow(missing_rate_limiting, reason = "meant for the probe") //~ unused_suppression
)]
pub fn ping_body() {}
