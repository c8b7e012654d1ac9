//! The checked model of one annotation: its [`Annotation`] record plus the references rustc must
//! resolve, each with the path tokens (and so the span) the user wrote.

use proc_macro2::{Span, TokenStream};
use syn::{Ident, LitStr};
use threatmodel_core::catalogue::{self, control_kind_names, threat_kind_names};
use threatmodel_core::vocabulary::backticked;
use threatmodel_core::{
    Annotation, AuthRequirement, ComponentKind, DataClass, Destination, ItemKind, Level, Stride,
    ThreatKindRef,
};

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
    let mut refs = Vec::new();
    let annotation = match attribute {
        Attribute::Asset => asset(&mut args),
        Attribute::Mitigation => mitigation(&mut args),
        Attribute::Threat => threat(&mut args, &mut refs),
        Attribute::Endpoint => endpoint(&mut args, subject, &mut refs),
        Attribute::TrustBoundary => trust_boundary(&mut args, &mut refs),
        Attribute::Component => component(&mut args, &mut refs),
        Attribute::DataFlow => data_flow(&mut args, &mut refs),
    };
    let accepted = accepted_keys(attribute);
    args.finish(accepted);
    for reference in &refs {
        check::reference(cx, reference);
    }
    annotation.map(|annotation| Parsed { annotation, refs })
}

fn check_item_kind(cx: &Ctxt, attribute: Attribute, subject: &Subject, kind: ItemKind) {
    let name = attribute.name();
    if matches!(subject, Subject::Type { tuple: true, .. }) && attribute == Attribute::TrustBoundary
    {
        cx.error_at(
            subject.span(),
            format_args!("the `{name}` attribute applies only to unit or braced structs"),
        );
        return;
    }
    if attribute == Attribute::Mitigation && kind == ItemKind::Method {
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
        cx.error_at(
            subject.span(),
            format_args!(
                "the `{name}` attribute applies only to {}, not to a {}",
                attribute.applies_to_text(),
                subject.describe()
            ),
        );
    }
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
        ],
        Attribute::Mitigation => &[CUSTOM, DESCRIPTION, MARKER, APPLIES_TO, ADDRESSES],
        Attribute::Threat => &[
            MITIGATED_BY,
            ACCEPTED,
            TRANSFERRED,
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
                cx.error_spanned_by(&lit, format_args!("expected {what}, found a string literal"));
                None
            }
            Arg::Pair(..) => None,
        })
        .collect()
}

/// Parses `text` as a vocabulary value, reporting the accepted list at `span` on failure.
fn vocab<T: std::str::FromStr<Err = threatmodel_core::UnknownValue>>(
    cx: &Ctxt,
    text: &str,
    span: Span,
) -> Option<T> {
    match text.parse::<T>() {
        Ok(value) => Some(value),
        Err(err) => {
            cx.error_at(span, err);
            None
        }
    }
}

fn opt_string(lit: Option<LitStr>) -> Option<String> {
    lit.map(|lit| lit.value())
}

