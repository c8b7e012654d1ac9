//! The rule fixtures: `common` (the architecture they share), `gaps` (a service with one gap per
//! rule), `service_wide` (a gap every endpoint of a service shares), per rule, `fires` and `clean`,
//! and `examples`: each rule's `explain` example, verbatim
//! and self-contained. rustfmt leaves them as written: a `//~` marker
//! must stay on the line a finding points at.

#[rustfmt::skip]
pub mod common;
#[rustfmt::skip]
pub mod gaps;
#[rustfmt::skip]
pub mod service_wide;
#[rustfmt::skip]
pub mod unmitigated_threats {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod expired_risk_acceptance {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod unauthenticated_critical_asset {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod missing_object_level_authorization {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod missing_function_level_authorization {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod missing_property_level_authorization {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod missing_rate_limiting {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod unconsidered_ssrf {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod unsafe_api_consumption {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod unencrypted_flow_across_boundary {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod sensitive_business_flow {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod improper_inventory {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod mismatched_mitigation {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod incomplete_stride_coverage {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod unused_suppression {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod open_threat {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod unmodelled_endpoint {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod unserved_endpoint {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod unapplied_mitigation {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod undeclared_exposure {
    pub mod clean;
    pub mod fires;
}
#[rustfmt::skip]
pub mod examples {
    pub mod expired_risk_acceptance;
    pub mod improper_inventory;
    pub mod incomplete_stride_coverage;
    pub mod mismatched_mitigation;
    pub mod missing_function_level_authorization;
    pub mod missing_object_level_authorization;
    pub mod missing_property_level_authorization;
    pub mod missing_rate_limiting;
    pub mod open_threat;
    pub mod sensitive_business_flow;
    pub mod unapplied_mitigation;
    pub mod unauthenticated_critical_asset;
    pub mod unconsidered_ssrf;
    pub mod undeclared_exposure;
    pub mod unencrypted_flow_across_boundary;
    pub mod unmodelled_endpoint;
    pub mod unsafe_api_consumption;
    pub mod unserved_endpoint;
    pub mod unused_suppression;
}
