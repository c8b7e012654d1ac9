//! The route table of axum 0.6-0.8 routers.

use threatmodel_core::facts::CrateFacts;

use crate::source::{Crate, Workspace};

/// Adds the routes served by the axum 0.6-0.8 routers built in `krate` to `facts`.
pub(crate) fn read(_workspace: &Workspace, _krate: &Crate, _facts: &mut CrateFacts) {}
