//! `#[threat]` with every disposition and argument, on functions, methods, structs and enums.

use threatmodel::{Disposition, Level, Stride, asset, mitigation, threat};
use threatmodel_tests::{asset, collect, ids, mitigated_by, threat};

/// Customer account.
#[asset(critical, data = "financial")]
pub struct Account;

/// Card holder data.
#[asset(high, data = "pii")]
pub struct CardHolder;

#[mitigation(authorization)]
pub fn ensure_owner() {}

#[mitigation(rate_limiting)]
pub fn limit() {}

#[threat(bola, mitigated_by = ensure_owner, assets = [Account, CardHolder], severity = critical)]
#[threat(
    unrestricted_resource_consumption,
    mitigated_by = [limit, "ensure_owner"],
    residual = "bursts below the limit",
    description = "Clients can enumerate transfers"
)]
#[threat(
    injection,
    accepted = "read-only replica",
    owner = "platform",
    expires = "2028-02-29",
    ticket = "SEC-12"
)]
#[threat(ssrf, transferred = "the egress proxy team", ticket = "NET-7")]
#[threat(custom = "coupon-abuse", stride = "tampering", accepted = "coupons are capped at 5 EUR")]
#[threat(custom = "fake-refund", stride = [spoofing, "repudiation"], transferred = "payments provider")]
#[threat(spoofing, accepted = "internal callers only", severity = "low")]
pub fn create_transfer() {
    // An inner attribute must stay the first thing in the body.
    #![allow(unused_variables)]
    let unused = 1;
}

/// A transfer request body.
#[threat(mass_assignment, mitigated_by = ensure_owner, assets = "Account")]
pub struct TransferRequest {
    pub amount: u64,
}

#[threat(xss, accepted = "never rendered as HTML")]
pub enum Note {
    Text(String),
}

pub struct Service;

impl Service {
    #[threat(bfla, mitigated_by = ensure_owner)]
    pub fn approve(&self) -> bool {
        true
    }
}

fn main() {
    let model = collect();
    let mitigations = |paths: &[&str]| ids(&model.mitigations, |m| &m.id, paths);

    let bola = threat(&model, "create_transfer", "broken_object_level_authorization");
    assert_eq!(mitigated_by(bola), mitigations(&["ensure_owner"]));
    assert_eq!(bola.assets, [asset(&model, "Account").id.clone(), asset(&model, "CardHolder").id.clone()]);
    assert_eq!(bola.severity, Some(Level::Critical));
    assert_eq!(bola.owasp_api_2023.as_deref(), Some("API1:2023"));

    let dos = threat(&model, "create_transfer", "unrestricted_resource_consumption");
    assert_eq!(mitigated_by(dos), mitigations(&["limit", "ensure_owner"]));
    assert_eq!(dos.description.as_deref(), Some("Clients can enumerate transfers"));
    let Disposition::Mitigated { residual, .. } = &dos.disposition else { unreachable!() };
    assert_eq!(residual.as_deref(), Some("bursts below the limit"));

    assert_eq!(
        threat(&model, "create_transfer", "injection").disposition,
        Disposition::Accepted {
            reason: "read-only replica".to_owned(),
            owner: Some("platform".to_owned()),
            expires: Some("2028-02-29".to_owned()),
            ticket: Some("SEC-12".to_owned()),
        }
    );
    assert_eq!(
        threat(&model, "create_transfer", "server_side_request_forgery").disposition,
        Disposition::Transferred { to: "the egress proxy team".to_owned(), ticket: Some("NET-7".to_owned()) }
    );

    let coupon = threat(&model, "create_transfer", "coupon-abuse");
    assert!(coupon.custom);
    assert_eq!(coupon.stride, [Stride::Tampering]);
    assert_eq!(threat(&model, "create_transfer", "fake-refund").stride, [Stride::Spoofing, Stride::Repudiation]);
    assert_eq!(threat(&model, "create_transfer", "spoofing").severity, Some(Level::Low));

    let mass = threat(&model, "TransferRequest", "mass_assignment");
    assert_eq!(mass.assets, [asset(&model, "Account").id.clone()]);
    assert!(matches!(threat(&model, "Note", "xss").disposition, Disposition::Accepted { .. }));
    assert_eq!(mitigated_by(threat(&model, "approve", "broken_function_level_authorization")), mitigations(&["ensure_owner"]));
    assert_eq!(model.threats.len(), 10);

    create_transfer();
    let _ = (TransferRequest { amount: 1 }.amount, Note::Text(String::new()), Service.approve());
}
