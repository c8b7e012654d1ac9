//! TM0016 `open_threat`: threats recorded as known, unfixed weaknesses (`open = "..."`).

use threatmodel_core::{Disposition, Stride};

use super::{Context, Hit, Rule, Severity};

pub(super) static RULE: Rule = Rule {
    id: "TM0016",
    name: "open_threat",
    default_severity: Severity::Error,
    stride: Stride::ALL,
    owasp_api_2023: None,
    cwe: &[],
    summary: "a threat is recorded as an open weakness: known, tracked, and not fixed yet",
    checks: "Every threat whose disposition is `open = \"what is wrong\"` (with its `ticket`, \
        and optionally an `owner` and the date the fix is due, `expires`): one finding per \
        such threat, at the threat, naming the ticket and the owner. The rule maps to every \
        STRIDE category and to no OWASP risk of its own: the weakness is the threat's, so the \
        report's coverage matrix shows the finding as a gap of the threat's OWASP API 2023 \
        risk. A fix past its due date is also reported by `expired_risk_acceptance`.",
    why: "An open threat is a vulnerability the team knows the code has. Recording it keeps the \
        rest of the model visible and the weakness honest (it is not an accepted risk), but \
        until it is fixed the service is exposed, and a check that passes would say otherwise.",
    example: "use threatmodel::{asset, endpoint, threat, trust_boundary};\n\
        \n\
        #[trust_boundary]\n\
        pub struct Internet;\n\
        \n\
        #[asset(medium, data = \"pii\")]\n\
        pub struct Post;\n\
        \n\
        #[endpoint(\"PUT /posts/{id}\", boundary = Internet, exposes = [Post])]\n\
        #[threat(bola, open = \"update does not check the author\",\n\
        \x20        ticket = \"SEC-142\", owner = \"api-team\", expires = \"2027-03-31\")]\n\
        pub async fn update_post() {}",
    fix: "Fix the weakness and record the control that closes it (`mitigated_by = ...`). Until \
        then, keep the finding visible: set the rule to `\"warning\"` in \
        `[package.metadata.threatmodel.rules]` while the fix is under way, or write \
        `allow(open_threat, reason = \"...\")` on the item to let one known weakness through \
        the check with a reason.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    cx.model
        .threats
        .iter()
        .filter_map(|threat| {
            let Disposition::Open {
                reason,
                ticket,
                owner,
                expires,
            } = &threat.disposition
            else {
                return None;
            };
            let owner = owner.as_deref().map_or_else(
                || ", owner not named".to_owned(),
                |o| format!(", owned by {o}"),
            );
            let due = expires
                .as_deref()
                .map_or_else(String::new, |date| format!(", fix due {date}"));
            Some(
                Hit::new(
                    &threat.id,
                    &threat.subject,
                    &threat.location,
                    format!(
                        "threat `{}` on `{}` is open: {reason} (ticket {ticket}{owner}{due})",
                        threat.kind, threat.subject
                    ),
                )
                .help(
                    "fix the weakness and record the control that closes it with \
                     `mitigated_by = ...`",
                ),
            )
        })
        .collect()
}
