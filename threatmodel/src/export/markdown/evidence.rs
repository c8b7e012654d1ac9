//! The report's "Test evidence" section: each control's verifying tests and their outcomes, and
//! the evidence behind each mitigated threat's controls.

use threatmodel_core::Disposition;

use super::{Document, Report, cell_code, source_cell, text};
use crate::model::{Evidence, TestResults};

impl Report<'_> {
    /// `## Test evidence`, when the model has verifying tests or test results: one row per
    /// control (✅ verified by N tests, ❌ failing, ☐ not run, ignored or unknown, — none) with
    /// its tests, then one row per control of each mitigated threat, counting only the tests
    /// that cover that threat. Left out otherwise, so models without tests render as before.
    pub(super) fn test_evidence(&self, doc: &mut Document) {
        let model = self.model;
        if model.verifications.is_empty() && model.test_results.is_none() {
            return;
        }
        doc.heading(2, "Test evidence");
        doc.block(match &model.test_results {
            Some(TestResults::Run) => {
                "Outcomes of the `#[verifies]` tests, each run by `cargo threatmodel --run-tests`."
                    .to_owned()
            }
            Some(TestResults::Junit { file }) => format!(
                "Outcomes of the `#[verifies]` tests, read from the JUnit report {}; a test \
                 missing from it is _not run_.",
                cell_code(file)
            ),
            None => "The `#[verifies]` tests were not run: pass `--run-tests`, or \
                     `--test-results FILE` with a JUnit report, for their outcomes."
                .to_owned(),
        });
        let rows = model
            .mitigations
            .iter()
            .map(|mitigation| {
                let tests: Vec<_> = model
                    .verifications
                    .iter()
                    .filter(|v| v.mitigations.contains(&mitigation.id))
                    .collect();
                let listed: Vec<String> = tests
                    .iter()
                    .map(|test| {
                        let mut cell =
                            format!("{} ({})", cell_code(&test.id), test.status().as_str());
                        if let Some(reason) = test.outcome.as_ref().and_then(|o| o.reason.as_ref())
                        {
                            cell.push_str(&format!(": {}", text(reason)));
                        }
                        cell
                    })
                    .collect();
                vec![
                    cell_code(&mitigation.name),
                    Evidence::of(tests.iter().copied()).signal(),
                    if listed.is_empty() {
                        "_no verifying test_".to_owned()
                    } else {
                        listed.join("<br>")
                    },
                    source_cell(&mitigation.location),
                ]
            })
            .collect();
        doc.table(
            &["Mitigation", "Evidence", "Verifying tests", "Source"],
            rows,
        );
        let mut rows = Vec::new();
        for threat in &model.threats {
            let Disposition::Mitigated { by, .. } = &threat.disposition else {
                continue;
            };
            for id in by {
                rows.push(vec![
                    cell_code(&threat.id),
                    self.mitigation_name(id),
                    Evidence::of(model.verifications_of(id, threat)).signal(),
                ]);
            }
        }
        if !rows.is_empty() {
            doc.table(&["Threat", "Control", "Evidence"], rows);
        }
    }
}
