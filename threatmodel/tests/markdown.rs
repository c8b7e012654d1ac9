//! The Markdown report: snapshots of small hand-built models and checks that can fail.

mod fixtures;

use threatmodel::Model;
use threatmodel::export::markdown::{ReportOptions, render};

fn options(today: Option<&str>) -> ReportOptions {
    ReportOptions {
        title: "Bank API".to_owned(),
        today: today.map(str::to_owned),
        ..ReportOptions::default()
    }
}

/// The report with the crate version replaced, so snapshots survive a release.
fn snapshot_text(report: &str) -> String {
    report.replace(
        concat!("threatmodel ", env!("CARGO_PKG_VERSION")),
        "threatmodel [version]",
    )
}

/// Splits a table row into its cells the way GFM does: a backslash escapes the next ASCII
/// punctuation character, so only a `|` not taken by such an escape separates cells.
fn cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                cell.push(c);
                cell.push(chars.next().unwrap());
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    // Drop what is outside the leading and trailing pipes.
    cells.remove(0);
    cells.pop();
    cells
        .into_iter()
        .map(|cell| cell.trim().to_owned())
        .collect()
}

/// Every table of `report`: runs of lines that start with `|`.
fn tables(report: &str) -> Vec<Vec<&str>> {
    let mut tables = Vec::new();
    let mut table = Vec::new();
    for line in report.lines() {
        if line.starts_with('|') {
            table.push(line);
        } else if !table.is_empty() {
            tables.push(std::mem::take(&mut table));
        }
    }
    if !table.is_empty() {
        tables.push(table);
    }
    tables
}

/// The part of `report` from the heading `## {title}` to the next `## ` heading.
fn section<'r>(report: &'r str, title: &str) -> &'r str {
    let start = report
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("no section {title:?} in:\n{report}"));
    let rest = &report[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |end| end + 3);
    &rest[..end]
}

/// The cell of the OWASP matrix for the endpoint `label` (`METHOD route`) and risk `id`.
fn matrix_cell(report: &str, label: &str, id: &str) -> String {
    let matrix = section(report, "OWASP API Security Top 10 (2023) coverage");
    let table = &tables(matrix)[0];
    let header = cells(table[0]);
    let column = header
        .iter()
        .position(|name| name.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no column {id} in {header:?}"));
    let row = table
        .iter()
        .map(|row| cells(row))
        .find(|row| row[0] == format!("`{label}`"))
        .unwrap_or_else(|| panic!("no row {label} in:\n{matrix}"));
    row[column].clone()
}

/// `line` without its code spans (CommonMark: a run of n backticks, not escaped, opens a span
/// that the next run of exactly n backticks closes).
fn outside_code_spans(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let run_at = |i: usize| chars[i..].iter().take_while(|c| **c == '`').count();
    let mut prose = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                prose.push(chars[i]);
                prose.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let n = run_at(i);
                let mut j = i + n;
                let close = loop {
                    if j >= chars.len() {
                        break None;
                    }
                    if chars[j] == '`' {
                        let m = run_at(j);
                        if m == n {
                            break Some(j + m);
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                };
                match close {
                    Some(end) => i = end,
                    None => {
                        prose.extend(&chars[i..i + n]);
                        i += n;
                    }
                }
            }
            c => {
                prose.push(c);
                i += 1;
            }
        }
    }
    prose
}

