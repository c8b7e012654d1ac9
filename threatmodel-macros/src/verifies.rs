//! `#[verifies(...)]`: a test fn that exercises a control, so that its outcome counts as evidence.
//!
//! Parses and checks the arguments, then gives the fn back with the reference checks rustc
//! resolves at the start of its body (the mitigation path through the `Mitigation` marker trait,
//! as `mitigated_by`; the handler in the value namespace) and writes the record's export
//! fragment. Nothing is registered for `Model::collect()`: a test's outcome is known only to
//! whoever runs it, `cargo threatmodel --run-tests` or a JUnit report.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use threatmodel_core::catalogue::{self, threat_kind_names};
use threatmodel_core::vocabulary::backticked;
use threatmodel_core::{Annotation, ItemKind, RecordItem};

use crate::expand;
use crate::internals::ast::{RefKind, Reference, unknown_with_help};
use crate::internals::attr::Args;
use crate::internals::ctxt::Ctxt;
use crate::internals::item::{Subject, doc_comment, path_text};
use crate::internals::location::{CrateContext, source_span};
use crate::internals::symbol::{ENDPOINT, THREAT};

/// The attribute's name in messages.
const NAME: &str = "verifies";

/// A checked `#[verifies(...)]`.
struct Verifies {
    mitigation: Option<syn::Path>,
    threat: Option<String>,
    endpoint: Option<syn::Path>,
}

