//! A control that lives outside the model of `gaps.rs`, as one in an unselected crate would.

use threatmodel::mitigation;

/// Resolves attachment paths inside the attachments directory only.
#[mitigation(path_confinement)]
pub fn confine_attachments() {}