/// `report` without its one ```` ```mermaid ```` block, and the block's content (without the
/// fences); panics unless there is exactly one such block, closed by a line of exactly ```` ``` ````.
fn split_mermaid_block(report: &str) -> (String, String) {
    let mut prose = String::new();
    let mut diagram = String::new();
    let mut blocks = 0;
    let mut inside = false;
    for line in report.lines() {
        if inside {
            if line == "```" {
                inside = false;
            } else {
                assert!(
                    !line.starts_with("```"),
                    "a fence inside the diagram: {line}"
                );
                diagram.push_str(line);
                diagram.push('\n');
            }
        } else if line == "```mermaid" {
            inside = true;
            blocks += 1;
        } else {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    assert!(!inside, "the diagram's fence is not closed");
    assert_eq!(blocks, 1, "one diagram in the report");
    (prose, diagram)
}

#[test]
fn the_architecture_section_embeds_the_mermaid_diagram() {
    let model = fixtures::bank();
    let report = render(&model, &options(None));
    let architecture = section(&report, "Architecture");
    let (_, diagram) = split_mermaid_block(architecture);
    let expected = threatmodel::export::mermaid::render(&model, &Default::default());
    assert_eq!(diagram, expected);
    // An empty model has no architecture section and no diagram.
    let empty = render(&Model::empty(), &options(None));
    assert!(!empty.contains("```mermaid"), "{empty}");
}

fn assert_tables_well_formed(report: &str) {
    let tables = tables(report);
    assert!(!tables.is_empty());
    for table in tables {
        let columns = cells(table[0]).len();
        for row in &table {
            assert_eq!(
                cells(row).len(),
                columns,
                "row has another number of cells than its header:\n{row}\n(header: {})",
                table[0]
            );
        }
    }
}

#[test]
fn bank_report() {
    let report = render(&fixtures::bank(), &options(Some(fixtures::TODAY)));
    insta::assert_snapshot!("bank", snapshot_text(&report));
}

#[test]
fn bank_report_without_today_marks_nothing_expired() {
    let report = render(&fixtures::bank(), &options(None));
    assert!(!report.contains("expired"), "{report}");
    assert!(report.contains("2024-12-31"));
}

#[test]
fn hostile_report() {
    let mut options = options(Some(fixtures::TODAY));
    options.title = fixtures::HOSTILE.to_owned();
    let report = render(&fixtures::hostile(), &options);
    insta::assert_snapshot!("hostile", snapshot_text(&report));
}

#[test]
fn empty_report() {
    let report = render(&Model::empty(), &options(Some(fixtures::TODAY)));
    insta::assert_snapshot!("empty", snapshot_text(&report));
}

fn served_with_layers(model: &Model, layers: &[&str]) -> Model {
    fixtures::served(model, layers)
}

/// Without code facts a mitigated threat is cited only (☐); with facts that show its control
/// running it is ✅.
#[test]
fn mitigated_bola_is_covered_in_the_api1_column() {
    let report = render(&fixtures::bank(), &options(Some(fixtures::TODAY)));
    assert_eq!(matrix_cell(&report, "GET /accounts/{id}", "API1:2023"), "☐");
    assert_eq!(matrix_cell(&report, "GET /accounts/{id}", "API4:2023"), "☐");
    let running = served_with_layers(
        &fixtures::bank(),
        &[
            "bank_api::auth::ensure_owner",
            "bank_api::limits::rate_limit",
        ],
    );
    let report = render(&running, &options(Some(fixtures::TODAY)));
    assert_eq!(
        matrix_cell(&report, "GET /accounts/{id}", "API1:2023"),
        "✅"
    );
    assert_eq!(
        matrix_cell(&report, "GET /accounts/{id}", "API4:2023"),
        "✅"
    );
    assert!(
        report.contains("✅ Mitigated by `ensure_owner`"),
        "{report}"
    );
    // Seen by facts, but not the control cited: the audit log is no layer.
    let report = render(
        &served_with_layers(&fixtures::bank(), &["bank_api::audit::audit_log"]),
        &options(Some(fixtures::TODAY)),
    );
    assert_eq!(matrix_cell(&report, "GET /accounts/{id}", "API1:2023"), "☐");
    assert!(
        report.contains("☐ Mitigated by `ensure_owner` (cited only: not seen running)"),
        "{report}"
    );
    // No threat or control of the endpoint maps to API2: not considered, which is not "not
    // applicable" (the endpoint takes authentication).
    assert_eq!(matrix_cell(&report, "GET /accounts/{id}", "API2:2023"), "·");
    assert_eq!(matrix_cell(&report, "POST /transfers", "API6:2023"), "⚠️");
    assert_eq!(matrix_cell(&report, "POST /transfers", "API7:2023"), "↪");
}

#[test]
fn the_weakest_disposition_wins_in_the_matrix() {
    // POST /transfers has a mitigated and an accepted BOLA threat.
    let report = render(&fixtures::bank(), &options(Some(fixtures::TODAY)));
    assert_eq!(matrix_cell(&report, "POST /transfers", "API1:2023"), "⚠️");
}

#[test]
fn matrix_has_one_column_per_owasp_risk_with_its_name() {
    let report = render(&fixtures::bank(), &options(None));
    let matrix = section(&report, "OWASP API Security Top 10 (2023) coverage");
    let header = cells(tables(matrix)[0][0]);
    assert_eq!(header.len(), 11);
    assert_eq!(header[1], "API1:2023 Broken Object Level Authorization");
    assert_eq!(header[10], "API10:2023 Unsafe Consumption of APIs");
}

#[test]
fn expired_acceptance_is_marked_and_counted() {
    let report = render(&fixtures::bank(), &options(Some(fixtures::TODAY)));
    let risks = section(&report, "Accepted and transferred risks");
    assert!(risks.contains("2024-12-31 **expired**"), "{risks}");
    assert!(!risks.contains("2026-01-31 **expired**"), "{risks}");
    let summary = section(&report, "Summary");
    assert!(
        summary.contains("| Accepted risks expired as of 2025-06-01 | 1 |"),
        "{summary}"
    );
}

#[test]
fn open_weakness_is_listed_marked_overdue_and_counted() {
    let report = render(&fixtures::bank(), &options(Some(fixtures::TODAY)));
    let open = section(&report, "Open weaknesses");
    let rows: Vec<Vec<String>> = tables(open)[0][2..].iter().map(|row| cells(row)).collect();
    assert_eq!(rows.len(), 1, "{open}");
    assert_eq!(rows[0][0], "Mass Assignment (`mass_assignment`)");
    assert_eq!(rows[0][1], "`bank_api::api::create_transfer`");
    assert_eq!(rows[0][3], "SEC-142");
    assert_eq!(rows[0][4], "api-team");
    assert_eq!(rows[0][5], "2025-05-15 **overdue**");
    // An open weakness is not a risk anybody accepted.
    let risks = section(&report, "Accepted and transferred risks");
    assert!(!risks.contains("SEC-142"), "{risks}");
    let summary = section(&report, "Summary");
    for row in [
        "| Threats open (known weaknesses) | 1 |",
        "| Open weaknesses overdue as of 2025-06-01 | 1 |",
    ] {
        assert!(summary.contains(row), "{row} missing:\n{summary}");
    }
    let endpoints = section(&report, "Endpoints");
    assert!(
        endpoints.contains("| ❌ Open | What is wrong: the request body is bound whole"),
        "{endpoints}"
    );

    // Without a date nothing is overdue.
    let report = render(&fixtures::bank(), &options(None));
    let open = section(&report, "Open weaknesses");
    assert!(open.contains("| 2025-05-15 |"), "{open}");
    assert!(!open.contains("overdue"), "{open}");
}

#[test]
fn open_threat_is_a_gap_in_the_matrix_even_when_its_finding_is_suppressed() {
    use threatmodel::rules::Severity;
    let model = fixtures::bank();
    let threat = model
        .threats
        .iter()
        .find(|t| t.kind == "mass_assignment")
        .expect("the open threat");
    let finding = |suppressed: Option<&str>| threatmodel::rules::Finding {
        rule_id: "TM0016".to_owned(),
        rule_name: "open_threat".to_owned(),
        severity: Severity::Error,
        message: "open".to_owned(),
        help: None,
        element: threat.id.clone(),
        item: threat.subject.clone(),
        location: threat.location.clone(),
        suppressed: suppressed.map(str::to_owned),
        related: Vec::new(),
    };
    for findings in [
        None,
        Some(vec![finding(None)]),
        Some(vec![finding(Some("fix ships on Monday"))]),
    ] {
        let report = render(
            &model,
            &ReportOptions {
                findings,
                ..options(None)
            },
        );
        assert_eq!(matrix_cell(&report, "POST /transfers", "API3:2023"), "❌");
    }
    // With no open threat left, the cell says what the other dispositions say.
    let mut fixed = model.clone();
    fixed.threats.retain(|t| t.kind != "mass_assignment");
    let report = render(&fixed, &options(None));
    assert_eq!(matrix_cell(&report, "POST /transfers", "API3:2023"), "·");
    let risks = section(&report, "Open weaknesses");
    assert!(risks.contains("No open weaknesses recorded."), "{risks}");
}

#[test]
fn unused_mitigation_says_nothing_relies_on_it() {
    let report = render(&fixtures::bank(), &options(None));
    let mitigations = section(&report, "Mitigations");
    let row = mitigations
        .lines()
        .find(|line| line.starts_with("| `audit_log` |"))
        .expect("a row for audit_log");
    assert!(row.contains("nothing relies on it"), "{row}");
    let row = mitigations
        .lines()
        .find(|line| line.starts_with("| `ensure_owner` |"))
        .expect("a row for ensure_owner");
    assert!(!row.contains("nothing relies on it"), "{row}");
}

#[test]
fn every_element_names_its_source() {
    let model = fixtures::bank();
    let report = render(&model, &options(None));
    let locations = model
        .assets
        .iter()
        .map(|e| &e.location)
        .chain(model.trust_boundaries.iter().map(|e| &e.location))
        .chain(model.components.iter().map(|e| &e.location))
        .chain(model.endpoints.iter().map(|e| &e.location))
        .chain(model.data_flows.iter().map(|e| &e.location))
        .chain(model.mitigations.iter().map(|e| &e.location))
        .chain(model.threats.iter().map(|e| &e.location))
        .chain(model.problems.iter().map(|e| &e.location));
    for location in locations {
        let source = format!("`{}:{}`", location.file, location.line);
        assert!(report.contains(&source), "{source} missing");
    }
}

#[test]
fn data_flow_from_the_service_itself_names_the_crate() {
    let report = render(&fixtures::bank(), &options(None));
    assert!(
        report.contains("`bank_api` (this service) ↔ Postgres"),
        "{report}"
    );
}

#[test]
fn hostile_text_cannot_break_tables_or_inject_html() {
    let mut options = options(Some(fixtures::TODAY));
    options.title = fixtures::HOSTILE.to_owned();
    let report = render(&fixtures::hostile(), &options);
    assert_tables_well_formed(&report);
    // Inside code spans and the fenced diagram `<script>` is literal text; everywhere else it
    // must be an entity.
    let (prose, diagram) = split_mermaid_block(&report);
    for line in prose.lines() {
        let prose = outside_code_spans(line);
        assert!(!prose.replace("<br>", "").contains('<'), "{line}");
    }
    // The diagram's labels are entity-escaped too: the only `<` are its line breaks and the
    // heads of bidirectional links, and no line can close the fence.
    for line in diagram.lines() {
        let rest = line
            .replace("<br>", "")
            .replace(" <-->", "")
            .replace(" <-.->", "");
        assert!(!rest.contains(['<', '`']), "{line}");
    }
    assert!(report.contains("&lt;script&gt;"));
    // The title stays one heading line.
    assert_eq!(report.lines().filter(|l| l.starts_with("# ")).count(), 1);
    assert!(report.starts_with("# Threat model: Evil \\| name"));
}

#[test]
fn well_formed_tables_in_the_bank_report() {
    assert_tables_well_formed(&render(&fixtures::bank(), &options(Some(fixtures::TODAY))));
}

#[test]
fn empty_model_says_no_annotations_found() {
    let report = render(&Model::empty(), &options(Some(fixtures::TODAY)));
    assert!(report.contains("No annotations found"), "{report}");
    for label in ["Endpoints", "Threats", "Mitigations", "Problems"] {
        assert!(
            report.contains(&format!("| {label} | 0 |")),
            "{label}: {report}"
        );
    }
    assert!(!report.contains("## Endpoints"));
    assert_tables_well_formed(&report);
}

#[test]
fn blank_title_leaves_no_dangling_colon() {
    let options = ReportOptions {
        title: " \n ".to_owned(),
        ..ReportOptions::default()
    };
    let report = render(&Model::empty(), &options);
    assert!(report.starts_with("# Threat model\n"), "{report}");
    assert!(!report.contains("expired"), "no expiry row without a date");
}

#[test]
fn rendering_is_deterministic_and_ends_with_one_newline() {
    for model in [Model::empty(), fixtures::bank(), fixtures::hostile()] {
        let options = options(Some(fixtures::TODAY));
        let first = render(&model, &options);
        let second = render(&model.clone(), &options.clone());
        assert_eq!(first, second);
        assert!(first.ends_with('\n') && !first.ends_with("\n\n"));
        assert!(!first.contains("\n\n\n"), "no double blank line");
    }
}

/// A finding of `rule` on the endpoint `GET /accounts/{id}` of the bank fixture.
fn finding_on_get_account(
    model: &Model,
    rule: &str,
    severity: threatmodel::rules::Severity,
    suppressed: Option<&str>,
) -> threatmodel::rules::Finding {
    let endpoint = model
        .endpoints
        .iter()
        .find(|e| e.route == "/accounts/{id}")
        .expect("fixture endpoint");
    let rule = threatmodel::rules::rule(rule).expect("rule");
    threatmodel::rules::Finding {
        rule_id: rule.id.to_owned(),
        rule_name: rule.name.to_owned(),
        severity,
        message: format!("{} finding on `GET /accounts/{{id}}`", rule.name),
        help: Some("add the control".to_owned()),
        element: endpoint.id.clone(),
        item: endpoint.handler.clone(),
        location: endpoint.location.clone(),
        suppressed: suppressed.map(str::to_owned),
        related: Vec::new(),
    }
}

#[test]
fn findings_are_listed_counted_and_mark_gaps_in_the_matrix() {
    use threatmodel::rules::Severity;
    let model = fixtures::bank();
    let options = ReportOptions {
        findings: Some(vec![
            finding_on_get_account(&model, "missing_rate_limiting", Severity::Warning, None),
            finding_on_get_account(
                &model,
                "unauthenticated_critical_asset",
                Severity::Error,
                None,
            ),
            finding_on_get_account(
                &model,
                "missing_object_level_authorization",
                Severity::Error,
                Some("ids are random | 128-bit"),
            ),
        ]),
        ..options(Some(fixtures::TODAY))
    };
    let report = render(&model, &options);
    assert_tables_well_formed(&report);

    let findings = section(&report, "Findings");
    let tables = tables(findings);
    let active: Vec<Vec<String>> = tables[0][2..].iter().map(|row| cells(row)).collect();
    assert_eq!(active.len(), 2, "{findings}");
    // Errors first, then warnings.
    assert_eq!(active[0][0], "error");
    assert_eq!(active[0][1], "`unauthenticated_critical_asset` (TM0003)");
    assert_eq!(active[1][0], "warning");
    let suppressed: Vec<Vec<String>> = tables[1][2..].iter().map(|row| cells(row)).collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0][2], "ids are random \\| 128-bit");

    // API4 was mitigated on this endpoint; the rule's finding makes it a gap. A suppressed
    // finding (API1) is shown as such, over the threat's disposition.
    assert_eq!(
        matrix_cell(&report, "GET /accounts/{id}", "API4:2023"),
        "❌"
    );
    assert_eq!(
        matrix_cell(&report, "GET /accounts/{id}", "API2:2023"),
        "❌"
    );
    assert_eq!(
        matrix_cell(&report, "GET /accounts/{id}", "API1:2023"),
        "🔕"
    );
    // Findings on one endpoint leave the other endpoint's row as it was.
    let without = render(&model, &crate::options(Some(fixtures::TODAY)));
    for risk in ["API1:2023", "API2:2023", "API4:2023"] {
        assert_eq!(
            matrix_cell(&report, "POST /transfers", risk),
            matrix_cell(&without, "POST /transfers", risk)
        );
    }

    let summary = section(&report, "Summary");
    assert!(
        summary.contains("| Rule findings: errors | 1 |"),
        "{summary}"
    );
    assert!(
        summary.contains("| Rule findings: suppressed | 1 |"),
        "{summary}"
    );
}