/// Expands `#[verifies(args)] input`.
pub(crate) fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: syn::Item = match expand::parse_item(input.clone()) {
        Ok(item) => item,
        Err(err) => {
            let err = err.to_compile_error();
            return quote!(#input #err);
        }
    };
    let subject = Subject::new(&item);
    let cx = Ctxt::new();
    if subject.kind() != Some(ItemKind::Fn) {
        cx.error_at(
            subject.span(),
            format_args!(
                "the `{NAME}` attribute applies only to test functions, not to {}",
                subject.describe_with_article()
            ),
        );
    }
    let verifies = parse(&cx, args);
    let call_site = Span::call_site();
    let context = CrateContext::from_env();
    let record_item = RecordItem {
        name: subject.ident().map(ToString::to_string).unwrap_or_default(),
        kind: ItemKind::Fn,
        owner: None,
        doc: doc_comment(subject.attrs()),
    };
    let module = context.module_of(call_site);
    let span = source_span(call_site, call_site);
    if let Err(err) = cx.check() {
        let annotation = Annotation::Invalid {
            name: NAME.to_owned(),
            errors: err.clone().into_iter().map(|e| e.to_string()).collect(),
        };
        let invalid = expand::record(&context, module, span, record_item, annotation);
        let write_err = expand::write_fragment(&[invalid]);
        let err = err.to_compile_error();
        return quote!(#item #err #write_err);
    }
    let Some(verifies) = verifies else {
        return quote!(#item);
    };
    let annotation = Annotation::Verifies {
        mitigation: verifies.mitigation.as_ref().map(path_text),
        threat: verifies.threat.clone(),
        endpoint: verifies.endpoint.as_ref().map(path_text),
    };
    let record = expand::record(&context, module, span, record_item, annotation);
    let write_err = expand::write_fragment(&[record]);
    let mitigation_check = verifies.mitigation.map(|path| {
        expand::reference_check(&Reference {
            path,
            kind: RefKind::Mitigation,
        })
    });
    // The handler is checked in the value namespace: a fn, or the unit struct actix-web's route
    // macros put in its place.
    let endpoint_check = verifies
        .endpoint
        .map(|path| quote_spanned!(path.span()=> let _ = #path;));
    let checks = quote! {
        const _: () = {
            const _: ::core::option::Option<&str> =
                ::core::option_env!("THREATMODEL_EXPORT_NONCE");
            #mitigation_check
            #endpoint_check
        };
        #write_err
    };
    expand::place(item, checks, TokenStream::new())
}

/// Parses `PATH`, `PATH, threat = KIND` or `threat = KIND, endpoint = HANDLER`, reporting every
/// fault on `cx`.
fn parse(cx: &Ctxt, args: TokenStream) -> Option<Verifies> {
    let (mitigation, rest) = split_positional(cx, args);
    let mut args = Args::parse(cx, NAME, rest, &[]);
    if args.malformed {
        return None;
    }
    for extra in std::mem::take(&mut args.positional) {
        let span = match &extra {
            crate::internals::attr::Arg::Flag(ident) => ident.span(),
            crate::internals::attr::Arg::Literal(lit) => lit.span(),
            _ => continue,
        };
        cx.syn_error(unknown_with_help(
            span,
            "a `verifies` attribute names one mitigation".to_owned(),
            "help: write one `#[verifies(...)]` per control the test exercises".to_owned(),
        ));
    }
    for call in std::mem::take(&mut args.allows) {
        cx.syn_error(unknown_with_help(
            call.name.span(),
            "the `verifies` attribute takes no `allow(...)`".to_owned(),
            "help: suppress findings on the control or the threat, where they are reported"
                .to_owned(),
        ));
    }
    let threat_key = args.key(THREAT);
    let threat = args
        .take_word(THREAT)
        .and_then(|(name, span)| threat_kind(cx, &name, span));
    let endpoint_key = args.key(ENDPOINT);
    let endpoint = args.take_path(ENDPOINT);
    args.finish(&[THREAT, ENDPOINT]);
    match (&mitigation, &endpoint_key, &threat_key) {
        (None, None, None) => cx.syn_error(unknown_with_help(
            Span::call_site(),
            "missing control for the `verifies` attribute".to_owned(),
            "help: name the `#[mitigation]` the test exercises, `#[verifies(ensure_owner)]`, or a \
             threat on a handler, `#[verifies(threat = bola, endpoint = get_account)]`"
                .to_owned(),
        )),
        (Some(path), Some(key), _) => {
            let mut err = syn::Error::new(
                key.span(),
                "`endpoint` cannot be combined with a mitigation path",
            );
            err.combine(syn::Error::new(
                key.span(),
                format!(
                    "help: verify the control, `#[verifies({}, threat = KIND)]`, or every control \
                     a threat on the handler cites, `#[verifies(threat = KIND, endpoint = ...)]`",
                    path_text(path)
                ),
            ));
            cx.syn_error(err);
        }
        (None, Some(key), None) => cx.syn_error(unknown_with_help(
            key.span(),
            "missing `threat` for `endpoint`".to_owned(),
            "help: name the threat on the handler whose controls the test verifies: \
             `#[verifies(threat = bola, endpoint = get_account)]`"
                .to_owned(),
        )),
        (None, None, Some(key)) => cx.syn_error(unknown_with_help(
            key.span(),
            "missing `endpoint` for `threat`".to_owned(),
            "help: name the handler too, `#[verifies(threat = bola, endpoint = get_account)]`, or \
             the control, `#[verifies(ensure_owner, threat = bola)]`"
                .to_owned(),
        )),
        _ => {}
    }
    if let Some(path) = mitigation.as_ref().or(endpoint.as_ref()) {
        crate::internals::check::reference(
            cx,
            &Reference {
                path: path.clone(),
                kind: RefKind::Mitigation,
            },
        );
    }
    Some(Verifies {
        mitigation,
        threat,
        endpoint,
    })
}

/// Splits a leading positional path (`ensure_owner`, `db::Db::insert`, `"db::insert"`) off
/// `args`: the tokens before the first top-level comma, unless they are a `key = value` or a
/// `name(...)` argument.
fn split_positional(cx: &Ctxt, args: TokenStream) -> (Option<syn::Path>, TokenStream) {
    let tokens: Vec<TokenTree> = args.clone().into_iter().collect();
    let end = tokens
        .iter()
        .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
        .unwrap_or(tokens.len());
    let first = &tokens[..end];
    let keyed = first.iter().any(|t| {
        matches!(t, TokenTree::Punct(p) if p.as_char() == '=')
            || matches!(t, TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Parenthesis)
    });
    if first.is_empty() || keyed {
        return (None, args);
    }
    let rest: TokenStream = tokens
        .get(end + 1..)
        .unwrap_or_default()
        .iter()
        .cloned()
        .collect();
    let first: TokenStream = first.iter().cloned().collect();
    let path = match syn::parse2::<syn::LitStr>(first.clone()) {
        Ok(lit) => lit.parse::<syn::Path>().map_err(|_| {
            syn::Error::new(
                lit.span(),
                format!(
                    "expected a Rust path to a `#[mitigation]`, found `{}`",
                    lit.value()
                ),
            )
        }),
        Err(_) => syn::parse2::<syn::Path>(first.clone()).map_err(|_| {
            syn::Error::new_spanned(&first, "expected a Rust path to a `#[mitigation]`")
        }),
    };
    match path {
        Ok(path) => (Some(path), rest),
        Err(err) => {
            cx.syn_error(err);
            (None, rest)
        }
    }
}

/// The canonical id of threat kind `name`, or an error listing the known kinds.
fn threat_kind(cx: &Ctxt, name: &str, span: Span) -> Option<String> {
    match catalogue::threat_kind(name) {
        Some(kind) => Some(kind.id.to_owned()),
        None => {
            cx.syn_error(unknown_with_help(
                span,
                format!("unknown threat kind `{name}`"),
                format!("help: expected one of {}", backticked(&threat_kind_names())),
            ));
            None
        }
    }
}
