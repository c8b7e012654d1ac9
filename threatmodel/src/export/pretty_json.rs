//! Pretty-printed JSON for the JSON exports: `serde_json`'s pretty format (two-space indent),
//! written by [`to_pretty_string`] with fewer, larger writes, and documents whose long arrays
//! are built one item at a time while they are written (the OTM and Threat Dragon exports), so
//! that exporting holds one item in memory rather than the whole document as a
//! `serde_json::Value` tree.
//!
//! A [`StreamedDocument`] is a skeleton `Value` plus, at given paths, arrays produced by
//! iterators. It serializes exactly as the skeleton with those arrays filled in would: objects
//! are written in the skeleton map's own key order, arrays item by item, through the same
//! `serde_json` serializer and formatter.

use std::cell::RefCell;
use std::io;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;
use serde_json::ser::Formatter;

/// `value` as pretty-printed JSON, byte for byte what `serde_json::to_string_pretty` writes,
/// with one trailing newline. `capacity` is a guess of the length, to allocate once (a wrong
/// guess only costs a reallocation).
///
/// # Errors
/// When `value`'s `Serialize` fails (a map with non-string keys, a custom error).
pub(crate) fn to_pretty_string<T: Serialize + ?Sized>(
    value: &T,
    capacity: usize,
) -> Result<String, serde_json::Error> {
    let mut text = Vec::with_capacity(capacity);
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut text,
        Pretty::default(),
    ))?;
    text.push(b'\n');
    text.shrink_to_fit();
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8(text).expect("serde_json writes UTF-8"))
}

/// A line break followed by the deepest indentation written in one go; deeper levels repeat it.
const BREAK: &[u8] = b"\n                                                                ";

/// `serde_json::ser::PrettyFormatter` with a two-space indent, writing a line break and its
/// indentation with one write rather than one write per level.
#[derive(Debug, Default)]
struct Pretty {
    /// Nesting depth.
    depth: usize,
    /// Whether the array or object being written has a value yet.
    has_value: bool,
}

impl Pretty {
    fn line_break<W: ?Sized + io::Write>(&self, writer: &mut W) -> io::Result<()> {
        let mut spaces = 2 * self.depth;
        let first = spaces.min(BREAK.len() - 1);
        writer.write_all(&BREAK[..=first])?;
        spaces -= first;
        while spaces > 0 {
            let more = spaces.min(BREAK.len() - 1);
            writer.write_all(&BREAK[1..=more])?;
            spaces -= more;
        }
        Ok(())
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line_break(writer)?;
        }
        writer.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.line_break(writer)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line_break(writer)?;
        }
        writer.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.line_break(writer)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The items of one streamed array, taken when the array is written.
type Items<'a, T> = RefCell<Option<Box<dyn Iterator<Item = T> + 'a>>>;

/// A skeleton document and the arrays of `T`s streamed into it (see the module docs).
pub(crate) struct StreamedDocument<'a, T = Value> {
    skeleton: Value,
    /// Each streamed array: the object keys leading to it (arrays on the way are entered
    /// element by element), and its items.
    arrays: Vec<(&'static [&'static str], Items<'a, T>)>,
}

impl<'a, T: Serialize> StreamedDocument<'a, T> {
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
        items: impl Iterator<Item = T> + 'a,
    ) -> Self {
        self.arrays
            .push((path, RefCell::new(Some(Box::new(items)))));
        self
    }

    /// The document as pretty-printed JSON ([`to_pretty_string`]); `capacity` guesses its
    /// length. Each streamed array is written once: a second call writes them empty.
    pub(crate) fn finish(&self, capacity: usize) -> String {
        let root = Nested {
            value: &self.skeleton,
            path: Vec::new(),
            document: self,
        };
        // Values of a skeleton and of `serde_json::json!` always serialize.
        to_pretty_string(&root, capacity).unwrap_or_default()
    }

    /// The items of the array at `path`, when one is streamed there.
    fn items(&self, path: &[&str]) -> Option<&Items<'a, T>> {
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
struct Nested<'w, 'a, T> {
    value: &'w Value,
    path: Vec<&'w str>,
    document: &'w StreamedDocument<'a, T>,
}

impl<T: Serialize> Serialize for Nested<'_, '_, T> {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{StreamedDocument, to_pretty_string};

    #[test]
    fn writes_what_serde_json_writes() {
        let mut deep = json!("bottom");
        for level in 0..80 {
            deep = json!({ "level": level, "inner": [deep, [], {}, null, 1.5, "a\"b"] });
        }
        for value in [
            json!(null),
            json!([]),
            json!({}),
            json!([[]]),
            json!({"a": {}}),
            deep,
        ] {
            let mut expected = serde_json::to_string_pretty(&value).unwrap();
            expected.push('\n');
            assert_eq!(to_pretty_string(&value, 0).unwrap(), expected);
        }
    }

    #[test]
    fn streamed_arrays_land_where_the_skeleton_has_them() {
        let full = json!({ "a": [1, 2], "b": [{ "c": [3], "d": [] }], "e": { "f": [] } });
        let mut expected = serde_json::to_string_pretty(&full).unwrap();
        expected.push('\n');
        let skeleton = json!({ "a": [], "b": [{ "c": [], "d": [] }], "e": { "f": [] } });
        let items = |values: &'static [i64]| values.iter().map(|v| json!(v));
        let document = StreamedDocument::new(skeleton)
            .array(&["a"], items(&[1, 2]))
            .array(&["b", "c"], items(&[3]))
            .array(&["e", "f"], items(&[]));
        assert_eq!(document.finish(0), expected);
    }
}
