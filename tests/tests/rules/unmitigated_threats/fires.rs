//! Threats whose mitigations are not part of the model: the `controls` module stands for code
//! outside the selection, so its mitigations are missing from this fixture's model.

use threatmodel::{mitigation, threat};

mod controls;

use controls::{confine_to_statements, encode_report_values};

/// Checks report parameters against their declared types.
#[mitigation(input_validation)]
pub fn validate_report_parameters() {}

/// Reads a customer's monthly statement from disk: its only mitigation is missing.
#[threat(path_traversal, mitigated_by = confine_to_statements)] //~ problem, unmitigated_threats
pub fn read_statement() {}

/// Renders a report: one of its two mitigations is present, so the threat is still mitigated.
#[threat(injection, mitigated_by = [validate_report_parameters, encode_report_values])] //~ problem
pub fn render_report() {}
