//! Attribute macros of [`threatmodel`](https://docs.rs/threatmodel): the threat model of an API,
//! written on the code it describes and checked by the compiler.
//!
//! Use them through the `threatmodel` crate, which re-exports them; this crate's generated code
//! names `::threatmodel::...` paths. Every macro gives the annotated item back unchanged (a
//! function gets `const _: () = { ... };` items at the start of its body, which cost nothing at
//! run time) and adds:
//! - a registry entry (the records of the attribute and of the `#[threat]`s below it, which it
//!   absorbs, as a JSON array) for `threatmodel::Model::collect()`;
//! - one line per reference path that rustc must resolve to an element of the right kind;
//! - a JSON fragment in `$THREATMODEL_EXPORT_DIR` when `cargo threatmodel` sets it.
//!
//! Errors read like rustc's own and point at the offending token; the item is still emitted so
//! the rest of the crate keeps type-checking.
//!
//! # Suppressing a rule on one item
//!
//! Every attribute (and every `declare!` entry) also accepts `allow(RULE, ..., reason = "...")`,
//! as rustc's `#[expect(lint, reason = "...")]` does: findings of the named rules of
//! `cargo threatmodel check` on the annotated item are reported as suppressed, with the reason,
//! and do not fail the check.
//!
//! ```ignore
//! #[endpoint("GET /healthz", boundary = Internet,
//!            allow(missing_rate_limiting, reason = "constant answer; the ingress limits probes"))]
//! pub async fn healthz() -> &'static str { "ok" }
//! ```
//!
//! - `RULE`: one or more rule names (`missing_rate_limiting`, not the id `TM0007`), each once.
//! - `reason` (required): why the finding does not apply here or is accepted; never blank.
//! - `allow(...)` may be written several times, in any of the item's attributes; it covers the
//!   whole item (a function's `#[endpoint]`s and `#[threat]`s alike), never other items.
//!
//! An unknown rule, a rule id, a missing or blank reason, an empty `allow()` and `allow`
//! written without parentheses are compile errors. Nothing is generated for an `allow` beyond
//! its record in the model (`Model::suppressions`).

mod declare;
mod expand;
mod internals;
mod marker;
mod mitigations;
mod verifies;

use internals::ast::Attribute;
use proc_macro::TokenStream;

/// Marks a type that holds data worth protecting.
///
/// `#[asset(LEVEL, data = "CLASS", confidentiality = LEVEL, integrity = LEVEL,
/// availability = LEVEL, owner = "...", name = "...", description = "...")]`
///
/// - `LEVEL` (required): `critical`, `high`, `medium` or `low`.
/// - `data`: `pii`, `credentials`, `financial`, `health`, `secret`, `internal` or `public`.
/// - `confidentiality`/`integrity`/`availability`: per-property levels (default: `LEVEL`).
/// - `allow(RULE, ..., reason = "...")`: suppresses findings of the named rules on this item (see
///   [the crate docs](crate#suppressing-a-rule-on-one-item)); may repeat.
///
/// Applies to structs, enums, unions and type aliases, and implements `threatmodel::Asset` so
/// `exposes = [...]`, `assets = [...]` and `data = [...]` paths can name the type.
#[proc_macro_attribute]
pub fn asset(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(Attribute::Asset, args.into(), item.into()).into()
}

