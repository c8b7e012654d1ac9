//! The threat and control catalogue (v1): every threat kind and control kind an annotation may name.
//!
//! Threat kinds follow the OWASP API Security Top 10 (2023) names with their short aliases, plus
//! common API weaknesses and the six STRIDE categories. Each entry maps to STRIDE, the OWASP API
//! 2023 risk id where one applies, CWE ids (MITRE CWE v4.14) and CAPEC ids where known. Control
//! kinds list the threat kinds they address. Descriptions are this project's own words.

mod controls;
mod threats;

pub use controls::CONTROL_KINDS;
pub use threats::THREAT_KINDS;

use crate::vocabulary::{Level, Stride};

/// One kind of threat an annotation may name in `#[threat(KIND, ...)]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreatKind {
    /// Canonical snake_case id, e.g. `broken_object_level_authorization`.
    pub id: &'static str,
    /// Short names accepted in annotations, e.g. `bola`.
    pub aliases: &'static [&'static str],
    /// Human title, e.g. "Broken Object Level Authorization".
    pub title: &'static str,
    /// STRIDE categories the threat falls under, most relevant first.
    pub stride: &'static [Stride],
    /// OWASP API Security Top 10 2023 risk id (`API1:2023` ... `API10:2023`), where one applies.
    pub owasp_api_2023: Option<&'static str>,
    /// CWE ids (numbers only: `639` means CWE-639), MITRE CWE v4.14.
    pub cwe: &'static [u32],
    /// CAPEC attack pattern ids (numbers only), where known.
    pub capec: &'static [u32],
    /// How bad one successful exploitation usually is on a typical API, before the assets at
    /// stake are considered (this project's judgement; a threat's risk rating is the higher of
    /// this and its assets' criticality):
    ///
    /// - critical: control of the server or of everything it can reach (injection, insecure
    ///   deserialization);
    /// - high: other principals' data, identity or privileges, or the internal network (object
    ///   and function level authorization, authentication, SSRF, path traversal, secrets);
    /// - medium: availability, abuse of business flows, limited disclosure, or an attack that
    ///   needs the victim's help (CSRF, XSS, replay, tokens in URLs);
    /// - low: a step towards another attack (user enumeration, open redirect) or lost
    ///   accountability (repudiation).
    pub severity: Level,
    /// One paragraph: what the threat is, in this project's own words.
    pub description: &'static str,
}

/// One kind of security control a `#[mitigation(KIND)]` may implement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlKind {
    /// Canonical snake_case id, e.g. `rate_limiting`.
    pub id: &'static str,
    /// Human title, e.g. "Rate limiting".
    pub title: &'static str,
    /// Ids of the threat kinds this control addresses (canonical ids from [`THREAT_KINDS`]).
    pub addresses: &'static [&'static str],
    /// One paragraph: what the control does, in this project's own words.
    pub description: &'static str,
}

/// The OWASP API Security Top 10 (2023) risks, `(id, name)`, ids and names as the OWASP API
/// Security project titles them (2023 edition).
pub const OWASP_API_2023: [(&str, &str); 10] = [
    ("API1:2023", "Broken Object Level Authorization"),
    ("API2:2023", "Broken Authentication"),
    ("API3:2023", "Broken Object Property Level Authorization"),
    ("API4:2023", "Unrestricted Resource Consumption"),
    ("API5:2023", "Broken Function Level Authorization"),
    (
        "API6:2023",
        "Unrestricted Access to Sensitive Business Flows",
    ),
    ("API7:2023", "Server Side Request Forgery"),
    ("API8:2023", "Security Misconfiguration"),
    ("API9:2023", "Improper Inventory Management"),
    ("API10:2023", "Unsafe Consumption of APIs"),
];

/// Looks a threat kind up by canonical id or alias; `None` when it is not in the catalogue.
pub fn threat_kind(name: &str) -> Option<&'static ThreatKind> {
    THREAT_KINDS
        .iter()
        .find(|kind| kind.id == name || kind.aliases.contains(&name))
}

/// Looks a control kind up by id; `None` when it is not in the catalogue.
pub fn control_kind(name: &str) -> Option<&'static ControlKind> {
    CONTROL_KINDS.iter().find(|kind| kind.id == name)
}

/// Every name accepted for a threat kind (ids, then aliases), for "expected one of" messages.
pub fn threat_kind_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = THREAT_KINDS.iter().map(|k| k.id).collect();
    names.extend(THREAT_KINDS.iter().flat_map(|k| k.aliases.iter().copied()));
    names
}

