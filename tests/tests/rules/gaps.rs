//! A small shop API modelled with exactly one deliberate gap per rule, next to correctly
//! modelled neighbours. The rules must report each gap once and nothing else: this is the
//! noise measure in RULES.md. Each gap is named in the doc comment of the item that has it.

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, patch, post};
use threatmodel::{asset, component, data_flow, endpoint, mitigation, threat};

use crate::rules::common::{DataCenter, Database, Internet, PartnerApi};

mod controls;

use controls::confine_attachments;

/// An order: items, prices, delivery address and payment state.
#[asset(high, data = "financial")]
#[derive(serde::Serialize)]
pub struct Order;

/// A customer's profile: name, e-mail, delivery addresses.
#[asset(medium, data = "pii")]
pub struct Profile;

/// A product of the public catalogue.
#[asset(low, data = "public")]
pub struct CatalogItem;

/// Sales figures for the back office.
#[asset(medium, data = "internal")]
pub struct SalesReport;

/// Prices a partner quotes for its products.
#[asset(medium, data = "internal")]
pub struct PartnerPrice;

/// Background worker that imports partner prices. Gap (incomplete_stride_coverage): it takes
/// data across a trust boundary and no spoofing, tampering or disclosure threat is recorded.
#[component(service, boundary = DataCenter)] //~ incomplete_stride_coverage
pub struct PriceImporter;

/// Verifies the session cookie on every `/shop` route.
#[mitigation(authentication, applies_to = "/shop/*")]
pub async fn require_session(request: Request, next: Next) -> Response {
    next.run(request).await
}

/// Token bucket per client on the shop and the export.
#[mitigation(rate_limiting, applies_to = ["/shop/*", "/export"])]
pub async fn limit_requests(request: Request, next: Next) -> Response {
    next.run(request).await
}

/// The order must belong to the caller.
#[mitigation(authorization)]
pub fn ensure_order_owner() {}

/// Binds only the fields a customer may set on an order.
#[mitigation(field_allowlist)]
pub fn allow_order_fields() {}

/// Gap (improper_inventory): a control nothing relies on and that covers no route.
#[mitigation(audit_logging)] //~ improper_inventory
pub fn write_audit_log() {}

/// Correctly modelled: authenticated, rate-limited, ownership checked.
#[endpoint("GET /shop/orders/{id}", boundary = Internet, exposes = [Order])]
#[threat(bola, mitigated_by = ensure_order_owner)]
pub async fn get_order() {
    ensure_order_owner();
}

/// Gap (unapplied_mitigation): the ownership check is cited, and never called.
#[endpoint("GET /shop/orders/{id}/receipt", boundary = Internet, exposes = [Order])]
#[threat(bola, mitigated_by = ensure_order_owner)] //~ unapplied_mitigation
pub async fn get_receipt() {}

/// Gap (unserved_endpoint): the router serves it at `/healthz`.
#[endpoint("GET /health", boundary = DataCenter)] //~ unserved_endpoint
pub async fn health() {}

/// Gap (undeclared_exposure): returns an order; `exposes` lists nothing.
#[endpoint("GET /shop/orders/latest", boundary = Internet)] //~ undeclared_exposure
pub async fn latest_order() -> axum::Json<Order> {
    axum::Json(Order)
}

/// Gap (unmodelled_endpoint): served under `/shop/debug`, modelled nowhere.
pub async fn debug_dump() {}

/// Gap (missing_object_level_authorization): an order id in the path, no BOLA threat.
#[endpoint("GET /shop/orders/{id}/invoice", boundary = Internet, exposes = [Order])] //~ missing_object_level_authorization
pub async fn get_invoice() {}

/// Gap (unauthenticated_critical_asset): orders leave outside the authenticated scope.
#[endpoint("GET /export", boundary = Internet, exposes = [Order])] //~ unauthenticated_critical_asset
pub async fn export_orders() {}

/// Gap (missing_function_level_authorization): an admin route with no role check.
#[endpoint("GET /shop/admin/sales", boundary = Internet, exposes = [SalesReport])] //~ missing_function_level_authorization
pub async fn sales_report() {}

