//! The checked model of one annotation: its [`Annotation`] record plus the references rustc must
//! resolve, each with the path tokens (and so the span) the user wrote.

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{Ident, LitStr};
use threatmodel_core::catalogue::{self, control_kind_names, threat_kind_names};
use threatmodel_core::route::{self, RouteError};
use threatmodel_core::vocabulary::backticked;
use threatmodel_core::{
    Annotation, AuthRequirement, ComponentKind, DataClass, Destination, ItemKind, Level, Stride,
    ThreatKindRef,
};
use threatmodel_facts::attribute::{self, HTTP_METHODS};

use super::attr::{Arg, Args};
use super::check;
use super::ctxt::Ctxt;
use super::item::{Subject, path_text};
use super::symbol::*;

/// The attributes of the v0 grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attribute {
    Asset,
    Mitigation,
    Threat,
    Endpoint,
    TrustBoundary,
    Component,
    DataFlow,
}

impl Attribute {
    /// The attribute's name as written: `threat`, `trust_boundary`, ...
    pub(crate) fn name(self) -> &'static str {
        match self {
            Attribute::Asset => "asset",
            Attribute::Mitigation => "mitigation",
            Attribute::Threat => "threat",
            Attribute::Endpoint => "endpoint",
            Attribute::TrustBoundary => "trust_boundary",
            Attribute::Component => "component",
            Attribute::DataFlow => "data_flow",
        }
    }

    /// Item kinds the attribute may be placed on.
    fn applies_to(self) -> &'static [ItemKind] {
        use ItemKind::*;
        match self {
            Attribute::Asset => &[Struct, Enum, Union, TypeAlias, Declared],
            Attribute::Mitigation => &[Fn, Method, Struct, Enum, Declared],
            Attribute::Threat => &[Fn, Method, Struct, Enum],
            Attribute::Endpoint | Attribute::DataFlow => &[Fn, Method],
            Attribute::TrustBoundary => &[Struct, Declared],
            Attribute::Component => &[Struct, Enum, Declared],
        }
    }

    /// How the `applies_to` list reads in an error: "functions", "structs and enums", ...
    fn applies_to_text(self) -> &'static str {
        match self {
            Attribute::Asset => "structs, enums, unions and type aliases",
            Attribute::Mitigation => {
                "functions, structs and enums (methods through `#[mitigations]` on the impl block)"
            }
            Attribute::Threat => "functions, methods, structs and enums",
            Attribute::Endpoint | Attribute::DataFlow => "functions",
            Attribute::TrustBoundary => "unit or braced structs",
            Attribute::Component => "structs and enums",
        }
    }
}

/// What kind of element a reference must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefKind {
    Mitigation,
    Asset,
    TrustBoundary,
    Component,
    /// Any item (a type, fn or module): `installed_by` names third-party code.
    Item,
}

/// A path in an annotation that rustc must resolve to an element of `kind`.
pub(crate) struct Reference {
    pub(crate) path: syn::Path,
    pub(crate) kind: RefKind,
}

/// One parsed, checked annotation.
pub(crate) struct Parsed {
    pub(crate) annotation: Annotation,
    pub(crate) refs: Vec<Reference>,
    /// Its `allow(...)` arguments, each recorded apart at its own span.
    pub(crate) allows: Vec<Allow>,
}

/// One checked `allow(RULE, ..., reason = "...")` argument.
pub(crate) struct Allow {
    /// Start and end of the `allow(...)` tokens.
    pub(crate) span: (Span, Span),
    /// Its [`Annotation::Allow`] record.
    pub(crate) annotation: Annotation,
}

