//! The calls in a fn's body, resolved by name.
//!
//! A call is [`Call::Fn`] when the callee can be named:
//! - a path call (`f(..)`, `module::f(..)`, `Type::assoc(..)`, `<T as Trait>::f(..)`),
//!   resolved through the module's scope, with `Self` standing for the impl's type;
//! - a fn named as a value (`.map(check)`, `from_fn(auth::require)`), when it is a fn read;
//! - a method call on a value whose type is known: `self`, a parameter, a `let x: T`, a
//!   binding of a pattern that destructures such a value (`State(state): State<AppState>`, a
//!   tuple struct with one generic argument binds it, as axum's extractors do; `Some(x)` and
//!   `Ok(x)` of an `Option` or `Result`; struct patterns of structs read), a field of a struct
//!   read (`state.db`), the result of a fn read with its declared return type (through `.await`
//!   of an async fn and `?` of an `Option` or `Result`). Through `Box`, `Arc` and `Rc`, the
//!   method of the type pointed to is taken if it is read. A method of a type whose method was
//!   not read (an external type, a derived or default method) is named `Type::method`;
//! - a method call on a named value of unknown type (a variable or a field of one, such as an
//!   untyped closure parameter or loop variable; not the result of a chain of calls) whose name
//!   is the name of exactly one method of the inherent impls read in the workspace: resolved by
//!   name alone. This may take an external type's method of the same name for the
//!   workspace's; trait methods are never resolved so.
//!
//! Everything else is [`Call::Unknown`] with the callee as written: a method of a value of
//! unknown type (not named once among inherent methods), of a trait object, `impl Trait` or
//! generic parameter, a call of a closure or fn pointer held in a variable, a call of a computed
//! callee, and a macro other than the well-known formatting, assertion and logging macros (whose
//! arguments are read as expressions; `tracing`'s `field = %value` syntax included).
//!
//! A tuple struct or enum variant built with call syntax (`Json(item)`, `Some(x)`,
//! `AppError::NotFound(id)`) is not a call: a path whose last segment starts with an upper-case
//! letter is taken to be one, by Rust's naming convention. Calls inside closures count as the
//! fn's own; `?`, `.await` and results ignored (`let _ = check(..)`) change nothing. Each call
//! is listed once, in source order (an unknown once per line).

use std::cell::RefCell;
use std::collections::HashMap;

use quote::ToTokens as _;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use threatmodel_core::facts::{Call, Unknown};

use super::Index;
use super::signature::{ASYNC_OUTPUT, Ty, TypeContext, is_option_or_result};
use super::walk::FnItem;
use crate::cfg::Cfg;
use crate::source::location;

/// Macros whose arguments are comma-separated expressions (formatting, assertions, logging),
/// by the last segment of their path.
const EXPRESSION_MACROS: &[&str] = &[
    "anyhow",
    "assert",
    "assert_eq",
    "assert_ne",
    "bail",
    "dbg",
    "debug",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "ensure",
    "eprint",
    "eprintln",
    "error",
    "event",
    "format",
    "format_args",
    "format_err",
    "info",
    "panic",
    "print",
    "println",
    "todo",
    "trace",
    "unimplemented",
    "unreachable",
    "vec",
    "warn",
    "write",
    "writeln",
];

/// Macros that evaluate nothing at run time.
const INERT_MACROS: &[&str] = &[
    "cfg",
    "column",
    "concat",
    "env",
    "file",
    "include_bytes",
    "include_str",
    "line",
    "module_path",
    "option_env",
    "stringify",
];

/// The calls of `item`'s body; statements behind a `cfg` that cannot be decided are read, with
/// an [`Unknown`] in `unknowns`.
pub(super) fn calls(item: &FnItem<'_>, index: &Index, unknowns: &mut Vec<Unknown>) -> Vec<Call> {
    let cx = item.context();
    let self_ty = item.self_ty.as_ref().map(|path| Ty {
        path: path.clone(),
        args: Vec::new(),
        is_trait: item.self_is_trait,
    });
    let mut reader = Reader {
        cx,
        index,
        cfg: item.cfg,
        file: &item.module.file,
        self_ty,
        locals: Vec::new(),
        calls: Vec::new(),
        unknowns,
        receiver_texts: HashMap::new(),
        bindings_version: 0,
        method_call_types: RefCell::default(),
    };
    for input in &item.sig.inputs {
        if let syn::FnArg::Typed(pt) = input {
            let ty = reader.cx.ty(&pt.ty);
            reader.bind(&pt.pat, ty);
        }
    }
    reader.visit_block(item.block);
    reader.calls
}

