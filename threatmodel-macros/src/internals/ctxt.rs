//! Error context: collects every error of one expansion so that all are reported at once.

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::Span;
use quote::ToTokens;

/// Collects errors while an annotation is parsed and checked.
///
/// Dropping a context that still holds errors without calling [`Ctxt::check`] is a bug in this
/// crate, so it panics (as serde_derive's does): an error must never be lost silently.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    pub(crate) fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Records an error spanning the tokens of `obj`.
    pub(crate) fn error_spanned_by<T: ToTokens, M: Display>(&self, obj: T, msg: M) {
        self.syn_error(syn::Error::new_spanned(obj.into_token_stream(), msg));
    }

    /// Records an error at `span`.
    pub(crate) fn error_at<M: Display>(&self, span: Span, msg: M) {
        self.syn_error(syn::Error::new(span, msg));
    }

    /// Records an already built error (e.g. from syn's parser).
    pub(crate) fn syn_error(&self, err: syn::Error) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(err);
        }
    }

    /// Consumes the context: `Ok` when no error was recorded, else every error combined.
    ///
    /// An error whose message starts with `help: ` is folded into the error before it, as a
    /// `= help: ...` line under that error's message: proc macros cannot attach notes on stable
    /// Rust, and a separate `error: help: ...` would count as one more error.
    pub(crate) fn check(self) -> Result<(), syn::Error> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut parts: Vec<syn::Error> = Vec::new();
        for part in errors.into_iter().flatten() {
            let message = part.to_string();
            match (message.strip_prefix("help: "), parts.last_mut()) {
                (Some(help), Some(previous)) => {
                    *previous = respan(previous, &format!("{previous}\n= help: {help}"));
                }
                _ => parts.push(part),
            }
        }
        let mut iter = parts.into_iter();
        let Some(mut combined) = iter.next() else {
            return Ok(());
        };
        for rest in iter {
            combined.combine(rest);
        }
        Err(combined)
    }
}

/// A new error with `message`, underlining exactly what `error` underlines (start to end span,
/// read from the first and last tokens of its `compile_error!` expansion).
fn respan(error: &syn::Error, message: &str) -> syn::Error {
    let tokens: Vec<proc_macro2::TokenTree> = error.to_compile_error().into_iter().collect();
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return syn::Error::new(error.span(), message);
    };
    let mut start = proc_macro2::Punct::new('#', proc_macro2::Spacing::Alone);
    start.set_span(first.span());
    let mut end = proc_macro2::Punct::new('#', proc_macro2::Spacing::Alone);
    end.set_span(last.span());
    syn::Error::new_spanned(quote::quote!(#start #end), message)
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("forgot to check for errors");
        }
    }
}