/// Parses and checks the arguments of `attribute` on `subject`. Errors go to `cx`; the result is
/// `None` only when nothing sensible can be recorded.
pub(crate) fn parse(
    cx: &Ctxt,
    attribute: Attribute,
    args: TokenStream,
    subject: &Subject,
    item_kind: ItemKind,
) -> Option<Parsed> {
    check_item_kind(cx, attribute, subject, item_kind);
    let flag_keys: &[&str] = match attribute {
        Attribute::DataFlow => &[ENCRYPTED, BIDIRECTIONAL],
        _ => &[],
    };
    let mut args = Args::parse(cx, attribute.name(), args, flag_keys);
    if args.malformed {
        return None;
    }
    let mut refs = Vec::new();
    let annotation = match attribute {
        Attribute::Asset => asset(&mut args, subject),
        Attribute::Mitigation => mitigation(&mut args, Some(&mut refs)),
        Attribute::Threat => threat(&mut args, &mut refs),
        Attribute::Endpoint => endpoint(&mut args, subject, &mut refs),
        Attribute::TrustBoundary => trust_boundary(&mut args, &mut refs),
        Attribute::Component => component(&mut args, &mut refs),
        Attribute::DataFlow => data_flow(&mut args, &mut refs),
    };
    let accepted = accepted_keys(attribute);
    let allows = finish(args, accepted);
    for reference in &refs {
        check::reference(cx, reference);
    }
    if let Some(annotation) = &annotation {
        check_route_handler_marker(cx, subject, annotation);
    }
    annotation.map(|annotation| Parsed {
        annotation,
        refs,
        allows,
    })
}

/// Reports the keys of `args` nobody took (see [`Args::finish`]) and checks its `allow(...)`
/// arguments, returning those that hold.
pub(crate) fn finish(mut args: Args<'_>, accepted: &[&str]) -> Vec<Allow> {
    let cx = args.cx();
    let allows = std::mem::take(&mut args.allows);
    args.finish(accepted);
    allows
        .iter()
        .filter_map(|call| check::allow(cx, call))
        .collect()
}

/// A `#[mitigation] fn` that is also a route handler of Rocket or actix-web: their route macro
/// emits a type named like the handler, which clashes with the control's marker (E0428) unless
/// the control is given another name.
fn check_route_handler_marker(cx: &Ctxt, subject: &Subject, annotation: &Annotation) {
    let (Subject::Fn(f), Annotation::Mitigation { marker: None, .. }) = (subject, annotation)
    else {
        return;
    };
    if crate::internals::item::has_receiver(f) {
        return;
    }
    let Some(route) = attribute::framework_route_attr(subject.attrs()) else {
        return;
    };
    let handler = &f.sig.ident;
    let route_name = route
        .path()
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    let camel: String = handler
        .to_string()
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect();
    cx.syn_error(unknown_with_help(
        route.path().span(),
        format!("`#[{route_name}]` defines a type named `{handler}`, as `#[mitigation]` does"),
        format!("help: give the control its own name: `#[mitigation(..., marker = {camel})]`, and reference `{camel}` in `mitigated_by`"),
    ));
}

fn check_item_kind(cx: &Ctxt, attribute: Attribute, subject: &Subject, kind: ItemKind) {
    if let Subject::Type {
        tuple: true,
        ident,
        vis,
        ..
    } = subject
        && attribute == Attribute::TrustBoundary
    {
        let vis = quote::ToTokens::to_token_stream(vis).to_string();
        let vis = if vis.is_empty() { vis } else { vis + " " };
        cx.syn_error(unknown_with_help(
            ident.span(),
            "the `trust_boundary` attribute applies only to unit or braced structs, not to a tuple struct".to_owned(),
            format!("help: a trust boundary is a zone, not a value: `{vis}struct {ident};`"),
        ));
        return;
    }
    let associated = match subject {
        Subject::Fn(f) => kind == ItemKind::Method || super::item::mentions_self(f),
        _ => false,
    };
    if attribute == Attribute::Mitigation && associated {
        let mut err = syn::Error::new(
            subject.span(),
            "the `mitigation` attribute cannot be placed on a method directly",
        );
        err.combine(syn::Error::new(
            subject.span(),
            "help: put `#[threatmodel::mitigations]` on the impl block; it registers each \
             `#[mitigation]` method, referenced as `Type::method`",
        ));
        cx.syn_error(err);
        return;
    }
    if !attribute.applies_to().contains(&kind) {
        wrong_item(cx, attribute, subject);
    }
}

/// ``the `threat` attribute applies only to functions, ..., not to a module``.
pub(crate) fn wrong_item(cx: &Ctxt, attribute: Attribute, subject: &Subject) {
    cx.error_at(
        subject.span(),
        format_args!(
            "the `{}` attribute applies only to {}, not to {}",
            attribute.name(),
            attribute.applies_to_text(),
            subject.describe_with_article()
        ),
    );
}