struct Reader<'a, 'u> {
    cx: TypeContext<'a>,
    index: &'a Index,
    cfg: &'a Cfg,
    file: &'a str,
    /// The type of `self`.
    self_ty: Option<Ty>,
    /// Bindings in scope, innermost last; `None` for a binding of unknown type (it still hides
    /// an outer one).
    locals: Vec<(String, Option<Ty>)>,
    calls: Vec<Call>,
    unknowns: &'u mut Vec<Unknown>,
    /// The ends of the texts of the method calls rendered so far, by the address of their
    /// expression (see [`Reader::text_end`]).
    receiver_texts: HashMap<usize, String>,
    /// Changes whenever `locals` changes, so that a type worked out under other bindings is
    /// not taken for the type now.
    bindings_version: u64,
    /// The types of the method calls worked out so far, by the address of their expression,
    /// with the `bindings_version` they were worked out under: in a chain of calls, each
    /// link's receiver is the previous link, whose type was just worked out.
    method_call_types: RefCell<HashMap<usize, (u64, Option<Ty>)>>,
}

impl Reader<'_, '_> {
    fn record(&mut self, call: Call) {
        if !self.calls.contains(&call) {
            self.calls.push(call);
        }
    }

    fn unknown(&mut self, text: String, span: proc_macro2::Span) {
        let line = u32::try_from(span.start().line).unwrap_or(u32::MAX);
        self.record(Call::Unknown { text, line });
    }

    /// The last `SHORT + 1` characters of [`compact`]'s text of `expr`, enough for
    /// [`shorten`] to give what it gives of the whole text.
    ///
    /// A method call's text is its receiver's text followed by `.method(args)`, so the text of
    /// each call of a chain (`Router::new().route(..).route(..)...`, the receiver of the next
    /// call) is its receiver's, kept from when that call was read, plus its own end: one
    /// rendering of each link instead of one of the whole chain so far for every link.
    fn text_end(&mut self, expr: &syn::Expr) -> String {
        let syn::Expr::MethodCall(call) = expr else {
            return last_chars(compact(expr));
        };
        if !call.attrs.is_empty() {
            return last_chars(compact(expr));
        }
        let key = std::ptr::from_ref(expr) as usize;
        if let Some(text) = self.receiver_texts.get(&key) {
            return text.clone();
        }
        // What `syn` prints for a method call after its receiver.
        let mut own = proc_macro2::TokenStream::new();
        call.dot_token.to_tokens(&mut own);
        call.method.to_tokens(&mut own);
        if let Some(turbofish) = &call.turbofish {
            turbofish.to_tokens(&mut own);
        }
        call.paren_token
            .surround(&mut own, |tokens| call.args.to_tokens(tokens));
        let mut text = self.text_end(&call.receiver);
        write_compact(own, &mut text);
        let text = last_chars(text);
        self.receiver_texts.insert(key, text.clone());
        text
    }

    /// Binds `name` to a value of type `ty`, hiding any outer binding of that name.
    fn push_local(&mut self, name: String, ty: Option<Ty>) {
        self.locals.push((name, ty));
        self.bindings_version += 1;
    }

    /// Drops the bindings made since there were `mark`.
    fn truncate_locals(&mut self, mark: usize) {
        if self.locals.len() > mark {
            self.locals.truncate(mark);
            self.bindings_version += 1;
        }
    }

    /// The binding `name` in scope: `Some(None)` for a local of unknown type, `None` when it is
    /// not a local.
    fn local(&self, name: &str) -> Option<Option<&Ty>> {
        self.locals
            .iter()
            .rev()
            .find(|(local, _)| local == name)
            .map(|(_, ty)| ty.as_ref())
    }

