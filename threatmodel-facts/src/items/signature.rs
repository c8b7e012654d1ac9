//! Types as written in signatures and fields, resolved to absolute paths: the flat list of
//! paths a fact records, and the structured type the call reader follows method calls with.

use std::collections::BTreeSet;

use crate::source::{Module, Workspace};

/// Where a type is written: the module (for `use` declarations), the `impl`'s type (for `Self`)
/// and the generic parameters in scope (which name no type).
pub(super) struct TypeContext<'a> {
    pub(super) workspace: &'a Workspace,
    pub(super) module: &'a Module,
    /// The absolute path `Self` stands for: the type of an `impl`, or a trait in its own
    /// default methods.
    pub(super) self_ty: Option<String>,
    /// Generic type parameters in scope.
    pub(super) generics: BTreeSet<String>,
}

/// A type resolved for following method calls: `State<Arc<AppState>>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Ty {
    /// Absolute path of the type; the trait's path (or a generic parameter's name) when
    /// `is_trait`.
    pub(super) path: String,
    /// Its generic type arguments, `None` where one is not a named type (a tuple, `_`).
    pub(super) args: Vec<Option<Ty>>,
    /// A trait object, `impl Trait` or generic parameter: its methods cannot be resolved.
    pub(super) is_trait: bool,
}

/// The path the call reader gives an async fn's result before `.await` (not a Rust path).
pub(super) const ASYNC_OUTPUT: &str = "{async}";

impl Ty {
    /// A named type without arguments.
    pub(super) fn named(path: impl Into<String>) -> Ty {
        Ty {
            path: path.into(),
            args: Vec::new(),
            is_trait: false,
        }
    }

    /// The last segment of the path.
    pub(super) fn name(&self) -> &str {
        self.path.rsplit("::").next().unwrap_or(&self.path)
    }

    /// Its first type argument.
    pub(super) fn first_arg(&self) -> Option<&Ty> {
        self.args.first().and_then(Option::as_ref)
    }

    /// The type a `Box`, `Arc` or `Rc` points to, through which method calls auto-deref.
    pub(super) fn pointee(&self) -> Option<&Ty> {
        let pointer = matches!(
            self.path.as_str(),
            "Box" | "std::boxed::Box" | "alloc::boxed::Box"
        ) || matches!(
            self.path.as_str(),
            "Arc" | "std::sync::Arc" | "alloc::sync::Arc" | "Rc" | "std::rc::Rc" | "alloc::rc::Rc"
        );
        if pointer { self.first_arg() } else { None }
    }
}

/// Whether the absolute path `path` names `Option` or `Result` (a workspace alias named
/// `Result`, such as `crate::error::Result<T>`, too).
pub(super) fn is_option_or_result(path: &str) -> bool {
    let name = path.rsplit("::").next().unwrap_or(path);
    name == "Option" || name == "Result"
}

