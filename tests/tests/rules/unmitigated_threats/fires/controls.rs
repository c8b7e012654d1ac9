//! Controls that live outside the fixture's model, as a crate left out of the selection would.

use threatmodel::mitigation;

/// Resolves statement paths inside the statements directory only.
#[mitigation(path_confinement)]
pub fn confine_to_statements() {}

/// Escapes values before they reach the report template.
#[mitigation(output_encoding)]
pub fn encode_report_values() {}
