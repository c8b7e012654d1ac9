//! Cross-argument checks: a threat's disposition, accepted-risk details, reference paths.

use proc_macro2::Span;
use threatmodel_core::{Disposition, ThreatKindRef};

use super::ast::{RefKind, Reference, unknown_with_help};
use super::attr::Args;
use super::ctxt::Ctxt;
use super::symbol::*;

const DISPOSITIONS: [&str; 3] = [MITIGATED_BY, ACCEPTED, TRANSFERRED];

/// Reads the one disposition of a threat: `mitigated_by`, `accepted` or `transferred`, with the
/// arguments that belong to each. Reports a missing disposition, two at once, details that belong
/// to another disposition and a malformed `expires` date.
pub(crate) fn disposition(
    args: &mut Args<'_>,
    refs: &mut Vec<Reference>,
    kind: Option<&ThreatKindRef>,
    kind_span: Span,
) -> Option<Disposition> {
    let cx = args.cx();
    let written: Vec<_> = DISPOSITIONS.iter().filter_map(|key| args.key(key)).collect();
    let mut ok = true;
    match written.as_slice() {
        [] => {
            let name = match kind {
                Some(ThreatKindRef::Catalogue(id)) => id.clone(),
                Some(ThreatKindRef::Custom { id, .. }) => id.clone(),
                None => "threat".to_owned(),
            };
            cx.syn_error(unknown_with_help(
                kind_span,
                format!("unmitigated threat `{name}`"),
                "help: dispose of it with `mitigated_by = path::to::control`, `accepted = \"reason\"` or `transferred = \"to whom\"`".to_owned(),
            ));
            ok = false;
        }
        [_] => {}
        [first, rest @ ..] => {
            for other in rest {
                cx.syn_error(unknown_with_help(
                    other.span(),
                    format!("conflicting dispositions `{first}` and `{other}`"),
                    "help: a threat has exactly one disposition: keep one of `mitigated_by`, `accepted`, `transferred`".to_owned(),
                ));
            }
            ok = false;
        }
    }
    let by = args.take_paths(MITIGATED_BY).map(|(_, paths)| {
        paths
            .into_iter()
            .map(|path| {
                let text = super::item::path_text(&path);
                refs.push(Reference {
                    path,
                    kind: RefKind::Mitigation,
                });
                text
            })
            .collect::<Vec<_>>()
    });
    let reason = args.take_str(ACCEPTED);
    let to = args.take_str(TRANSFERRED);
    let owner = args.take_str(OWNER);
    let expires = args.take_str(EXPIRES);
    let ticket = args.take_str(TICKET);
    let residual = args.take_str(RESIDUAL);

    let accepted = args.has(ACCEPTED);
    for (key, lit) in [(OWNER, &owner), (EXPIRES, &expires)] {
        if let (Some(lit), false) = (lit, accepted) {
            cx.error_spanned_by(
                lit,
                format_args!("`{key}` applies only to an accepted risk (`accepted = \"reason\"`)"),
            );
        }
    }
    if let (Some(lit), false) = (&ticket, accepted || args.has(TRANSFERRED)) {
        cx.error_spanned_by(lit, "`ticket` applies only to an accepted or transferred risk");
    }
    if let (Some(lit), false) = (&residual, args.has(MITIGATED_BY)) {
        cx.error_spanned_by(lit, "`residual` applies only to a mitigated threat (`mitigated_by = ...`)");
    }
    let expires = expires.and_then(|lit| match valid_date(&lit.value()) {
        true => Some(lit.value()),
        false => {
            cx.syn_error(unknown_with_help(
                lit.span(),
                format!("malformed `expires` date `{}`", lit.value()),
                "help: write a calendar date as `YYYY-MM-DD`, e.g. `2027-06-30`".to_owned(),
            ));
            None
        }
    });
    let value = |lit: Option<syn::LitStr>| lit.map(|lit| lit.value());
    if !ok {
        return None;
    }
    if let Some(by) = by {
        Some(Disposition::Mitigated {
            by,
            residual: value(residual),
        })
    } else if let Some(reason) = reason {
        Some(Disposition::Accepted {
            reason: reason.value(),
            owner: value(owner),
            expires,
            ticket: value(ticket),
        })
    } else {
        to.map(|to| Disposition::Transferred {
            to: to.value(),
            ticket: value(ticket),
        })
    }
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD` (ISO 8601 extended format).
pub(crate) fn valid_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        text[0..4].parse::<i32>(),
        text[5..7].parse::<u8>(),
        text[8..10].parse::<u8>(),
    ) else {
        return false;
    };
    time::Month::try_from(month)
        .and_then(|month| time::Date::from_calendar_date(year, month, day))
        .is_ok()
}

/// Rejects reference paths rustc cannot resolve from the generated check (`Self::...`).
pub(crate) fn reference(cx: &Ctxt, reference: &Reference) {
    if let Some(first) = reference.path.segments.first() {
        if first.ident == "Self" {
            cx.syn_error(unknown_with_help(
                first.ident.span(),
                "`Self` cannot be used in a threat-model reference".to_owned(),
                "help: write the type's name instead, e.g. `Db::insert_transfer`".to_owned(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::valid_date;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(valid_date("2027-06-30"));
        assert!(valid_date("2028-02-29"));
        assert!(!valid_date("2027-02-29"));
        assert!(!valid_date("2027-13-01"));
        assert!(!valid_date("2027-6-30"));
        assert!(!valid_date("30/06/2027"));
        assert!(!valid_date("2027-06-3x"));
    }
}
