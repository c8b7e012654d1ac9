//! The Rust item an attribute is attached to: what kind it is, its name, docs and generics.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::{Attribute, Generics, Ident, Item, ItemFn, Visibility};
use threatmodel_core::ItemKind;

/// The annotated item, parsed.
pub(crate) enum Subject {
    /// A function or method with a body.
    Fn(Box<ItemFn>),
    /// A struct, enum, union or type alias.
    Type {
        kind: ItemKind,
        ident: Ident,
        generics: Generics,
        attrs: Vec<Attribute>,
        vis: Visibility,
        /// For structs: whether it is a tuple struct (a trust boundary must not be).
        tuple: bool,
        /// Names of its named fields (of every variant, for an enum); `None` for a type alias.
        fields: Option<Vec<String>>,
    },
    /// Any other item; `what` names it the way rustc does ("module", "constant", ...).
    Other { what: &'static str, span: Span },
}

impl Subject {
    /// Classifies `item`.
    pub(crate) fn new(item: &Item) -> Self {
        let ty = |kind,
                  ident: &Ident,
                  generics: &Generics,
                  attrs: &[Attribute],
                  vis: &Visibility,
                  tuple,
                  fields| {
            Subject::Type {
                kind,
                ident: ident.clone(),
                generics: generics.clone(),
                attrs: attrs.to_vec(),
                vis: vis.clone(),
                tuple,
                fields,
            }
        };
        let named = |fields: &syn::Fields| -> Vec<String> {
            fields
                .iter()
                .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
                .collect()
        };
        match item {
            Item::Fn(item) => Subject::Fn(Box::new(item.clone())),
            Item::Struct(s) => ty(
                ItemKind::Struct,
                &s.ident,
                &s.generics,
                &s.attrs,
                &s.vis,
                matches!(s.fields, syn::Fields::Unnamed(_)),
                Some(named(&s.fields)),
            ),
            Item::Enum(e) => ty(
                ItemKind::Enum,
                &e.ident,
                &e.generics,
                &e.attrs,
                &e.vis,
                false,
                Some(e.variants.iter().flat_map(|v| named(&v.fields)).collect()),
            ),
            Item::Union(u) => ty(
                ItemKind::Union,
                &u.ident,
                &u.generics,
                &u.attrs,
                &u.vis,
                false,
                Some(
                    u.fields
                        .named
                        .iter()
                        .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
                        .collect(),
                ),
            ),
            Item::Type(t) => ty(
                ItemKind::TypeAlias,
                &t.ident,
                &t.generics,
                &t.attrs,
                &t.vis,
                false,
                None,
            ),
            other => Subject::Other {
                what: describe(other),
                span: other_span(other),
            },
        }
    }

    /// The item kind recorded in the model; `None` for unsupported items.
    pub(crate) fn kind(&self) -> Option<ItemKind> {
        match self {
            Subject::Fn(f) if has_receiver(f) => Some(ItemKind::Method),
            Subject::Fn(_) => Some(ItemKind::Fn),
            Subject::Type { kind, .. } => Some(*kind),
            Subject::Other { .. } => None,
        }
    }

    /// The item's identifier.
    pub(crate) fn ident(&self) -> Option<&Ident> {
        match self {
            Subject::Fn(f) => Some(&f.sig.ident),
            Subject::Type { ident, .. } => Some(ident),
            Subject::Other { .. } => None,
        }
    }

    /// The item's attributes.
    pub(crate) fn attrs(&self) -> &[Attribute] {
        match self {
            Subject::Fn(f) => &f.attrs,
            Subject::Type { attrs, .. } => attrs,
            Subject::Other { .. } => &[],
        }
    }

    /// Where to point an "attribute does not apply here" error.
    pub(crate) fn span(&self) -> Span {
        match self {
            Subject::Fn(f) => f.sig.ident.span(),
            Subject::Type { ident, .. } => ident.span(),
            Subject::Other { span, .. } => *span,
        }
    }

    /// How rustc would name this kind of item in a message, with its article: "a function",
    /// "an enum".
    pub(crate) fn describe_with_article(&self) -> String {
        let what = self.describe();
        let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {what}")
    }

    /// How rustc would name this kind of item in a message.
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Subject::Fn(f) if has_receiver(f) => "method",
            Subject::Fn(_) => "function",
            Subject::Type { kind, .. } => match kind {
                ItemKind::Struct => "struct",
                ItemKind::Enum => "enum",
                ItemKind::Union => "union",
                _ => "type alias",
            },
            Subject::Other { what, .. } => what,
        }
    }
}

/// Whether a function's signature names `Self`, which only an associated function can.
pub(crate) fn mentions_self(f: &ItemFn) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tt| match tt {
            proc_macro2::TokenTree::Ident(ident) => ident == "Self",
            proc_macro2::TokenTree::Group(group) => walk(group.stream()),
            _ => false,
        })
    }
    walk(f.sig.to_token_stream())
}

/// Whether a function takes `self` (is a method).
pub(crate) fn has_receiver(f: &ItemFn) -> bool {
    matches!(f.sig.inputs.first(), Some(syn::FnArg::Receiver(_)))
}

/// The item's doc comment: `///` lines joined with `\n`, one leading space removed, trimmed.
pub(crate) fn doc_comment(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| {
            line.strip_prefix(' ')
                .unwrap_or(&line)
                .trim_end()
                .to_owned()
        })
        .collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// A path as compact text: `db :: parameterized_queries` becomes `db::parameterized_queries`.
pub(crate) fn path_text(path: &syn::Path) -> String {
    path.to_token_stream()
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn describe(item: &Item) -> &'static str {
    match item {
        Item::Const(_) => "constant",
        Item::ExternCrate(_) => "extern crate",
        Item::ForeignMod(_) => "extern block",
        Item::Impl(_) => "impl block",
        Item::Macro(_) => "macro invocation",
        Item::Mod(_) => "module",
        Item::Static(_) => "static",
        Item::Trait(_) => "trait",
        Item::TraitAlias(_) => "trait alias",
        Item::Use(_) => "use item",
        _ => "item",
    }
}

/// The name of an unsupported item (a module's, a constant's, ...), else its first keyword.
fn other_span(item: &Item) -> Span {
    let ident = match item {
        Item::Const(i) => Some(&i.ident),
        Item::ExternCrate(i) => Some(&i.ident),
        Item::Macro(i) => i.ident.as_ref(),
        Item::Mod(i) => Some(&i.ident),
        Item::Static(i) => Some(&i.ident),
        Item::Trait(i) => Some(&i.ident),
        Item::TraitAlias(i) => Some(&i.ident),
        _ => None,
    };
    if let Some(ident) = ident {
        return ident.span();
    }
    let tokens: TokenStream = item.to_token_stream();
    tokens
        .into_iter()
        .find(|tt| matches!(tt, proc_macro2::TokenTree::Ident(i) if i != "pub"))
        .map_or_else(Span::call_site, |tt| tt.span())
}
