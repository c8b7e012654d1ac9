//! Fixture of `tests/custom_rules.rs`: an admin service checked by a team's own rules, two
//! declared in `rules.toml` and one written in Rust. A `//~ rule` marker ends each line where a
//! finding must point.

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use threatmodel::{asset, endpoint, mitigation, threat, trust_boundary};

/// Staff on the office network.
#[trust_boundary]
pub struct Office;

/// A customer account: owner, IBAN, balance.
#[asset(critical, data = "financial")]
pub struct Account;

/// Verifies the administrator's session on every admin route.
#[mitigation(authorization, applies_to = "/admin/*")]
pub async fn require_admin(request: Request, next: Next) -> Response {
    next.run(request).await
}

/// The sales report, inside the admin scope: the session check runs on it.
#[endpoint("GET /admin/report", boundary = Office, owner = "finance")]
pub async fn report() {}

/// The account export, mounted outside the admin scope: the check is cited, and never runs.
#[endpoint("GET /admin/export", boundary = Office, exposes = [Account], owner = "finance")] //~ team::admin_authorization_runs
#[threat(broken_function_level_authorization, mitigated_by = require_admin)]
pub async fn export() {}

/// Closes an account; an accepted threat on a critical asset.
#[endpoint("POST /admin/close", boundary = Office, exposes = [Account])] //~ team::endpoints_have_owners
#[threat(bola, accepted = "only two staff members have this role", owner = "finance")] //~ team::no_accepted_critical_risk
pub async fn close() {}

/// Freezes an account; the same accepted threat, suppressed with a reason.
#[endpoint("POST /admin/freeze", boundary = Office, exposes = [Account], owner = "finance")]
#[threat(
    bola,
    accepted = "a freeze is reversible within the hour",
    owner = "finance",
    allow(
        team::no_accepted_critical_risk,
        reason = "reviewed by the risk committee"
    )
)]
pub async fn freeze() {}

/// Lists the admin routes; suppresses a rule that no rule file declares.
#[endpoint("GET /admin/routes", boundary = Office, owner = "platform",
           allow(team::retired_rule, reason = "kept from last year's policy"))] //~ unused_suppression
pub async fn routes() {}

/// The service's router: the admin routes nested under the session check, one mounted apart.
pub fn router() -> Router {
    let admin = Router::new()
        .route("/report", get(report))
        .route("/close", post(close))
        .route("/freeze", post(freeze))
        .route("/routes", get(routes))
        .layer(middleware::from_fn(require_admin));
    Router::new()
        .nest("/admin", admin)
        .route("/admin/export", get(export))
}