fn accepted_keys(attribute: Attribute) -> &'static [&'static str] {
    match attribute {
        Attribute::Asset => &[
            DATA,
            CONFIDENTIALITY,
            INTEGRITY,
            AVAILABILITY,
            OWNER,
            NAME,
            DESCRIPTION,
            FIELDS,
        ],
        Attribute::Mitigation => &[
            CUSTOM,
            DESCRIPTION,
            MARKER,
            APPLIES_TO,
            ADDRESSES,
            INSTALLED_BY,
        ],
        Attribute::Threat => &[
            MITIGATED_BY,
            ACCEPTED,
            TRANSFERRED,
            OPEN,
            OWNER,
            EXPIRES,
            TICKET,
            RESIDUAL,
            ASSETS,
            DESCRIPTION,
            SEVERITY,
            CUSTOM,
            STRIDE,
        ],
        Attribute::Endpoint => &[BOUNDARY, EXPOSES, AUTH, OWNER, VERSION, DESCRIPTION],
        Attribute::TrustBoundary => &[PARENT, NAME, DESCRIPTION],
        Attribute::Component => &[BOUNDARY, NAME, DESCRIPTION],
        Attribute::DataFlow => &[
            TO,
            FROM,
            DATA,
            PROTOCOL,
            ENCRYPTED,
            DESTINATION,
            BIDIRECTIONAL,
            DESCRIPTION,
        ],
    }
}

/// Positional identifiers (`critical`, `authentication`), rejecting positional string literals.
fn positional_words(args: &mut Args<'_>, what: &str) -> Vec<Ident> {
    let cx = args.cx();
    std::mem::take(&mut args.positional)
        .into_iter()
        .filter_map(|arg| match arg {
            Arg::Flag(ident) => Some(ident),
            Arg::Literal(lit) => {
                cx.error_spanned_by(
                    &lit,
                    format_args!("expected {what}, found a string literal"),
                );
                None
            }
            Arg::Pair(..) | Arg::Call(..) => None,
        })
        .collect()
}

/// Parses `text` as a vocabulary value, reporting ``unknown <what> `text` `` at `span` and the
/// accepted list in a `help:` line on failure. `what` overrides the vocabulary's own noun where
/// the argument says more ("asset level" rather than "level").
fn vocab<T: std::str::FromStr<Err = threatmodel_core::UnknownValue>>(
    cx: &Ctxt,
    what: Option<&str>,
    text: &str,
    span: Span,
) -> Option<T> {
    match text.parse::<T>() {
        Ok(value) => Some(value),
        Err(err) => {
            cx.syn_error(unknown_with_help(
                span,
                format!("unknown {} `{}`", what.unwrap_or(err.what), err.found),
                format!("help: expected one of {}", err.expected_list()),
            ));
            None
        }
    }
}

fn opt_string(lit: Option<LitStr>) -> Option<String> {
    lit.map(|lit| lit.value())
}

fn take_level(args: &mut Args<'_>, key: &str) -> Option<Level> {
    let (text, span) = args.take_word(key)?;
    vocab(args.cx(), Some(&format!("`{key}` level")), &text, span)
}

fn take_refs(
    args: &mut Args<'_>,
    key: &str,
    kind: RefKind,
    refs: &mut Vec<Reference>,
) -> Vec<String> {
    let Some((_, paths)) = args.take_paths(key) else {
        return Vec::new();
    };
    paths
        .into_iter()
        .map(|path| {
            let text = path_text(&path);
            refs.push(Reference { path, kind });
            text
        })
        .collect()
}

fn take_ref(
    args: &mut Args<'_>,
    key: &str,
    kind: RefKind,
    refs: &mut Vec<Reference>,
) -> Option<String> {
    let path = args.take_path(key)?;
    let text = path_text(&path);
    refs.push(Reference { path, kind });
    Some(text)
}