fn take_level(args: &mut Args<'_>, key: &str) -> Option<Level> {
    let (text, span) = args.take_word(key)?;
    vocab(args.cx(), &text, span)
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

fn asset(args: &mut Args<'_>) -> Option<Annotation> {
    let cx = args.cx();
    let words = positional_words(args, "an asset level");
    let level = match words.as_slice() {
        [] => {
            cx.error_at(
                Span::call_site(),
                format_args!(
                    "missing asset level; expected one of {}",
                    backticked(&Level::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>())
                ),
            );
            None
        }
        [level, rest @ ..] => {
            for extra in rest {
                cx.error_spanned_by(extra, "an asset has one level; remove this one");
            }
            vocab::<Level>(cx, &level.to_string(), level.span())
        }
    };
    let data = args
        .take_word(DATA)
        .and_then(|(text, span)| vocab::<DataClass>(cx, &text, span));
    let confidentiality = take_level(args, CONFIDENTIALITY);
    let integrity = take_level(args, INTEGRITY);
    let availability = take_level(args, AVAILABILITY);
    let owner = opt_string(args.take_str(OWNER));
    let name = opt_string(args.take_str(NAME));
    let description = opt_string(args.take_str(DESCRIPTION));
    Some(Annotation::Asset {
        level: level?,
        data,
        confidentiality,
        integrity,
        availability,
        owner,
        name,
        description,
    })
}

/// Parses the arguments of `#[mitigation]` (also used by `#[mitigations]` and `declare!`).
pub(crate) fn mitigation(args: &mut Args<'_>) -> Option<Annotation> {
    let cx = args.cx();
    let mut controls = Vec::new();
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
    if controls.is_empty() && custom.is_none() && !args.has(CUSTOM) {
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
            cx.error_spanned_by(&path, "expected a plain identifier for `marker`");
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
                cx.error_spanned_by(&lit, "route pattern must start with `/`");
                None
            }
        })
        .collect();
    let addresses = args
        .take_words(ADDRESSES)
        .into_iter()
        .filter_map(|(name, span)| threat_kind_id(cx, &name, span))
        .collect();
    Some(Annotation::Mitigation {
        controls,
        custom,
        description,
        marker,
        applies_to,
        addresses,
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
    let stride = args.take_words(STRIDE);
    let kind_span;
    let kind = match (words.as_slice(), custom) {
        ([word], None) => {
            kind_span = word.span();
            if let Some((_, span)) = stride.first() {
                cx.error_at(*span, "`stride` applies only to a `custom` threat; catalogue kinds carry their own STRIDE categories");
            }
            threat_kind_id(cx, &word.to_string(), word.span()).map(ThreatKindRef::Catalogue)
        }
        ([], Some(id)) => {
            kind_span = id.span();
            if stride.is_empty() {
                cx.syn_error(unknown_with_help(
                    id.span(),
                    "custom threat without a STRIDE category".to_owned(),
                    "help: add `stride = \"tampering\"` (or a list of STRIDE categories)".to_owned(),
                ));
            }
            let stride = stride
                .iter()
                .filter_map(|(text, span)| vocab::<Stride>(cx, text, *span))
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
                cx.error_spanned_by(
                    extra,
                    "a `threat` attribute names one threat kind; write one attribute per threat",
                );
            }
            if let Some(custom) = custom {
                cx.error_spanned_by(&custom, "`custom` replaces the catalogue threat kind; remove one of them");
            }
            threat_kind_id(cx, &first.to_string(), first.span()).map(ThreatKindRef::Catalogue)
        }
    };
    let disposition = check::disposition(args, refs, kind.as_ref(), kind_span);
    let assets = take_refs(args, ASSETS, RefKind::Asset, refs);
    let description = opt_string(args.take_str(DESCRIPTION));
    let severity = take_level(args, SEVERITY);
    Some(Annotation::Threat {
        kind: kind?,
        disposition: disposition?,
        assets,
        description,
        severity,
    })
}

/// HTTP methods accepted in an endpoint's route template.
const HTTP_METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "ANY",
];