#[test]
fn without_findings_the_report_has_no_findings_section() {
    let report = render(&fixtures::bank(), &options(Some(fixtures::TODAY)));
    assert!(!report.contains("\n## Findings\n"));
    let checked = ReportOptions {
        findings: Some(Vec::new()),
        ..options(Some(fixtures::TODAY))
    };
    let report = render(&fixtures::bank(), &checked);
    assert!(
        section(&report, "Findings").contains("No rule of `cargo threatmodel check` found a gap.")
    );
}

#[test]
fn a_scoped_control_covers_its_routes_in_the_matrix() {
    let mut model = fixtures::bank();
    let before = render(&model, &options(None));
    assert_eq!(matrix_cell(&before, "GET /accounts/{id}", "API2:2023"), "·");
    let mut jwt = model.mitigations[0].clone();
    jwt.id = "bank_api::auth::require_jwt".to_owned();
    jwt.controls = vec!["authentication".to_owned()];
    jwt.addresses = vec!["broken_authentication".to_owned(), "spoofing".to_owned()];
    jwt.applies_to = vec!["/accounts/*".to_owned()];
    model.mitigations.push(jwt);
    let after = render(&model, &options(None));
    // Cited through `applies_to`, not seen running (no facts).
    assert_eq!(matrix_cell(&after, "GET /accounts/{id}", "API2:2023"), "☐");
    // `/transfers` is outside the scope.
    assert_eq!(matrix_cell(&after, "POST /transfers", "API2:2023"), "·");
    let running = render(
        &served_with_layers(&model, &["bank_api::auth::require_jwt"]),
        &options(None),
    );
    assert_eq!(
        matrix_cell(&running, "GET /accounts/{id}", "API2:2023"),
        "✅"
    );
}

