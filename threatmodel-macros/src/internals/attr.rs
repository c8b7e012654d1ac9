//! Argument parsing: turns `kind, key = value, key = [a, b]` into typed values with spans.
//!
//! The grammar is the same for every attribute: a comma separated list of positional arguments
//! (a bare identifier such as `critical`, or a string literal such as an endpoint's route) and
//! `key = value` pairs, where a value is a string literal, a boolean, a Rust path or a bracketed
//! list of those. Each key may appear once; [`Args::finish`] rejects keys nobody asked for.
//!
//! One argument is call-shaped, `allow(RULE, ..., reason = "...")`, accepted by every attribute
//! and any number of times; [`Args::allows`] holds them for `check::allow`. Any other name
//! written with parentheses is reported here, without stopping the other arguments' checks.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, LitBool, LitStr, Token, bracketed};
use threatmodel_core::vocabulary::backticked;

use super::ctxt::Ctxt;
use super::symbol::ALLOW;

/// One argument as written.
pub(crate) enum Arg {
    /// A bare identifier: `critical`, `authentication`, `encrypted`.
    Flag(Ident),
    /// A positional string literal: an endpoint's `"GET /path"`.
    Literal(LitStr),
    /// `key = value`.
    Pair(Ident, Value),
    /// `name(...)`: only `allow` takes this form; the contents are parsed when checked, so a
    /// syntax error inside one `allow(...)` leaves the other arguments to be checked.
    Call(Call),
}

/// A call-shaped argument, `name(tokens)`.
pub(crate) struct Call {
    pub(crate) name: Ident,
    pub(crate) paren: proc_macro2::extra::DelimSpan,
    pub(crate) tokens: TokenStream,
}

impl Call {
    /// The span from the name to the closing parenthesis, where errors about the whole argument
    /// point and the record of an `allow(...)` is placed.
    pub(crate) fn span(&self) -> (Span, Span) {
        (self.name.span(), self.paren.close())
    }

    /// The arguments of an `allow(...)`: an attribute's grammar, plus the namespaced rule names
    /// of custom rules (`team::no_public_admin`).
    pub(crate) fn allow_args(&self) -> syn::Result<Punctuated<AllowArg, Token![,]>> {
        Punctuated::<AllowArg, Token![,]>::parse_terminated.parse2(self.tokens.clone())
    }
}

/// One argument of `allow(...)`.
pub(crate) enum AllowArg {
    /// A path of two or more segments: a custom rule's namespaced name, which the CLI checks.
    Namespaced(syn::Path),
    /// Anything an attribute takes.
    Arg(Arg),
}

impl Parse for AllowArg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(Ident) && input.peek2(Token![::]) {
            Ok(AllowArg::Namespaced(input.parse()?))
        } else {
            Ok(AllowArg::Arg(input.parse()?))
        }
    }
}

impl ToTokens for Call {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.name.to_tokens(tokens);
        let mut group =
            proc_macro2::Group::new(proc_macro2::Delimiter::Parenthesis, self.tokens.clone());
        group.set_span(self.paren.join());
        group.to_tokens(tokens);
    }
}

/// The right-hand side of `key = value`.
pub(crate) enum Value {
    Str(LitStr),
    Bool(LitBool),
    Path(syn::Path),
    List(Span, Vec<Value>),
    /// Anything else; kept so the error can point at it.
    Other(TokenStream),
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitStr) {
            return Ok(Arg::Literal(input.parse()?));
        }
        let key = input.call(Ident::parse_any_ident)?;
        if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Ok(Arg::Pair(key, input.parse()?))
        } else if input.peek(syn::token::Paren) {
            let content;
            let paren = syn::parenthesized!(content in input);
            Ok(Arg::Call(Call {
                name: key,
                paren: paren.span,
                tokens: content.parse()?,
            }))
        } else {
            Ok(Arg::Flag(key))
        }
    }
}

