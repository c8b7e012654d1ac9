//! Marker items that let rustc resolve references: `impl Mitigation`, `impl Asset`, ... on the
//! annotated type, or a hidden same-name struct for a `#[mitigation] fn`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::Visibility;
use threatmodel_core::Annotation;

use crate::internals::ast::{Attribute, Parsed, unknown_with_help};
use crate::internals::ctxt::Ctxt;
use crate::internals::item::Subject;

/// The marker items for `attribute` on `subject`. Emitted even when the annotation has errors,
/// so that a typo in one argument does not cascade into "not a mitigation" errors elsewhere.
pub(crate) fn for_subject(
    cx: &Ctxt,
    attribute: Attribute,
    subject: &Subject,
    parsed: Option<&Parsed>,
) -> TokenStream {
    let marker_name = parsed.and_then(|p| match &p.annotation {
        Annotation::Mitigation { marker, .. } => marker.clone(),
        _ => None,
    });
    match (attribute, subject) {
        (Attribute::Mitigation, Subject::Fn(f))
            if !crate::internals::item::has_receiver(f)
                && !crate::internals::item::mentions_self(f) =>
        {
            // Spanned at the attribute, so that a clash with a same-name type or module (E0428)
            // points at `#[mitigation]`, which declares the second `name`.
            let name = marker_name
                .map(|m| format_ident!("{}", m, span = f.sig.ident.span()))
                .unwrap_or_else(|| format_ident!("{}", f.sig.ident, span = Span::call_site()));
            marker_struct(&f.vis, &name)
        }
        (
            Attribute::Mitigation,
            Subject::Type {
                ident,
                generics,
                vis,
                ..
            },
        ) => match marker_name {
            Some(m) => marker_struct(vis, &format_ident!("{}", m, span = ident.span())),
            None if !generics.params.is_empty() => {
                cx.syn_error(unknown_with_help(
                    ident.span(),
                    "a generic type cannot be referenced as a mitigation by its name alone".to_owned(),
                    format!("help: give the control a marker name: `#[mitigation(..., marker = {ident}Control)]`"),
                ));
                TokenStream::new()
            }
            None => trait_impl(subject, quote!(::threatmodel::Mitigation)),
        },
        (Attribute::Asset, Subject::Type { .. }) => {
            trait_impl(subject, quote!(::threatmodel::Asset))
        }
        (Attribute::TrustBoundary, Subject::Type { .. }) => {
            trait_impl(subject, quote!(::threatmodel::TrustBoundary))
        }
        (Attribute::Component, Subject::Type { .. }) => {
            trait_impl(subject, quote!(::threatmodel::Component))
        }
        _ => TokenStream::new(),
    }
}

/// A hidden braced struct (type namespace only, so it never clashes with the same-name fn)
/// implementing `Mitigation`.
pub(crate) fn marker_struct(vis: &Visibility, name: &Ident) -> TokenStream {
    let span = name.span();
    quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #name {}
        #[diagnostic::do_not_recommend]
        impl ::threatmodel::Mitigation for #name {}
    }
}

/// `impl<generics> Trait for Type<generics> {}`.
fn trait_impl(subject: &Subject, trait_path: TokenStream) -> TokenStream {
    let Subject::Type {
        ident, generics, ..
    } = subject
    else {
        return TokenStream::new();
    };
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    // `do_not_recommend`: rustc would otherwise list the crate's elements of that kind (or the
    // one annotated item) under every "is not an `#[asset]`" error.
    quote! {
        #[doc(hidden)]
        #[diagnostic::do_not_recommend]
        impl #impl_generics #trait_path for #ident #ty_generics #where_clause {}
    }
}
