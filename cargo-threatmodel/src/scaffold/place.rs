//! Where in a source file `init` writes: above a handler fn's attributes, or after the crate
//! root's last `use` item; read with `syn` so that attributes, doc comments and nested modules
//! are told apart from code.

use std::collections::BTreeSet;

use proc_macro2::Span;
use syn::spanned::Spanned;

/// One source file, parsed.
pub(crate) struct SourceFile {
    /// The file's text.
    pub(crate) text: String,
    /// Its syntax tree, or why it cannot be parsed.
    pub(crate) syntax: Result<syn::File, String>,
}

impl SourceFile {
    /// Parses `text`.
    pub(crate) fn new(text: String) -> SourceFile {
        let syntax = syn::parse_file(&text).map_err(|err| {
            let start = err.span().start();
            format!("{} at line {}", err, start.line)
        });
        SourceFile { text, syntax }
    }

    /// The leading whitespace of line `index` (0-based).
    pub(crate) fn indent(&self, index: usize) -> &str {
        let line = self.text.lines().nth(index).unwrap_or_default();
        &line[..line.len() - line.trim_start().len()]
    }

    /// Whether the file's lines end with `\r\n`.
    pub(crate) fn crlf(&self) -> bool {
        self.text.contains("\r\n")
    }
}

/// What is defined at a fn location of the facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FnSite {
    /// A free fn (at module level or in an inline module): the 0-based line to insert its
    /// attributes before, above its first attribute other than a doc comment, or above the fn
    /// itself (after its doc comments) when it has none.
    Free {
        /// The line to insert before.
        before: usize,
        /// The templates of the `#[endpoint("METHOD /path")]` attributes it already carries.
        templates: Vec<String>,
    },
    /// A free fn in an inline `mod x { ... }` block: the annotations record it under the
    /// file's module, not under the path the route table gives its handler.
    InInlineModule,
    /// A method of an impl block or a trait.
    Method,
    /// Nothing the file defines at that place (a fn made by a macro, inside a fn body, or the
    /// file changed since it was read).
    Missing,
}

/// The fn whose name starts at `line`:`column` (1-based, as the facts give fn locations).
pub(crate) fn fn_site(file: &syn::File, line: u32, column: u32) -> FnSite {
    find_in_items(&file.items, line, column, false)
}

/// The template of an `#[endpoint("METHOD /path", ...)]` attribute (any path ending in
/// `endpoint`), as written.
fn endpoint_template(attr: &syn::Attribute) -> Option<String> {
    let last = attr.path().segments.last()?;
    if last.ident != "endpoint" {
        return None;
    }
    attr.parse_args_with(|input: syn::parse::ParseStream<'_>| {
        let template: syn::LitStr = input.parse()?;
        input.parse::<proc_macro2::TokenStream>()?;
        Ok(template.value())
    })
    .ok()
}

fn at(span: Span, line: u32, column: u32) -> bool {
    let start = span.start();
    usize::try_from(line).is_ok_and(|line| start.line == line)
        && usize::try_from(column).is_ok_and(|column| start.column + 1 == column)
}

fn find_in_items(items: &[syn::Item], line: u32, column: u32, inline: bool) -> FnSite {
    for item in items {
        let site = match item {
            syn::Item::Fn(f) if at(f.sig.ident.span(), line, column) && inline => {
                FnSite::InInlineModule
            }
            syn::Item::Fn(f) if at(f.sig.ident.span(), line, column) => {
                let first = f
                    .attrs
                    .iter()
                    .find(|attr| !attr.path().is_ident("doc"))
                    .map(|attr| attr.span())
                    .unwrap_or_else(|| match f.vis {
                        syn::Visibility::Inherited => f.sig.span(),
                        _ => f.vis.span(),
                    });
                FnSite::Free {
                    before: first.start().line.saturating_sub(1),
                    templates: f.attrs.iter().filter_map(endpoint_template).collect(),
                }
            }
            syn::Item::Mod(m) => match &m.content {
                Some((_, items)) => find_in_items(items, line, column, true),
                None => FnSite::Missing,
            },
            syn::Item::Impl(block)
                if block.items.iter().any(
                    |i| matches!(i, syn::ImplItem::Fn(f) if at(f.sig.ident.span(), line, column)),
                ) =>
            {
                FnSite::Method
            }
            syn::Item::Trait(block)
                if block.items.iter().any(
                    |i| matches!(i, syn::TraitItem::Fn(f) if at(f.sig.ident.span(), line, column)),
                ) =>
            {
                FnSite::Method
            }
            _ => FnSite::Missing,
        };
        if site != FnSite::Missing {
            return site;
        }
    }
    FnSite::Missing
}

/// The 0-based line of a crate root to insert new items before: after its last top-level
/// `use` item; without one, after its inner attributes and `//!` docs; else the first line.
pub(crate) fn after_uses(file: &syn::File) -> usize {
    let last_use = file
        .items
        .iter()
        .filter(|item| matches!(item, syn::Item::Use(_)))
        .map(|item| item.span().end().line)
        .max();
    let inner = file
        .attrs
        .iter()
        .filter(|attr| matches!(attr.style, syn::AttrStyle::Inner(_)))
        .map(|attr| attr.span().end().line)
        .max();
    // `end().line` is 1-based: the line after it, 0-based, is the same number.
    last_use.or(inner).unwrap_or(0)
}