/// `Ident::parse_any` without importing syn's ext trait into every caller.
trait ParseAnyIdent {
    fn parse_any_ident(input: ParseStream<'_>) -> syn::Result<Ident>;
}

impl ParseAnyIdent for Ident {
    fn parse_any_ident(input: ParseStream<'_>) -> syn::Result<Ident> {
        use syn::ext::IdentExt;
        if input.peek(Ident::peek_any) {
            Ident::parse_any(input)
        } else {
            Err(input.error("expected an argument name or a string literal"))
        }
    }
}

impl Parse for Value {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitStr) {
            Ok(Value::Str(input.parse()?))
        } else if input.peek(LitBool) {
            Ok(Value::Bool(input.parse()?))
        } else if input.peek(syn::token::Bracket) {
            let content;
            let bracket = bracketed!(content in input);
            let items = Punctuated::<Value, Token![,]>::parse_terminated(&content)?;
            Ok(Value::List(
                bracket.span.join(),
                items.into_iter().collect(),
            ))
        } else if input.peek(Ident)
            || input.peek(Token![::])
            || input.peek(Token![crate])
            || input.peek(Token![self])
            || input.peek(Token![super])
            || input.peek(Token![Self])
        {
            Ok(Value::Path(input.parse()?))
        } else {
            let mut tokens = TokenStream::new();
            while !input.is_empty() && !input.peek(Token![,]) && !input.peek(syn::token::Bracket) {
                let tt: proc_macro2::TokenTree = input.parse()?;
                tt.to_tokens(&mut tokens);
            }
            if tokens.is_empty() {
                return Err(input.error("expected a value"));
            }
            Ok(Value::Other(tokens))
        }
    }
}

impl ToTokens for Value {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Value::Str(lit) => lit.to_tokens(tokens),
            Value::Bool(lit) => lit.to_tokens(tokens),
            Value::Path(path) => path.to_tokens(tokens),
            Value::List(span, items) => {
                let mut inner = TokenStream::new();
                for item in items {
                    item.to_tokens(&mut inner);
                    <Token![,]>::default().to_tokens(&mut inner);
                }
                let mut group = proc_macro2::Group::new(proc_macro2::Delimiter::Bracket, inner);
                group.set_span(*span);
                group.to_tokens(tokens);
            }
            Value::Other(other) => other.to_tokens(tokens),
        }
    }
}

/// The arguments of one attribute, with each key taken at most once.
pub(crate) struct Args<'c> {
    cx: &'c Ctxt,
    attribute: &'static str,
    /// Flags and literals in the order written.
    pub(crate) positional: Vec<Arg>,
    keyed: Vec<(Ident, Value, bool)>,
    /// The `allow(...)` arguments, in the order written, contents not yet parsed.
    pub(crate) allows: Vec<Call>,
    /// The arguments do not parse; the syntax error is reported and nothing else is checked,
    /// since every further error would follow from it.
    pub(crate) malformed: bool,
}

impl<'c> Args<'c> {
    /// Parses `tokens` (the attribute's arguments). Keys listed in `flag_keys` may also be written
    /// bare (`encrypted` means `encrypted = true`). Duplicate keys are reported on `cx`.
    pub(crate) fn parse(
        cx: &'c Ctxt,
        attribute: &'static str,
        tokens: TokenStream,
        flag_keys: &[&str],
    ) -> Self {
        let mut args = Args {
            cx,
            attribute,
            positional: Vec::new(),
            keyed: Vec::new(),
            allows: Vec::new(),
            malformed: false,
        };
        let parsed = match Punctuated::<Arg, Token![,]>::parse_terminated.parse2(tokens) {
            Ok(parsed) => parsed,
            Err(err) => {
                cx.syn_error(err);
                args.malformed = true;
                return args;
            }
        };
        for arg in parsed {
            let arg = match arg {
                Arg::Call(call) if call.name == ALLOW => {
                    args.allows.push(call);
                    continue;
                }
                Arg::Call(call) => {
                    cx.syn_error(unknown_call(attribute, &call));
                    continue;
                }
                Arg::Flag(ident) if ident == ALLOW => {
                    cx.syn_error(allow_without_parentheses(&ident, None));
                    continue;
                }
                Arg::Pair(key, value) if key == ALLOW => {
                    cx.syn_error(allow_without_parentheses(&key, Some(&value)));
                    continue;
                }
                arg => arg,
            };
            let (key, value) = match arg {
                Arg::Flag(ident) if flag_keys.iter().any(|k| ident == k) => {
                    let value = Value::Bool(LitBool::new(true, ident.span()));
                    (ident, value)
                }
                Arg::Pair(key, value) => (key, value),
                positional => {
                    args.positional.push(positional);
                    continue;
                }
            };
            if args.keyed.iter().any(|(seen, _, _)| *seen == key) {
                cx.error_spanned_by(&key, format_args!("duplicate `{key}` argument"));
            } else {
                args.keyed.push((key, value, false));
            }
        }
        args
    }

