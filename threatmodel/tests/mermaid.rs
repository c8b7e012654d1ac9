//! The Mermaid flowchart: snapshots of small models, the shape of every line of hostile output,
//! id stability and determinism.

mod fixtures;

use std::collections::BTreeSet;

use threatmodel::Model;
use threatmodel::export::mermaid::{DiagramOptions, render};
use threatmodel::rules::{Finding, Severity};

fn plain(model: &Model) -> String {
    render(model, &DiagramOptions::default())
}

/// A finding of `unencrypted_flow_across_boundary` on the webhook flow of the bank fixture.
fn finding(model: &Model) -> Finding {
    let flow = model
        .data_flows
        .iter()
        .find(|f| f.id == "bank_api::payments::notify_webhook")
        .expect("fixture flow");
    Finding {
        rule_id: "TM0009".to_owned(),
        rule_name: "unencrypted_flow_across_boundary".to_owned(),
        severity: Severity::Error,
        message: "http crosses a boundary".to_owned(),
        help: None,
        element: flow.id.clone(),
        item: flow.id.clone(),
        location: flow.location.clone(),
        suppressed: None,
        related: Vec::new(),
    }
}

/// Whether `id` is a synthetic node or subgraph id: `kind_<16 hex digits>`.
fn is_id(id: &str) -> bool {
    id.rsplit_once('_').is_some_and(|(kind, hash)| {
        [
            "component",
            "endpoint",
            "unmodelled",
            "callers",
            "crate",
            "boundary",
        ]
        .contains(&kind)
            && hash.len() == 16
            && hash.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// Whether `label` is the inside of a safe quoted label: no character Mermaid gives a meaning
/// to, every `#` opening an entity code (`#quot;` or `#NNN;`), `<` only in `<br>`.
fn is_label(label: &str) -> bool {
    let rest = label.replace("<br>", "");
    if rest.contains([
        '"', '%', '<', '>', '|', '`', '[', ']', '(', ')', '{', '}', '\n', '\r',
    ]) {
        return false;
    }
    let mut pieces = rest.split('#');
    pieces.next();
    pieces.all(|piece| {
        let Some((code, _)) = piece.split_once(';') else {
            return false;
        };
        code == "quot" || (!code.is_empty() && code.chars().all(|c| c.is_ascii_digit()))
    })
}

/// `Some(rest)` when `text` is `"label"` followed by `rest`, the label being safe.
fn quoted(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('"')?;
    let end = inner.find('"')?;
    is_label(&inner[..end]).then_some(&inner[end + 1..])
}

const SHAPES: [(&str, &str); 7] = [
    ("[[", "]]"),
    ("[(", ")]"),
    ("((", "))"),
    ("[/", "/]"),
    ("[", "]"),
    (">", "]"),
    ("(", ")"),
];

const ARROWS: [&str; 6] = ["-->", "<-->", "-.->", "<-.->", "-.-", "---"];

const CLASSES: [&str; 3] = ["synthetic", "volatile", "flagged"];

/// Whether `line` (without indentation) is one of the statements the exporter writes.
fn is_statement(line: &str) -> bool {
    // subgraph ID["label"]
    if let Some(rest) = line.strip_prefix("subgraph ") {
        return rest
            .split_once('[')
            .is_some_and(|(id, rest)| is_id(id) && quoted(rest) == Some("]"));
    }
    if line == "end" {
        return true;
    }
    // classDef NAME STYLE / class IDS NAME / linkStyle N,N STYLE
    if let Some(rest) = line.strip_prefix("classDef ") {
        return rest.split_once(' ').is_some_and(|(name, style)| {
            CLASSES.contains(&name)
                && style
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "#:,- ".contains(c))
        });
    }
    if let Some(rest) = line.strip_prefix("class ") {
        return rest
            .split_once(' ')
            .is_some_and(|(ids, name)| ids.split(',').all(is_id) && CLASSES.contains(&name));
    }
    if let Some(rest) = line.strip_prefix("linkStyle ") {
        return rest.split_once(' ').is_some_and(|(indices, style)| {
            indices.split(',').all(|i| i.parse::<usize>().is_ok())
                && style
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "#:,-".contains(c))
        });
    }
    // ID ARROW ID / ID ARROW|"label"| ID
    let words: Vec<&str> = line.splitn(3, ' ').collect();
    if words.len() == 3 && is_id(words[0]) {
        let (arrow, rest) = (words[1], words[2]);
        if ARROWS.contains(&arrow) {
            return is_id(rest);
        }
        if let Some((arrow, _)) = arrow.split_once('|')
            && ARROWS.contains(&arrow)
        {
            // The label may hold spaces: take it from the whole line.
            let start = line.find('|').unwrap() + 1;
            let Some(after) = quoted(&line[start..]) else {
                return false;
            };
            return after.strip_prefix("| ").is_some_and(is_id);
        }
        return false;
    }
    // ID<open>"label"<close>
    let id_end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    let (id, rest) = line.split_at(id_end);
    is_id(id)
        && SHAPES.iter().any(|(open, close)| {
            rest.strip_prefix(open)
                .and_then(quoted)
                .is_some_and(|after| after == *close)
        })
}

fn assert_every_line_is_a_statement(mermaid: &str) {
    let mut lines = mermaid.lines();
    assert_eq!(lines.next(), Some("flowchart LR"));
    let mut depth = 0usize;
    for line in lines {
        let text = line.trim_start_matches(' ');
        let indent = line.len() - text.len();
        assert!(is_statement(text), "unexpected line: {line}");
        if text == "end" {
            depth -= 1;
        }
        assert_eq!(indent, 2 * (depth + 1), "indentation of {line}");
        if text.starts_with("subgraph ") {
            depth += 1;
        }
    }
    assert_eq!(depth, 0, "every subgraph ends");
}

/// The node and subgraph ids of a flowchart.
fn ids(mermaid: &str) -> BTreeSet<String> {
    mermaid
        .lines()
        .skip(1)
        .flat_map(|line| {
            line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|word| is_id(word))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Decodes the labels' entity codes and line breaks, as Mermaid does before drawing.
fn decoded(mermaid: &str) -> String {
    let mut out = String::new();
    let text = mermaid.replace("<br>", "\n").replace("#quot;", "\"");
    let mut rest = text.as_str();
    while let Some(start) = rest.find('#') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.split_once(';') {
            Some((code, tail)) if code.chars().all(|c| c.is_ascii_digit()) && !code.is_empty() => {
                out.push(char::from_u32(code.parse().unwrap()).unwrap());
                rest = tail;
            }
            _ => {
                out.push('#');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn bank_flowchart() {
    insta::assert_snapshot!("bank", plain(&fixtures::bank()));
}

#[test]
fn every_kind_flowchart_with_findings() {
    let model = fixtures::every_kind();
    let options = DiagramOptions {
        findings: Some(vec![finding(&model)]),
    };
    insta::assert_snapshot!("every_kind", render(&model, &options));
}

#[test]
fn well_formed_lines_in_every_fixture() {
    for model in [
        fixtures::bank(),
        fixtures::every_kind(),
        fixtures::hostile(),
    ] {
        assert_every_line_is_a_statement(&plain(&model));
    }
}

#[test]
fn hostile_labels_cannot_break_out_or_inject_directives() {
    let mermaid = plain(&fixtures::hostile());
    assert_every_line_is_a_statement(&mermaid);
    // No comment or directive: the exporter writes none, and labels escape `%`.
    assert!(!mermaid.contains("%%"), "{mermaid}");
    assert!(!mermaid.contains('%'), "{mermaid}");
    assert!(!mermaid.contains('`'), "no line can close a Markdown fence");
    assert!(!mermaid.contains('\u{202E}'));
    // The labels still say what the model says.
    let text = decoded(&mermaid);
    assert!(text.contains("%%{init: {\"theme\":\"dark\"}}%%"), "{text}");
    assert!(
        text.contains("<script>alert('|')</script>") || text.contains("<script>alert('|')</scrip"),
        "{text}"
    );
    assert!(
        text.contains("Счёт клиента 客户账户 حساب العميل חשבון"),
        "{text}"
    );
    assert!(text.contains("]]>"), "{text}");
}

#[test]
fn empty_model_gives_an_empty_flowchart() {
    assert_eq!(plain(&Model::empty()), "flowchart LR\n");
}

#[test]
fn shapes_follow_the_component_kind() {
    let mermaid = plain(&fixtures::every_kind());
    let node = |id: &str| {
        let token = threatmodel::export::ids::token("component", id);
        mermaid
            .lines()
            .map(str::trim)
            .find(|line| {
                line.starts_with(&format!("{token}[")) || line.starts_with(&format!("{token}("))
            })
            .unwrap_or_else(|| panic!("no node {id}"))
            .to_owned()
    };
    assert!(node("bank_api::infra::BankApi").contains("((\"bank-api<br>«service»\"))"));
    assert!(node("bank_api::infra::Postgres").contains("[(\"Postgres<br>«datastore»\")]"));
    assert!(node("bank_api::infra::Sessions").contains("[(\"Sessions<br>«cache»\")]"));
    assert!(node("bank_api::infra::Events").contains("[/\"Transfer events<br>«queue»"));
    assert!(node("bank_api::infra::Customer").contains("[\"Customer<br>«actor»\"]"));
    assert!(node("bank_api::infra::PaymentsGateway").contains("[[\"Payments gateway"));
}

#[test]
fn subgraphs_nest_through_parent() {
    let mermaid = plain(&fixtures::bank());
    let internal = threatmodel::export::ids::token("boundary", "bank_api::zones::Internal");
    let vpc = threatmodel::export::ids::token("boundary", "bank_api::zones::PaymentsVpc");
    assert!(
        mermaid.contains(&format!(
            "  subgraph {internal}[\"Internal network\"]\n    subgraph {vpc}[\"Payments VPC\"]\n"
        )),
        "{mermaid}"
    );
}

#[test]
fn adding_an_unrelated_endpoint_changes_no_node_id() {
    let model = fixtures::every_kind();
    let before = ids(&plain(&model));
    let grown = fixtures::with_unrelated_endpoint(&model);
    let after = ids(&plain(&grown));
    assert!(before.is_subset(&after), "{before:?}\n{after:?}");
    assert_eq!(after.len(), before.len() + 1);
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    for model in [
        Model::empty(),
        fixtures::bank(),
        fixtures::every_kind(),
        fixtures::hostile(),
    ] {
        assert_eq!(plain(&model), plain(&model.clone()));
    }
}

#[test]
fn flagged_elements_get_the_class_and_a_count() {
    let model = fixtures::every_kind();
    let mermaid = render(
        &model,
        &DiagramOptions {
            findings: Some(vec![finding(&model)]),
        },
    );
    let transfers = mermaid
        .lines()
        .find(|l| l.contains("POST /transfers"))
        .unwrap();
    assert!(transfers.contains("⚠ 1 open, 2 accepted"), "{transfers}");
    let webhook = mermaid.lines().find(|l| l.contains("http<br>")).unwrap();
    assert!(
        webhook.contains("-.->") && webhook.contains("⚠ 1 finding"),
        "{webhook}"
    );
    let flagged = mermaid
        .lines()
        .find(|l| l.trim_start().starts_with("class ") && l.ends_with(" flagged"))
        .unwrap();
    let events = threatmodel::export::ids::token("component", "bank_api::infra::Events");
    assert!(flagged.contains(&events), "{flagged}");
}

/// The crowded fixture in Mermaid: one link for the three flows to Postgres, labelled with
/// their count; the unmodelled route as a dashed (`synthetic`) flag node; no isolated actor.
#[test]
fn crowded_flowchart_draws_parallel_flows_once_and_unmodelled_routes() {
    use threatmodel::export::ids::token;
    let mermaid = plain(&fixtures::crowded());
    assert_every_line_is_a_statement(&mermaid);
    let service = token("component", "bank_api::infra::BankApi");
    let postgres = token("component", "bank_api::infra::Postgres");
    let links: Vec<&str> = mermaid
        .lines()
        .filter(|line| line.trim_start().starts_with(&service) && line.ends_with(&postgres))
        .collect();
    assert_eq!(
        links,
        [format!(
            "  {service} <-->|\"Account, Customer<br>postgres+tls<br>3 flows\"| {postgres}"
        )],
        "{mermaid}"
    );
    let dump = token("unmodelled", "GET /admin/dump bank_api::admin::dump");
    assert!(
        mermaid.contains(&format!("{dump}>\"GET /admin/dump<br>«unmodelled»\"]")),
        "{mermaid}"
    );
    let synthetic = mermaid
        .lines()
        .find(|line| line.starts_with("  class ") && line.ends_with(" synthetic"))
        .expect("a synthetic class line");
    assert!(synthetic.contains(&dump), "{synthetic}");
    assert!(!mermaid.contains("Auditor"), "{mermaid}");
}
