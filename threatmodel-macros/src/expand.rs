//! Code generation shared by every attribute: the registry entry, the reference checks rustc
//! resolves, and placing both beside (or inside) the user's item, which is otherwise unchanged.
//!
//! This module raises no user errors of its own; everything it is given has been checked.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use threatmodel_core::{
    Annotation, Disposition, ItemKind, RECORD_FORMAT_VERSION, Record, RecordItem, SourceSpan,
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
    let mut item: syn::Item = match parse_item(input.clone()) {
        Ok(item) => item,
        // Not an item rustc would accept either; give it back and let rustc report it.
        Err(err) => {
            let err = err.to_compile_error();
            return quote!(#input #err);
        }
    };
    let absorbed = take_threat_attributes(&mut item);
    let subject = Subject::new(&item);
    let call_site = proc_macro2::Span::call_site();
    // One error context per attribute, so that each attribute's errors are known apart: an
    // attribute with no error, or whose only error is a missing disposition, is still recorded
    // for the partial model of the failed build.
    let cx = Ctxt::new();
    let parsed = match subject.kind() {
        Some(kind) => ast::parse(&cx, attribute, args, &subject, kind),
        None => {
            ast::wrong_item(&cx, attribute, &subject);
            None
        }
    };
    let markers = marker::for_subject(&cx, attribute, &subject, parsed.as_ref());
    let mut units = vec![Unit {
        attribute,
        span: source_span(call_site, call_site),
        parsed,
        errors: cx.check().err(),
    }];
    let absorbed_paths: Vec<syn::Path> = absorbed
        .iter()
        .map(|attr| attr.path().clone())
        .filter(|path| path.segments.len() == 1)
        .take(1)
        .collect();
    for attr in absorbed {
        let tokens = match &attr.meta {
            syn::Meta::List(list) => list.tokens.clone(),
            _ => TokenStream::new(),
        };
        let (_, tokens) = take_owner(tokens);
        let cx = Ctxt::new();
        let parsed = subject
            .kind()
            .and_then(|kind| ast::parse(&cx, Attribute::Threat, tokens, &subject, kind));
        units.push(Unit {
            attribute: Attribute::Threat,
            span: source_span(attr.pound_token.span, attr.bracket_token.span.close()),
            parsed,
            errors: cx.check().err(),
        });
    }
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
    // Name each absorbed attribute's path once, so that a `use threatmodel::threat;` that only
    // served them still counts as used, whether or not they hold errors.
    let uses: TokenStream = absorbed_paths
        .iter()
        .map(|path| quote!(const _: () = { #[allow(unused_imports)] use #path as _; };))
        .collect();
    let mut errors = units.iter().filter_map(|unit| unit.errors.clone());
    if let Some(mut combined) = errors.next() {
        errors.for_each(|more| combined.combine(more));
        let parts = Parts {
            context: &context,
            module: &module,
            record_item: &record_item,
            uses,
            markers,
        };
        return failed(&parts, units, &combined, item, input);
    }
    let mut records = Vec::with_capacity(units.len());
    let mut refs = Vec::new();
    for unit in units {
        let Some(parsed) = unit.parsed else {
            continue;
        };
        records.push(record(
            &context,
            module.clone(),
            unit.span,
            record_item.clone(),
            parsed.annotation,
        ));
        records.extend(allow_records(
            &context,
            &module,
            &record_item,
            parsed.allows,
        ));
        refs.extend(parsed.refs);
    }
    let registration = registration(&records, &refs);
    let registration = quote!(#registration #uses);
    place(item, registration, markers)
}

/// Parses the annotated item. A function's body is kept as opaque tokens (one verbatim
/// statement) rather than parsed: nothing here looks inside it, and parsing and printing every
/// handler's body again is most of what an attribute macro costs (DESIGN §4).
pub(crate) fn parse_item(input: TokenStream) -> syn::Result<syn::Item> {
    let lazy_fn = |stream: syn::parse::ParseStream<'_>| -> syn::Result<syn::ItemFn> {
        let mut attrs = stream.call(syn::Attribute::parse_outer)?;
        let vis: syn::Visibility = stream.parse()?;
        let sig: syn::Signature = stream.parse()?;
        let body: proc_macro2::Group = stream.parse()?;
        if body.delimiter() != proc_macro2::Delimiter::Brace || !stream.is_empty() {
            return Err(stream.error("expected a function body"));
        }
        // Inner attributes (`#![allow(...)]`) must stay first in the body; syn prints them there.
        let (inner, rest) = syn::parse::Parser::parse2(
            |body: syn::parse::ParseStream<'_>| {
                let inner = body.call(syn::Attribute::parse_inner)?;
                Ok((inner, body.parse::<TokenStream>()?))
            },
            body.stream(),
        )?;
        attrs.extend(inner);
        let brace_token = syn::token::Brace {
            span: body.delim_span(),
        };
        let stmts = vec![syn::Stmt::Item(syn::Item::Verbatim(rest))];
        Ok(syn::ItemFn {
            attrs,
            vis,
            sig,
            block: Box::new(syn::Block { brace_token, stmts }),
        })
    };
    match syn::parse::Parser::parse2(lazy_fn, input.clone()) {
        Ok(item_fn) => Ok(syn::Item::Fn(item_fn)),
        Err(_) => syn::parse2(input),
    }
}

/// What every attribute of one item shares in its expansion.
struct Parts<'a> {
    context: &'a CrateContext,
    module: &'a [String],
    record_item: &'a RecordItem,
    /// Uses of the absorbed attributes' paths (see [`attribute`]).
    uses: TokenStream,
    /// The marker items of the item's own attribute.
    markers: TokenStream,
}

/// One attribute of an expansion: the macro's own, or a `#[threat]` it absorbed.
struct Unit {
    attribute: Attribute,
    span: SourceSpan,
    parsed: Option<Parsed>,
    /// Its errors, combined; `None` when it has none.
    errors: Option<syn::Error>,
}

impl Unit {
    /// Whether the attribute is still recorded although the expansion fails: it has no error,
    /// or its one error is a threat's missing disposition ([`Disposition::Undisposed`]).
    fn is_recorded(&self) -> bool {
        match (&self.parsed, &self.errors) {
            (Some(_), None) => true,
            (Some(parsed), Some(errors)) => {
                matches!(
                    parsed.annotation,
                    Annotation::Threat {
                        disposition: Disposition::Undisposed,
                        ..
                    }
                ) && errors.clone().into_iter().count() == 1
            }
            (None, _) => false,
        }
    }
}

/// The expansion of an item whose attributes hold errors: the item as written (its absorbed
/// `#[threat]`s removed), the errors, and the export fragment of the partial model. The
/// fragment records each attribute that [`Unit::is_recorded`] as usual and each other one as
/// [`Annotation::Invalid`], whose span tells `cargo threatmodel` which compile errors are the
/// threat model's own. Nothing is registered (the build fails), but the references of the
/// recorded attributes are still checked, so that an import they use is not reported unused.
fn failed(
    parts: &Parts<'_>,
    mut units: Vec<Unit>,
    combined: &syn::Error,
    item: syn::Item,
    input: TokenStream,
) -> TokenStream {
    let Parts {
        context,
        module,
        record_item,
        ..
    } = *parts;
    // A rejected attribute of the item's own claims the whole item, so that errors pointing
    // into the item (an attribute on the wrong kind of item is reported at the item's name)
    // count as the threat model's own in `cargo threatmodel check`.
    if !units[0].is_recorded()
        && let Some(last) = input.into_iter().last()
    {
        let call_site = proc_macro2::Span::call_site();
        units[0].span = source_span(call_site, last.span());
    }
    let mut records = Vec::new();
    let mut refs = Vec::new();
    for unit in units {
        let recorded = unit.is_recorded();
        match (unit.parsed, unit.errors) {
            (Some(parsed), _) if recorded => {
                records.push(record(
                    context,
                    module.to_vec(),
                    unit.span,
                    record_item.clone(),
                    parsed.annotation,
                ));
                records.extend(allow_records(context, module, record_item, parsed.allows));
                refs.extend(parsed.refs);
            }
            (_, errors) => {
                // An attribute with no error of its own is left out with the item's.
                let errors = errors.unwrap_or_else(|| combined.clone());
                records.push(invalid_record(
                    context,
                    module.to_vec(),
                    unit.span,
                    record_item.clone(),
                    unit.attribute,
                    &errors,
                ));
            }
        }
    }
    let write_err = write_fragment(&records);
    let err = combined.to_compile_error();
    let checks = refs.iter().map(reference_check);
    let (uses, markers) = (&parts.uses, parts.markers.clone());
    let checks = quote!(#uses const _: () = { #(#checks)* };);
    let placed = place(item, checks, markers);
    quote!(#placed #err #write_err)
}

/// Removes the `#[threat(...)]` attributes written below this one on the same item (path
/// `threat` or `threatmodel::threat`), so that one expansion registers them all: one registry
/// entry, one fragment and one parse of the item per annotated item instead of per attribute
/// (DESIGN §4 compile-time budget). Attributes under another name (a renamed import) are left
/// to expand on their own, which is equally correct, only slower.
fn take_threat_attributes(item: &mut syn::Item) -> Vec<syn::Attribute> {
    let attrs = match item {
        syn::Item::Fn(f) => &mut f.attrs,
        syn::Item::Struct(s) => &mut s.attrs,
        syn::Item::Enum(e) => &mut e.attrs,
        syn::Item::Union(u) => &mut u.attrs,
        syn::Item::Type(t) => &mut t.attrs,
        _ => return Vec::new(),
    };
    let is_threat = |attr: &syn::Attribute| {
        let segments: Vec<String> = attr
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        matches!(segments.as_slice(), [one] if one == "threat")
            || matches!(segments.as_slice(), [krate, one] if krate == "threatmodel" && one == "threat")
    };
    let (threats, others): (Vec<_>, Vec<_>) =
        std::mem::take(attrs).into_iter().partition(is_threat);
    *attrs = others;
    threats
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
    let annotation = Annotation::Invalid {
        name: attribute.name().to_owned(),
        errors: err.clone().into_iter().map(|e| e.to_string()).collect(),
    };
    record(context, module, span, item, annotation)
}

/// Writes the fragment of `records`; on failure returns a `compile_error!` saying why.
pub(crate) fn write_fragment(records: &[Record]) -> TokenStream {
    match to_json(records).and_then(|json| fragment::write(records, &json)) {
        Ok(()) => TokenStream::new(),
        Err(msg) => quote!(::core::compile_error!(#msg);),
    }
}

fn to_json(records: &[Record]) -> Result<String, String> {
    serde_json::to_string(records)
        .map_err(|err| format!("cannot serialize threat-model records: {err}"))
}

/// `const _: () = { register!(json); checks };`: one registry entry (and export fragment)
/// holding `records` as a JSON array, plus one line per reference for rustc to resolve.
pub(crate) fn registration(records: &[Record], refs: &[Reference]) -> TokenStream {
    let json =
        match to_json(records).and_then(|json| fragment::write(records, &json).map(|()| json)) {
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
pub(crate) fn reference_check(reference: &Reference) -> TokenStream {
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
        // Any item: a `use` resolves types, fns and modules alike (E0432 at a wrong path).
        RefKind::Item => quote_spanned!(span=> #[allow(unused_imports)] use #path as _;),
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
pub(crate) fn place(
    item: syn::Item,
    registration: TokenStream,
    markers: TokenStream,
) -> TokenStream {
    match item {
        syn::Item::Fn(mut f) => {
            let stmt = syn::Stmt::Item(syn::Item::Verbatim(registration));
            f.block.stmts.insert(0, stmt);
            quote!(#f #markers)
        }
        other => quote!(#other #registration #markers),
    }
}

/// The records of an annotation's `allow(...)` arguments: one each, at its own span, on the
/// annotation's item. They travel in the annotation's registry entry; nothing else is emitted.
pub(crate) fn allow_records<'a>(
    context: &'a CrateContext,
    module: &'a [String],
    item: &'a RecordItem,
    allows: Vec<ast::Allow>,
) -> impl Iterator<Item = Record> + 'a {
    allows.into_iter().map(move |allow| {
        let span = source_span(allow.span.0, allow.span.1);
        record(
            context,
            module.to_vec(),
            span,
            item.clone(),
            allow.annotation,
        )
    })
}

/// The record of a method or declared element that is not an attribute's own item; used by
/// `#[mitigations]` and `declare!`.
pub(crate) fn record(
    context: &CrateContext,
    module: Vec<String>,
    span: SourceSpan,
    item: RecordItem,
    annotation: Annotation,
) -> Record {
    Record {
        format: RECORD_FORMAT_VERSION,
        package: context.package.clone(),
        krate: context.krate.clone(),
        module,
        span,
        item,
        annotation,
        test_only: false,
    }
}