    /// Binds the names of `pat`, matched against a value of type `ty`.
    fn bind(&mut self, pat: &syn::Pat, ty: Option<Ty>) {
        match pat {
            syn::Pat::Ident(p) => {
                if let Some((_, sub)) = &p.subpat {
                    self.bind(sub, ty.clone());
                }
                self.push_local(p.ident.to_string(), ty);
            }
            syn::Pat::Type(pt) => {
                let ty = self.cx.ty(&pt.ty);
                self.bind(&pt.pat, ty);
            }
            syn::Pat::Reference(r) => self.bind(&r.pat, ty),
            syn::Pat::Paren(p) => self.bind(&p.pat, ty),
            syn::Pat::TupleStruct(ts) => {
                let name = ts.path.segments.last().map(|s| s.ident.to_string());
                for (position, elem) in ts.elems.iter().enumerate() {
                    let elem_ty = ty
                        .as_ref()
                        .and_then(|ty| self.tuple_field(ty, name.as_deref(), position));
                    self.bind(elem, elem_ty);
                }
            }
            syn::Pat::Struct(ps) => {
                for field in &ps.fields {
                    let field_ty = match (&ty, &field.member) {
                        (Some(ty), syn::Member::Named(name)) => self.field(ty, &name.to_string()),
                        (Some(ty), syn::Member::Unnamed(index)) => {
                            self.field(ty, &index.index.to_string())
                        }
                        (None, _) => None,
                    };
                    self.bind(&field.pat, field_ty);
                }
            }
            other => {
                let mut names = BindingNames(Vec::new());
                names.visit_pat(other);
                for name in names.0 {
                    self.push_local(name, None);
                }
            }
        }
    }

    /// The type of field `position` of a tuple-struct pattern named `name` matched against a
    /// value of type `ty`.
    fn tuple_field(&self, ty: &Ty, name: Option<&str>, position: usize) -> Option<Ty> {
        if ty.is_trait {
            return None;
        }
        match (name, ty.name()) {
            (Some("Some"), "Option") | (Some("Ok"), "Result") if position == 0 => {
                return ty.first_arg().cloned();
            }
            (Some("Err"), "Result") if position == 0 => {
                return ty.args.get(1).cloned().flatten();
            }
            _ => {}
        }
        if self.index.fields.contains_key(&ty.path) {
            return self.field(ty, &position.to_string());
        }
        // An external newtype over its one generic argument (axum's `State(x): State<T>`).
        if name == Some(ty.name()) && ty.args.len() == 1 && position == 0 {
            return ty.first_arg().cloned();
        }
        None
    }

    /// The type of field `name` of a value of type `ty`, or of what it derefs to.
    fn field(&self, ty: &Ty, name: &str) -> Option<Ty> {
        self.derefs(ty).into_iter().find_map(|ty| {
            let fields = self.index.fields.get(&ty.path)?;
            Some(fields.iter().find(|(n, _)| n == name)?.1.clone())
        })?
    }