    pub(crate) fn cx(&self) -> &'c Ctxt {
        self.cx
    }

    /// Takes the value of `key`, if written.
    pub(crate) fn take(&mut self, key: &str) -> Option<(Ident, Value)> {
        let entry = self
            .keyed
            .iter_mut()
            .find(|(k, _, taken)| k == key && !*taken)?;
        entry.2 = true;
        let value = std::mem::replace(&mut entry.1, Value::Other(TokenStream::new()));
        Some((entry.0.clone(), value))
    }

    /// Whether `key` was written (taken or not).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.keyed.iter().any(|(k, _, _)| k == key)
    }

    /// The key ident of `key`, if written, for spans.
    pub(crate) fn key(&self, key: &str) -> Option<Ident> {
        self.keyed
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(k, _, _)| k.clone())
    }

    /// Takes `key = "string"`.
    pub(crate) fn take_str(&mut self, key: &str) -> Option<LitStr> {
        let (ident, value) = self.take(key)?;
        expect_str(self.cx, &ident, value)
    }

    /// Takes `key = true|false` (or the bare flag).
    pub(crate) fn take_bool(&mut self, key: &str) -> Option<bool> {
        let (ident, value) = self.take(key)?;
        match value {
            Value::Bool(lit) => Some(lit.value),
            other => {
                let mut err = syn::Error::new_spanned(
                    &other,
                    format!("expected `true` or `false` for `{ident}`"),
                );
                err.combine(syn::Error::new_spanned(
                    &other,
                    format!("help: write `{ident}` alone for `{ident} = true`"),
                ));
                self.cx.syn_error(err);
                None
            }
        }
    }

    /// Takes `key = PATH`, `key = "PATH"`.
    pub(crate) fn take_path(&mut self, key: &str) -> Option<syn::Path> {
        let (ident, value) = self.take(key)?;
        expect_path(self.cx, &ident, value)
    }

    /// Takes `key = PATH`, `key = "PATH"` or `key = [PATH, "PATH", ...]`.
    pub(crate) fn take_paths(&mut self, key: &str) -> Option<(Ident, Vec<syn::Path>)> {
        let (ident, value) = self.take(key)?;
        let paths = match value {
            Value::List(span, items) => {
                if items.is_empty() {
                    let mut err = syn::Error::new(span, format!("empty `{ident}` list"));
                    err.combine(syn::Error::new(
                        span,
                        format!("help: name at least one path, or remove `{ident}`"),
                    ));
                    self.cx.syn_error(err);
                }
                items
                    .into_iter()
                    .filter_map(|item| expect_path(self.cx, &ident, item))
                    .collect()
            }
            single => expect_path(self.cx, &ident, single).into_iter().collect(),
        };
        Some((ident, paths))
    }

    /// Takes `key = "s"` or `key = ["a", "b"]`.
    pub(crate) fn take_strs(&mut self, key: &str) -> Vec<LitStr> {
        let Some((ident, value)) = self.take(key) else {
            return Vec::new();
        };
        match value {
            Value::List(_, items) => items
                .into_iter()
                .filter_map(|item| expect_str(self.cx, &ident, item))
                .collect(),
            single => expect_str(self.cx, &ident, single).into_iter().collect(),
        }
    }

    /// Takes `key = word`, `key = "word"` or a list of those, as (text, span) pairs.
    pub(crate) fn take_words(&mut self, key: &str) -> Vec<(String, Span)> {
        let Some((ident, value)) = self.take(key) else {
            return Vec::new();
        };
        let items = match value {
            Value::List(_, items) => items,
            single => vec![single],
        };
        items
            .into_iter()
            .filter_map(|item| word(self.cx, &ident, item))
            .collect()
    }

    /// Takes `key = word` or `key = "word"` as (text, span).
    pub(crate) fn take_word(&mut self, key: &str) -> Option<(String, Span)> {
        let (ident, value) = self.take(key)?;
        word(self.cx, &ident, value)
    }

    /// Reports every key not taken, listing the keys this attribute accepts.
    pub(crate) fn finish(self, accepted: &[&str]) {
        for (key, _, taken) in &self.keyed {
            if !taken {
                self.cx
                    .syn_error(unknown_argument(self.attribute, key, accepted));
            }
        }
    }
}

