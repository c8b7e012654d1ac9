//! The arguments of `declare! { assumption Name("text", owner = "..."); }`.

use proc_macro2::TokenStream;
use threatmodel_core::Annotation;

use super::ast::unknown_with_help;
use super::attr::{Arg, Args};
use super::ctxt::Ctxt;
use super::symbol::OWNER;

/// How an assumption is written, for `help:` lines.
const EXAMPLE: &str = "assumption TlsAtIngress(\"TLS terminates at the load balancer\");";

/// Parses and checks the arguments of the assumption `name`: exactly one string literal, the
/// text (not blank), and an optional `owner = "..."`. Errors go to `cx`; `None` when there is no
/// text to record.
pub(crate) fn parse(cx: &Ctxt, name: &syn::Ident, args: TokenStream) -> Option<Annotation> {
    let mut args = Args::parse(cx, "assumption", args, &[]);
    if args.malformed {
        return None;
    }
    for call in std::mem::take(&mut args.allows) {
        cx.syn_error(unknown_with_help(
            call.name.span(),
            "an assumption has no findings to allow".to_owned(),
            "help: write `allow(...)` on the element the finding is about".to_owned(),
        ));
    }
    let mut text = None;
    // A bare word is reported as a text not in quotes, not also as a missing text.
    let mut misquoted = false;
    for arg in std::mem::take(&mut args.positional) {
        match arg {
            Arg::Literal(lit) if text.is_none() => text = Some(lit),
            Arg::Literal(lit) => cx.syn_error(unknown_with_help(
                lit.span(),
                "an assumption has one text".to_owned(),
                "help: join the sentences into one string, or declare a second assumption"
                    .to_owned(),
            )),
            Arg::Flag(ident) => {
                misquoted = true;
                cx.syn_error(unknown_with_help(
                    ident.span(),
                    format!("expected the assumption's text as a string literal, found `{ident}`"),
                    format!("help: write the text in quotes: `{EXAMPLE}`"),
                ));
            }
            Arg::Pair(..) | Arg::Call(..) => {}
        }
    }
    let owner = args.take_str(OWNER).map(|lit| lit.value());
    args.finish(&[OWNER]);
    let Some(text) = text else {
        if misquoted {
            return None;
        }
        cx.syn_error(unknown_with_help(
            name.span(),
            format!("missing the text of assumption `{name}`"),
            format!("help: say what is assumed to hold: `{EXAMPLE}`"),
        ));
        return None;
    };
    if text.value().trim().is_empty() {
        cx.syn_error(unknown_with_help(
            text.span(),
            "the text of an assumption cannot be blank".to_owned(),
            "help: say what is assumed to hold, e.g. \"TLS terminates at the load balancer\""
                .to_owned(),
        ));
        return None;
    }
    Some(Annotation::Assumption {
        text: text.value(),
        owner,
    })
}
