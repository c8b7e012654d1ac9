//! Pretty JSON documents whose long arrays are built one item at a time while they are written
//! (the OTM and Threat Dragon exports), so that exporting holds one item in memory rather than
//! the whole document as a `serde_json::Value` tree.
//!
//! A [`StreamedDocument`] is a skeleton `Value` plus, at given paths, arrays produced by
//! iterators. It serializes exactly as the skeleton with those arrays filled in would: objects
//! are written in the skeleton map's own key order, arrays item by item, through the same
//! `serde_json` serializer and formatter.

use std::cell::RefCell;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// The items of one streamed array, taken when the array is written.
type Items<'a> = RefCell<Option<Box<dyn Iterator<Item = Value> + 'a>>>;

/// A skeleton document and the arrays streamed into it (see the module docs).
pub(crate) struct StreamedDocument<'a> {
    skeleton: Value,
    /// Each streamed array: the object keys leading to it (arrays on the way are entered
    /// element by element), and its items.
    arrays: Vec<(&'static [&'static str], Items<'a>)>,
}

impl<'a> StreamedDocument<'a> {
    /// A document that is `skeleton`, with the arrays added by [`StreamedDocument::array`].
    pub(crate) fn new(skeleton: Value) -> Self {
        StreamedDocument {
            skeleton,
            arrays: Vec::new(),
        }
    }

    /// Writes the items of `items` as the array at `path` (object keys from the top, entering
    /// every element of an array met on the way), in place of the skeleton's value there.
    pub(crate) fn array(
        mut self,
        path: &'static [&'static str],
        items: impl Iterator<Item = Value> + 'a,
    ) -> Self {
        self.arrays
            .push((path, RefCell::new(Some(Box::new(items)))));
        self
    }

    /// The document as pretty-printed JSON (`serde_json`'s pretty format) with one trailing
    /// newline. Each streamed array is written once: a second call writes them empty.
    pub(crate) fn finish(&self) -> String {
        let mut text = Vec::new();
        let root = Nested {
            value: &self.skeleton,
            path: Vec::new(),
            document: self,
        };
        if serde_json::to_writer_pretty(&mut text, &root).is_err() {
            text.clear();
        }
        text.push(b'\n');
        // serde_json writes UTF-8 only; the fallback is never taken.
        String::from_utf8(text).unwrap_or_default()
    }

    /// The items of the array at `path`, when one is streamed there.
    fn items(&self, path: &[&str]) -> Option<&Items<'a>> {
        self.arrays
            .iter()
            .find(|(at, _)| *at == path)
            .map(|(_, items)| items)
    }

    /// Whether a streamed array lies at or below `path`.
    fn below(&self, path: &[&str]) -> bool {
        self.arrays.iter().any(|(at, _)| at.starts_with(path))
    }
}

/// A skeleton value and the object keys leading to it.
struct Nested<'w, 'a> {
    value: &'w Value,
    path: Vec<&'w str>,
    document: &'w StreamedDocument<'a>,
}

impl Serialize for Nested<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(items) = self.document.items(&self.path) {
            let items = items.borrow_mut().take();
            let mut seq = serializer.serialize_seq(None)?;
            for item in items.into_iter().flatten() {
                seq.serialize_element(&item)?;
            }
            return seq.end();
        }
        if !self.document.below(&self.path) {
            return self.value.serialize(serializer);
        }
        match self.value {
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, value) in map {
                    let mut path = self.path.clone();
                    path.push(key);
                    out.serialize_entry(
                        key,
                        &Nested {
                            value,
                            path,
                            document: self.document,
                        },
                    )?;
                }
                out.end()
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for value in items {
                    seq.serialize_element(&Nested {
                        value,
                        path: self.path.clone(),
                        document: self.document,
                    })?;
                }
                seq.end()
            }
            other => other.serialize(serializer),
        }
    }
}