/// Marks the code that *is* a security control: a validator, a middleware, a limiter.
///
/// `#[mitigation(CONTROL, ..., custom = "...", description = "...", marker = Name,
/// applies_to = "/admin/*", addresses = [threat_kind, ...])]`
///
/// - `CONTROL`: one or more control kinds of the catalogue (`authentication`,
///   `authorization`, `input_validation`, `rate_limiting`, ...), or `custom = "..."`.
/// - `marker`: the type-namespace name other annotations use, when the function's own name
///   clashes with a type or module of the same name (route macros of Rocket and actix-web).
/// - `applies_to`: route patterns a middleware covers.
/// - `addresses`: threat kinds addressed beyond the catalogue's mapping for the control kinds.
/// - `allow(RULE, ..., reason = "...")`: suppresses findings of the named rules on this item (see
///   [the crate docs](crate#suppressing-a-rule-on-one-item)); may repeat.
///
/// On a function, emits a hidden braced struct of the same name implementing
/// `threatmodel::Mitigation` (type namespace only, so it does not clash with the function, and a
/// `use` of the function imports it too). On a non-generic struct or enum, implements the trait
/// on the type. Methods are registered through [`macro@mitigations`] on the impl block.
///
/// When a type or module of the same name already stands in the module, rustc reports the
/// second definition: ``error[E0428]: the name `require_jwt` is defined multiple times``, pointing
/// at this attribute (E0255 for an imported module). Give the control another name with
/// `marker = RequireJwt` and reference that name. A route attribute of Rocket or actix-web below
/// the attribute (`#[get("/x")]`) is detected and reported with that advice.
#[proc_macro_attribute]
pub fn mitigation(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(Attribute::Mitigation, args.into(), item.into()).into()
}

/// Registers the `#[mitigation(...)]` methods of an impl block; threats name them `Type::method`.
///
/// The `#[mitigation]` attributes stay on the methods (and so must be in scope, like any
/// attribute), but expand to nothing there. They take the arguments of [`macro@mitigation`],
/// `allow(RULE, ..., reason = "...")` included, which suppresses findings on `Type::method`.
///
/// ```ignore
/// #[threatmodel::mitigations]
/// impl Db {
///     /// Binds every value; never formats SQL.
///     #[mitigation(parameterized_queries)]
///     pub fn insert_transfer(&self, t: &Transfer) -> Result<(), Error> { /* ... */ }
/// }
/// ```
#[proc_macro_attribute]
pub fn mitigations(args: TokenStream, item: TokenStream) -> TokenStream {
    mitigations::expand(args.into(), item.into()).into()
}

/// Records a threat to the annotated code and what was decided about it.
///
/// `#[threat(KIND, DISPOSITION, assets = [...], description = "...", severity = LEVEL)]`
///
/// - `KIND`: a catalogue threat kind (`bola`, `injection`, `ssrf`, `spoofing`, ...) or
///   `custom = "ID", stride = "tampering"`.
/// - `DISPOSITION`, exactly one:
///   - `mitigated_by = path` or `[paths]` (each a `#[mitigation]`), optionally `residual = "..."`;
///   - `accepted = "reason"`, optionally `owner = "..."`, `expires = "YYYY-MM-DD"`, `ticket`;
///   - `transferred = "to whom"`, optionally `ticket`;
///   - `open = "what is wrong"` with `ticket = "..."` (required): a known weakness, not fixed
///     yet, optionally `owner` and `expires = "YYYY-MM-DD"` (the date the fix is due). It
///     builds, and `cargo threatmodel check` reports it (`open_threat`).
/// - `allow(RULE, ..., reason = "...")`: suppresses findings of the named rules on this item (see
///   [the crate docs](crate#suppressing-a-rule-on-one-item)); may repeat.
///
/// A threat with no disposition is a compile error (`unmitigated threat`), and so is an `open`
/// threat without its `ticket`.
#[proc_macro_attribute]
pub fn threat(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(Attribute::Threat, args.into(), item.into()).into()
}

/// Marks a request handler as an API endpoint; may repeat for a handler mounted on several routes.
///
/// `#[endpoint("METHOD /path/{param}", boundary = Path, exposes = [Asset, ...],
/// auth = "required" | "optional" | "none", owner = "...", version = "...")]`
///
/// Without the route template, the route is read from a framework attribute below it
/// (`#[get("/x")]`, `#[post("/x")]`, `#[route("/x", ...)]`).
///
/// - `allow(RULE, ..., reason = "...")`: suppresses findings of the named rules on the handler (see
///   [the crate docs](crate#suppressing-a-rule-on-one-item)); may repeat.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(Attribute::Endpoint, args.into(), item.into()).into()
}

