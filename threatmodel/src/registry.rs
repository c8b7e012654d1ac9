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
        Model::collect_where(|_| true)
    }

    /// Like [`Model::collect`], from the registered annotation records for which `keep`
    /// returns true only: the model of one crate (`|r| r.krate == "billing"`), of one file, ....
    /// References to elements left out become [`Problem`]s, as unresolved references do.
    pub fn collect_where(keep: impl Fn(&Record) -> bool) -> Model {
        let mut problems = Vec::new();
        let records = registry_entries()
            .flat_map(
                |(json, module_path)| match serde_json::from_str::<Vec<Record>>(json) {
                    Ok(records) => records
                        .into_iter()
                        .map(|record| in_module(record, module_path))
                        .filter(|r| keep(r))
                        .collect(),
                    Err(err) => {
                        problems.push(Problem {
                            message: format!("unreadable annotation record: {err}"),
                            location: Location::unknown(),
                        });
                        Vec::new()
                    }
                },
            )
            .collect::<Vec<_>>();
        let mut model = Model::from_records(records);
        model.problems.extend(problems);
        model.problems.sort();
        model
    }
}

/// `record` in the module `module_path!()` gave where it was registered (`shop::billing`, the
/// crate's name first): the macros see only the file an annotation is in, and an inline
/// `mod x { ... }` block is a module of its own within that file.
fn in_module(mut record: Record, module_path: &str) -> Record {
    record.module = module_path.split("::").skip(1).map(str::to_owned).collect();
    record
}

/// The registry's entries: the JSON records of one expansion and the `module_path!()` of the
/// place they were registered.
#[cfg(all(feature = "registry", not(target_family = "wasm")))]
fn registry_entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::__private::RECORDS.iter().copied()
}

#[cfg(not(all(feature = "registry", not(target_family = "wasm"))))]
fn registry_entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    std::iter::empty()
}
