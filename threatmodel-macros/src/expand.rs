//! Code generation shared by every attribute: the registry entry, the reference checks rustc
//! resolves, and placing both beside (or inside) the user's item, which is otherwise unchanged.
//!
//! This module raises no user errors of its own; everything it is given has been checked.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use threatmodel_core::{
    Annotation, ItemKind, RECORD_FORMAT_VERSION, Record, RecordItem, SourceSpan,
};

use crate::internals::ast::{self, Attribute, Parsed, RefKind, Reference};
use crate::internals::ctxt::Ctxt;
use crate::internals::fragment::{self, fnv1a64};
use crate::internals::item::{Subject, doc_comment};
use crate::internals::location::{CrateContext, source_span};
use crate::marker;

/// Attributes `#[mitigations]` passes the impl block's type to, through [`OWNER_ARGUMENT`].
pub(crate) const OWNED_ATTRIBUTES: &[&str] = &["threat", "data_flow", "endpoint"];

/// Hidden first argument `__tm_owner = "Type"`, written by `#[mitigations]` (never by users).
pub(crate) const OWNER_ARGUMENT: &str = "__tm_owner";

/// Splits a leading `__tm_owner = "Type",` off `args`.
fn take_owner(args: TokenStream) -> (Option<String>, TokenStream) {
    let tokens: Vec<proc_macro2::TokenTree> = args.clone().into_iter().collect();
    match tokens.as_slice() {
        [
            proc_macro2::TokenTree::Ident(key),
            proc_macro2::TokenTree::Punct(eq),
            proc_macro2::TokenTree::Literal(lit),
            rest @ ..,
        ] if key == OWNER_ARGUMENT && eq.as_char() == '=' => {
            let owner = syn::parse2::<syn::LitStr>(quote::ToTokens::to_token_stream(lit))
                .ok()
                .map(|l| l.value());
            let rest = match rest {
                [proc_macro2::TokenTree::Punct(comma), rest @ ..] if comma.as_char() == ',' => rest,
                rest => rest,
            };
            (owner, rest.iter().cloned().collect())
        }
        _ => (None, args),
    }
}

