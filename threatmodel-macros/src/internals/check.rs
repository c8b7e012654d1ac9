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
    let written: Vec<_> = DISPOSITIONS
        .iter()
        .filter_map(|key| args.key(key))
        .collect();
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
    for (key, lit, help) in [
        (ACCEPTED, &reason, "say why the risk is acceptable"),
        (TRANSFERRED, &to, "say who carries the risk now"),
        (
            OWNER,
            &owner,
            "name the team or person who accepted the risk",
        ),
        (TICKET, &ticket, "give the ticket id, or remove `ticket`"),
        (
            RESIDUAL,
            &residual,
            "say what risk remains, or remove `residual`",
        ),
    ] {
        if let Some(lit) = lit
            && lit.value().trim().is_empty()
        {
            cx.syn_error(unknown_with_help(
                lit.span(),
                format!("empty `{key}`"),
                format!("help: {help}"),
            ));
        }
    }

    // Details of another disposition are reported at their key, once the disposition is known
    // (with none or several, that error already says what to fix).
    if let [written] = written.as_slice() {
        let misplaced = |key: &str, belongs: &str| {
            if let Some(ident) = args.key(key) {
                cx.syn_error(unknown_with_help(
                    ident.span(),
                    format!("`{key}` applies only to {belongs}"),
                    format!("help: remove `{key}`; this threat is disposed of by `{written}`"),
                ));
            }
        };
        if *written != ACCEPTED {
            misplaced(OWNER, "an accepted risk (`accepted = \"reason\"`)");
            misplaced(EXPIRES, "an accepted risk (`accepted = \"reason\"`)");
        }
        if *written == MITIGATED_BY {
            misplaced(TICKET, "an accepted or transferred risk");
        } else {
            misplaced(RESIDUAL, "a mitigated threat (`mitigated_by = ...`)");
        }
    }
    let expires = expires.and_then(|lit| {
        let text = lit.value();
        if threatmodel_core::date::is_iso_date(&text) {
            return Some(text);
        }
        let (message, help) = if has_date_shape(&text) {
            (
                format!("`expires` date `{text}` is not a day of the calendar"),
                "help: check the month and the day; `expires` is the last day the acceptance holds",
            )
        } else {
            (
                format!("malformed `expires` date `{text}`"),
                "help: write the date as `YYYY-MM-DD` (ISO 8601), e.g. `2027-06-30`",
            )
        };
        cx.syn_error(unknown_with_help(lit.span(), message, help.to_owned()));
        None
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

/// Whether `text` is written `DDDD-DD-DD`, whether or not that day exists.
fn has_date_shape(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Rejects reference paths rustc cannot resolve from the generated check (`Self::...`).
pub(crate) fn reference(cx: &Ctxt, reference: &Reference) {
    if let Some(first) = reference.path.segments.first()
        && first.ident == "Self"
    {
        let rest: Vec<String> = reference
            .path
            .segments
            .iter()
            .skip(1)
            .map(|s| s.ident.to_string())
            .collect();
        cx.syn_error(unknown_with_help(
            first.ident.span(),
            "`Self` cannot be used in a threat-model reference".to_owned(),
            format!(
                "help: name the type instead, `TypeName::{}`; the check rustc runs sits outside the impl block",
                rest.join("::")
            ),
        ));
    }
}