/// Gap (missing_property_level_authorization): a profile update with no mass-assignment threat.
#[endpoint("PATCH /shop/profile", boundary = Internet, exposes = [Profile])] //~ missing_property_level_authorization
pub async fn update_profile() {}

/// Gap (unused_suppression): covered by `limit_requests`, yet still carries an old `allow`.
#[endpoint(
    "GET /shop/catalogue",
    boundary = Internet,
    exposes = [CatalogItem],
    allow(missing_rate_limiting, reason = "cached by the CDN") //~ unused_suppression
)]
pub async fn catalogue() {}

/// Gap (missing_rate_limiting): outside every limiter.
#[endpoint("GET /status", boundary = Internet)] //~ missing_rate_limiting
pub async fn status() {}

/// Gap (sensitive_business_flow): checkout moves money; its abuse is not considered.
#[endpoint("POST /shop/checkout", boundary = Internet, exposes = [Order])] //~ sensitive_business_flow
#[threat(mass_assignment, mitigated_by = allow_order_fields)]
pub async fn checkout() {
    allow_order_fields();
}

/// Gap (mismatched_mitigation): a rate limiter does not stop injection.
#[threat(injection, mitigated_by = limit_requests)] //~ mismatched_mitigation
pub fn search_catalogue() {}

/// Gap (expired_risk_acceptance): nobody owns this acceptance.
#[threat(denial_of_service, accepted = "runs at night when traffic is low")] //~ expired_risk_acceptance
pub fn nightly_cleanup() {}

/// Gap (open_threat): a known weakness, tracked and not fixed yet.
#[threat(timing_attack, open = "the coupon code is compared with `==`", ticket = "SHOP-17", owner = "shop-team")] //~ open_threat
pub fn redeem_coupon() {}

/// Gap (unmitigated_threats): its only control is not part of the model.
#[threat(path_traversal, mitigated_by = confine_attachments)] //~ problem, unmitigated_threats
pub fn read_attachment() {}

/// Gap (unconsidered_ssrf): posts order events to a URL the customer registered.
#[data_flow(to = PartnerApi, data = [Order], protocol = "https", destination = "caller")] //~ unconsidered_ssrf
pub fn post_order_event() {}

/// Gap (unencrypted_flow_across_boundary): pushes the catalogue to the partner over plain HTTP.
#[data_flow(to = PartnerApi, data = [CatalogItem], protocol = "http")] //~ unencrypted_flow_across_boundary
pub fn push_catalogue() {}

/// Gap (unsafe_api_consumption): partner prices go to the database unvalidated.
#[data_flow(from = PartnerApi, to = PriceImporter, data = [PartnerPrice], protocol = "https")] //~ unsafe_api_consumption
pub fn fetch_prices() {}

/// Stores the imported prices.
#[data_flow(from = PriceImporter, to = Database, data = [PartnerPrice], protocol = "postgres+tls")]
pub fn store_prices() {}

/// The shop's router: the shop routes behind the session check and the limiter, the export
/// behind the limiter, status and health outside both.
pub fn router() -> Router {
    let shop = Router::new()
        .route("/orders/latest", get(latest_order))
        .route("/orders/{id}", get(get_order))
        .route("/orders/{id}/invoice", get(get_invoice))
        .route("/orders/{id}/receipt", get(get_receipt))
        .route("/admin/sales", get(sales_report))
        .route("/profile", patch(update_profile))
        .route("/catalogue", get(catalogue))
        .route("/checkout", post(checkout))
        .route("/debug", get(debug_dump)) //~ unmodelled_endpoint
        .layer(middleware::from_fn(require_session))
        .layer(middleware::from_fn(limit_requests));
    Router::new()
        .nest("/shop", shop)
        .route(
            "/export",
            get(export_orders).layer(middleware::from_fn(limit_requests)),
        )
        .route("/status", get(status))
        .route("/healthz", get(health))
}