/// Expands `#[attribute(args)] input`.
pub(crate) fn attribute(
    attribute: Attribute,
    args: TokenStream,
    input: TokenStream,
) -> TokenStream {
    if attribute == Attribute::Mitigation && crate::mitigations::is_registered(&args) {
        // A method `#[mitigations]` has already registered; the attribute stays only so that
        // the user's `use threatmodel::mitigation` counts as used.
        return input;
    }
    let (owner, args) = take_owner(args);
    let item: syn::Item = match syn::parse2(input.clone()) {
        Ok(item) => item,
        // Not an item rustc would accept either; give it back and let rustc report it.
        Err(err) => {
            let err = err.to_compile_error();
            return quote!(#input #err);
        }
    };
    let subject = Subject::new(&item);
    let cx = Ctxt::new();
    let parsed = match subject.kind() {
        Some(kind) => ast::parse(&cx, attribute, args, &subject, kind),
        None => {
            ast::wrong_item(&cx, attribute, &subject);
            None
        }
    };
    let call_site = proc_macro2::Span::call_site();
    let span = source_span(call_site, call_site);
    let markers = marker::for_subject(&cx, attribute, &subject, parsed.as_ref());
    let context = CrateContext::from_env();
    let item_kind = match subject.kind() {
        Some(ItemKind::Fn) if owner.is_some() => ItemKind::Method,
        kind => kind.unwrap_or(ItemKind::Fn),
    };
    let record_item = RecordItem {
        name: subject.ident().map(ToString::to_string).unwrap_or_default(),
        kind: item_kind,
        owner,
        doc: doc_comment(subject.attrs()),
    };
    let module = context.module_of(call_site);
    let outcome = cx.check();
    let parsed = match (parsed, outcome) {
        (Some(parsed), Ok(())) => parsed,
        (_, outcome) => {
            let err = outcome
                .err()
                .unwrap_or_else(|| syn::Error::new(call_site, "invalid annotation"));
            let invalid = invalid_record(&context, module, span, record_item, attribute, &err);
            let write_err = write_fragment(&invalid, attribute);
            let err = err.to_compile_error();
            return quote!(#item #markers #err #write_err);
        }
    };
    let record = Record {
        format: RECORD_FORMAT_VERSION,
        package: context.package.clone(),
        krate: context.krate.clone(),
        module,
        span,
        item: record_item,
        annotation: parsed.annotation.clone(),
    };
    let registration = registration(&record, attribute, &parsed.refs);
    place(item, registration, markers)
}

/// The record of an annotation the macro rejected, so the CLI can tell its errors apart.
pub(crate) fn invalid_record(
    context: &CrateContext,
    module: Vec<String>,
    span: SourceSpan,
    item: RecordItem,
    attribute: Attribute,
    err: &syn::Error,
) -> Record {
    Record {
        format: RECORD_FORMAT_VERSION,
        package: context.package.clone(),
        krate: context.krate.clone(),
        module,
        span,
        item,
        annotation: Annotation::Invalid {
            name: attribute.name().to_owned(),
            errors: err.clone().into_iter().map(|e| e.to_string()).collect(),
        },
    }
}

/// Writes the fragment of `record`; on failure returns a `compile_error!` saying why.
pub(crate) fn write_fragment(record: &Record, attribute: Attribute) -> TokenStream {
    match to_json(record)
        .and_then(|json| fragment::write(record, attribute.name(), &json).map(|()| json))
    {
        Ok(_) => TokenStream::new(),
        Err(msg) => quote!(::core::compile_error!(#msg);),
    }
}

fn to_json(record: &Record) -> Result<String, String> {
    serde_json::to_string(record)
        .map_err(|err| format!("cannot serialize threat-model record: {err}"))
}

/// `const _: () = { register!(json); checks };`: the registry entry (and export fragment) of
/// `record` plus one line per reference for rustc to resolve.
pub(crate) fn registration(
    record: &Record,
    attribute: Attribute,
    refs: &[Reference],
) -> TokenStream {
    let json = match to_json(record)
        .and_then(|json| fragment::write(record, attribute.name(), &json).map(|()| json))
    {
        Ok(json) => json,
        Err(msg) => return quote!(::core::compile_error!(#msg);),
    };
    let checks = refs.iter().map(reference_check);
    quote! {
        const _: () = {
            ::threatmodel::__private::register!(#json);
            #(#checks)*
        };
    }
}

/// One line rustc must resolve: the path names an element of the right kind, or the marker
/// trait's `#[diagnostic::on_unimplemented]` message says what it is not.
fn reference_check(reference: &Reference) -> TokenStream {
    let path = &reference.path;
    let span = path.span();
    match reference.kind {
        RefKind::Mitigation => match method_path(path) {
            Some((ty, method)) => {
                // The hash stands for the method name and carries its span: an unregistered
                // method is reported at the name, not at the type.
                let mut hash = proc_macro2::Literal::u64_suffixed(fnv1a64(method.as_bytes()));
                if let Some(last) = path.segments.last() {
                    hash.set_span(last.ident.span());
                }
                quote_spanned!(span=> ::threatmodel::__private::is_mitigation_method::<#ty, #hash>();)
            }
            None => {
                let path = as_type(path);
                quote_spanned!(span=> ::threatmodel::__private::is_mitigation::<#path>();)
            }
        },
        RefKind::Asset => {
            let path = as_type(path);
            quote_spanned!(span=> ::threatmodel::__private::is_asset::<#path>();)
        }
        RefKind::TrustBoundary => {
            let path = as_type(path);
            quote_spanned!(span=> ::threatmodel::__private::is_trust_boundary::<#path>();)
        }
        RefKind::Component => {
            let path = as_type(path);
            quote_spanned!(span=> ::threatmodel::__private::is_component::<#path>();)
        }
    }
}

/// `name` as `name<>`, so rustc reads a one-segment path as a type: a plain fn named there is
/// then "expected type, found function `name`" rather than "constant provided when a type was
/// expected". Paths that already carry generic arguments are left alone.
fn as_type(path: &syn::Path) -> syn::Path {
    let mut path = path.clone();
    if let Some(last) = path.segments.last_mut()
        && last.arguments.is_none()
    {
        let span = last.ident.span();
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: syn::Token![<](span),
            args: syn::punctuated::Punctuated::new(),
            gt_token: syn::Token![>](span),
        });
    }
    path
}

/// `Type::method` (next-to-last segment starts with an upper-case letter, by Rust's naming
/// convention) splits into the type path and the method name.
pub(crate) fn method_path(path: &syn::Path) -> Option<(syn::Path, String)> {
    let n = path.segments.len();
    if n < 2 {
        return None;
    }
    let owner = &path.segments[n - 2];
    if !owner
        .ident
        .to_string()
        .starts_with(|c: char| c.is_ascii_uppercase())
    {
        return None;
    }
    let mut ty = path.clone();
    let method = ty.segments.pop()?.into_value().ident.to_string();
    // Drop the trailing `::` left by `pop`.
    let last = ty.segments.pop()?.into_value();
    ty.segments.push(last);
    Some((ty, method))
}

/// Puts the registration inside a function's body (methods cannot have items beside them) or
/// after any other item, followed by the marker items.
fn place(item: syn::Item, registration: TokenStream, markers: TokenStream) -> TokenStream {
    match item {
        syn::Item::Fn(mut f) => {
            let stmt = syn::Stmt::Item(syn::Item::Verbatim(registration));
            f.block.stmts.insert(0, stmt);
            quote!(#f #markers)
        }
        other => quote!(#other #registration #markers),
    }
}

/// The record of a method or declared element that is not an attribute's own item; used by
/// `#[mitigations]` and `declare!`.
pub(crate) fn record(
    context: &CrateContext,
    module: Vec<String>,
    span: SourceSpan,
    item: RecordItem,
    parsed: &Parsed,
) -> Record {
    Record {
        format: RECORD_FORMAT_VERSION,
        package: context.package.clone(),
        krate: context.krate.clone(),
        module,
        span,
        item,
        annotation: parsed.annotation.clone(),
    }
}
