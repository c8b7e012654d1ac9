//! The model as JSON, following `schema/model.schema.json` (JSON Schema draft 2020-12).

use std::fmt;

use serde::Deserializer as _;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::Model;

/// Serializes `model` as pretty-printed JSON with a trailing newline.
///
/// # Errors
/// Only if serde_json fails, which the model's plain types do not cause in practice.
pub fn render(model: &Model) -> Result<String, serde_json::Error> {
    // About 1 KiB per element at most, as written for generated models.
    let elements = model.threats.len() + model.endpoints.len() + model.data_flows.len();
    super::pretty_json::to_pretty_string(model, 1_024 * (elements + 8))
}

/// Reads a model written by [`render`].
///
/// # Errors
/// When `json` is not a model of this format (unknown fields are rejected).
pub fn parse(json: &str) -> Result<Model, serde_json::Error> {
    serde_json::from_str(json)
}

/// The top-level `schema_version` of the JSON document `json`, read without building the rest of
/// the document: its value when `json` is an object that has one (the last one, if it is
/// repeated, as `serde_json::Value` keeps it), `None` for an object without one or any other
/// JSON value. Lets a reader tell a model of another version from a malformed one before
/// parsing it with [`parse`].
///
/// # Errors
/// When `json` is not JSON (RFC 8259, as `serde_json` reads it).
pub fn schema_version(json: &str) -> Result<Option<Value>, serde_json::Error> {
    let mut reader = serde_json::Deserializer::from_str(json);
    let version = (&mut reader).deserialize_any(SchemaVersion)?;
    reader.end()?;
    Ok(version)
}

/// Finds `schema_version` at the top level of a document and skips everything else.
struct SchemaVersion;

impl<'de> Visitor<'de> for SchemaVersion {
    type Value = Option<Value>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut version = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "schema_version" {
                version = Some(map.next_value::<Value>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(version)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::schema_version;

    #[test]
    fn schema_version_reads_the_top_level_member_as_a_value_tree_would() {
        for text in [
            r#"{"schema_version": "1", "threats": [{"schema_version": "0"}]}"#,
            r#"{"a": {"schema_version": "0"}, "schema_version": 2}"#,
            r#"{"schema_version": "0", "schema_version": "1"}"#,
            r#"{"threats": []}"#,
            r#"["schema_version", "1"]"#,
            r#""schema_version""#,
            "null",
            "1.5",
            "true",
        ] {
            let tree: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                schema_version(text).unwrap(),
                tree.get("schema_version").cloned(),
                "{text}"
            );
        }
        assert_eq!(
            schema_version(r#"{"schema_version": {"x": [1]}}"#).unwrap(),
            Some(json!({"x": [1]}))
        );
        for text in [
            "",
            "{",
            r#"{"schema_version": "1",}"#,
            "[1] 2",
            "{\"a\": tru}",
        ] {
            assert!(schema_version(text).is_err(), "{text}");
        }
    }
}