impl TypeContext<'_> {
    /// Resolves `path` as written here: `Self` (and `Self::X`) to the impl's type, through the
    /// module's scope otherwise. `None` for a generic parameter and for `Self` outside an impl.
    pub(super) fn resolve(&self, path: &syn::Path) -> Option<String> {
        let first = path.segments.first()?.ident.to_string();
        if first == "Self" || self.generics.contains(&first) {
            let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            return self.resolve_segments(&segments);
        }
        self.workspace.resolve_path(self.module, path)
    }

    /// [`TypeContext::resolve`] of segments.
    pub(super) fn resolve_segments(&self, segments: &[String]) -> Option<String> {
        let (first, rest) = segments.split_first()?;
        if first == "Self" {
            let mut path = self.self_ty.clone()?;
            for segment in rest {
                path.push_str("::");
                path.push_str(segment);
            }
            return Some(path);
        }
        if self.generics.contains(first) {
            return None;
        }
        self.workspace.resolve(self.module, segments)
    }

    /// Absolute paths of every type named in `ty`, outermost first, without repeats: through
    /// references, pointers, slices, arrays, tuples, generic arguments (and associated type
    /// bindings, `Fn(A) -> B` sugar), `impl Trait` and `dyn Trait` bounds. Generic parameters
    /// name no type and are left out; so are lifetimes, `_` and types made by macros.
    pub(super) fn paths(&self, ty: &syn::Type) -> Vec<String> {
        let mut out = Vec::new();
        self.collect(ty, &mut out);
        out
    }

    fn push(out: &mut Vec<String>, path: String) {
        if !out.contains(&path) {
            out.push(path);
        }
    }

    fn collect(&self, ty: &syn::Type, out: &mut Vec<String>) {
        match ty {
            syn::Type::Path(p) => {
                if let Some(qself) = &p.qself {
                    // `<T as Trait>::Assoc`: the types named are `T` and the trait.
                    self.collect(&qself.ty, out);
                    let trait_segments: Vec<String> = p
                        .path
                        .segments
                        .iter()
                        .take(qself.position)
                        .map(|s| s.ident.to_string())
                        .collect();
                    if let Some(path) = self.resolve_segments(&trait_segments) {
                        Self::push(out, path);
                    }
                } else if let Some(path) = self.resolve(&p.path) {
                    Self::push(out, path);
                }
                self.collect_arguments(&p.path, out);
            }
            syn::Type::Reference(r) => self.collect(&r.elem, out),
            syn::Type::Ptr(p) => self.collect(&p.elem, out),
            syn::Type::Slice(s) => self.collect(&s.elem, out),
            syn::Type::Array(a) => self.collect(&a.elem, out),
            syn::Type::Paren(p) => self.collect(&p.elem, out),
            syn::Type::Group(g) => self.collect(&g.elem, out),
            syn::Type::Tuple(t) => {
                for elem in &t.elems {
                    self.collect(elem, out);
                }
            }
            syn::Type::ImplTrait(t) => self.collect_bounds(&t.bounds, out),
            syn::Type::TraitObject(t) => self.collect_bounds(&t.bounds, out),
            syn::Type::BareFn(f) => {
                for input in &f.inputs {
                    self.collect(&input.ty, out);
                }
                if let syn::ReturnType::Type(_, ty) = &f.output {
                    self.collect(ty, out);
                }
            }
            _ => {}
        }
    }

    fn collect_bounds(
        &self,
        bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>,
        out: &mut Vec<String>,
    ) {
        for bound in bounds {
            if let syn::TypeParamBound::Trait(t) = bound {
                if let Some(path) = self.resolve(&t.path) {
                    Self::push(out, path);
                }
                self.collect_arguments(&t.path, out);
            }
        }
    }

    fn collect_arguments(&self, path: &syn::Path, out: &mut Vec<String>) {
        for segment in &path.segments {
            match &segment.arguments {
                syn::PathArguments::AngleBracketed(args) => {
                    for arg in &args.args {
                        match arg {
                            syn::GenericArgument::Type(ty) => self.collect(ty, out),
                            syn::GenericArgument::AssocType(assoc) => self.collect(&assoc.ty, out),
                            _ => {}
                        }
                    }
                }
                syn::PathArguments::Parenthesized(args) => {
                    for input in &args.inputs {
                        self.collect(input, out);
                    }
                    if let syn::ReturnType::Type(_, ty) = &args.output {
                        self.collect(ty, out);
                    }
                }
                syn::PathArguments::None => {}
            }
        }
    }

    /// The structured type of `ty`, for following method calls: references and parentheses are
    /// looked through (methods auto-ref and auto-deref); a trait object, `impl Trait` or generic
    /// parameter is a trait; `None` for a tuple, array, fn pointer or anything else.
    pub(super) fn ty(&self, ty: &syn::Type) -> Option<Ty> {
        match ty {
            syn::Type::Path(p) if p.qself.is_none() => {
                if let Some(ident) = p.path.get_ident()
                    && self.generics.contains(&ident.to_string())
                {
                    return Some(Ty {
                        path: ident.to_string(),
                        args: Vec::new(),
                        is_trait: true,
                    });
                }
                let path = self.resolve(&p.path)?;
                let args = match &p.path.segments.last()?.arguments {
                    syn::PathArguments::AngleBracketed(args) => args
                        .args
                        .iter()
                        .filter_map(|arg| match arg {
                            syn::GenericArgument::Type(ty) => Some(self.ty(ty)),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                Some(Ty {
                    path,
                    args,
                    is_trait: false,
                })
            }
            syn::Type::Reference(r) => self.ty(&r.elem),
            syn::Type::Paren(p) => self.ty(&p.elem),
            syn::Type::Group(g) => self.ty(&g.elem),
            syn::Type::ImplTrait(t) => Some(self.trait_ty(&t.bounds)),
            syn::Type::TraitObject(t) => Some(self.trait_ty(&t.bounds)),
            _ => None,
        }
    }

    fn trait_ty(
        &self,
        bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>,
    ) -> Ty {
        let path = bounds
            .iter()
            .find_map(|bound| match bound {
                syn::TypeParamBound::Trait(t) => self.resolve(&t.path),
                _ => None,
            })
            .unwrap_or_default();
        Ty {
            path,
            args: Vec::new(),
            is_trait: true,
        }
    }
}

/// The names of the generic type parameters of `generics`.
pub(super) fn generic_names(generics: &syn::Generics) -> impl Iterator<Item = String> + '_ {
    generics.type_params().map(|p| p.ident.to_string())
}