fn asset(args: &mut Args<'_>, subject: &Subject) -> Option<Annotation> {
    let cx = args.cx();
    let words = positional_words(args, "an asset level");
    let level = match words.as_slice() {
        [] => {
            cx.syn_error(unknown_with_help(
                Span::call_site(),
                "missing asset level".to_owned(),
                format!(
                    "help: say how much the asset matters first, e.g. `#[asset(critical)]`; one of {}",
                    backticked(&Level::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>())
                ),
            ));
            None
        }
        [level, rest @ ..] => {
            for extra in rest {
                cx.syn_error(unknown_with_help(
                    extra.span(),
                    "an asset has one level".to_owned(),
                    format!("help: remove `{extra}`; set `confidentiality`, `integrity` or `availability` to rate one property differently"),
                ));
            }
            vocab::<Level>(cx, Some("asset level"), &level.to_string(), level.span())
        }
    };
    let data = args
        .take_word(DATA)
        .and_then(|(text, span)| vocab::<DataClass>(cx, None, &text, span));
    let confidentiality = take_level(args, CONFIDENTIALITY);
    let integrity = take_level(args, INTEGRITY);
    let availability = take_level(args, AVAILABILITY);
    let owner = opt_string(args.take_str(OWNER));
    let name = opt_string(args.take_str(NAME));
    let description = opt_string(args.take_str(DESCRIPTION));
    let fields = asset_fields(args, subject);
    Some(Annotation::Asset {
        level: level?,
        fields,
        data,
        confidentiality,
        integrity,
        availability,
        owner,
        name,
        description,
    })
}

/// `fields = [email, phone]`: the asset's fields whose data other types copy (a response type
/// with an `email` field carries the asset's data). Each must be a named field of the struct,
/// enum or union the attribute is on; a type alias or a `declare!`d asset is not checked.
fn asset_fields(args: &mut Args<'_>, subject: &Subject) -> Vec<String> {
    let cx = args.cx();
    let known = match subject {
        Subject::Type {
            fields: Some(fields),
            ident,
            ..
        } => Some((fields, ident)),
        _ => None,
    };
    let mut fields: Vec<String> = Vec::new();
    for (name, span) in args.take_words(FIELDS) {
        if let Some((known, ident)) = known
            && !known.contains(&name)
        {
            let help = if known.is_empty() {
                format!("help: `{ident}` has no named fields; remove `fields`")
            } else {
                format!(
                    "help: the named fields of `{ident}` are {}",
                    backticked(&known.iter().map(String::as_str).collect::<Vec<_>>())
                )
            };
            cx.syn_error(unknown_with_help(
                span,
                format!("no field `{name}` on `{ident}`"),
                help,
            ));
        } else if fields.contains(&name) {
            cx.syn_error(syn::Error::new(span, format!("duplicate field `{name}`")));
        } else {
            fields.push(name);
        }
    }
    fields
}

/// Parses the arguments of `#[mitigation]` (also used by `#[mitigations]` and `declare!`);
/// `installed_by` only where `refs` is given (methods are never installed in a router).
pub(crate) fn mitigation(
    args: &mut Args<'_>,
    refs: Option<&mut Vec<Reference>>,
) -> Option<Annotation> {
    let cx = args.cx();
    let mut controls = Vec::new();
    let wrote_kind = !args.positional.is_empty();
    for word in positional_words(args, "a control kind") {
        let name = word.to_string();
        if catalogue::control_kind(&name).is_some() {
            if controls.contains(&name) {
                cx.error_spanned_by(&word, format_args!("duplicate control kind `{name}`"));
            } else {
                controls.push(name);
            }
        } else {
            cx.syn_error(unknown_with_help(
                word.span(),
                format!("unknown control kind `{name}`"),
                format!(
                    "help: expected one of {}, or `custom = \"...\"`",
                    backticked(&control_kind_names())
                ),
            ));
        }
    }
    let custom = opt_string(args.take_str(CUSTOM));
    if !wrote_kind && !args.has(CUSTOM) {
        cx.syn_error(unknown_with_help(
            Span::call_site(),
            "missing control kind".to_owned(),
            format!(
                "help: name what the control does, e.g. `#[mitigation(input_validation)]`; one of {}, or `custom = \"...\"`",
                backticked(&control_kind_names())
            ),
        ));
    }
    let description = opt_string(args.take_str(DESCRIPTION));
    let marker = args.take_path(MARKER).and_then(|path| match path.get_ident() {
        Some(ident) => Some(ident.to_string()),
        None => {
            let mut err = syn::Error::new_spanned(&path, "expected an identifier for `marker`, found a path");
            err.combine(syn::Error::new_spanned(
                &path,
                format!(
                    "help: `marker` names the type the attribute declares beside the item: `marker = {}`",
                    path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()
                ),
            ));
            cx.syn_error(err);
            None
        }
    });
    let applies_to = args
        .take_strs(APPLIES_TO)
        .into_iter()
        .filter_map(|lit| {
            let pattern = lit.value();
            if pattern.starts_with('/') {
                Some(pattern)
            } else {
                cx.syn_error(unknown_with_help(
                    lit.span(),
                    format!("route pattern `{pattern}` does not start with `/`"),
                    format!("help: write the path from the root: `applies_to = \"/{pattern}\"`"),
                ));
                None
            }
        })
        .collect();
    let addresses = args
        .take_words(ADDRESSES)
        .into_iter()
        .filter_map(|(name, span)| threat_kind_id(cx, &name, span))
        .collect();
    let installed_by = match refs {
        Some(refs) => take_refs(args, INSTALLED_BY, RefKind::Item, refs),
        None => Vec::new(),
    };
    Some(Annotation::Mitigation {
        controls,
        custom,
        description,
        marker,
        applies_to,
        addresses,
        installed_by,
    })
}

