//! The route table of Rocket 0.5 routers.

use threatmodel_core::facts::CrateFacts;

use crate::source::{Crate, Workspace};

/// Adds the routes served by the Rocket 0.5 routers built in `krate` to `facts`.
pub(crate) fn read(_workspace: &Workspace, _krate: &Crate, _facts: &mut CrateFacts) {}
