//! Cross-argument checks: a threat's disposition and its details, reference paths, and the
//! `allow(...)` suppressions every attribute accepts.

use proc_macro2::Span;
use quote::ToTokens;
use threatmodel_core::rule_names::{RULE_NAMES, rule_name};
use threatmodel_core::vocabulary::backticked;
use threatmodel_core::{Annotation, Disposition, ThreatKindRef, catalogue};

use super::ast::{Allow, RefKind, Reference, unknown_with_help};
use super::attr::{AllowArg, Arg, Args, Call, Value};
use super::ctxt::Ctxt;
use super::symbol::*;

const DISPOSITIONS: [&str; 4] = [MITIGATED_BY, ACCEPTED, TRANSFERRED, OPEN];

/// Reads the one disposition of a threat: `mitigated_by`, `accepted`, `transferred` or `open`,
/// with the arguments that belong to each. Reports a missing disposition, two at once, details
/// that belong to another disposition, an `open` threat without its `ticket`, blank text and a
/// malformed `expires` date.
pub(crate) fn disposition(
    args: &mut Args<'_>,
    refs: &mut Vec<Reference>,
    kind: Option<&ThreatKindRef>,
    kind_span: Span,
    description: Option<&str>,
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
            // What the threat is, in words: its own description, else the catalogue's title.
            let what = match (description, kind) {
                (Some(description), _) => format!(": {description}"),
                (None, Some(ThreatKindRef::Catalogue(id))) => catalogue::threat_kind(id)
                    .map(|kind| format!(" ({})", kind.title))
                    .unwrap_or_default(),
                (None, _) => String::new(),
            };
            cx.syn_error(unknown_with_help(
                kind_span,
                format!("unmitigated threat `{name}`{what}"),
                "help: dispose of it with `mitigated_by = path::to::control`, `accepted = \"reason\"`, `transferred = \"to whom\"`, or `open = \"what is wrong\", ticket = \"...\"` for a known weakness not fixed yet".to_owned(),
            ));
            ok = false;
        }
        [_] => {}
        [first, rest @ ..] => {
            for other in rest {
                cx.syn_error(unknown_with_help(
                    other.span(),
                    format!("conflicting dispositions `{first}` and `{other}`"),
                    "help: a threat has exactly one disposition: keep one of `mitigated_by`, `accepted`, `transferred`, `open`".to_owned(),
                ));
            }
            ok = false;
        }
    }
    // The one disposition written, when there is exactly one.
    let only = match written.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    };
    let is_open = only.as_deref() == Some(OPEN);
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
    let weakness = args.take_str(OPEN);
    let owner = args.take_str(OWNER);
    let expires = args.take_str(EXPIRES);
    let ticket = args.take_str(TICKET);
    let residual = args.take_str(RESIDUAL);
    let (owner_help, ticket_help) = if is_open {
        (
            "name the team or person fixing the weakness",
            "give the id of the ticket that tracks the fix",
        )
    } else {
        (
            "name the team or person who accepted the risk",
            "give the ticket id, or remove `ticket`",
        )
    };
    for (key, lit, help) in [
        (ACCEPTED, &reason, "say why the risk is acceptable"),
        (TRANSFERRED, &to, "say who carries the risk now"),
        (
            OPEN,
            &weakness,
            "say what is wrong with the code as it stands",
        ),
        (OWNER, &owner, owner_help),
        (TICKET, &ticket, ticket_help),
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
            ok = false;
        }
    }

    // Details of another disposition are reported at their key, once the disposition is known
    // (with none or several, that error already says what to fix).
    if let Some(written) = &only {
        let misplaced = |key: &str, belongs: &str| {
            if let Some(ident) = args.key(key) {
                cx.syn_error(unknown_with_help(
                    ident.span(),
                    format!("`{key}` applies only to {belongs}"),
                    format!("help: remove `{key}`; this threat is disposed of by `{written}`"),
                ));
            }
        };
        if written != ACCEPTED && written != OPEN {
            let belongs = "an accepted risk (`accepted = \"reason\"`) or an open threat \
                           (`open = \"what is wrong\"`)";
            misplaced(OWNER, belongs);
            misplaced(EXPIRES, belongs);
        }
        if written == MITIGATED_BY {
            misplaced(TICKET, "an accepted, transferred or open threat");
        } else {
            misplaced(RESIDUAL, "a mitigated threat (`mitigated_by = ...`)");
        }
        if is_open
            && !args.has(TICKET)
            && let Some(key) = args.key(OPEN)
        {
            cx.syn_error(unknown_with_help(
                key.span(),
                "missing `ticket` for an open threat".to_owned(),
                "help: name the ticket that tracks the fix: `ticket = \"SEC-142\"`".to_owned(),
            ));
            ok = false;
        }
    }
    let expires = expires.and_then(|lit| {
        let text = lit.value();
        if threatmodel_core::date::is_iso_date(&text) {
            return Some(text);
        }
        let (message, help) = if has_date_shape(&text) {
            let meaning = if is_open {
                "`expires` is the day the fix is due"
            } else {
                "`expires` is the last day the acceptance holds"
            };
            (
                format!("`expires` date `{text}` is not a day of the calendar"),
                format!("help: check the month and the day; {meaning}"),
            )
        } else {
            (
                format!("malformed `expires` date `{text}`"),
                "help: write the date as `YYYY-MM-DD` (ISO 8601), e.g. `2027-06-30`".to_owned(),
            )
        };
        cx.syn_error(unknown_with_help(lit.span(), message, help));
        None
    });
    let value = |lit: Option<syn::LitStr>| lit.map(|lit| lit.value());
    if !ok {
        // A threat with no disposition is recorded as such in the export fragment, for the
        // partial model of the failed build (the caller tells whether it is the only error).
        return written.is_empty().then_some(Disposition::Undisposed);
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
    } else if let Some(weakness) = weakness {
        Some(Disposition::Open {
            reason: weakness.value(),
            ticket: value(ticket)?,
            owner: value(owner),
            expires,
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

/// Checks one `allow(RULE, ..., reason = "...")`: at least one rule, each a known rule's name
/// (not its id) written once, and one non-blank `reason` string. Every fault is reported on
/// `cx`; the suppression is returned only when there is none.
pub(crate) fn allow(cx: &Ctxt, call: &Call) -> Option<Allow> {
    let args = match call.allow_args() {
        Ok(args) => args,
        Err(err) => {
            cx.syn_error(err);
            return None;
        }
    };
    if args.is_empty() {
        cx.syn_error(error_with_help(
            call,
            "empty `allow`",
            "help: name the rule and say why it does not apply: `allow(rule_name, reason = \"...\")`",
        ));
        return None;
    }
    let mut ok = true;
    let mut written_rules: Vec<String> = Vec::new();
    let mut rules: Vec<String> = Vec::new();
    let mut reason: Option<syn::LitStr> = None;
    let mut wrote_reason = false;
    // A misspelled `reason` key is reported as unknown, not again as a missing reason.
    let mut wrote_unknown_key = false;
    for arg in args {
        let arg = match arg {
            AllowArg::Namespaced(path) => {
                let name = path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect::<Vec<_>>()
                    .join("::");
                written_rules.push(name.clone());
                match custom_rule(cx, &path, name) {
                    Some(name) if rules.contains(&name) => {
                        cx.error_spanned_by(
                            &path,
                            format_args!("duplicate rule `{name}` in `allow`"),
                        );
                        ok = false;
                    }
                    Some(name) => rules.push(name),
                    None => ok = false,
                }
                continue;
            }
            AllowArg::Arg(arg) => arg,
        };
        match arg {
            Arg::Flag(ident) => {
                written_rules.push(ident.to_string());
                match allowed_rule(cx, &ident) {
                    Some(name) if rules.iter().any(|r| r == name) => {
                        cx.error_spanned_by(
                            &ident,
                            format_args!("duplicate rule `{ident}` in `allow`"),
                        );
                        ok = false;
                    }
                    Some(name) => rules.push(name.to_owned()),
                    None => ok = false,
                }
            }
            Arg::Literal(lit) => {
                written_rules.push(lit.value());
                cx.syn_error(error_with_help(
                    &lit,
                    "expected a rule name, found a string literal",
                    format!(
                        "help: write the name without quotes: `allow({}, ...)`",
                        lit.value()
                    ),
                ));
                ok = false;
            }
            Arg::Pair(key, value) if key == REASON => {
                if wrote_reason {
                    cx.error_spanned_by(&key, format_args!("duplicate `{key}` argument"));
                    ok = false;
                    continue;
                }
                wrote_reason = true;
                match value {
                    Value::Str(lit) if lit.value().trim().is_empty() => {
                        cx.syn_error(error_with_help(
                            &lit,
                            "empty `reason` in `allow`",
                            "help: say why the finding does not apply here, or why it is accepted",
                        ));
                        ok = false;
                    }
                    Value::Str(lit) => reason = Some(lit),
                    other => {
                        cx.error_spanned_by(&other, "expected a string literal for `reason`");
                        ok = false;
                    }
                }
            }
            Arg::Pair(key, _) => {
                wrote_unknown_key = true;
                cx.syn_error(error_with_help(
                    &key,
                    format!("unknown argument `{key}` in `allow`"),
                    "help: `allow` takes rule names and `reason = \"...\"`",
                ));
                ok = false;
            }
            Arg::Call(inner) => {
                written_rules.push(inner.name.to_string());
                cx.syn_error(error_with_help(
                    &inner,
                    format!("expected a rule name, found `{}(...)`", inner.name),
                    "help: `allow` takes rule names and `reason = \"...\"`",
                ));
                ok = false;
            }
        }
    }
    if written_rules.is_empty() {
        cx.syn_error(error_with_help(
            call,
            "missing rule name in `allow`",
            "help: name the rule the reason is for: `allow(rule_name, reason = \"...\")`",
        ));
        ok = false;
    }
    if !wrote_reason && !wrote_unknown_key {
        let rules = if written_rules.is_empty() {
            "rule_name".to_owned()
        } else {
            written_rules.join(", ")
        };
        cx.syn_error(error_with_help(
            call,
            "missing `reason` in `allow`",
            format!(
                "help: say why the finding does not apply here: `allow({rules}, reason = \"...\")`"
            ),
        ));
        ok = false;
    }
    if !ok {
        return None;
    }
    Some(Allow {
        span: call.span(),
        annotation: Annotation::Allow {
            rules,
            reason: reason?.value(),
        },
    })
}

/// The rule `ident` names in an `allow(...)`; reports an id (`TM0007`) or an unknown name.
fn allowed_rule(cx: &Ctxt, ident: &syn::Ident) -> Option<&'static str> {
    let text = ident.to_string();
    match rule_name(&text) {
        Some(name) if name == text => Some(name),
        Some(name) => {
            cx.syn_error(error_with_help(
                ident,
                format!("expected a rule name, found the rule id `{text}`"),
                format!("help: `{text}` is `{name}`: write `allow({name}, ...)`"),
            ));
            None
        }
        None => {
            let help = match similar_rule(&text) {
                Some(name) => format!("help: a rule with a similar name exists: `{name}`"),
                None => format!(
                    "help: expected one of {}",
                    backticked(&RULE_NAMES.iter().map(|(_, name)| *name).collect::<Vec<_>>())
                ),
            };
            cx.syn_error(error_with_help(
                ident,
                format!("unknown rule `{text}`"),
                help,
            ));
            None
        }
    }
}

/// A custom rule's namespaced name (`team::no_public_admin`), `name` being `path` joined with
/// `::`: accepted unchecked, as rustc accepts `clippy::` lint names, when every segment is a
/// snake_case identifier without arguments; `cargo threatmodel` checks it against the custom
/// rules it loads.
fn custom_rule(cx: &Ctxt, path: &syn::Path, name: String) -> Option<String> {
    let snake_case = |segment: &syn::PathSegment| {
        let text = segment.ident.to_string();
        segment.arguments.is_none()
            && !text.starts_with("r#")
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if path.leading_colon.is_none() && path.segments.iter().all(snake_case) {
        return Some(name);
    }
    let message = if path.segments.iter().any(|s| !s.arguments.is_none()) {
        format!("unexpected generic arguments in the rule name `{name}`")
    } else {
        format!("expected a custom rule name, found `{name}`")
    };
    cx.syn_error(error_with_help(
        path,
        message,
        "help: a custom rule's name is snake_case segments joined by `::`, such as `team::no_public_admin`",
    ));
    None
}

/// The rule name closest to `text`: within a third of its length in edits, else the one rule
/// whose name contains it (`rate_limiting` for `missing_rate_limiting`).
fn similar_rule(text: &str) -> Option<&'static str> {
    let text = text.to_ascii_lowercase();
    let names = || RULE_NAMES.iter().map(|(_, name)| *name);
    let limit = text.chars().count().max(3) / 3;
    let closest = names()
        .map(|name| (edit_distance(&text, name), name))
        .filter(|(distance, _)| *distance <= limit)
        .min();
    if let Some((_, name)) = closest {
        return Some(name);
    }
    let containing: Vec<&str> = names()
        .filter(|name| text.len() >= 4 && name.contains(text.as_str()))
        .collect();
    match containing.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// Levenshtein distance between `a` and `b`, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// An error underlining `tokens`, with a `help:` line (which must start with `help: `).
fn error_with_help<T: ToTokens>(
    tokens: T,
    message: impl std::fmt::Display,
    help: impl std::fmt::Display,
) -> syn::Error {
    let tokens = tokens.into_token_stream();
    let mut err = syn::Error::new_spanned(&tokens, message);
    err.combine(syn::Error::new_spanned(&tokens, help));
    err
}

#[cfg(test)]
mod tests {
    use super::{edit_distance, similar_rule};

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn similar_rules_are_found_by_typo_or_by_part() {
        assert_eq!(
            similar_rule("missing_rate_limit"),
            Some("missing_rate_limiting")
        );
        assert_eq!(similar_rule("Unconsidered_SSRF"), Some("unconsidered_ssrf"));
        assert_eq!(similar_rule("rate_limiting"), Some("missing_rate_limiting"));
        assert_eq!(similar_rule("authorization"), None);
        assert_eq!(similar_rule("xyz"), None);
    }
}