fn threat_kind_id(cx: &Ctxt, name: &str, span: Span) -> Option<String> {
    match catalogue::threat_kind(name) {
        Some(kind) => Some(kind.id.to_owned()),
        None => {
            cx.syn_error(unknown_with_help(
                span,
                format!("unknown threat kind `{name}`"),
                format!(
                    "help: expected one of {}, or `custom = \"ID\", stride = \"...\"`",
                    backticked(&threat_kind_names())
                ),
            ));
            None
        }
    }
}

/// An error at `span` followed by a `help:` line at the same span.
pub(crate) fn unknown_with_help(span: Span, message: String, help: String) -> syn::Error {
    let mut err = syn::Error::new(span, message);
    err.combine(syn::Error::new(span, help));
    err
}

fn threat(args: &mut Args<'_>, refs: &mut Vec<Reference>) -> Option<Annotation> {
    let cx = args.cx();
    let words = positional_words(args, "a threat kind");
    let custom = args.take_str(CUSTOM);
    let stride_key = args.key(STRIDE);
    let stride = args.take_words(STRIDE);
    let kind_span;
    let kind = match (words.as_slice(), custom) {
        ([word], None) => {
            kind_span = word.span();
            if let Some(key) = &stride_key {
                cx.syn_error(unknown_with_help(
                    key.span(),
                    "`stride` applies only to a `custom` threat".to_owned(),
                    format!(
                        "help: remove `stride`; the catalogue gives `{word}` its STRIDE categories"
                    ),
                ));
            }
            threat_kind_id(cx, &word.to_string(), word.span()).map(ThreatKindRef::Catalogue)
        }
        ([], Some(id)) => {
            kind_span = id.span();
            if stride.is_empty() && stride_key.is_none() {
                cx.syn_error(unknown_with_help(
                    id.span(),
                    format!("missing `stride` for custom threat `{}`", id.value()),
                    "help: add the STRIDE categories it falls under, e.g. `stride = \"tampering\"` or `stride = [\"spoofing\", \"tampering\"]`".to_owned(),
                ));
            }
            let stride = stride
                .iter()
                .filter_map(|(text, span)| vocab::<Stride>(cx, None, text, *span))
                .collect();
            Some(ThreatKindRef::Custom {
                id: id.value(),
                stride,
            })
        }
        ([], None) => {
            kind_span = Span::call_site();
            cx.syn_error(unknown_with_help(
                Span::call_site(),
                "missing threat kind".to_owned(),
                "help: name the threat first, e.g. `#[threat(injection, mitigated_by = validate_input)]`, or write `custom = \"ID\", stride = \"...\"`".to_owned(),
            ));
            None
        }
        ([first, rest @ ..], custom) => {
            kind_span = first.span();
            for extra in rest {
                cx.syn_error(unknown_with_help(
                    extra.span(),
                    "a `threat` attribute names one threat kind".to_owned(),
                    format!("help: write one attribute per threat: `#[threat({extra}, ...)]`"),
                ));
            }
            if let Some(custom) = custom {
                cx.syn_error(unknown_with_help(
                    custom.span(),
                    "a threat is either a catalogue kind or `custom`".to_owned(),
                    format!("help: remove `{first}` or `custom`"),
                ));
            }
            threat_kind_id(cx, &first.to_string(), first.span()).map(ThreatKindRef::Catalogue)
        }
    };
    let description = opt_string(args.take_str(DESCRIPTION));
    let disposition =
        check::disposition(args, refs, kind.as_ref(), kind_span, description.as_deref());
    let assets = take_refs(args, ASSETS, RefKind::Asset, refs);
    let severity = take_level(args, SEVERITY);
    Some(Annotation::Threat {
        kind: kind?,
        disposition: disposition?,
        assets,
        description,
        severity,
    })
}

