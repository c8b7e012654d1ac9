//! Items the macros' generated code names. Not public API: no semver guarantees.

#[cfg(all(feature = "registry", not(target_family = "wasm")))]
pub use linkme;

use crate::{Asset, Component, Mitigation, TrustBoundary};

/// Every annotated item of the program: the JSON text of an array of `threatmodel_core::Record`s
/// (one macro expansion registers the attribute and the `#[threat]`s below it).
#[cfg(all(feature = "registry", not(target_family = "wasm")))]
#[linkme::distributed_slice]
pub static RECORDS: [(&'static str, &'static str)];

/// Registers the records of one expansion (JSON array text). Also reads `THREATMODEL_EXPORT_NONCE` so that
/// cargo re-checks annotated crates whenever `cargo threatmodel` asks for fresh fragments.
#[cfg(all(feature = "registry", not(target_family = "wasm")))]
#[macro_export]
#[doc(hidden)]
macro_rules! __register {
    ($record:literal) => {
        const _: ::core::option::Option<&str> = ::core::option_env!("THREATMODEL_EXPORT_NONCE");
        #[$crate::__private::linkme::distributed_slice($crate::__private::RECORDS)]
        #[linkme(crate = $crate::__private::linkme)]
        static __TM_RECORD: (&str, &str) = ($record, ::core::module_path!());
    };
}

/// Without the registry only the nonce is read; the record is dropped.
#[cfg(not(all(feature = "registry", not(target_family = "wasm"))))]
#[macro_export]
#[doc(hidden)]
macro_rules! __register {
    ($record:literal) => {
        const _: ::core::option::Option<&str> = ::core::option_env!("THREATMODEL_EXPORT_NONCE");
    };
}

pub use crate::__register as register;

/// Compiles only if `T` is a `#[mitigation]`.
pub const fn is_mitigation<T: ?Sized + Mitigation>() {}

/// Compiles only if `T` is an `#[asset]`.
pub const fn is_asset<T: ?Sized + Asset>() {}

/// Compiles only if `T` is a `#[trust_boundary]`.
pub const fn is_trust_boundary<T: ?Sized + TrustBoundary>() {}

/// Compiles only if `T` is a `#[component]`.
pub const fn is_component<T: ?Sized + Component>() {}

/// The name of a `#[mitigation]` method, as the FNV-1a hash of its text (const generics cannot
/// be strings on stable Rust).
pub struct Method<const H: u64>;

/// Implemented by `#[mitigations]`: `Method<H>: MitigationMethodOf<T>` for each `#[mitigation]`
/// method of `T` whose name hashes to `H`. The hash is the trait's `Self` so that rustc points
/// an error at the method name the check spans it with, not at the type.
#[diagnostic::on_unimplemented(
    message = "`{T}` has no `#[mitigation]` method of this name",
    label = "not a `#[mitigation]` method of `{T}`",
    note = "mark the method `#[mitigation(CONTROL)]` and its impl block `#[threatmodel::mitigations]`"
)]
pub trait MitigationMethodOf<T: ?Sized> {}

/// Compiles only if `T` has a `#[mitigation]` method whose name hashes to `H`.
pub const fn is_mitigation_method<T: ?Sized, const H: u64>()
where
    Method<H>: MitigationMethodOf<T>,
{
}