/// Marks a unit or braced struct as a trust boundary (a zone of equal trust).
///
/// `#[trust_boundary(parent = Path, name = "...", description = "...")]`
///
/// - `allow(RULE, ..., reason = "...")`: suppresses findings of the named rules on this item (see
///   [the crate docs](crate#suppressing-a-rule-on-one-item)); may repeat.
#[proc_macro_attribute]
pub fn trust_boundary(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(Attribute::TrustBoundary, args.into(), item.into()).into()
}

/// Marks a type as an architecture component.
///
/// `#[component(KIND, boundary = Path, name = "...", description = "...")]` where KIND is
/// `service`, `datastore`, `external_service`, `queue`, `cache` or `actor`.
///
/// - `allow(RULE, ..., reason = "...")`: suppresses findings of the named rules on this item (see
///   [the crate docs](crate#suppressing-a-rule-on-one-item)); may repeat.
#[proc_macro_attribute]
pub fn component(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(Attribute::Component, args.into(), item.into()).into()
}

/// Marks a function that moves data to (or from) a component.
///
/// `#[data_flow(to = Component, from = Component, data = [Asset, ...], protocol = "https",
/// encrypted, destination = "fixed" | "caller", bidirectional)]`
///
/// - `allow(RULE, ..., reason = "...")`: suppresses findings of the named rules on the function (see
///   [the crate docs](crate#suppressing-a-rule-on-one-item)); may repeat.
#[proc_macro_attribute]
pub fn data_flow(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(Attribute::DataFlow, args.into(), item.into()).into()
}

/// Declares elements that have no local item to carry an attribute.
///
/// ```ignore
/// threatmodel::declare! {
///     /// tower_governor layer on the router.
///     pub mitigation GovernorLimit(rate_limiting, applies_to = "/api/*");
///     pub component Postgres(datastore, boundary = DataCenter);
///     /// The ingress controller is the only route in; see the platform runbook.
///     assumption TlsAtIngress("TLS terminates at the load balancer", owner = "platform");
/// }
/// ```
///
/// Each entry takes its attribute's arguments, `allow(RULE, ..., reason = "...")` included
/// (suppressing findings on the declared element).
///
/// `assumption Name("text", owner = "...")` records what the threat model takes to hold without
/// the code showing it, or a statement of its scope: the text (a non-blank string literal) is
/// required, `owner` optional, the doc comment is its description. It is listed in the report's
/// "Assumptions and scope" section and in the JSON model (`assumptions`).
#[proc_macro]
pub fn declare(input: TokenStream) -> TokenStream {
    declare::expand(input.into()).into()
}

/// Marks a test as evidence that a control works: its outcome, when `cargo threatmodel` runs it
/// (`--run-tests`) or reads it from a JUnit report (`--test-results FILE`), is the control's
/// evidence.
///
/// `#[verifies(PATH)]`, `#[verifies(PATH, threat = KIND)]` or
/// `#[verifies(threat = KIND, endpoint = HANDLER)]`
///
/// - `PATH`: the `#[mitigation]` the test exercises, resolved by rustc as `mitigated_by` is (a
///   misspelt path, or one to an item that is not a mitigation, is a compile error at the path).
/// - `threat = KIND`: narrows the evidence to the threats of this kind citing the control; with
///   `endpoint`, the test verifies every control that threat on the handler cites.
/// - `endpoint = HANDLER`: the handler fn, checked in the value namespace.
///
/// Applies to test functions (`#[test]`, `#[tokio::test]`, ...), which stay ordinary tests: the
/// expansion adds a `const _: () = { ... };` of checks to the body and nothing else; it exists
/// only where test code is compiled. Write a negative test (another user's account is refused)
/// for an authorization control: a control whose result the handler ignores passes every test
/// that only tries the allowed case.
///
/// ```ignore
/// #[tokio::test]
/// #[threatmodel::verifies(ensure_owner, threat = bola)]
/// async fn another_users_account_is_refused() { /* ... */ }
/// ```
#[proc_macro_attribute]
pub fn verifies(args: TokenStream, item: TokenStream) -> TokenStream {
    verifies::expand(args.into(), item.into()).into()
}