    /// `ty` and what method calls and field accesses on it may auto-deref to: through `Box`,
    /// `Arc` and `Rc`, and through any type not read that has one generic argument that is not
    /// a trait (rocket's `&State<T>`, a `MutexGuard<T>`), outermost first. A trait ends it.
    fn derefs<'t>(&self, ty: &'t Ty) -> Vec<&'t Ty> {
        let mut chain = vec![ty];
        let mut current = ty;
        while chain.len() < 8 && !current.is_trait {
            let next = current.pointee().or_else(|| {
                if self.index.fields.contains_key(&current.path) || current.args.len() != 1 {
                    None
                } else {
                    current.first_arg().filter(|arg| !arg.is_trait)
                }
            });
            match next {
                Some(next) => {
                    chain.push(next);
                    current = next;
                }
                None => break,
            }
        }
        chain
    }

    /// A type alias read, replaced by the type it stands for.
    fn unalias(&self, ty: Ty) -> Ty {
        let mut ty = ty;
        for _ in 0..8 {
            if ty.is_trait || !self.index.aliases.contains(&ty.path) {
                break;
            }
            let aliased = self
                .index
                .fields
                .get(&ty.path)
                .and_then(|fields| fields.first())
                .and_then(|(_, aliased)| aliased.clone());
            match aliased {
                Some(aliased) => ty = aliased,
                None => break,
            }
        }
        ty
    }

    /// The type of the value of `expr`, when it can be followed.
    fn expr_type(&self, expr: &syn::Expr) -> Option<Ty> {
        let ty = match expr {
            syn::Expr::Path(p) if p.qself.is_none() => {
                let ident = p.path.get_ident()?.to_string();
                if ident == "self" {
                    return self.self_ty.clone();
                }
                self.local(&ident)??.clone()
            }
            syn::Expr::Field(f) => {
                let base = self.expr_type(&f.base)?;
                let name = match &f.member {
                    syn::Member::Named(name) => name.to_string(),
                    syn::Member::Unnamed(index) => index.index.to_string(),
                };
                self.field(&base, &name)?
            }
            syn::Expr::Call(c) => {
                let syn::Expr::Path(p) = &*c.func else {
                    return None;
                };
                match self.path_callee(p) {
                    Callee::Fn(path) => self.index.fns.get(&path)?.clone()?,
                    Callee::Constructor(path) => Ty::named(path),
                    Callee::Unknown => return None,
                }
            }
            syn::Expr::MethodCall(m) => {
                let key = std::ptr::from_ref(expr) as usize;
                if let Some((version, ty)) = self.method_call_types.borrow().get(&key)
                    && *version == self.bindings_version
                {
                    return ty.clone();
                }
                let ty = self.method_call_type(m);
                self.method_call_types
                    .borrow_mut()
                    .insert(key, (self.bindings_version, ty.clone()));
                return ty;
            }
            syn::Expr::Await(a) => {
                let future = self.expr_type(&a.base)?;
                if future.path != ASYNC_OUTPUT {
                    return None;
                }
                future.first_arg()?.clone()
            }
            syn::Expr::Try(t) => {
                let ty = self.expr_type(&t.expr)?;
                if !is_option_or_result(&ty.path) {
                    return None;
                }
                ty.first_arg()?.clone()
            }
            syn::Expr::Reference(r) => self.expr_type(&r.expr)?,
            syn::Expr::Paren(p) => self.expr_type(&p.expr)?,
            syn::Expr::Group(g) => self.expr_type(&g.expr)?,
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                let ty = self.expr_type(&u.expr)?;
                ty.pointee().cloned().unwrap_or(ty)
            }
            syn::Expr::Struct(s) if s.qself.is_none() => Ty::named(self.cx.resolve(&s.path)?),
            syn::Expr::Cast(c) => self.cx.ty(&c.ty)?,
            syn::Expr::Lit(l) => match &l.lit {
                syn::Lit::Str(_) => Ty::named("str"),
                syn::Lit::Bool(_) => Ty::named("bool"),
                syn::Lit::Char(_) => Ty::named("char"),
                _ => return None,
            },
            syn::Expr::Macro(m) if m.mac.path.is_ident("format") => Ty::named("String"),
            _ => return None,
        };
        Some(self.unalias(ty))
    }

    /// The type of the value of method call `m` (see [`Reader::expr_type`]).
    fn method_call_type(&self, m: &syn::ExprMethodCall) -> Option<Ty> {
        // `x.clone()` (with no `clone` of the workspace's own on `x`'s type) has `x`'s
        // type (`Clone::clone`, derived or a library's).
        if m.method == "clone" && m.args.is_empty() {
            let receiver = self.expr_type(&m.receiver)?;
            let own = self
                .method_callee(&m.receiver, "clone")
                .filter(|path| self.index.fns.contains_key(path));
            if own.is_none() {
                return Some(receiver);
            }
        }
        let path = self.method_callee(&m.receiver, &m.method.to_string())?;
        let ty = self.index.fns.get(&path)?.clone()?;
        Some(self.unalias(ty))
    }

    /// What a path in call position calls.
    fn path_callee(&self, p: &syn::ExprPath) -> Callee {
        let last = p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        if let Some(qself) = &p.qself {
            // `<Type as Trait>::f`: the method of the type.
            return match self.cx.ty(&qself.ty) {
                Some(ty) if !ty.is_trait => Callee::Fn(format!("{}::{last}", ty.path)),
                _ => Callee::Unknown,
            };
        }
        let segments: Vec<String> = p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if let [name] = segments.as_slice()
            && self.local(name).is_some()
        {
            // A closure or fn pointer in a variable.
            return Callee::Unknown;
        }
        let Some(path) = self.cx.resolve_segments(&segments) else {
            return Callee::Unknown;
        };
        if last.starts_with(|c: char| c.is_uppercase()) {
            Callee::Constructor(path)
        } else {
            Callee::Fn(path)
        }
    }

    /// The path of method `name` called on `receiver`; `None` when it cannot be named.
    fn method_callee(&self, receiver: &syn::Expr, name: &str) -> Option<String> {
        let Some(ty) = self.expr_type(receiver) else {
            if !is_named_value(receiver) {
                return None;
            }
            let mut candidates = self.index.inherent.get(name)?.iter();
            return match (candidates.next(), candidates.next()) {
                (Some(only), None) => Some(only.clone()),
                _ => None,
            };
        };
        if ty.path == ASYNC_OUTPUT {
            // A method of a future not awaited.
            return None;
        }
        for inner in self.derefs(&ty) {
            if inner.is_trait {
                // A method of a trait object, `impl Trait` or generic parameter.
                return None;
            }
            let path = format!("{}::{name}", inner.path);
            if self.index.fns.contains_key(&path) {
                return Some(path);
            }
            if inner.pointee().is_none() && self.index.fields.contains_key(&inner.path) {
                // A type read without that method: a derived or trait default method.
                break;
            }
        }
        Some(format!("{}::{name}", ty.path))
    }

    /// Reads the arguments of macro `mac` as expressions when it is a formatting, assertion or
    /// logging macro; any other macro (or arguments that do not parse) is an unknown call.
    fn macro_call(&mut self, mac: &syn::Macro) {
        let name = mac
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::");
        let last = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let span = mac.path.span();
        if INERT_MACROS.contains(&last.as_str()) {
            return;
        }
        if !EXPRESSION_MACROS.contains(&last.as_str()) && last != "matches" {
            self.unknown(format!("{name}!"), span);
            return;
        }
        let mut arguments = split_arguments(mac.tokens.clone());
        if last == "matches" {
            // `matches!(value, pattern)`: only the value is evaluated.
            arguments.truncate(1);
        }
        for argument in arguments {
            match parse_argument(argument) {
                Some(expr) => {
                    self.visit_expr(&expr);
                    // What is kept by address: the next argument parsed may take the same.
                    self.receiver_texts.clear();
                    self.method_call_types.get_mut().clear();
                }
                None => self.unknown(format!("{name}!"), span),
            }
        }
    }

    /// Whether a statement or arm with `attrs` is built; an undecidable `cfg` is read, with an
    /// unknown.
    fn enabled(&mut self, attrs: &[syn::Attribute], span: proc_macro2::Span) -> bool {
        match self.cfg.holds_for(attrs) {
            Some(enabled) => enabled,
            None => {
                self.unknowns.push(Unknown {
                    what: "a statement is behind a `cfg` the reader cannot evaluate; its calls are read as if enabled".into(),
                    location: location(self.file, span),
                });
                true
            }
        }
    }
}

