//! The fns, methods and types of a crate's modules, with their absolute paths, leaving out
//! those `#[cfg]` disables.

use std::collections::BTreeSet;

use threatmodel_core::facts::Unknown;

use super::signature::{TypeContext, generic_names};
use crate::cfg::Cfg;
use crate::source::{Crate, Module, Workspace, location};

/// A fn with a body: a free fn, a method of an inherent or trait impl, or a trait's default
/// method.
pub(super) struct FnItem<'a> {
    pub(super) workspace: &'a Workspace,
    pub(super) cfg: &'a Cfg,
    pub(super) module: &'a Module,
    /// `krate::module::f`, `krate::module::Type::method`, `krate::module::Trait::method`.
    pub(super) path: String,
    /// The impl's type (or the trait, for a default method).
    pub(super) self_ty: Option<String>,
    /// Whether `self` is a trait (in a trait's default method), whose methods are not known.
    pub(super) self_is_trait: bool,
    /// Whether it is a method of an inherent impl (`impl Db { ... }`).
    pub(super) inherent: bool,
    /// Generic type parameters in scope (the impl's or trait's and the fn's).
    pub(super) generics: BTreeSet<String>,
    pub(super) sig: &'a syn::Signature,
    pub(super) block: &'a syn::Block,
}

impl<'a> FnItem<'a> {
    /// The context its signature and body are written in.
    pub(super) fn context(&self) -> TypeContext<'a> {
        TypeContext {
            workspace: self.workspace,
            module: self.module,
            self_ty: self.self_ty.clone(),
            generics: self.generics.clone(),
        }
    }
}

/// A struct, enum or type alias.
pub(super) struct TypeItem<'a> {
    pub(super) workspace: &'a Workspace,
    pub(super) cfg: &'a Cfg,
    pub(super) module: &'a Module,
    /// `krate::module::Type`.
    pub(super) path: String,
    pub(super) ident: &'a syn::Ident,
    pub(super) item: &'a syn::Item,
}

impl<'a> TypeItem<'a> {
    /// The context its fields are written in.
    pub(super) fn context(&self) -> TypeContext<'a> {
        let generics = match self.item {
            syn::Item::Struct(s) => generic_names(&s.generics).collect(),
            syn::Item::Enum(e) => generic_names(&e.generics).collect(),
            syn::Item::Type(t) => generic_names(&t.generics).collect(),
            _ => BTreeSet::new(),
        };
        TypeContext {
            workspace: self.workspace,
            module: self.module,
            self_ty: Some(self.path.clone()),
            generics,
        }
    }

    /// Whether a field or variant with `attrs` is built (a `cfg` that cannot be decided is
    /// read as enabled).
    pub(super) fn enabled(&self, attrs: &[syn::Attribute]) -> bool {
        self.cfg.holds_for(attrs) != Some(false)
    }
}

/// The fns and types of one crate.
pub(super) struct Items<'a> {
    pub(super) fns: Vec<FnItem<'a>>,
    pub(super) types: Vec<TypeItem<'a>>,
}

/// The fns and types of `krate`, in module and source order, without those `#[cfg]` disables;
/// those behind a `cfg` that cannot be decided are read as enabled, with an [`Unknown`] in
/// `unknowns`, and so are the impls whose type cannot be named (`impl<T> Trait for T`).
pub(super) fn items<'a>(
    workspace: &'a Workspace,
    krate: &'a Crate,
    unknowns: &mut Vec<Unknown>,
) -> Items<'a> {
    let mut items = Items {
        fns: Vec::new(),
        types: Vec::new(),
    };
    for module in &krate.modules {
        let mut walker = Walker {
            workspace,
            krate,
            module,
            unknowns: &mut *unknowns,
        };
        for item in &module.items {
            walker.item(item, &mut items);
        }
    }
    items
}

struct Walker<'a, 'u> {
    workspace: &'a Workspace,
    krate: &'a Crate,
    module: &'a Module,
    unknowns: &'u mut Vec<Unknown>,
}

