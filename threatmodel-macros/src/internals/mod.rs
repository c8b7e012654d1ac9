//! Parsing and checking of annotations; nothing here generates code.

pub(crate) mod assumption;
pub(crate) mod ast;
pub(crate) mod attr;
pub(crate) mod check;
pub(crate) mod ctxt;
pub(crate) mod fragment;
pub(crate) mod item;
pub(crate) mod location;
pub(crate) mod symbol;