/// `name(...)` with a name other than `allow`.
fn unknown_call(attribute: &str, call: &Call) -> syn::Error {
    let name = &call.name;
    let mut err = syn::Error::new_spanned(
        call,
        format_args!("unknown argument `{name}(...)` for the `{attribute}` attribute"),
    );
    err.combine(syn::Error::new_spanned(
        call,
        "help: `allow(rule_name, reason = \"...\")` is the only argument written with parentheses",
    ));
    err
}

/// `allow` written bare or as `allow = value`, rather than `allow(RULE, reason = "...")`.
fn allow_without_parentheses(key: &Ident, value: Option<&Value>) -> syn::Error {
    let (found, rule, tokens) = match value {
        Some(value) => {
            let rule = match value {
                Value::Path(path) => path.get_ident().map(ToString::to_string),
                Value::Str(lit) => Some(lit.value()),
                _ => None,
            };
            (format!("`{key} = ...`"), rule, quote::quote!(#key = #value))
        }
        None => (format!("`{key}`"), None, key.to_token_stream()),
    };
    let rule = rule
        .filter(|rule| !rule.is_empty())
        .unwrap_or_else(|| "rule_name".to_owned());
    let mut err = syn::Error::new_spanned(
        &tokens,
        format_args!("expected `{key}(...)`, found {found}"),
    );
    err.combine(syn::Error::new_spanned(
        &tokens,
        format_args!(
            "help: name the rules in parentheses, with the reason: `{key}({rule}, reason = \"...\")`"
        ),
    ));
    err
}

/// ``unknown argument `x` for the `threat` attribute`` with the accepted list in a `help:`.
fn unknown_argument(attribute: &str, key: &Ident, accepted: &[&str]) -> syn::Error {
    let mut err = syn::Error::new(
        key.span(),
        format_args!("unknown argument `{key}` for the `{attribute}` attribute"),
    );
    err.combine(syn::Error::new(
        key.span(),
        format_args!(
            "help: the `{attribute}` attribute accepts {}",
            backticked(accepted)
        ),
    ));
    err
}

fn expect_str(cx: &Ctxt, key: &Ident, value: Value) -> Option<LitStr> {
    match value {
        Value::Str(lit) => Some(lit),
        other => {
            cx.error_spanned_by(
                &other,
                format_args!("expected a string literal for `{key}`"),
            );
            None
        }
    }
}

fn expect_path(cx: &Ctxt, key: &Ident, value: Value) -> Option<syn::Path> {
    match value {
        Value::Path(path) => Some(path),
        Value::Str(lit) => match lit.parse::<syn::Path>() {
            Ok(path) => Some(path),
            Err(_) => {
                cx.error_spanned_by(
                    &lit,
                    format_args!("expected a Rust path in `{key}`, found `{}`", lit.value()),
                );
                None
            }
        },
        other => {
            cx.error_spanned_by(&other, format_args!("expected a Rust path for `{key}`"));
            None
        }
    }
}

fn word(cx: &Ctxt, key: &Ident, value: Value) -> Option<(String, Span)> {
    match value {
        Value::Path(path) if path.get_ident().is_some() => {
            let ident = path.get_ident()?;
            Some((ident.to_string(), ident.span()))
        }
        Value::Str(lit) => Some((lit.value(), lit.span())),
        other => {
            cx.error_spanned_by(&other, format_args!("expected a name for `{key}`"));
            None
        }
    }
}