fn endpoint(
    args: &mut Args<'_>,
    subject: &Subject,
    refs: &mut Vec<Reference>,
) -> Option<Annotation> {
    let cx = args.cx();
    let mut template = None;
    for arg in std::mem::take(&mut args.positional) {
        match arg {
            Arg::Literal(lit) if template.is_none() => template = Some(lit),
            Arg::Literal(lit) => cx.syn_error(unknown_with_help(
                lit.span(),
                "an `endpoint` attribute has one route".to_owned(),
                "help: repeat `#[endpoint(...)]` to mount a handler on several routes".to_owned(),
            )),
            Arg::Flag(ident) => cx.syn_error(unknown_with_help(
                ident.span(),
                format!("expected a route, found `{ident}`"),
                "help: write the route as a string literal: `#[endpoint(\"GET /accounts/{id}\")]`"
                    .to_owned(),
            )),
            Arg::Pair(..) | Arg::Call(..) => {}
        }
    }
    let from_framework = template.is_none();
    let route = match template {
        Some(lit) => parse_template(cx, &lit),
        None => match framework_route(subject) {
            Some(route) => Some(route),
            None => {
                cx.syn_error(unknown_with_help(
                    Span::call_site(),
                    "missing route for the `endpoint` attribute".to_owned(),
                    "help: write it as the first argument, `#[endpoint(\"GET /accounts/{id}\")]`, or place `#[endpoint]` above the framework's route attribute (`#[get(\"/accounts/{id}\")]`)".to_owned(),
                ));
                None
            }
        },
    };
    let boundary = take_ref(args, BOUNDARY, RefKind::TrustBoundary, refs);
    let exposes = take_refs(args, EXPOSES, RefKind::Asset, refs);
    let auth = args
        .take_word(AUTH)
        .and_then(|(text, span)| vocab::<AuthRequirement>(cx, Some("`auth` value"), &text, span));
    let owner = opt_string(args.take_str(OWNER));
    let version = opt_string(args.take_str(VERSION));
    let description = opt_string(args.take_str(DESCRIPTION));
    let (method, route) = route?;
    Some(Annotation::Endpoint {
        method,
        route,
        from_framework,
        boundary,
        exposes,
        auth,
        owner,
        version,
        description,
    })
}

/// Splits `"POST /accounts/{id}"` into an upper-case method and a route.
fn parse_template(cx: &Ctxt, lit: &LitStr) -> Option<(String, String)> {
    let text = lit.value();
    let Some((method, route)) = text.trim().split_once(char::is_whitespace) else {
        cx.syn_error(unknown_with_help(
            lit.span(),
            format!("malformed route `{text}`"),
            "help: write the HTTP method, a space and the path: `\"GET /accounts/{id}\"`"
                .to_owned(),
        ));
        return None;
    };
    let method = method.to_ascii_uppercase();
    let route = route.trim().to_owned();
    let mut ok = true;
    if !HTTP_METHODS.contains(&method.as_str()) {
        cx.syn_error(unknown_with_help(
            lit.span(),
            format!("unknown HTTP method `{method}`"),
            format!("help: expected one of {}", backticked(HTTP_METHODS)),
        ));
        ok = false;
    }
    if route.contains(char::is_whitespace) {
        cx.syn_error(unknown_with_help(
            lit.span(),
            format!("route `{route}` contains a space"),
            "help: write the HTTP method, one space and the path: `\"GET /accounts/{id}\"`"
                .to_owned(),
        ));
        ok = false;
    } else if let Err(err) = route::check(&route) {
        let help = match err {
            RouteError::NoLeadingSlash => {
                format!("help: write the path from the root: `\"{method} /{route}\"`")
            }
            _ => format!("help: {}", err.help()),
        };
        cx.syn_error(unknown_with_help(
            lit.span(),
            format!("route `{route}` {err}"),
            help,
        ));
        ok = false;
    }
    ok.then_some((method, route))
}

/// Reads the route from a framework attribute below `#[endpoint]` (the parser the route-table
/// reader uses too): `#[get("/x")]`, `#[actix_web::post("/x")]`, `#[route("/x", ...)]`.
fn framework_route(subject: &Subject) -> Option<(String, String)> {
    attribute::framework_route(subject.attrs()).map(|route| (route.method, route.path))
}

