//! The in-process registry: every annotation linked into the running binary.

use threatmodel_core::Record;

use crate::model::{Location, Model, Problem};

impl Model {
    /// Returns the threat model of every annotated crate linked into the running binary.
    ///
    /// Reads the registry the macros fill at compile time (linkme distributed slice, feature
    /// `registry`, on by default). A crate never named in the program's source is not linked,
    /// so its annotations are absent. Without the feature, or on wasm, the model is empty.
    /// Records that cannot be read become [`Problem`]s in the model rather than panics.
    pub fn collect() -> Model {
        let mut problems = Vec::new();
        let records = registry_entries()
            .flat_map(|json| match serde_json::from_str::<Vec<Record>>(json) {
                Ok(records) => records,
                Err(err) => {
                    problems.push(Problem {
                        message: format!("unreadable annotation record: {err}"),
                        location: Location::unknown(),
                    });
                    Vec::new()
                }
            })
            .collect::<Vec<_>>();
        let mut model = Model::from_records(records);
        model.problems.extend(problems);
        model.problems.sort();
        model
    }
}

#[cfg(all(feature = "registry", not(target_family = "wasm")))]
fn registry_entries() -> impl Iterator<Item = &'static str> {
    crate::__private::RECORDS.iter().copied()
}

#[cfg(not(all(feature = "registry", not(target_family = "wasm"))))]
fn registry_entries() -> impl Iterator<Item = &'static str> {
    std::iter::empty()
}
