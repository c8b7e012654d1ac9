//! TM0001 `unmitigated_threats`: threats said to be mitigated by controls the build lacks.

use threatmodel_core::{Disposition, Stride};

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0001",
    name: "unmitigated_threats",
    default_severity: Severity::Error,
    stride: Stride::ALL,
    owasp_api_2023: None,
    cwe: &[693],
    summary: "a threat is recorded as mitigated, but none of its mitigations is in the model",
    checks: "Every threat whose disposition is `mitigated_by` must name at least one \
        `#[mitigation]` that is part of the assembled model. A threat whose every mitigation is \
        missing (compiled out by a `cfg`, in a crate outside the selection, or a reference the \
        model could not resolve) is unmitigated. The compiler already rejects a threat with no \
        disposition at all; this rule catches the ones whose disposition points at nothing. \
        rustc rejects a `mitigated_by` that names nothing in the crate being built, so the \
        example is a saved model: the threat's mitigation was in no crate of the selection.",
    why: "A threat that names a control which is not built into the program reads as handled in \
        every review while nothing stands between the attacker and the asset.",
    example: "{\n\
        \x20 \"schema_version\": \"2\",\n\
        \x20 \"trust_boundaries\": [], \"components\": [], \"assets\": [], \"mitigations\": [],\n\
        \x20 \"endpoints\": [], \"data_flows\": [],\n\
        \x20 \"threats\": [{\n\
        \x20   \"id\": \"shop::get_account#broken_authentication\",\n\
        \x20   \"kind\": \"broken_authentication\", \"title\": \"Broken authentication\",\n\
        \x20   \"stride\": [\"spoofing\"], \"subject\": \"shop::get_account\",\n\
        \x20   \"disposition\": {\"status\": \"mitigated\", \"by\": []},\n\
        \x20   \"location\": {\"package\": \"shop\", \"crate\": \"shop\", \"file\": \"src/lib.rs\",\n\
        \x20                \"line\": 7, \"column\": 1}\n\
        \x20 }]\n\
        }",
    fix: "Build the mitigation into every configuration that serves the endpoint, select the \
        crate that defines it (`--workspace`), or record what really handles the threat: another \
        `mitigated_by`, `accepted = \"...\"` with an owner and expiry, or `transferred = \"...\"`.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    cx.model
        .threats
        .iter()
        .filter(|threat| matches!(&threat.disposition, Disposition::Mitigated { by, .. } if by.is_empty()))
        .map(|threat| {
            Hit::new(
                &threat.id,
                &threat.subject,
                &threat.location,
                format!(
                    "threat `{}` on `{}` is mitigated by nothing in the model",
                    threat.kind, threat.subject
                ),
            )
            .help("name a `#[mitigation]` that is built with this code, or record the threat as `accepted` or `transferred`")
        })
        .collect()
}
