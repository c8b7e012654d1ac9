//! `#[mitigations]` on an impl block: registers each `#[mitigation]` method as `Type::method`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use threatmodel_core::{ItemKind, RecordItem};

use crate::expand::{self, registration};
use crate::internals::ast::{self, Attribute};
use crate::internals::attr::Args;
use crate::internals::ctxt::Ctxt;
use crate::internals::fragment::fnv1a64;
use crate::internals::item::{Subject, doc_comment};
use crate::internals::location::{CrateContext, source_span};

/// What `#[mitigations]` leaves as the argument of each `#[mitigation]` it registered: the
/// attribute stays (so a `use threatmodel::mitigation` counts as used) and expands to nothing.
const REGISTERED: &str = "__tm_registered";

/// Whether `args` is the argument `#[mitigations]` leaves on a method it registered.
pub(crate) fn is_registered(args: &TokenStream) -> bool {
    let mut tokens = args.clone().into_iter();
    matches!((tokens.next(), tokens.next()), (Some(proc_macro2::TokenTree::Ident(ident)), None) if ident == REGISTERED)
}

/// Expands `#[mitigations] impl Type { #[mitigation(...)] fn method(..) }`.
pub(crate) fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut item: syn::ItemImpl = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(_) => {
            let span = match syn::parse2::<syn::Item>(input.clone()) {
                Ok(other) => {
                    let subject = Subject::new(&other);
                    let what = subject.describe_with_article();
                    (subject.span(), format!(", not to {what}"))
                }
                Err(_) => (proc_macro2::Span::call_site(), String::new()),
            };
            let err = syn::Error::new(
                span.0,
                format!(
                    "the `mitigations` attribute applies only to impl blocks{}",
                    span.1
                ),
            )
            .to_compile_error();
            return quote!(#input #err);
        }
    };
    let cx = Ctxt::new();
    if !args.is_empty() {
        let mut err =
            syn::Error::new_spanned(&args, "the `mitigations` attribute takes no arguments");
        err.combine(syn::Error::new_spanned(
            &args,
            "help: write the control kinds on each method: `#[mitigation(KIND)]`",
        ));
        cx.syn_error(err);
    }
    let owner = match &*item.self_ty {
        syn::Type::Path(ty) if ty.qself.is_none() => {
            ty.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
    };
    if owner.is_none() {
        cx.syn_error(ast::unknown_with_help(
            item.self_ty.span(),
            "`#[mitigations]` needs an impl block of a named type".to_owned(),
            "help: `mitigated_by` names a method as `Type::method`; put the methods in an impl block of a struct or enum of this crate".to_owned(),
        ));
    }
    let context = CrateContext::from_env();
    let mut generated = TokenStream::new();
    let mut found = false;
    for impl_item in &mut item.items {
        let syn::ImplItem::Fn(method) = impl_item else {
            continue;
        };
        if let Some(owner) = &owner {
            pass_owner(method, owner);
        }
        let Some(index) = method.attrs.iter().position(is_mitigation_attr) else {
            continue;
        };
        found = true;
        let attr = method.attrs[index].clone();
        let args = match &attr.meta {
            syn::Meta::List(list) => list.tokens.clone(),
            _ => TokenStream::new(),
        };
        let path = attr.path();
        let registered = syn::Ident::new(REGISTERED, attr.pound_token.span);
        method.attrs[index] = syn::parse_quote!(#[#path(#registered)]);
        let method_cx = Ctxt::new();
        let mut parsed_args = Args::parse(&method_cx, "mitigation", args, &[]);
        let annotation = ast::mitigation(&mut parsed_args, None);
        let allows = ast::finish(
            parsed_args,
            &["custom", "description", "marker", "applies_to", "addresses"],
        );
        let span = source_span(attr.pound_token.span, attr.bracket_token.span.close());
        let module = context.module_of(attr.pound_token.span);
        let record_item = RecordItem {
            name: method.sig.ident.to_string(),
            kind: ItemKind::Method,
            owner: owner.clone(),
            doc: doc_comment(&method.attrs),
        };
        match (annotation, method_cx.check()) {
            (Some(annotation), Ok(())) => {
                let mut records = vec![expand::record(
                    &context,
                    module.clone(),
                    span,
                    record_item.clone(),
                    annotation,
                )];
                records.extend(expand::allow_records(
                    &context,
                    &module,
                    &record_item,
                    allows,
                ));
                generated.extend(registration(&records, &[]));
            }
            (_, outcome) => {
                let err = outcome
                    .err()
                    .unwrap_or_else(|| syn::Error::new(attr.span(), "invalid annotation"));
                let record = expand::invalid_record(
                    &context,
                    module,
                    span,
                    record_item,
                    Attribute::Mitigation,
                    &err,
                );
                generated.extend(expand::write_fragment(std::slice::from_ref(&record)));
                cx.syn_error(err);
            }
        }
        if owner.is_none() {
            // Nothing can name the method; an impl of the marker trait would only add errors.
            continue;
        }
        let hash = fnv1a64(method.sig.ident.to_string().as_bytes());
        let (impl_generics, _, where_clause) = item.generics.split_for_impl();
        let self_ty = &item.self_ty;
        generated.extend(quote! {
            #[doc(hidden)]
            #[diagnostic::do_not_recommend]
            impl #impl_generics ::threatmodel::__private::MitigationMethodOf<#self_ty>
                for ::threatmodel::__private::Method<#hash> #where_clause {}
        });
    }
    if !found {
        cx.syn_error(ast::unknown_with_help(
            proc_macro2::Span::call_site(),
            "no `#[mitigation]` method in this `#[mitigations]` impl block".to_owned(),
            "help: mark each method that implements a control with `#[mitigation(KIND)]`, or remove `#[mitigations]`".to_owned(),
        ));
    }
    let errors = cx.check().err().map(|e| e.to_compile_error());
    let mut out = item.into_token_stream();
    out.extend(generated);
    out.extend(errors);
    out
}

fn is_mitigation_attr(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "mitigation")
}

/// Prepends `__tm_owner = "Type"` to the `#[threat]`, `#[data_flow]` and `#[endpoint]`
/// attributes of `method`, so that their records name the method `Type::method`, as its
/// `#[mitigation]` does: an attribute on a method cannot see its impl block.
fn pass_owner(method: &mut syn::ImplItemFn, owner: &str) {
    for attr in &mut method.attrs {
        let is_ours = attr
            .path()
            .segments
            .last()
            .is_some_and(|s| expand::OWNED_ATTRIBUTES.iter().any(|name| s.ident == name));
        if let syn::Meta::List(list) = &mut attr.meta
            && is_ours
        {
            let tokens = std::mem::take(&mut list.tokens);
            let key = syn::Ident::new(expand::OWNER_ARGUMENT, list.delimiter.span().open());
            list.tokens = quote!(#key = #owner, #tokens);
        }
    }
}
