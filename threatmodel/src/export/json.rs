//! The model as JSON, following `schema/model.schema.json` (JSON Schema draft 2020-12).

use crate::Model;

/// Serializes `model` as pretty-printed JSON with a trailing newline.
///
/// # Errors
/// Only if serde_json fails, which the model's plain types do not cause in practice.
pub fn render(model: &Model) -> Result<String, serde_json::Error> {
    let mut json = serde_json::to_string_pretty(model)?;
    json.push('\n');
    Ok(json)
}

/// Reads a model written by [`render`].
///
/// # Errors
/// When `json` is not a model of this format (unknown fields are rejected).
pub fn parse(json: &str) -> Result<Model, serde_json::Error> {
    serde_json::from_str(json)
}
