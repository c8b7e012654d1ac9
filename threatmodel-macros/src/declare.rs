//! `threatmodel::declare! { ... }`: elements with no local item to carry an attribute (a control
//! configured in a third-party crate, a component behind a foreign type).
//!
//! Grammar, one or more of: `[doc comments] [vis] KIND Name(args);` where KIND is `asset`,
//! `mitigation`, `trust_boundary` or `component` and `args` are that attribute's arguments, or
//! `assumption` and `args` are the text and an optional `owner = "..."`. Each becomes a hidden
//! braced struct `Name` that other annotations' paths resolve to.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, Token, Visibility};
use threatmodel_core::{Annotation, ItemKind, RecordItem};

use crate::expand::{self, registration};
use crate::internals::assumption;
use crate::internals::ast::{self, Attribute};
use crate::internals::ctxt::Ctxt;
use crate::internals::item::{Subject, doc_comment};
use crate::internals::location::{CrateContext, source_span};
use crate::marker;

struct Declaration {
    attrs: Vec<syn::Attribute>,
    vis: Visibility,
    kind: Ident,
    name: Ident,
    args: TokenStream,
    semi: Token![;],
}

struct Declarations(Vec<Declaration>);

impl Parse for Declarations {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut out = Vec::new();
        while !input.is_empty() {
            let attrs = input.call(syn::Attribute::parse_outer)?;
            let vis = input.parse()?;
            let kind: Ident = input.parse()?;
            let name: Ident = input.parse()?;
            let args = if input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in input);
                content.parse()?
            } else {
                TokenStream::new()
            };
            let semi = input.parse()?;
            out.push(Declaration {
                attrs,
                vis,
                kind,
                name,
                args,
                semi,
            });
        }
        Ok(Declarations(out))
    }
}

/// Expands the body of `declare! { ... }`.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let declarations = match syn::parse2::<Declarations>(input) {
        Ok(d) => d.0,
        Err(err) => return err.to_compile_error(),
    };
    let context = CrateContext::from_env();
    let mut out = TokenStream::new();
    for decl in declarations {
        out.extend(declaration(&context, decl));
    }
    out
}

fn declaration(context: &CrateContext, decl: Declaration) -> TokenStream {
    if decl.kind == "assumption" {
        return assumption_declaration(context, decl);
    }
    let cx = Ctxt::new();
    let attribute = match decl.kind.to_string().as_str() {
        "asset" => Attribute::Asset,
        "mitigation" => Attribute::Mitigation,
        "trust_boundary" => Attribute::TrustBoundary,
        "component" => Attribute::Component,
        other => {
            cx.syn_error(ast::unknown_with_help(
                decl.kind.span(),
                format!("cannot declare a `{other}`"),
                "help: `declare!` accepts `asset`, `mitigation`, `trust_boundary`, `component` and `assumption`; threats, endpoints and data flows go on the code they describe".to_owned(),
            ));
            return cx
                .check()
                .err()
                .map(|e| e.to_compile_error())
                .unwrap_or_default();
        }
    };
    let name = &decl.name;
    let vis = &decl.vis;
    let attrs = &decl.attrs;
    // The declared element is a hidden unit-like braced struct, annotated like a local item.
    let subject = Subject::new(&syn::parse_quote! {
        #(#attrs)* #vis struct #name {}
    });
    let parsed = ast::parse(&cx, attribute, decl.args, &subject, ItemKind::Declared);
    let markers = match attribute {
        Attribute::Mitigation => marker::marker_struct(vis, name),
        _ => marker::for_subject(&cx, attribute, &subject, parsed.as_ref()),
    };
    let span = source_span(decl.kind.span(), decl.semi.span);
    let module = context.module_of(decl.kind.span());
    let item = RecordItem {
        name: name.to_string(),
        kind: ItemKind::Declared,
        owner: None,
        doc: doc_comment(attrs),
    };
    let shell = if attribute == Attribute::Mitigation {
        TokenStream::new()
    } else {
        quote! {
            #[doc(hidden)]
            #[allow(dead_code)]
            #vis struct #name {}
        }
    };
    match (parsed, cx.check()) {
        (Some(parsed), Ok(())) => {
            let mut records = vec![expand::record(
                context,
                module.clone(),
                span,
                item.clone(),
                parsed.annotation,
            )];
            records.extend(expand::allow_records(
                context,
                &module,
                &item,
                parsed.allows,
            ));
            let registration = registration(&records, &parsed.refs);
            quote!(#shell #markers #registration)
        }
        (_, outcome) => {
            let err = outcome
                .err()
                .unwrap_or_else(|| syn::Error::new(decl.kind.span(), "invalid declaration"));
            let record = expand::invalid_record(context, module, span, item, attribute, &err);
            let write_err = expand::write_fragment(std::slice::from_ref(&record));
            let err = err.to_compile_error();
            quote!(#shell #markers #err #write_err)
        }
    }
}

/// `assumption Name("text", owner = "...");`: a record of the assumption and a hidden struct of
/// its name, so that rustc rejects two assumptions of one name in a module (E0428) and other
/// annotations can name it.
fn assumption_declaration(context: &CrateContext, decl: Declaration) -> TokenStream {
    let cx = Ctxt::new();
    let parsed = assumption::parse(&cx, &decl.name, decl.args);
    let name = &decl.name;
    let vis = &decl.vis;
    let attrs = &decl.attrs;
    let shell = quote! {
        #(#attrs)*
        #[doc(hidden)]
        #[allow(dead_code)]
        #vis struct #name {}
    };
    let span = source_span(decl.kind.span(), decl.semi.span);
    let module = context.module_of(decl.kind.span());
    let item = RecordItem {
        name: name.to_string(),
        kind: ItemKind::Declared,
        owner: None,
        doc: doc_comment(attrs),
    };
    match (parsed, cx.check()) {
        (Some(annotation), Ok(())) => {
            let records = [expand::record(context, module, span, item, annotation)];
            let registration = registration(&records, &[]);
            quote!(#shell #registration)
        }
        (_, outcome) => {
            let err = outcome
                .err()
                .unwrap_or_else(|| syn::Error::new(decl.kind.span(), "invalid assumption"));
            let invalid = Annotation::Invalid {
                name: "assumption".to_owned(),
                errors: err.clone().into_iter().map(|e| e.to_string()).collect(),
            };
            let record = expand::record(context, module, span, item, invalid);
            let write_err = expand::write_fragment(std::slice::from_ref(&record));
            let err = err.to_compile_error();
            quote!(#shell #err #write_err)
        }
    }
}