/// The names a crate root's top level defines or imports (items, `use` leaves and renames,
/// `extern crate`), which a new item there must not reuse; glob imports are left out, as a
/// local item shadows them.
pub(crate) fn top_level_names(file: &syn::File) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for item in &file.items {
        let ident = match item {
            syn::Item::Const(i) => Some(&i.ident),
            syn::Item::Enum(i) => Some(&i.ident),
            syn::Item::ExternCrate(i) => Some(i.rename.as_ref().map_or(&i.ident, |(_, r)| r)),
            syn::Item::Fn(i) => Some(&i.sig.ident),
            syn::Item::Macro(i) => i.ident.as_ref(),
            syn::Item::Mod(i) => Some(&i.ident),
            syn::Item::Static(i) => Some(&i.ident),
            syn::Item::Struct(i) => Some(&i.ident),
            syn::Item::Trait(i) => Some(&i.ident),
            syn::Item::TraitAlias(i) => Some(&i.ident),
            syn::Item::Type(i) => Some(&i.ident),
            syn::Item::Union(i) => Some(&i.ident),
            syn::Item::Use(i) => {
                use_names(&i.tree, &mut names);
                None
            }
            _ => None,
        };
        if let Some(ident) = ident {
            names.insert(ident.to_string());
        }
    }
    names
}

fn use_names(tree: &syn::UseTree, names: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(path) => use_names(&path.tree, names),
        syn::UseTree::Name(name) => {
            names.insert(name.ident.to_string());
        }
        syn::UseTree::Rename(rename) => {
            names.insert(rename.rename.to_string());
        }
        syn::UseTree::Glob(_) => {}
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                use_names(tree, names);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> syn::File {
        syn::parse_file(text).expect("valid Rust")
    }

    #[test]
    fn a_handler_is_annotated_above_its_framework_attributes_and_below_its_docs() {
        let text = "use x::y;\n\n/// Lists items.\n#[get(\"/items\")]\n#[tracing::instrument]\npub async fn list() {}\n";
        // `list` starts at line 6, column 14.
        assert_eq!(
            fn_site(&parse(text), 6, 14),
            FnSite::Free {
                before: 3,
                templates: Vec::new()
            }
        );
    }

    #[test]
    fn a_handler_without_attributes_is_annotated_above_its_visibility() {
        let text = "/// Doc.\n///\n/// More.\npub(crate) async fn list() {}\nasync fn other() {}\n";
        let free = |before| FnSite::Free {
            before,
            templates: Vec::new(),
        };
        assert_eq!(fn_site(&parse(text), 4, 21), free(3));
        assert_eq!(fn_site(&parse(text), 5, 10), free(4));
    }

    #[test]
    fn handlers_in_inline_modules_methods_and_unknown_places_are_told_apart() {
        let text = "mod api {\n    #[get(\"/\")]\n    pub fn index() {}\n}\nstruct S;\nimpl S {\n    fn method() {}\n}\n";
        let file = parse(text);
        assert_eq!(fn_site(&file, 3, 12), FnSite::InInlineModule);
        assert_eq!(fn_site(&file, 7, 8), FnSite::Method);
        assert_eq!(fn_site(&file, 3, 13), FnSite::Missing);
        assert_eq!(fn_site(&file, 99, 1), FnSite::Missing);
    }

    #[test]
    fn the_endpoints_a_handler_carries_are_read() {
        let text = "#[threatmodel::endpoint(\"GET /a\", auth = \"none\")]\n#[endpoint(\"GET /b\")]\n#[endpoint]\n#[get(\"/c\")]\nfn h() {}\n";
        assert_eq!(
            fn_site(&parse(text), 5, 4),
            FnSite::Free {
                before: 0,
                templates: vec!["GET /a".to_owned(), "GET /b".to_owned()]
            }
        );
    }

    #[test]
    fn new_items_go_after_the_last_use_or_the_inner_attributes() {
        let with_uses = "//! Crate.\nuse a::b;\nuse c::{\n    d,\n    e as f,\n};\n\nfn g() {}\n";
        assert_eq!(after_uses(&parse(with_uses)), 6);
        assert_eq!(
            after_uses(&parse("//! Crate.\n#![allow(x)]\n\nfn g() {}\n")),
            2
        );
        assert_eq!(after_uses(&parse("fn g() {}\n")), 0);
    }

    #[test]
    fn top_level_names_include_imports_and_renames_but_not_globs() {
        let text =
            "use a::{B, c::D as E, f::*};\nextern crate g as h;\nstruct I;\nmod j { struct K; }\n";
        let names: Vec<String> = top_level_names(&parse(text)).into_iter().collect();
        assert_eq!(names, ["B", "E", "I", "h", "j"]);
    }
}
