//! Functions (parameters, return types, calls) and types (fields) of a crate.
//!
//! Every fn with a body is read: free fns (`krate::module::f`), methods of inherent and trait
//! impls, named after the impl's type under that type's module path
//! (`krate::model::Item::owner`, a trait impl's `krate::error::AppError::into_response`), and
//! traits' default methods (`krate::repo::Repo::helper`). Fns inside fn bodies are not read. Items
//! `#[cfg]` disables are left out; one behind a `cfg` that cannot be decided is read, with an
//! [`Unknown`](threatmodel_core::facts::Unknown).
//!
//! Types read are structs, enums and type aliases (an alias is a type with one field `0`, its
//! aliased type, so that what it stands for is looked through). How calls are resolved is in
//! [`calls`].

mod calls;
mod signature;
mod types;
mod walk;

use std::collections::{BTreeMap, BTreeSet};

use threatmodel_core::facts::{CrateFacts, Function, Param};

use self::signature::{ASYNC_OUTPUT, Ty, is_option_or_result};
use self::walk::{FnItem, items};
use crate::source::{Crate, Workspace, location};

/// Adds the functions and types of `krate` to `facts`; `index` is [`Index::of`] the workspace,
/// built once for all its crates.
pub(crate) fn read(workspace: &Workspace, index: &Index, krate: &Crate, facts: &mut CrateFacts) {
    let mut unknowns = Vec::new();
    let items = items(workspace, krate, &mut unknowns);
    for item in &items.fns {
        facts.functions.push(function(item, index, &mut unknowns));
    }
    for item in &items.types {
        facts.types.push(types::type_def(item));
    }
    facts.unknowns.extend(unknowns);
}

/// The fact of one fn: its parameters (`self` left out), return type and calls.
fn function(
    item: &FnItem<'_>,
    index: &Index,
    unknowns: &mut Vec<threatmodel_core::facts::Unknown>,
) -> Function {
    let cx = item.context();
    let params = item
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(pt) => Some(pt),
            syn::FnArg::Receiver(_) => None,
        })
        .map(|pt| {
            let types = cx.paths(&pt.ty);
            let optional = types.first().is_some_and(|t| is_option_or_result(t));
            Param { types, optional }
        })
        .collect();
    let returns = match &item.sig.output {
        syn::ReturnType::Default => Vec::new(),
        syn::ReturnType::Type(_, ty) => cx.paths(ty),
    };
    Function {
        path: item.path.clone(),
        params,
        returns,
        calls: calls::calls(item, index, unknowns),
        location: location(&item.module.file, item.sig.ident.span()),
    }
}

/// What the call reader knows of the whole workspace: the fns read with their return types,
/// inherent methods by name, and the fields of structs (and aliases) read.
pub(crate) struct Index {
    /// Every fn read, by path, with the type a call to it gives (an async fn's
    /// [`ASYNC_OUTPUT`] until `.await`); `None` when it cannot be followed.
    fns: BTreeMap<String, Option<Ty>>,
    /// Inherent methods by name: for a method called on a value of unknown type.
    inherent: BTreeMap<String, BTreeSet<String>>,
    /// Fields of structs and type aliases (field `0`) by the type's path.
    fields: BTreeMap<String, Vec<(String, Option<Ty>)>>,
    /// Paths of the type aliases read (their one field `0` is the aliased type).
    aliases: BTreeSet<String>,
}

impl Index {
    /// Reads every crate of `workspace` (another crate's fns are called by path too).
    pub(crate) fn of(workspace: &Workspace) -> Index {
        let mut index = Index {
            fns: BTreeMap::new(),
            inherent: BTreeMap::new(),
            fields: BTreeMap::new(),
            aliases: BTreeSet::new(),
        };
        let mut ignored = Vec::new();
        for krate in &workspace.crates {
            let items = items(workspace, krate, &mut ignored);
            for item in &items.fns {
                let cx = item.context();
                let returns = match &item.sig.output {
                    syn::ReturnType::Default => None,
                    syn::ReturnType::Type(_, ty) => cx.ty(ty),
                };
                let returns = if item.sig.asyncness.is_some() {
                    Some(Ty {
                        path: ASYNC_OUTPUT.into(),
                        args: vec![returns],
                        is_trait: false,
                    })
                } else {
                    returns
                };
                index.fns.entry(item.path.clone()).or_insert(returns);
                if item.inherent {
                    index
                        .inherent
                        .entry(item.sig.ident.to_string())
                        .or_default()
                        .insert(item.path.clone());
                }
            }
            for item in &items.types {
                if matches!(item.item, syn::Item::Type(_)) {
                    index.aliases.insert(item.path.clone());
                }
                index
                    .fields
                    .entry(item.path.clone())
                    .or_insert_with(|| types::field_types(item));
            }
        }
        index
    }
}