/// What a path in call position calls.
enum Callee {
    /// A fn or method, by absolute path.
    Fn(String),
    /// A tuple struct or variant built with call syntax.
    Constructor(String),
    /// A local closure or fn pointer, a generic parameter's function, `Self` outside an impl.
    Unknown,
}

impl<'ast> Visit<'ast> for Reader<'_, '_> {
    fn visit_item(&mut self, _item: &'ast syn::Item) {
        // A fn or impl inside the body is not part of this fn.
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        let mark = self.locals.len();
        visit::visit_block(self, block);
        self.truncate_locals(mark);
    }

    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        let attrs: &[syn::Attribute] = match stmt {
            syn::Stmt::Local(local) => &local.attrs,
            syn::Stmt::Macro(mac) => &mac.attrs,
            syn::Stmt::Expr(expr, _) => expr_attrs(expr),
            syn::Stmt::Item(_) => &[],
        };
        if self.enabled(attrs, stmt.span()) {
            visit::visit_stmt(self, stmt);
        }
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        let ty = match &local.pat {
            syn::Pat::Type(_) => None,
            _ => local
                .init
                .as_ref()
                .and_then(|init| self.expr_type(&init.expr)),
        };
        self.bind(&local.pat, ty);
    }

    fn visit_expr_closure(&mut self, closure: &'ast syn::ExprClosure) {
        let mark = self.locals.len();
        for input in &closure.inputs {
            self.bind(input, None);
        }
        self.visit_expr(&closure.body);
        self.truncate_locals(mark);
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        self.visit_expr(&m.expr);
        let ty = self.expr_type(&m.expr);
        for arm in &m.arms {
            if !self.enabled(&arm.attrs, arm.pat.span()) {
                continue;
            }
            let mark = self.locals.len();
            self.bind(&arm.pat, ty.clone());
            if let Some((_, guard)) = &arm.guard {
                self.visit_expr(guard);
            }
            self.visit_expr(&arm.body);
            self.truncate_locals(mark);
        }
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        let mark = self.locals.len();
        self.bind(&f.pat, None);
        self.visit_block(&f.body);
        self.truncate_locals(mark);
    }

    fn visit_expr_let(&mut self, l: &'ast syn::ExprLet) {
        // `if let` / `while let`: the bindings stay in scope to the end of the enclosing block,
        // which may hide an outer binding longer than Rust does (its type is then unknown).
        self.visit_expr(&l.expr);
        let ty = self.expr_type(&l.expr);
        self.bind(&l.pat, ty);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        match &*call.func {
            syn::Expr::Path(p) => {
                match self.path_callee(p) {
                    Callee::Fn(path) => self.record(Call::Fn { path }),
                    Callee::Constructor(_) => {}
                    Callee::Unknown => self.unknown(compact(&p.path), p.span()),
                }
                if let Some(qself) = &p.qself {
                    self.visit_type(&qself.ty);
                }
            }
            func => {
                self.unknown(compact(func), func.span());
                self.visit_expr(func);
            }
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.visit_expr(&call.receiver);
        let name = call.method.to_string();
        match self.method_callee(&call.receiver, &name) {
            Some(path) => self.record(Call::Fn { path }),
            None => {
                let receiver = shorten(&self.text_end(&call.receiver));
                self.unknown(format!("{receiver}.{name}"), call.method.span());
            }
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        // A fn named as a value: `.map(check)`, `from_fn(auth::require)`.
        if let Callee::Fn(path) = self.path_callee(p)
            && self.index.fns.contains_key(&path)
        {
            self.record(Call::Fn { path });
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.macro_call(mac);
    }
}

/// Whether `expr` names a value (`x`, `x.field`, through `&`, `*`, `?` and `.await`): a value
/// of unknown type whose methods may be resolved by name; the result of a chain of unresolved
/// calls (iterator adapters, builders) is not.
fn is_named_value(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Path(p) => p.qself.is_none() && p.path.get_ident().is_some(),
        syn::Expr::Field(f) => is_named_value(&f.base),
        syn::Expr::Reference(r) => is_named_value(&r.expr),
        syn::Expr::Unary(u) => is_named_value(&u.expr),
        syn::Expr::Paren(p) => is_named_value(&p.expr),
        syn::Expr::Try(t) => is_named_value(&t.expr),
        syn::Expr::Await(a) => is_named_value(&a.base),
        _ => false,
    }
}

/// The names a pattern binds.
struct BindingNames(Vec<String>);

impl<'ast> Visit<'ast> for BindingNames {
    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        self.0.push(p.ident.to_string());
        visit::visit_pat_ident(self, p);
    }
}

