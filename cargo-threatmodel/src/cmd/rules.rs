//! `cargo threatmodel rules`: every rule with its metadata, and how the rules and the threat
//! catalogue cover the OWASP API Security Top 10 (2023).
//!
//! The Markdown form is also kept in `RULES.md` at the repository root; a test regenerates it
//! and fails when it differs (update with `THREATMODEL_BLESS=1 cargo test -p cargo-threatmodel`).

use std::fmt::Write;

use serde_json::json;
use threatmodel::Stride;
pub(crate) use threatmodel::catalogue::OWASP_API_2023;
use threatmodel::catalogue::{THREAT_KINDS, ThreatKind};
use threatmodel::rules::{RULES, Rule};

use crate::error::Error;
use crate::exit_codes;
use crate::output::Output;

/// Version of the `--format json` document; raised when a field changes meaning or goes away.
const JSON_FORMAT_VERSION: u32 = 1;

/// Output formats of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Aligned text for a terminal.
    Human,
    /// GitHub Flavored Markdown tables (as in RULES.md).
    Markdown,
    /// One JSON document with every rule's metadata and documentation.
    Json,
}

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[command(flatten)]
    output: Output,
}

/// Writes the rule table and the OWASP coverage in the chosen format.
///
/// # Errors
/// When the output cannot be written.
pub(crate) fn run(args: &Args) -> Result<i32, Error> {
    let text = match args.format {
        Format::Human => human(),
        Format::Markdown => markdown(),
        Format::Json => json()?,
    };
    args.output.write(&text)?;
    Ok(exit_codes::CLEAN)
}

/// The STRIDE letters of `stride` in acronym order, such as `TID`.
pub(crate) fn stride_letters(stride: &[Stride]) -> String {
    Stride::ALL
        .iter()
        .filter(|s| stride.contains(s))
        .map(|s| s.letter())
        .collect()
}

/// One OWASP API risk with the rules and catalogue threat kinds that cover it.
struct Coverage {
    id: &'static str,
    title: &'static str,
    rules: Vec<&'static Rule>,
    threat_kinds: Vec<&'static ThreatKind>,
}

/// API1..API10, each with its rules and threat kinds, in id order.
fn coverage() -> Vec<Coverage> {
    OWASP_API_2023
        .iter()
        .map(|&(id, title)| Coverage {
            id,
            title,
            rules: RULES
                .iter()
                .copied()
                .filter(|rule| rule.owasp_api_2023 == Some(id))
                .collect(),
            threat_kinds: THREAT_KINDS
                .iter()
                .filter(|kind| kind.owasp_api_2023 == Some(id))
                .collect(),
        })
        .collect()
}

/// The cells of one rule's row: id, name, default level, STRIDE, OWASP, CWE, summary.
fn row(rule: &Rule) -> [String; 7] {
    [
        rule.id.to_owned(),
        rule.name.to_owned(),
        rule.default_severity.as_str().to_owned(),
        stride_letters(rule.stride),
        rule.owasp_api_2023.unwrap_or("-").to_owned(),
        if rule.cwe.is_empty() {
            "-".to_owned()
        } else {
            rule.cwe_ids().join(", ")
        },
        one_line(rule.summary),
    ]
}

/// What the `default` column means, under the rule table: a rule may grade its findings.
const DEFAULT_LEVEL_NOTE: &str = "The default level is the severity of a rule's findings unless \
    configured; a rule that grades its findings (`explain` says so under \"What it checks\") \
    gives some of them another severity, and a level set in Cargo.toml applies to all of them.";