/// Every control kind id, for "expected one of" messages.
pub fn control_kind_names() -> Vec<&'static str> {
    CONTROL_KINDS.iter().map(|k| k.id).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Threat kinds that no catalogue control counters on purpose: keeping an inventory of APIs,
    /// versions and data flows is an organisational process (this threat model is part of it),
    /// not something a function or type implements.
    const INTENTIONALLY_UNADDRESSED: &[&str] = &["improper_inventory_management"];

    const EXPECTED_THREAT_IDS: &[&str] = &[
        "broken_object_level_authorization",
        "broken_authentication",
        "broken_object_property_level_authorization",
        "unrestricted_resource_consumption",
        "broken_function_level_authorization",
        "unrestricted_access_to_sensitive_business_flows",
        "server_side_request_forgery",
        "security_misconfiguration",
        "improper_inventory_management",
        "unsafe_consumption_of_apis",
        "injection",
        "sql_injection",
        "command_injection",
        "xss",
        "path_traversal",
        "csrf",
        "mass_assignment",
        "replay",
        "credential_stuffing",
        "user_enumeration",
        "sensitive_data_in_logs",
        "insecure_deserialization",
        "open_redirect",
        "hardcoded_secret",
        "token_in_url",
        "timing_attack",
        "spoofing",
        "tampering",
        "repudiation",
        "information_disclosure",
        "denial_of_service",
        "elevation_of_privilege",
    ];

    const EXPECTED_CONTROL_IDS: &[&str] = &[
        "authentication",
        "authorization",
        "input_validation",
        "parameterized_queries",
        "output_encoding",
        "rate_limiting",
        "request_size_limit",
        "pagination_limit",
        "timeout",
        "encryption_in_transit",
        "encryption_at_rest",
        "password_hashing",
        "constant_time_comparison",
        "session_management",
        "audit_logging",
        "monitoring",
        "secrets_management",
        "csrf_protection",
        "security_headers",
        "url_allowlist",
        "path_confinement",
        "field_allowlist",
        "idempotency",
    ];

    fn is_snake_case_ascii(name: &str) -> bool {
        !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && !name.ends_with('_')
            && !name.contains("__")
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    }

    #[test]
    fn catalogue_lists_exactly_the_documented_ids_in_order() {
        let threats: Vec<&str> = THREAT_KINDS.iter().map(|k| k.id).collect();
        assert_eq!(threats, EXPECTED_THREAT_IDS);
        assert_eq!(control_kind_names(), EXPECTED_CONTROL_IDS);
    }

    #[test]
    fn threat_ids_and_aliases_are_unique_across_all_names() {
        let mut seen = HashSet::new();
        for name in threat_kind_names() {
            assert!(seen.insert(name), "threat name `{name}` appears twice");
        }
        let mut seen = HashSet::new();
        for name in control_kind_names() {
            assert!(seen.insert(name), "control id `{name}` appears twice");
        }
    }

    #[test]
    fn every_name_is_snake_case_ascii() {
        for name in threat_kind_names().into_iter().chain(control_kind_names()) {
            assert!(
                is_snake_case_ascii(name),
                "`{name}` is not snake_case ASCII"
            );
        }
        assert!(!is_snake_case_ascii("Bola"));
        assert!(!is_snake_case_ascii("sql-injection"));
        assert!(!is_snake_case_ascii("_x"));
    }

    #[test]
    fn every_addressed_threat_is_a_canonical_id() {
        let ids: HashSet<&str> = THREAT_KINDS.iter().map(|k| k.id).collect();
        for control in CONTROL_KINDS {
            assert!(
                !control.addresses.is_empty(),
                "control `{}` addresses nothing",
                control.id
            );
            let mut seen = HashSet::new();
            for &threat in control.addresses {
                assert!(
                    ids.contains(threat),
                    "control `{}` addresses `{threat}`, which is not a canonical threat id",
                    control.id
                );
                assert!(
                    seen.insert(threat),
                    "control `{}` lists `{threat}` twice",
                    control.id
                );
            }
        }
    }

    #[test]
    fn every_threat_is_addressed_by_a_control_unless_listed() {
        for &id in INTENTIONALLY_UNADDRESSED {
            assert!(
                THREAT_KINDS.iter().any(|k| k.id == id),
                "`{id}` in INTENTIONALLY_UNADDRESSED is not a canonical threat id"
            );
        }
        for kind in THREAT_KINDS {
            let addressed = CONTROL_KINDS.iter().any(|c| c.addresses.contains(&kind.id));
            let exempt = INTENTIONALLY_UNADDRESSED.contains(&kind.id);
            assert!(
                addressed || exempt,
                "no control addresses threat kind `{}`",
                kind.id
            );
            assert!(
                !(addressed && exempt),
                "`{}` is listed as unaddressed but a control addresses it",
                kind.id
            );
        }
    }

    #[test]
    fn owasp_ids_are_well_formed_and_cover_the_top_ten() {
        let mut covered = HashSet::new();
        for kind in THREAT_KINDS {
            let Some(owasp) = kind.owasp_api_2023 else {
                continue;
            };
            let n: u32 = owasp
                .strip_prefix("API")
                .and_then(|rest| rest.strip_suffix(":2023"))
                .filter(|n| !n.starts_with('0'))
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("`{}` has malformed OWASP id `{owasp}`", kind.id));
            assert!(
                (1..=10).contains(&n),
                "`{}` has OWASP id `{owasp}` outside API1..API10",
                kind.id
            );
            covered.insert(n);
        }
        for n in 1..=10 {
            assert!(covered.contains(&n), "no threat kind maps to API{n}:2023");
        }
    }

    #[test]
    fn owasp_kinds_come_first_in_rank_order() {
        for (rank, kind) in THREAT_KINDS.iter().take(10).enumerate() {
            let expected = format!("API{}:2023", rank + 1);
            assert_eq!(kind.owasp_api_2023, Some(expected.as_str()), "{}", kind.id);
        }
        assert_eq!(threat_kind("injection").unwrap().owasp_api_2023, None);
    }

    #[test]
    fn titles_and_descriptions_are_filled_in() {
        let texts = THREAT_KINDS
            .iter()
            .map(|k| (k.id, k.title, k.description))
            .chain(CONTROL_KINDS.iter().map(|c| (c.id, c.title, c.description)));
        for (id, title, description) in texts {
            assert!(!title.trim().is_empty(), "`{id}` has an empty title");
            assert_eq!(title, title.trim(), "`{id}` title has stray whitespace");
            assert!(!description.trim().is_empty(), "`{id}` has no description");
            assert!(
                description.ends_with('.'),
                "`{id}` description must end with a period"
            );
            assert!(
                !description.contains("  "),
                "`{id}` description has doubled spaces"
            );
        }
    }

    #[test]
    fn stride_cwe_and_capec_lists_are_sane() {
        for kind in THREAT_KINDS {
            assert!(
                !kind.stride.is_empty(),
                "`{}` has no STRIDE category",
                kind.id
            );
            let stride: HashSet<_> = kind.stride.iter().collect();
            assert_eq!(
                stride.len(),
                kind.stride.len(),
                "`{}` repeats a STRIDE category",
                kind.id
            );
            let cwe: HashSet<_> = kind.cwe.iter().collect();
            assert_eq!(cwe.len(), kind.cwe.len(), "`{}` repeats a CWE id", kind.id);
            assert!(!kind.cwe.contains(&0), "`{}` has CWE id 0", kind.id);
            let capec: HashSet<_> = kind.capec.iter().collect();
            assert_eq!(
                capec.len(),
                kind.capec.len(),
                "`{}` repeats a CAPEC id",
                kind.id
            );
            assert!(!kind.capec.contains(&0), "`{}` has CAPEC id 0", kind.id);
        }
        for stride in Stride::ALL {
            let kind =
                threat_kind(stride.as_str()).expect("every STRIDE category is a threat kind");
            assert_eq!(kind.stride, &[*stride]);
        }
    }

    #[test]
    fn lookup_accepts_ids_and_aliases() {
        let bola = threat_kind("bola").expect("`bola` is an alias");
        assert_eq!(bola.id, "broken_object_level_authorization");
        assert_eq!(bola.owasp_api_2023, Some("API1:2023"));
        assert!(std::ptr::eq(
            bola,
            threat_kind("broken_object_level_authorization").unwrap()
        ));
        assert_eq!(
            threat_kind("ssrf").unwrap().id,
            "server_side_request_forgery"
        );
        assert_eq!(threat_kind("Bola"), None);
        assert_eq!(threat_kind("nonexistent"), None);
        assert_eq!(
            control_kind("rate_limiting").unwrap().title,
            "Rate limiting"
        );
        assert_eq!(control_kind("rate_limits"), None);
    }
}