/// The attributes of an expression statement, for its `cfg`.
fn expr_attrs(expr: &syn::Expr) -> &[syn::Attribute] {
    match expr {
        syn::Expr::Assign(e) => &e.attrs,
        syn::Expr::Await(e) => &e.attrs,
        syn::Expr::Block(e) => &e.attrs,
        syn::Expr::Call(e) => &e.attrs,
        syn::Expr::ForLoop(e) => &e.attrs,
        syn::Expr::If(e) => &e.attrs,
        syn::Expr::Macro(e) => &e.attrs,
        syn::Expr::Match(e) => &e.attrs,
        syn::Expr::MethodCall(e) => &e.attrs,
        syn::Expr::Return(e) => &e.attrs,
        syn::Expr::Try(e) => &e.attrs,
        syn::Expr::Unsafe(e) => &e.attrs,
        syn::Expr::While(e) => &e.attrs,
        _ => &[],
    }
}

/// A macro's arguments, split at the commas and semicolons outside any group.
fn split_arguments(tokens: proc_macro2::TokenStream) -> Vec<proc_macro2::TokenStream> {
    let mut arguments = Vec::new();
    let mut current = proc_macro2::TokenStream::new();
    for token in tokens {
        match &token {
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == ';' => {
                arguments.push(std::mem::take(&mut current));
            }
            _ => current.extend([token]),
        }
    }
    if !current.is_empty() {
        arguments.push(current);
    }
    arguments
}