impl<'a> Walker<'a, '_> {
    /// Whether an item with `attrs` named `what` is built; an undecidable `cfg` is an unknown.
    fn enabled(&mut self, attrs: &[syn::Attribute], what: &str, ident: &syn::Ident) -> bool {
        match self.krate.cfg.holds_for(attrs) {
            Some(enabled) => enabled,
            None => {
                self.unknowns.push(Unknown {
                    what: format!(
                        "{what} is behind a `cfg` the reader cannot evaluate; read as if enabled"
                    ),
                    location: location(&self.module.file, ident.span()),
                });
                true
            }
        }
    }

    fn item(&mut self, item: &'a syn::Item, items: &mut Items<'a>) {
        match item {
            syn::Item::Fn(f) => {
                let path = format!("{}::{}", self.module.path, f.sig.ident);
                if self.enabled(&f.attrs, &format!("fn `{path}`"), &f.sig.ident) {
                    items.fns.push(FnItem {
                        workspace: self.workspace,
                        cfg: &self.krate.cfg,
                        module: self.module,
                        path,
                        self_ty: None,
                        self_is_trait: false,
                        inherent: false,
                        generics: generic_names(&f.sig.generics).collect(),
                        sig: &f.sig,
                        block: &f.block,
                    });
                }
            }
            syn::Item::Struct(syn::ItemStruct { ident, attrs, .. })
            | syn::Item::Enum(syn::ItemEnum { ident, attrs, .. })
            | syn::Item::Type(syn::ItemType { ident, attrs, .. }) => {
                let path = format!("{}::{}", self.module.path, ident);
                if self.enabled(attrs, &format!("type `{path}`"), ident) {
                    items.types.push(TypeItem {
                        workspace: self.workspace,
                        cfg: &self.krate.cfg,
                        module: self.module,
                        path,
                        ident,
                        item,
                    });
                }
            }
            syn::Item::Impl(imp) => self.impl_block(imp, items),
            syn::Item::Trait(t) => {
                let trait_path = format!("{}::{}", self.module.path, t.ident);
                if !self.enabled(&t.attrs, &format!("trait `{trait_path}`"), &t.ident) {
                    return;
                }
                for member in &t.items {
                    let syn::TraitItem::Fn(f) = member else {
                        continue;
                    };
                    let Some(block) = &f.default else {
                        continue;
                    };
                    let path = format!("{trait_path}::{}", f.sig.ident);
                    if self.enabled(&f.attrs, &format!("fn `{path}`"), &f.sig.ident) {
                        items.fns.push(FnItem {
                            workspace: self.workspace,
                            cfg: &self.krate.cfg,
                            module: self.module,
                            path,
                            self_ty: Some(trait_path.clone()),
                            self_is_trait: true,
                            inherent: false,
                            generics: generic_names(&t.generics)
                                .chain(generic_names(&f.sig.generics))
                                .collect(),
                            sig: &f.sig,
                            block,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    fn impl_block(&mut self, imp: &'a syn::ItemImpl, items: &mut Items<'a>) {
        let impl_generics: BTreeSet<String> = generic_names(&imp.generics).collect();
        let cx = TypeContext {
            workspace: self.workspace,
            module: self.module,
            self_ty: None,
            generics: impl_generics.clone(),
        };
        let self_ty = match peel_references(&imp.self_ty) {
            syn::Type::Path(p) if p.qself.is_none() => cx.resolve(&p.path),
            _ => None,
        };
        let text = quote::ToTokens::to_token_stream(&imp.self_ty).to_string();
        let Some(self_ty) = self_ty else {
            // The span of the `impl` keyword: where the block starts.
            self.unknowns.push(Unknown {
                what: format!(
                    "the methods of the impl for `{text}` are not read: it is not a named type"
                ),
                location: location(&self.module.file, imp.impl_token.span),
            });
            return;
        };
        let what = format!("impl for `{self_ty}`");
        let first_ident = imp.items.iter().find_map(|member| match member {
            syn::ImplItem::Fn(f) => Some(&f.sig.ident),
            _ => None,
        });
        if let Some(ident) = first_ident
            && !self.enabled(&imp.attrs, &what, ident)
        {
            return;
        }
        for member in &imp.items {
            let syn::ImplItem::Fn(f) = member else {
                continue;
            };
            let path = format!("{self_ty}::{}", f.sig.ident);
            if self.enabled(&f.attrs, &format!("fn `{path}`"), &f.sig.ident) {
                items.fns.push(FnItem {
                    workspace: self.workspace,
                    cfg: &self.krate.cfg,
                    module: self.module,
                    path,
                    self_ty: Some(self_ty.clone()),
                    self_is_trait: false,
                    inherent: imp.trait_.is_none(),
                    generics: impl_generics
                        .iter()
                        .cloned()
                        .chain(generic_names(&f.sig.generics))
                        .collect(),
                    sig: &f.sig,
                    block: &f.block,
                });
            }
        }
    }
}

/// `ty` without its `&`/`&mut` and parentheses.
pub(super) fn peel_references(ty: &syn::Type) -> &syn::Type {
    match ty {
        syn::Type::Reference(r) => peel_references(&r.elem),
        syn::Type::Paren(p) => peel_references(&p.elem),
        syn::Type::Group(g) => peel_references(&g.elem),
        _ => ty,
    }
}