/// `text` on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Aligned columns for a terminal, then the coverage, one block per risk.
fn human() -> String {
    let header = ["id", "name", "default", "STRIDE", "OWASP", "CWE", "summary"].map(str::to_owned);
    let rows: Vec<[String; 7]> = RULES.iter().map(|rule| row(rule)).collect();
    let mut widths = [0usize; 7];
    for cells in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for cells in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<width$}  ", width = widths[i]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let _ = writeln!(out, "\n{}", wrap(DEFAULT_LEVEL_NOTE, 100));
    out.push_str("\nOWASP API Security Top 10 (2023) coverage:\n");
    for risk in coverage() {
        let _ = writeln!(out, "  {:<10}  {}", risk.id, risk.title);
        let rules = if risk.rules.is_empty() {
            "-".to_owned()
        } else {
            risk.rules
                .iter()
                .map(|rule| format!("{} {}", rule.id, rule.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let kinds = if risk.threat_kinds.is_empty() {
            "-".to_owned()
        } else {
            risk.threat_kinds
                .iter()
                .map(|kind| kind.id)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "  {:<10}  rules: {rules}", "");
        let _ = writeln!(out, "  {:<10}  threat kinds: {kinds}", "");
    }
    out.push_str("\nRun `cargo threatmodel explain ID` for a rule's documentation.\n");
    out
}

/// `text` wrapped at word boundaries into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

/// `text` as a Markdown table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

/// The two tables of RULES.md, GitHub Flavored Markdown (tables extension).
pub(crate) fn markdown() -> String {
    let mut out = String::from(
        "## Rule table\n\n\
         | id | name | default level | STRIDE | OWASP API 2023 | CWE | summary |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for rule in RULES {
        let [id, name, level, stride, owasp, cwe, summary] =
            row(rule).map(|cell| if cell == "-" { "—".to_owned() } else { cell });
        let _ = writeln!(
            out,
            "| {id} | `{name}` | {level} | {stride} | {owasp} | {cwe} | {} |",
            cell(&summary)
        );
    }
    let _ = writeln!(out, "\n{DEFAULT_LEVEL_NOTE}");
    out.push_str(
        "\n## OWASP API Security Top 10 (2023) coverage\n\n\
         | risk | rules | catalogue threat kinds |\n\
         |---|---|---|\n",
    );
    for risk in coverage() {
        let rules = risk
            .rules
            .iter()
            .map(|rule| format!("{} `{}`", rule.id, rule.name))
            .collect::<Vec<_>>()
            .join(", ");
        let kinds = risk
            .threat_kinds
            .iter()
            .map(|kind| format!("`{}`", kind.id))
            .collect::<Vec<_>>()
            .join(", ");
        let or_dash = |s: String| if s.is_empty() { "—".to_owned() } else { s };
        let _ = writeln!(
            out,
            "| {} {} | {} | {} |",
            risk.id,
            risk.title,
            or_dash(rules),
            or_dash(kinds)
        );
    }
    out
}

/// The metadata and documentation of one rule as JSON (also used by `explain --format json`).
pub(crate) fn rule_json(rule: &Rule) -> serde_json::Value {
    json!({
        "id": rule.id,
        "name": rule.name,
        "default_severity": rule.default_severity.as_str(),
        "stride": rule.stride.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "owasp_api_2023": rule.owasp_api_2023,
        "cwe": rule.cwe_ids(),
        "summary": rule.summary,
        "checks": rule.checks,
        "why": rule.why,
        "example": rule.example,
        "fix": rule.fix,
    })
}

/// `{"format_version", "rules": [...], "owasp_api_2023": [{"id", "title", "rules",
/// "threat_kinds"}]}`.
fn json() -> Result<String, Error> {
    let coverage: Vec<serde_json::Value> = coverage()
        .iter()
        .map(|risk| {
            json!({
                "id": risk.id,
                "title": risk.title,
                "rules": risk.rules.iter().map(|rule| rule.id).collect::<Vec<_>>(),
                "threat_kinds": risk.threat_kinds.iter().map(|kind| kind.id).collect::<Vec<_>>(),
            })
        })
        .collect();
    let document = json!({
        "format_version": JSON_FORMAT_VERSION,
        "rules": RULES.iter().map(|rule| rule_json(rule)).collect::<Vec<_>>(),
        "owasp_api_2023": coverage,
    });
    let mut text = serde_json::to_string_pretty(&document).map_err(Error::Json)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    const START: &str = "<!-- rules:start -->";
    const END: &str = "<!-- rules:end -->";

    fn rules_md() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../RULES.md")
    }

    /// RULES.md holds `markdown()` between its markers. Update it with
    /// `THREATMODEL_BLESS=1 cargo test -p cargo-threatmodel rules_md` and review the diff.
    #[test]
    fn rules_md_is_up_to_date() {
        let path = rules_md();
        let text = std::fs::read_to_string(&path).expect("RULES.md is checked in");
        let start = text.find(START).expect("RULES.md has the start marker") + START.len();
        let end = text.find(END).expect("RULES.md has the end marker");
        assert!(start <= end, "RULES.md markers are out of order");
        let generated = format!("\n\n{}\n", markdown());
        if std::env::var_os("THREATMODEL_BLESS").is_some() {
            let updated = format!("{}{generated}{}", &text[..start], &text[end..]);
            std::fs::write(&path, updated).expect("write RULES.md");
            return;
        }
        assert!(
            text[start..end] == generated,
            "RULES.md is out of date; rerun with THREATMODEL_BLESS=1 and review the diff"
        );
    }

    #[test]
    fn every_rule_and_risk_is_listed() {
        let table = markdown();
        for rule in RULES {
            assert!(table.contains(&format!("| {} | `{}` |", rule.id, rule.name)));
        }
        for (id, title) in OWASP_API_2023 {
            assert!(table.contains(&format!("| {id} {title} |")), "{id}");
        }
        assert_eq!(coverage().len(), 10);
    }

    #[test]
    fn stride_letters_follow_the_acronym() {
        assert_eq!(
            stride_letters(&[Stride::ElevationOfPrivilege, Stride::Spoofing]),
            "SE"
        );
        assert_eq!(stride_letters(Stride::ALL), "STRIDE");
    }

    #[test]
    fn cells_are_escaped() {
        assert_eq!(cell("a | b\n  c"), "a \\| b c");
    }
}