/// One macro argument as an expression: `tracing`'s `name = value`, `a.b = %value`,
/// `?value` and `target: "x"` forms are reduced to the value.
fn parse_argument(argument: proc_macro2::TokenStream) -> Option<syn::Expr> {
    use proc_macro2::{Spacing, TokenTree};
    let tokens: Vec<TokenTree> = argument.into_iter().collect();
    let mut start = 0;
    // `ident(.ident)* =` (not `==`) or `ident:` (not `::`).
    let mut i = 0;
    while let Some(TokenTree::Ident(_)) = tokens.get(i) {
        match tokens.get(i + 1) {
            Some(TokenTree::Punct(p)) if p.as_char() == '.' => i += 2,
            Some(TokenTree::Punct(p)) if p.as_char() == '=' && p.spacing() == Spacing::Alone => {
                start = i + 2;
                break;
            }
            Some(TokenTree::Punct(p))
                if p.as_char() == ':' && p.spacing() == Spacing::Alone && i == 0 =>
            {
                start = i + 2;
                break;
            }
            _ => break,
        }
    }
    if let Some(TokenTree::Punct(p)) = tokens.get(start)
        && (p.as_char() == '%' || p.as_char() == '?')
    {
        start += 1;
    }
    let rest: proc_macro2::TokenStream = tokens.into_iter().skip(start).collect();
    if rest.is_empty() {
        return None;
    }
    syn::parse2::<syn::Expr>(rest).ok()
}

/// Source text of `node` from its tokens, with spaces only between words.
fn compact(node: &dyn quote::ToTokens) -> String {
    let mut out = String::new();
    write_compact(node.to_token_stream(), &mut out);
    out
}

/// Appends the text of `tokens` to `out` as [`compact`] does, as if `out` held the text of the
/// tokens before them (a space between two words).
fn write_compact(tokens: proc_macro2::TokenStream, out: &mut String) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                    proc_macro2::Delimiter::Bracket => ("[", "]"),
                    proc_macro2::Delimiter::Brace => ("{", "}"),
                    proc_macro2::Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_compact(g.stream(), out);
                out.push_str(close);
            }
            proc_macro2::TokenTree::Punct(p) => out.push(p.as_char()),
            word => {
                if out.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '"') {
                    out.push(' ');
                }
                out.push_str(&word.to_string());
            }
        }
    }
}

/// The characters [`shorten`] keeps of a text, one more to say it was longer.
const SHORT: usize = 48;

/// The last `SHORT + 1` characters of `text`.
fn last_chars(mut text: String) -> String {
    let count = text.chars().count();
    if count > SHORT + 1 {
        let cut = text
            .char_indices()
            .nth(count - (SHORT + 1))
            .map_or(0, |(at, _)| at);
        text.drain(..cut);
    }
    text
}

/// `text` cut to its last `SHORT` characters, after an ellipsis.
fn shorten(text: &str) -> String {
    let count = text.chars().count();
    if count <= SHORT {
        return text.to_owned();
    }
    let tail: String = text.chars().skip(count - SHORT).collect();
    format!("…{tail}")
}
