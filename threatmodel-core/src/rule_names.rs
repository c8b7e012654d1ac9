//! The ids and names of the rules of `cargo threatmodel check`, for the macros.
//!
//! The rules themselves (what they check, their documentation) live in `threatmodel::rules`;
//! this list exists so that `allow(RULE, reason = "...")` in an annotation can be checked at
//! compile time, by a crate the proc-macro crate can depend on. A test in `threatmodel` proves
//! the two lists agree, id for id and name for name.

/// `(id, name)` of every rule, in id order. Ids are never reused; names never change.
pub const RULE_NAMES: &[(&str, &str)] = &[
    ("TM0001", "unmitigated_threats"),
    ("TM0002", "expired_risk_acceptance"),
    ("TM0003", "unauthenticated_critical_asset"),
    ("TM0004", "missing_object_level_authorization"),
    ("TM0005", "missing_function_level_authorization"),
    ("TM0006", "missing_property_level_authorization"),
    ("TM0007", "missing_rate_limiting"),
    ("TM0008", "unconsidered_ssrf"),
    ("TM0009", "unsafe_api_consumption"),
    ("TM0010", "unencrypted_flow_across_boundary"),
    ("TM0011", "sensitive_business_flow"),
    ("TM0012", "improper_inventory"),
    ("TM0013", "mismatched_mitigation"),
    ("TM0014", "incomplete_stride_coverage"),
    ("TM0015", "unused_suppression"),
    ("TM0016", "open_threat"),
    ("TM0017", "unmodelled_endpoint"),
    ("TM0018", "unserved_endpoint"),
    ("TM0019", "unapplied_mitigation"),
    ("TM0020", "undeclared_exposure"),
    ("TM0021", "failing_verification"),
    ("TM0022", "unverified_mitigation"),
];

/// The name of the rule called `id_or_name` (an id such as `TM0007`, or a name); `None` when
/// there is no such rule.
pub fn rule_name(id_or_name: &str) -> Option<&'static str> {
    RULE_NAMES
        .iter()
        .find(|(id, name)| id.eq_ignore_ascii_case(id_or_name) || *name == id_or_name)
        .map(|(_, name)| *name)
}