#[test]
fn a_finding_on_a_flow_written_on_the_handler_is_a_gap_of_its_endpoint() {
    use threatmodel::rules::Severity;
    let model = fixtures::bank();
    let mut finding = finding_on_get_account(
        &model,
        "unencrypted_flow_across_boundary",
        Severity::Error,
        None,
    );
    // The flow is the handler fn itself: same item, its own element id.
    finding.element = format!("{}#flow", finding.item);
    let report = render(
        &model,
        &ReportOptions {
            findings: Some(vec![finding]),
            ..options(None)
        },
    );
    assert_eq!(
        matrix_cell(&report, "GET /accounts/{id}", "API8:2023"),
        "❌"
    );
    assert_eq!(matrix_cell(&report, "POST /transfers", "API8:2023"), "·");
}

/// A control that does not run (`unapplied_mitigation`, API8) leaves the risk of the threat
/// that cites it open too: `GET /accounts/{id}`'s BOLA threat is mitigated on paper only.
#[test]
fn an_unapplied_mitigation_is_a_gap_of_the_risk_of_the_threat_citing_it() {
    use threatmodel::rules::Severity;
    let model = fixtures::bank();
    let bola = model
        .threats
        .iter()
        .find(|t| {
            t.kind == "broken_object_level_authorization" && t.subject.ends_with("get_account")
        })
        .expect("the BOLA threat of get_account");
    let before = render(&model, &options(None));
    assert_eq!(matrix_cell(&before, "GET /accounts/{id}", "API1:2023"), "☐");
    let mut finding = finding_on_get_account(&model, "unapplied_mitigation", Severity::Error, None);
    finding.element = format!("{} bank::api::ensure_owner", bola.id);
    let report = render(
        &model,
        &ReportOptions {
            findings: Some(vec![finding]),
            ..options(None)
        },
    );
    assert_eq!(
        matrix_cell(&report, "GET /accounts/{id}", "API1:2023"),
        "❌"
    );
    assert_eq!(
        matrix_cell(&report, "GET /accounts/{id}", "API8:2023"),
        "❌"
    );
    // The threat's row says the mitigation holds on paper only.
    assert!(
        report.contains("❌ Mitigated on paper by `ensure_owner`"),
        "{}",
        section(&report, "Endpoints")
    );
    assert!(before.contains("☐ Mitigated by `ensure_owner` (cited only"));
}

