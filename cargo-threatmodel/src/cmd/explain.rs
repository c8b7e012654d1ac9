//! `cargo threatmodel explain ID|NAME`: one rule's documentation and metadata, as `rustc
//! --explain` prints an error code's.

use std::fmt::Write;

use threatmodel::catalogue;
use threatmodel::rules::{self, RULES, Rule};

use super::rules::{OWASP_API_2023, rule_json, stride_letters};
use crate::error::Error;
use crate::exit_codes;
use crate::output::Output;
use crate::similar_name::similar_name;

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Markdown-flavoured text, as `rustc --explain` prints.
    Human,
    /// The rule's metadata and documentation as one JSON object.
    Json,
}

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Rule id (`TM0007`, any case, `TM7` too) or name (`missing_rate_limiting`).
    #[arg(value_name = "RULE")]
    rule: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Prints the rule's documentation.
///
/// # Errors
/// [`Error::UnknownRule`] or [`Error::ThreatKind`] (exit code 2) when no rule has that id or
/// name; I/O errors.
pub(crate) fn run(args: &Args) -> Result<i32, Error> {
    let rule = lookup(&args.rule)?;
    let text = match args.format {
        Format::Human => explanation(rule),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&rule_json(rule)).map_err(Error::Json)?;
            text.push('\n');
            text
        }
    };
    Output::default().write(&text)?;
    Ok(exit_codes::CLEAN)
}

/// The rule `input` names: an id in any case and with or without its leading zeros (`TM0004`,
/// `tm4`), or a name (`missing_rate_limiting`, also in another case or with `-`), surrounding
/// white space ignored.
///
/// # Errors
/// [`Error::ThreatKind`] when `input` is a threat kind of the catalogue (`bola`);
/// [`Error::UnknownRule`], with the most similar rule name, otherwise.
fn lookup(input: &str) -> Result<&'static Rule, Error> {
    let name = input.trim();
    if let Some(rule) = rules::rule(name) {
        return Ok(rule);
    }
    if let Some(number) = id_number(name) {
        return RULES
            .iter()
            .copied()
            .find(|rule| id_number(rule.id) == Some(number))
            .ok_or_else(|| Error::UnknownRule {
                name: name.to_owned(),
                similar: None,
            });
    }
    let normalized = name.to_ascii_lowercase().replace('-', "_");
    if let Some(rule) = rules::rule(&normalized) {
        return Ok(rule);
    }
    if let Some(kind) = catalogue::threat_kind(&normalized) {
        return Err(Error::ThreatKind {
            name: name.to_owned(),
            kind,
        });
    }
    Err(Error::UnknownRule {
        name: name.to_owned(),
        similar: similar_name(name, RULES.iter().map(|rule| rule.name)),
    })
}

/// The number of a rule id written `TM` (any case) and digits: 4 for `TM0004` and `tm4`.
fn id_number(text: &str) -> Option<u32> {
    let digits = text
        .get(..2)?
        .eq_ignore_ascii_case("tm")
        .then(|| &text[2..])?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // Too many digits for a `u32` is no rule's id either.
    digits.parse().ok()
}

/// A documentation section, or a placeholder while it is being written.
fn section(text: &str) -> &str {
    let text = text.trim();
    if text.is_empty() {
        "(not documented yet)"
    } else {
        text
    }
}

/// The human explanation: title, metadata, the four documentation sections, configuration.
fn explanation(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} `{}`\n", rule.id, rule.name);
    let _ = writeln!(out, "{}\n", section(rule.summary));
    let stride = threatmodel::Stride::ALL
        .iter()
        .filter(|s| rule.stride.contains(s))
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let owasp = rule.owasp_api_2023.map_or_else(
        || "-".to_owned(),
        |id| {
            let title = OWASP_API_2023
                .iter()
                .find(|(risk, _)| *risk == id)
                .map_or("", |(_, title)| title);
            format!("{id} {title}").trim_end().to_owned()
        },
    );
    let cwe = if rule.cwe.is_empty() {
        "-".to_owned()
    } else {
        rule.cwe_ids().join(", ")
    };
    let _ = writeln!(out, "default level:  {}", rule.default_severity.as_str());
    let _ = writeln!(
        out,
        "STRIDE:         {} ({stride})",
        stride_letters(rule.stride)
    );
    let _ = writeln!(out, "OWASP API 2023: {owasp}");
    let _ = writeln!(out, "CWE:            {cwe}\n");
    let _ = writeln!(out, "## What it checks\n\n{}\n", section(rule.checks));
    let _ = writeln!(out, "## Why it matters\n\n{}\n", section(rule.why));
    let example = rule.example.trim();
    if example.is_empty() {
        let _ = writeln!(out, "## Example\n\n{}\n", section(example));
    } else {
        let language = rule.example_language();
        if language == "json" {
            let _ = writeln!(
                out,
                "## Example\n\nA saved model (`cargo threatmodel export --format json`); \
                 `cargo threatmodel report --from FILE` reports the finding:\n\n\
                 ```{language}\n{example}\n```\n"
            );
        } else {
            let _ = writeln!(
                out,
                "## Example\n\nThe whole `src/lib.rs` of a crate that depends on `threatmodel` (and on the \
                 other crates it names); `cargo threatmodel check` reports the finding:\n\n```{language}\n{example}\n```\n"
            );
        }
    }
    let _ = writeln!(out, "## How to fix\n\n{}\n", section(rule.fix));
    let _ = writeln!(
        out,
        "## Configuration\n\n\
         Unless configured, a finding has the rule's default level, or the severity the rule \
         gives it where *What it checks* says so. Set the rule's level, which then applies to \
         every finding of the rule, for a package (or, under \
         `[workspace.metadata.threatmodel.rules]`, for the workspace):\n\n\
         ```toml\n\
         [package.metadata.threatmodel.rules]\n\
         {} = \"allow\"  # allow | note | warning | error\n\
         ```\n\n\
         Suppress it on one item with `allow({}, reason = \"...\")` in a threatmodel attribute \
         of that item.",
        rule.name, rule.name
    );
    out
}

#[cfg(test)]
mod tests {
    use super::explanation;
    use threatmodel::rules::rule;

    /// A saved-model example is fenced as JSON and says how to check it; a Rust example is a
    /// whole `src/lib.rs`, starting with its `use` items (`tests/tests/rules.rs` checks that
    /// each produces its finding).
    #[test]
    fn examples_are_fenced_in_their_language_and_say_how_to_check_them() {
        let saved = explanation(rule("TM0001").expect("TM0001"));
        assert!(saved.contains("## Example\n\nA saved model"), "{saved}");
        assert!(saved.contains("report --from FILE"), "{saved}");
        assert!(saved.contains("```json\n{\n"), "{saved}");
        let code = explanation(rule("TM0007").expect("TM0007"));
        assert!(code.contains("```rust\nuse threatmodel::"), "{code}");
        assert!(code.contains("`cargo threatmodel check` reports"), "{code}");
    }
}