/// Framework route attributes `#[endpoint]` reads its route from, with their HTTP method.
const FRAMEWORK_ROUTES: &[(&str, &str)] = &[
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
    ("head", "HEAD"),
    ("options", "OPTIONS"),
    ("trace", "TRACE"),
    ("connect", "CONNECT"),
    ("route", "ANY"),
];

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
            Arg::Literal(lit) => cx.error_spanned_by(
                &lit,
                "an `endpoint` has one route; repeat `#[endpoint]` to mount a handler on several routes",
            ),
            Arg::Flag(ident) => cx.error_spanned_by(
                &ident,
                format_args!("expected a route such as `\"GET /accounts/{{id}}\"`, found `{ident}`"),
            ),
            Arg::Pair(..) => {}
        }
    }
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
        .and_then(|(text, span)| vocab::<AuthRequirement>(cx, &text, span));
    let owner = opt_string(args.take_str(OWNER));
    let version = opt_string(args.take_str(VERSION));
    let description = opt_string(args.take_str(DESCRIPTION));
    let (method, route) = route?;
    Some(Annotation::Endpoint {
        method,
        route,
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
            "help: write the HTTP method, a space and the path: `\"GET /accounts/{id}\"`".to_owned(),
        ));
        return None;
    };
    let method = method.to_ascii_uppercase();
    let route = route.trim().to_owned();
    let mut ok = true;
    if !HTTP_METHODS.contains(&method.as_str()) {
        cx.error_spanned_by(
            lit,
            format_args!(
                "unknown HTTP method `{method}`; expected one of {}",
                backticked(HTTP_METHODS)
            ),
        );
        ok = false;
    }
    if !route.starts_with('/') || route.contains(char::is_whitespace) {
        cx.error_spanned_by(lit, format_args!("route `{route}` must start with `/` and contain no spaces"));
        ok = false;
    }
    ok.then_some((method, route))
}

/// Reads the route from a framework attribute below `#[endpoint]`: `#[get("/x")]`,
/// `#[actix_web::post("/x")]`, `#[route("/x", ...)]`.
fn framework_route(subject: &Subject) -> Option<(String, String)> {
    subject.attrs().iter().find_map(|attr| {
        let last = attr.path().segments.last()?.ident.to_string();
        let (_, method) = FRAMEWORK_ROUTES.iter().find(|(name, _)| *name == last)?;
        let list = attr.meta.require_list().ok()?;
        let route: LitStr = list.parse_args_with(|input: syn::parse::ParseStream<'_>| {
            let route = input.parse()?;
            let _rest: TokenStream = input.parse()?;
            Ok(route)
        }).ok()?;
        Some(((*method).to_owned(), route.value()))
    })
}

fn trust_boundary(args: &mut Args<'_>, refs: &mut Vec<Reference>) -> Option<Annotation> {
    reject_positional(args, "trust_boundary");
    Some(Annotation::TrustBoundary {
        parent: take_ref(args, PARENT, RefKind::TrustBoundary, refs),
        name: opt_string(args.take_str(NAME)),
        description: opt_string(args.take_str(DESCRIPTION)),
    })
}

fn reject_positional(args: &mut Args<'_>, attribute: &str) {
    let cx = args.cx();
    for arg in std::mem::take(&mut args.positional) {
        match arg {
            Arg::Flag(ident) => cx.error_spanned_by(
                &ident,
                format_args!("unexpected `{ident}`; the `{attribute}` attribute takes only `key = value` arguments"),
            ),
            Arg::Literal(lit) => cx.error_spanned_by(
                &lit,
                format_args!("unexpected string literal; the `{attribute}` attribute takes only `key = value` arguments"),
            ),
            Arg::Pair(..) => {}
        }
    }
}

fn component(args: &mut Args<'_>, refs: &mut Vec<Reference>) -> Option<Annotation> {
    let cx = args.cx();
    let words = positional_words(args, "a component kind");
    let kind = match words.as_slice() {
        [] => {
            cx.error_at(
                Span::call_site(),
                format_args!(
                    "missing component kind; expected one of {}",
                    backticked(&ComponentKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>())
                ),
            );
            None
        }
        [kind, rest @ ..] => {
            for extra in rest {
                cx.error_spanned_by(extra, "a component has one kind; remove this one");
            }
            vocab::<ComponentKind>(cx, &kind.to_string(), kind.span())
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
    reject_positional(args, "data_flow");
    let to = take_ref(args, TO, RefKind::Component, refs);
    if to.is_none() && !args.has(TO) {
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
        .and_then(|(text, span)| vocab::<Destination>(cx, &text, span));
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