fn trust_boundary(args: &mut Args<'_>, refs: &mut Vec<Reference>) -> Option<Annotation> {
    reject_positional(args, Attribute::TrustBoundary);
    Some(Annotation::TrustBoundary {
        parent: take_ref(args, PARENT, RefKind::TrustBoundary, refs),
        name: opt_string(args.take_str(NAME)),
        description: opt_string(args.take_str(DESCRIPTION)),
    })
}

fn reject_positional(args: &mut Args<'_>, attribute: Attribute) {
    let cx = args.cx();
    let name = attribute.name();
    let help = format!(
        "help: the `{name}` attribute takes only `key = value` arguments: {}",
        backticked(accepted_keys(attribute))
    );
    for arg in std::mem::take(&mut args.positional) {
        let (span, what) = match arg {
            Arg::Flag(ident) => (ident.span(), format!("`{ident}`")),
            Arg::Literal(lit) => (lit.span(), "string literal".to_owned()),
            Arg::Pair(..) | Arg::Call(..) => continue,
        };
        cx.syn_error(unknown_with_help(
            span,
            format!("unexpected {what} in the `{name}` attribute"),
            help.clone(),
        ));
    }
}

fn component(args: &mut Args<'_>, refs: &mut Vec<Reference>) -> Option<Annotation> {
    let cx = args.cx();
    let words = positional_words(args, "a component kind");
    let kind = match words.as_slice() {
        [] => {
            cx.syn_error(unknown_with_help(
                Span::call_site(),
                "missing component kind".to_owned(),
                format!(
                    "help: say what the component is first, e.g. `#[component(datastore)]`; one of {}",
                    backticked(&ComponentKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>())
                ),
            ));
            None
        }
        [kind, rest @ ..] => {
            for extra in rest {
                cx.syn_error(unknown_with_help(
                    extra.span(),
                    "a component has one kind".to_owned(),
                    format!("help: remove `{extra}`"),
                ));
            }
            vocab::<ComponentKind>(cx, None, &kind.to_string(), kind.span())
        }
    };
    let boundary = take_ref(args, BOUNDARY, RefKind::TrustBoundary, refs);
    let name = opt_string(args.take_str(NAME));
    let description = opt_string(args.take_str(DESCRIPTION));
    Some(Annotation::Component {
        kind: kind?,
        boundary,
        name,
        description,
    })
}

fn data_flow(args: &mut Args<'_>, refs: &mut Vec<Reference>) -> Option<Annotation> {
    let cx = args.cx();
    // `#[data_flow(Db)]`: the destination written without its key.
    let bare_to = match args.positional.as_slice() {
        [Arg::Flag(ident)] if !args.has(TO) => Some(ident.clone()),
        _ => None,
    };
    if let Some(ident) = &bare_to {
        args.positional.clear();
        cx.syn_error(unknown_with_help(
            ident.span(),
            format!("expected `to = {ident}`, found `{ident}`"),
            format!("help: a data flow names the component it goes to with `to`: `#[data_flow(to = {ident})]`"),
        ));
    }
    reject_positional(args, Attribute::DataFlow);
    let to = take_ref(args, TO, RefKind::Component, refs);
    if to.is_none() && !args.has(TO) && bare_to.is_none() {
        cx.syn_error(unknown_with_help(
            Span::call_site(),
            "missing `to` argument for the `data_flow` attribute".to_owned(),
            "help: name the `#[component]` the data flows to: `to = Db`".to_owned(),
        ));
    }
    let from = take_ref(args, FROM, RefKind::Component, refs);
    let data = take_refs(args, DATA, RefKind::Asset, refs);
    let protocol = opt_string(args.take_str(PROTOCOL));
    let encrypted = args.take_bool(ENCRYPTED);
    let destination = args
        .take_word(DESTINATION)
        .and_then(|(text, span)| vocab::<Destination>(cx, None, &text, span));
    let bidirectional = args.take_bool(BIDIRECTIONAL).unwrap_or(false);
    let description = opt_string(args.take_str(DESCRIPTION));
    Some(Annotation::DataFlow {
        from,
        to: to?,
        data,
        protocol,
        encrypted,
        destination,
        bidirectional,
        description,
    })
}
