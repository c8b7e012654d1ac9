//! TM0002 `expired_risk_acceptance`: accepted risks past (or near) their review date, or without
//! an owner, and open weaknesses past (or near) the date their fix is due.

use threatmodel_core::date::is_iso_date;
use threatmodel_core::{Disposition, Stride};

use super::{Context, Hit, Rule, Severity};

/// Days before `expires` from which an acceptance is reported as about to expire.
const WARN_DAYS: i64 = 30;

pub(super) static RULE: Rule = Rule {
    id: "TM0002",
    name: "expired_risk_acceptance",
    default_severity: Severity::Error,
    stride: Stride::ALL,
    owasp_api_2023: None,
    cwe: &[1068],
    summary: "an accepted risk is past its review date, close to it, or has no owner; or an \
        open weakness is past the date its fix is due, or close to it",
    checks: "Every threat recorded as `accepted = \"...\"`: an error once today is after its \
        `expires` date; a warning when `expires` is at most 30 days away; a warning when nobody \
        is named as `owner`. An acceptance without `expires` and with an owner is not reported. \
        Every threat recorded as `open = \"...\"` whose `expires` (the date its fix is due) is \
        set, judged the same way: an error once the date has passed, a warning when it is at \
        most 30 days away (an open threat is always reported by `open_threat` as well).",
    why: "Accepting a risk is a decision made by someone for a time, under assumptions that \
        change. An acceptance that nobody owns, or that has outlived its review date, is a \
        decision nobody is still making. A fix that is overdue is a known weakness whose plan \
        has slipped.",
    example: "use threatmodel::threat;\n\
        \n\
        #[threat(unrestricted_resource_consumption,\n\
        \x20        accepted = \"gateway enforces 100 req/s per client\",\n\
        \x20        owner = \"platform\", expires = \"2025-06-30\")]  // past\n\
        pub async fn search() {}",
    fix: "Review the acceptance with its owner: mitigate the threat (`mitigated_by = ...`), or \
        renew the acceptance with a new `expires` date; name an `owner` on every acceptance. \
        For an overdue fix, ship it (`mitigated_by = ...`) or set a new due date with the \
        ticket's owner.",
    check,
    service_wide: None,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for threat in &cx.model.threats {
        // An open weakness's `owner` is optional: `open_threat` already names it or its absence.
        let (expires, unowned, what) = match &threat.disposition {
            Disposition::Accepted { owner, expires, .. } => {
                (expires, owner.is_none(), Dated::Acceptance)
            }
            Disposition::Open { expires, .. } => (expires, false, Dated::Fix),
            Disposition::Mitigated { .. }
            | Disposition::Transferred { .. }
            | Disposition::Undisposed => continue,
        };
        let at = |message: String| Hit::new(&threat.id, &threat.subject, &threat.location, message);
        let subject = format!("`{}` on `{}`", threat.kind, threat.subject);
        // A malformed date (possible only in a model read from a file) is a model problem
        // (`Model::validate`), not an expiry: text comparison would misjudge it.
        if let Some(expires) = expires.as_ref().filter(|date| is_iso_date(date)) {
            if expires.as_str() < cx.today {
                let (message, help) = match what {
                    Dated::Acceptance => (
                        format!("acceptance of {subject} expired on {expires}"),
                        "review the risk: mitigate it, or renew the acceptance with a new \
                         `expires` date",
                    ),
                    Dated::Fix => (
                        format!("the fix of open threat {subject} was due on {expires}"),
                        "fix the weakness (`mitigated_by = ...`), or agree a new due date with \
                         the ticket's owner and update `expires`",
                    ),
                };
                hits.push(at(message).help(help));
            } else if let Some(days) = days_between(cx.today, expires)
                && days <= WARN_DAYS
            {
                let when = match days {
                    0 => "today".to_owned(),
                    1 => "in 1 day".to_owned(),
                    n => format!("in {n} days"),
                };
                let (message, help) = match what {
                    Dated::Acceptance => (
                        format!("acceptance of {subject} expires on {expires}, {when}"),
                        "review the risk with its owner before the acceptance runs out",
                    ),
                    Dated::Fix => (
                        format!("the fix of open threat {subject} is due on {expires}, {when}"),
                        "ship the fix, or agree a new due date with the ticket's owner",
                    ),
                };
                hits.push(at(message).severity(Severity::Warning).help(help));
            }
        }
        if unowned {
            hits.push(
                at(format!("acceptance of {subject} names no owner"))
                    .severity(Severity::Warning)
                    .help("name who accepted the risk: `owner = \"team\"`"),
            );
        }
    }
    hits
}

/// What an `expires` date is the deadline of.
#[derive(Clone, Copy)]
enum Dated {
    /// The review of an accepted risk.
    Acceptance,
    /// The fix of an open weakness.
    Fix,
}

/// Days from `from` to `to` (both `YYYY-MM-DD`), by the proleptic Gregorian calendar; `None`
/// when either is not such a date.
fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(day_number(to)? - day_number(from)?)
}

/// Days since 0000-03-01 of an ISO 8601 calendar date (the civil-from-days algorithm, inverted).
fn day_number(date: &str) -> Option<i64> {
    if !threatmodel_core::date::is_iso_date(date) {
        return None;
    }
    let year: i64 = date.get(0..4)?.parse().ok()?;
    let month: i64 = date.get(5..7)?.parse().ok()?;
    let day: i64 = date.get(8..10)?.parse().ok()?;
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era_days = y.div_euclid(400) * 146_097;
    let yoe = y.rem_euclid(400);
    let doy = (153 * m + 2) / 5 + day - 1;
    Some(era_days + yoe * 365 + yoe / 4 - yoe / 100 + doy)
}

#[cfg(test)]
mod tests {
    use super::days_between;

    #[test]
    fn days_between_crosses_months_years_and_leap_days() {
        assert_eq!(days_between("2026-11-30", "2026-12-30"), Some(30));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2023-02-28", "2023-03-01"), Some(1));
        assert_eq!(days_between("2026-12-31", "2027-01-01"), Some(1));
        assert_eq!(days_between("2027-01-01", "2026-12-31"), Some(-1));
        assert_eq!(days_between("2026-13-01", "2026-12-31"), None);
    }
}
