//! Structs, enums and type aliases with the types of their fields.

use threatmodel_core::facts::{Field, TypeDef};

use super::signature::{Ty, TypeContext};
use super::walk::TypeItem;
use crate::source::location;

/// The fact of a struct, enum or type alias (read as a type with one field `0`, its aliased
/// type, so that what it stands for is looked through like a newtype's field).
pub(super) fn type_def(item: &TypeItem<'_>) -> TypeDef {
    let cx = item.context();
    let mut fields = Vec::new();
    match item.item {
        syn::Item::Struct(s) => {
            for (name, field) in field_names(&s.fields, None) {
                if item.enabled(&field.attrs) {
                    fields.push(Field {
                        name,
                        types: cx.paths(&field.ty),
                        skip_serializing: skips_serializing(&field.attrs),
                    });
                }
            }
        }
        syn::Item::Enum(e) => {
            for variant in e.variants.iter().filter(|v| item.enabled(&v.attrs)) {
                let skipped = skips_serializing(&variant.attrs);
                let prefix = variant.ident.to_string();
                for (name, field) in field_names(&variant.fields, Some(&prefix)) {
                    if item.enabled(&field.attrs) {
                        fields.push(Field {
                            name,
                            types: cx.paths(&field.ty),
                            skip_serializing: skipped || skips_serializing(&field.attrs),
                        });
                    }
                }
            }
        }
        syn::Item::Type(t) => fields.push(Field {
            name: "0".into(),
            types: cx.paths(&t.ty),
            skip_serializing: false,
        }),
        _ => {}
    }
    TypeDef {
        path: item.path.clone(),
        fields,
        location: location(&item.module.file, item.ident.span()),
    }
}

/// The fields of a struct (`name` or `0`) with their structured types, for following
/// `value.field.method()`; for an alias, its aliased type as field `0`.
pub(super) fn field_types(item: &TypeItem<'_>) -> Vec<(String, Option<Ty>)> {
    let cx: TypeContext<'_> = item.context();
    match item.item {
        syn::Item::Struct(s) => field_names(&s.fields, None)
            .into_iter()
            .filter(|(_, field)| item.enabled(&field.attrs))
            .map(|(name, field)| (name, cx.ty(&field.ty)))
            .collect(),
        syn::Item::Type(t) if t.generics.params.is_empty() => vec![("0".into(), cx.ty(&t.ty))],
        _ => Vec::new(),
    }
}

/// Each field with its name: `name`, or its position for a tuple field; `Variant.name` with a
/// prefix.
fn field_names<'f>(fields: &'f syn::Fields, prefix: Option<&str>) -> Vec<(String, &'f syn::Field)> {
    fields
        .iter()
        .enumerate()
        .map(|(position, field)| {
            let name = field
                .ident
                .as_ref()
                .map_or_else(|| position.to_string(), ToString::to_string);
            let name = match prefix {
                Some(prefix) => format!("{prefix}.{name}"),
                None => name,
            };
            (name, field)
        })
        .collect()
}

/// Whether `#[serde(skip)]` or `#[serde(skip_serializing)]` is among `attrs`
/// (`skip_serializing_if` sends the field when its condition is false, so it does not count).
fn skips_serializing(attrs: &[syn::Attribute]) -> bool {
    let mut skips = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") || meta.path.is_ident("skip_serializing") {
                skips = true;
            } else if meta.input.peek(syn::Token![=]) {
                // `rename = "x"`, `with = "m"`, `skip_serializing_if = "f"`: skip the value.
                meta.value()?.parse::<syn::Expr>()?;
            } else if meta.input.peek(syn::token::Paren) {
                // `rename(serialize = "x")`: skip the list.
                meta.parse_nested_meta(|inner| {
                    if inner.input.peek(syn::Token![=]) {
                        inner.value()?.parse::<syn::Expr>()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        });
    }
    skips
}
