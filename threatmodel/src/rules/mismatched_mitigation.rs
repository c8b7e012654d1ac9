//! TM0013 `mismatched_mitigation`: threats mitigated by controls that do not counter them.

use threatmodel_core::{CONTROL_KINDS, Disposition, Stride};

use super::{Context, Hit, Rule, Severity};
use crate::model::Mitigation;

pub(super) static RULE: Rule = Rule {
    id: "TM0013",
    name: "mismatched_mitigation",
    default_severity: Severity::Warning,
    stride: Stride::ALL,
    owasp_api_2023: None,
    cwe: &[693],
    summary: "a threat is mitigated by controls none of which addresses its kind",
    checks: "Every catalogue threat recorded as `mitigated_by` whose mitigations (those present in \
        the model) all fail to address its kind. A mitigation addresses the threat kinds the \
        catalogue maps its control kinds to, plus those it lists in `addresses = [...]`. Custom \
        threats are not checked, nor threats one of whose mitigations implements a custom \
        control (`custom = \"...\"`), since the catalogue cannot judge either. A threat none of \
        whose mitigations is in the model is left to `unmitigated_threats`. One finding per \
        threat.",
    why: "A disposition that names the wrong control reads as handled in every review: rate \
        limiting cited against broken object level authorization, or authentication against SQL \
        injection, leaves the threat as open as if nothing had been written, and hides it \
        behind a reassuring `mitigated_by`.",
    example: "use threatmodel::{endpoint, mitigation, threat, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[mitigation(rate_limiting)]\n\
        pub async fn throttle() {}\n\
        \n\
        #[endpoint(\"GET /accounts/{id}\", boundary = Internet)]\n\
        #[threat(bola, mitigated_by = throttle)] // rate limiting does not check ownership\n\
        pub async fn get_account() {}",
    fix: "Name a mitigation whose control counters the threat (the `help:` line lists the \
        control kinds that do), adding that control to the code if it is missing. When a \
        mitigation does counter the threat in a way the catalogue does not know, say so on it: \
        `#[mitigation(..., addresses = [KIND])]`.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for threat in &cx.model.threats {
        if threat.custom {
            continue;
        }
        let Disposition::Mitigated { by, .. } = &threat.disposition else {
            continue;
        };
        let mitigations: Vec<&Mitigation> = by.iter().filter_map(|id| cx.mitigation(id)).collect();
        if mitigations.is_empty()
            || mitigations.iter().any(|m| m.custom.is_some())
            || mitigations
                .iter()
                .any(|m| m.addresses.contains(&threat.kind))
        {
            continue;
        }
        let cited: Vec<String> = mitigations
            .iter()
            .map(|m| format!("`{}` ({})", m.id, m.controls.join(", ")))
            .collect();
        let fitting: Vec<String> = CONTROL_KINDS
            .iter()
            .filter(|control| control.addresses.contains(&threat.kind.as_str()))
            .map(|control| format!("`{}`", control.id))
            .collect();
        let help = if fitting.is_empty() {
            format!(
                "no catalogue control addresses `{}`: list it in `addresses = [...]` on the \
                 mitigation that does, or record the threat as `accepted` or `transferred`",
                threat.kind
            )
        } else {
            format!(
                "cite a mitigation implementing {}, or add `addresses = [{}]` to a cited \
                 mitigation that does counter it",
                or_list(&fitting),
                threat.kind
            )
        };
        hits.push(
            Hit::new(
                &threat.id,
                &threat.subject,
                &threat.location,
                format!(
                    "threat `{}` on `{}` is mitigated by {}, {}",
                    threat.kind,
                    threat.subject,
                    cited.join(", "),
                    if cited.len() == 1 {
                        "which does not address it"
                    } else {
                        "none of which addresses it"
                    }
                ),
            )
            .help(help),
        );
    }
    hits
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