/// The cell of the matrix's last row, which aggregates every endpoint, for risk `id`.
fn all_endpoints_cell(report: &str, id: &str) -> String {
    let matrix = section(report, "OWASP API Security Top 10 (2023) coverage");
    let table = &tables(matrix)[0];
    let header = cells(table[0]);
    let column = header
        .iter()
        .position(|name| name.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no column {id} in {header:?}"));
    let last = cells(table.last().expect("a row"));
    assert_eq!(last[0], "**All endpoints**", "{matrix}");
    last[column].trim_matches('*').to_owned()
}

/// The last row shows, per risk, the weakest state among the endpoints that consider it
/// (❌ > ⚠️ > ◐ > ☐ > ✅), · when none does, — when it applies to none.
#[test]
fn the_all_endpoints_row_shows_the_weakest_considered_state() {
    let running = served_with_layers(&fixtures::bank(), &["bank_api::limits::rate_limit"]);
    let report = render(&running, &options(None));
    // POST /transfers: open mass assignment.
    assert_eq!(all_endpoints_cell(&report, "API3:2023"), "❌");
    // POST /transfers accepted (and cited only), GET /accounts/{id} cited only.
    assert_eq!(matrix_cell(&report, "POST /transfers", "API1:2023"), "⚠️");
    assert_eq!(all_endpoints_cell(&report, "API1:2023"), "⚠️");
    // Only GET /accounts/{id} considers API4, and its rate limit runs; POST /transfers' ·
    // does not count.
    assert_eq!(
        matrix_cell(&report, "GET /accounts/{id}", "API4:2023"),
        "✅"
    );
    assert_eq!(matrix_cell(&report, "POST /transfers", "API4:2023"), "·");
    assert_eq!(all_endpoints_cell(&report, "API4:2023"), "✅");
    // Nobody considers API2.
    assert_eq!(all_endpoints_cell(&report, "API2:2023"), "·");

    // A request size limit instead of the rate limit: partial, and the column with it.
    let mut partial = fixtures::bank();
    let limit = partial
        .mitigations
        .iter_mut()
        .find(|m| m.id == "bank_api::limits::rate_limit")
        .expect("the rate limit");
    limit.controls = vec!["request_size_limit".to_owned()];
    let report = render(
        &served_with_layers(&partial, &["bank_api::limits::rate_limit"]),
        &options(None),
    );
    assert_eq!(matrix_cell(&report, "GET /accounts/{id}", "API4:2023"), "◐");
    assert_eq!(all_endpoints_cell(&report, "API4:2023"), "◐");
    assert!(
        report.contains("◐ Mitigated in part by `rate_limit`"),
        "{}",
        section(&report, "Endpoints")
    );

    // Public endpoints that sign no one in: API2 applies to none.
    let mut public = fixtures::bank();
    for endpoint in &mut public.endpoints {
        endpoint.auth = Some(threatmodel::AuthRequirement::None);
    }
    let report = render(&public, &options(None));
    assert_eq!(matrix_cell(&report, "POST /transfers", "API2:2023"), "—");
    assert_eq!(all_endpoints_cell(&report, "API2:2023"), "—");
    // ... unless one is a sign-in flow, which API2 covers.
    public.endpoints[0].route = "/auth/login".to_owned();
    let report = render(&public, &options(None));
    assert_eq!(matrix_cell(&report, "POST /auth/login", "API2:2023"), "·");
    assert_eq!(all_endpoints_cell(&report, "API2:2023"), "·");
}

/// With code facts, the summary does not count a mitigation on paper as mitigated: it splits
/// the mitigated threats by whether their controls were seen running.
#[test]
fn the_summary_splits_mitigated_threats_by_what_the_facts_show() {
    use threatmodel::rules::Severity;
    let row = |report: &str, label: &str| -> String {
        let summary = section(report, "Summary");
        let line = summary
            .lines()
            .find(|line| line.starts_with(&format!("| {label} |")))
            .unwrap_or_else(|| panic!("no row {label:?} in:\n{summary}"));
        cells(line)[1].clone()
    };
    let without = render(&fixtures::bank(), &options(None));
    assert_eq!(
        row(
            &without,
            "Threats mitigated (controls cited only: no code facts)"
        ),
        "4"
    );
    let model = served_with_layers(&fixtures::bank(), &["bank_api::auth::ensure_owner"]);
    let bola = model
        .threats
        .iter()
        .find(|t| {
            t.kind == "broken_object_level_authorization" && t.subject.ends_with("get_account")
        })
        .expect("the BOLA threat of get_account");
    let mut finding = finding_on_get_account(&model, "unapplied_mitigation", Severity::Error, None);
    finding.element = format!("{} bank_api::auth::ensure_owner", bola.id);
    let report = render(
        &model,
        &ReportOptions {
            findings: Some(vec![finding]),
            ..options(None)
        },
    );
    // GET's BOLA is on paper; POST's BOLA cites ensure_owner, seen running as a layer; GET's
    // API4 and the SQL injection threat on a non-handler fn are cited only.
    assert_eq!(
        row(&report, "Threats mitigated, a control seen running"),
        "1"
    );
    assert_eq!(
        row(
            &report,
            "Threats mitigated, controls cited only (not seen running)"
        ),
        "2"
    );
    assert_eq!(
        row(
            &report,
            "Threats mitigated on paper (a cited control does not run, TM0019)"
        ),
        "1"
    );
    assert!(!report.contains("| Threats mitigated |"), "{report}");
}

/// An endpoint whose route was read from its framework attribute (`#[get("/accounts/{id}")]`)
/// and is served under a mount prefix shows the served path in its heading.
#[test]
fn an_endpoint_heading_shows_the_served_path_when_it_differs() {
    let mut model = fixtures::bank();
    for endpoint in &mut model.endpoints {
        endpoint.route_from_framework = true;
    }
    let mut model = served_with_layers(&model, &[]);
    let facts = model.facts.as_mut().expect("facts");
    for route in &mut facts.crates[0].routes {
        route.path = format!("/api{}", route.path);
    }
    let report = render(&model, &options(None));
    let endpoints = section(&report, "Endpoints");
    assert!(
        endpoints.contains("\n### GET /accounts/{id} (served at /api/accounts/{id})\n"),
        "{endpoints}"
    );
    assert!(
        endpoints.contains("\n### POST /transfers (served at /api/transfers)\n"),
        "{endpoints}"
    );
    // Served as claimed: the heading is the claim alone.
    let report = render(&served_with_layers(&fixtures::bank(), &[]), &options(None));
    assert!(
        section(&report, "Endpoints").contains("\n### POST /transfers\n"),
        "{report}"
    );
}

/// A control that covers endpoints only through `applies_to` is relied on by them.
#[test]
fn a_control_covering_routes_through_applies_to_is_relied_on() {
    let mut model = fixtures::bank();
    let audit = model
        .mitigations
        .iter_mut()
        .find(|m| m.id == "bank_api::audit::audit_log")
        .expect("audit_log");
    audit.applies_to = vec!["/transfers".to_owned()];
    let report = render(&model, &options(None));
    let row = section(&report, "Mitigations")
        .lines()
        .find(|line| line.starts_with("| `audit_log` |"))
        .expect("a row for audit_log")
        .to_owned();
    assert!(!row.contains("nothing relies on it"), "{row}");
    assert!(
        row.contains("the endpoints its `applies_to` covers: `POST /transfers`"),
        "{row}"
    );
}

/// The cells of the threat row whose first cell is `threat` in the endpoint section `heading`,
/// by column name.
fn threat_row(
    report: &str,
    heading: &str,
    threat: &str,
) -> std::collections::HashMap<String, String> {
    let start = report
        .find(&format!("\n### {heading}\n"))
        .unwrap_or_else(|| panic!("no endpoint {heading:?} in:\n{report}"));
    let rest = &report[start + 1..];
    let end = rest[4..].find("\n##").map_or(rest.len(), |end| end + 4);
    let table = &tables(&rest[..end])[0];
    let header = cells(table[0]);
    let row = table[2..]
        .iter()
        .map(|row| cells(row))
        .find(|row| row[0] == threat)
        .unwrap_or_else(|| panic!("no row {threat} in:\n{}", &rest[..end]));
    header.into_iter().zip(row).collect()
}

#[test]
fn threat_rows_give_the_risk_rating_and_its_basis() {
    let mut model = fixtures::bank();
    let report = render(&model, &options(None));
    let bola = "Broken Object Level Authorization (`broken_object_level_authorization`)";
    // `severity = critical` on the threat.
    let row = threat_row(&report, "GET /accounts/{id}", bola);
    assert_eq!(row["Risk"], "**Critical** (stated)");
    // Rated by the critical Account the endpoint exposes, above the catalogue's medium.
    let row = threat_row(
        &report,
        "GET /accounts/{id}",
        "Unrestricted Resource Consumption (`unrestricted_resource_consumption`)",
    );
    assert_eq!(row["Risk"], "**Critical** (exposes Account)");
    // Without the exposure, the catalogue's severity is what is left.
    for endpoint in &mut model.endpoints {
        endpoint.exposes.clear();
    }
    let report = render(&model, &options(None));
    let row = threat_row(
        &report,
        "GET /accounts/{id}",
        "Unrestricted Resource Consumption (`unrestricted_resource_consumption`)",
    );
    assert_eq!(row["Risk"], "**Medium** (catalogue)");
}

#[test]
fn threat_rows_give_cwe_and_capec_ids() {
    let mut model = fixtures::bank();
    let threat = model
        .threats
        .iter_mut()
        .find(|t| t.kind == "unrestricted_resource_consumption")
        .expect("the fixture has one");
    threat.cwe = vec!["CWE-770".to_owned()];
    threat.capec = vec!["CAPEC-125".to_owned()];
    let report = render(&model, &options(None));
    let row = threat_row(
        &report,
        "GET /accounts/{id}",
        "Unrestricted Resource Consumption (`unrestricted_resource_consumption`)",
    );
    assert_eq!(row["CWE / CAPEC"], "CWE-770, CAPEC-125");
    let row = threat_row(
        &report,
        "GET /accounts/{id}",
        "Broken Object Level Authorization (`broken_object_level_authorization`)",
    );
    assert_eq!(row["CWE / CAPEC"], "—");
}

#[test]
fn the_header_says_what_the_model_was_built_from() {
    use threatmodel::model::{BuildContext, BuiltPackage};

    let mut model = fixtures::bank();
    let report = render(&model, &options(None));
    assert!(!report.contains("Built from"), "{report}");
    model.build = Some(BuildContext {
        commit: Some("0123abcd".to_owned()),
        uncommitted_changes: true,
        packages: vec![BuiltPackage {
            name: "bank-api".to_owned(),
            version: "0.1.0".to_owned(),
            features: vec!["default".to_owned(), "postgres".to_owned()],
        }],
        target: None,
        cfg: vec![
            "target_feature=\"sse\"".to_owned(),
            "target_feature=\"sse2\"".to_owned(),
            "target_os=\"linux\"".to_owned(),
            "unix".to_owned(),
        ],
    });
    let report = render(&model, &options(None));
    let header = &report[..report.find("\n## ").expect("a section")];
    insta::assert_snapshot!("built_from", snapshot_text(header));
    assert!(header.contains("- **Commit:** `0123abcd`, with uncommitted changes\n"));
    assert!(
        header.contains("- **Packages:** `bank-api` 0.1.0 (features: `default`, `postgres`)\n")
    );
    assert!(header.contains("- **Target:** host\n"));
    assert!(
        header.contains("- **cfg:** `target_os=\"linux\"`, `unix`, 2 `target_feature` values\n")
    );
}

#[test]
fn assumptions_are_listed_with_their_text_description_owner_and_source() {
    use threatmodel::model::Assumption;

    let mut model = fixtures::bank();
    model.assumptions = vec![
        Assumption {
            id: "bank_api::AdminOutOfScope".to_owned(),
            name: "AdminOutOfScope".to_owned(),
            text: "the admin console has its own threat model".to_owned(),
            description: None,
            owner: None,
            location: fixtures::at("src/lib.rs", 3),
        },
        Assumption {
            id: "bank_api::TlsAtIngress".to_owned(),
            name: "TlsAtIngress".to_owned(),
            text: "TLS terminates at the load balancer".to_owned(),
            description: Some("The ingress controller is the only route in.".to_owned()),
            owner: Some("platform".to_owned()),
            location: fixtures::at("src/lib.rs", 5),
        },
    ];
    let report = render(&model, &options(None));
    let section = section(&report, "Assumptions and scope");
    let rows: Vec<Vec<String>> = tables(section)[0].iter().map(|row| cells(row)).collect();
    assert_eq!(rows[0], ["Assumption", "Statement", "Owner", "Source"]);
    assert_eq!(
        rows[2],
        [
            "`AdminOutOfScope`",
            "the admin console has its own threat model",
            "—",
            "`src/lib.rs:3`"
        ]
    );
    assert_eq!(
        rows[3],
        [
            "`TlsAtIngress`",
            "TLS terminates at the load balancer<br>The ingress controller is the only route in.",
            "platform",
            "`src/lib.rs:5`"
        ]
    );
    // Before the assets: a reviewer reads the scope first.
    assert!(report.find("## Assumptions and scope") < report.find("## Assets"));
}
