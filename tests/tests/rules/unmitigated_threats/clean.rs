//! The twin of `fires.rs` with every mitigation part of the model.

use threatmodel::{mitigation, threat};

/// Resolves statement paths inside the statements directory only.
#[mitigation(path_confinement)]
pub fn confine_to_statements() {}

/// Escapes values before they reach the report template.
#[mitigation(output_encoding)]
pub fn encode_report_values() {}

/// Checks report parameters against their declared types.
#[mitigation(input_validation)]
pub fn validate_report_parameters() {}

/// Reads a customer's monthly statement from disk.
#[threat(path_traversal, mitigated_by = confine_to_statements)]
pub fn read_statement() {}

/// Renders a report.
#[threat(injection, mitigated_by = [validate_report_parameters, encode_report_values])]
pub fn render_report() {}
