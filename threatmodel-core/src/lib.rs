//! Vocabulary and annotation records shared by `threatmodel-macros` and `threatmodel`.
//!
//! The annotation grammar is parsed once, in the macros; what they produce is a [`Record`] per
//! annotation, serialized as JSON. The runtime (`Model::collect()`) and the `cargo threatmodel`
//! subcommand both read those records, so the vocabulary and the record shape live here, in the
//! one crate both sides depend on. The threat and control [`catalogue`] lives here too, because
//! the macros must reject unknown kinds at compile time and the runtime must describe them.

pub mod catalogue;
pub mod date;
pub mod facts;
pub mod record;
pub mod route;
pub mod rule_names;
pub mod vocabulary;

pub use catalogue::{CONTROL_KINDS, ControlKind, THREAT_KINDS, ThreatKind};
pub use record::{
    Annotation, Disposition, ItemKind, RECORD_FORMAT_VERSION, Record, RecordItem, SourceSpan,
    ThreatKindRef,
};
pub use vocabulary::{
    AuthRequirement, ComponentKind, DataClass, Destination, Level, Stride, UnknownValue,
};
