//! Functions (parameters, return types, calls) and types (fields) of a crate.

use threatmodel_core::facts::CrateFacts;

use crate::source::{Crate, Workspace};

/// Adds the functions and types of `krate` to `facts`.
pub(crate) fn read(_workspace: &Workspace, _krate: &Crate, _facts: &mut CrateFacts) {}
