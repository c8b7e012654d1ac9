//! The rule fixtures: `common` (the architecture they share), `gaps` (a service with one gap per
//! rule) and, per rule, `fires` and `clean`.

pub mod common;
pub mod gaps;
pub mod unmitigated_threats {
    pub mod clean;
    pub mod fires;
}
pub mod expired_risk_acceptance {
    pub mod clean;
    pub mod fires;
}
pub mod unauthenticated_critical_asset {
    pub mod clean;
    pub mod fires;
}
pub mod missing_object_level_authorization {
    pub mod clean;
    pub mod fires;
}
pub mod missing_function_level_authorization {
    pub mod clean;
    pub mod fires;
}
pub mod missing_property_level_authorization {
    pub mod clean;
    pub mod fires;
}
pub mod missing_rate_limiting {
    pub mod clean;
    pub mod fires;
}
pub mod unconsidered_ssrf {
    pub mod clean;
    pub mod fires;
}
pub mod unsafe_api_consumption {
    pub mod clean;
    pub mod fires;
}
pub mod unencrypted_flow_across_boundary {
    pub mod clean;
    pub mod fires;
}
pub mod sensitive_business_flow {
    pub mod clean;
    pub mod fires;
}
pub mod improper_inventory {
    pub mod clean;
    pub mod fires;
}
pub mod mismatched_mitigation {
    pub mod clean;
    pub mod fires;
}
pub mod incomplete_stride_coverage {
    pub mod clean;
    pub mod fires;
}
pub mod unused_suppression {
    pub mod clean;
    pub mod fires;
}
pub mod open_threat {
    pub mod clean;
    pub mod fires;
}
pub mod unmodelled_endpoint {
    pub mod clean;
    pub mod fires;
}
pub mod unserved_endpoint {
    pub mod clean;
    pub mod fires;
}
pub mod unapplied_mitigation {
    pub mod clean;
    pub mod fires;
}
