//! Fixture of `unconsidered_ssrf`: a call to a caller-chosen URL with no server-side request
//! forgery threat anywhere near it.

use threatmodel::{asset, data_flow, endpoint, mitigation, threat};

use crate::rules::common::{DataCenter, PartnerApi};

/// An event sent to a partner.
#[asset(medium, data = "internal")]
pub struct Notification;

/// Accepts only allow-listed https hosts.
#[mitigation(url_allowlist)]
pub fn check_target() {}

/// Posts the event to the URL the caller registered: nobody considered SSRF.
#[data_flow( //~ unconsidered_ssrf
    to = PartnerApi,
    data = [Notification],
    protocol = "https",
    destination = "caller"
)]
pub async fn notify() {}

/// Posts to the partner's fixed endpoint: the caller does not choose the target.
#[data_flow(to = PartnerApi, data = [Notification], protocol = "https")]
pub async fn report() {}

/// A handler that fetches a preview of a caller-given URL itself, SSRF considered on it.
#[endpoint("POST /previews", boundary = DataCenter, auth = "required")]
#[data_flow(
    to = PartnerApi,
    data = [Notification],
    protocol = "https",
    destination = "caller"
)]
#[threat(ssrf, mitigated_by = check_target)]
pub async fn preview() {}
