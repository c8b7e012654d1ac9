//! The DOT (Graphviz) data-flow diagram: snapshots of small models, escaping of hostile text,
//! id stability, and rendering with `dot -Tsvg` when Graphviz is installed (always in CI).

mod fixtures;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::process::{Command, Stdio};

use threatmodel::Model;
use threatmodel::export::dot::{DiagramOptions, render};
use threatmodel::rules::{Finding, Severity};

fn plain(model: &Model) -> String {
    render(model, &DiagramOptions::default())
}

/// A finding of `missing_rate_limiting` on the endpoint `GET /accounts/{id}`.
fn finding(model: &Model) -> Finding {
    let endpoint = model
        .endpoints
        .iter()
        .find(|e| e.route.ends_with("/accounts/{id}"))
        .expect("fixture endpoint");
    Finding {
        rule_id: "TM0007".to_owned(),
        rule_name: "missing_rate_limiting".to_owned(),
        severity: Severity::Warning,
        message: "no \"rate limit\" covers `GET /accounts/{id}`".to_owned(),
        help: None,
        element: endpoint.id.clone(),
        item: endpoint.handler.clone(),
        location: endpoint.location.clone(),
        suppressed: None,
        related: Vec::new(),
    }
}

/// The statements of a DOT document as the lexer sees them: quoted strings (with `\"` and `\\`
/// escapes) kept whole, split at `;`, `{` and `}` outside strings. Panics on a string that
/// is not closed on its line, since the exporter never writes a raw line break in a string.
fn statements(dot: &str) -> Vec<String> {
    let mut statements = Vec::new();
    for line in dot.lines() {
        let mut current = String::new();
        let mut in_string = false;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            current.push(c);
            match c {
                '\\' if in_string => current.extend(chars.next()),
                '"' => in_string = !in_string,
                ';' | '{' | '}' if !in_string => {
                    statements.push(std::mem::take(&mut current).trim().to_owned());
                }
                _ => {}
            }
        }
        assert!(!in_string, "a string runs past the end of the line: {line}");
        if !current.trim().is_empty() {
            statements.push(current.trim().to_owned());
        }
    }
    statements
}

/// The text outside quoted strings.
fn outside_strings(statement: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut chars = statement.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            c if !in_string => out.push(c),
            _ => {}
        }
    }
    out
}

/// The node ids (`kind_<16 hex digits>`) that `dot` declares or links.
fn node_ids(dot: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for statement in statements(dot) {
        for word in
            outside_strings(&statement).split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        {
            if let Some((kind, hash)) = word.rsplit_once('_')
                && [
                    "component",
                    "endpoint",
                    "unmodelled",
                    "callers",
                    "crate",
                    "boundary",
                    "cluster_boundary",
                ]
                .contains(&kind)
                && hash.len() == 16
                && hash.chars().all(|c| c.is_ascii_hexdigit())
            {
                ids.insert(word.to_owned());
            }
        }
    }
    ids
}

/// Reads the DOT quoted strings of `statement` back (Graphviz's escString: `\"` is `"`, `\\`
/// is `\`, `\n` a line break).
fn strings(statement: &str) -> Vec<String> {
    let mut strings = Vec::new();
    let mut current: Option<String> = None;
    let mut chars = statement.chars();
    while let Some(c) = chars.next() {
        match (&mut current, c) {
            (None, '"') => current = Some(String::new()),
            (Some(_), '"') => strings.extend(current.take()),
            (Some(text), '\\') => match chars.next() {
                Some('n') => text.push('\n'),
                Some(other) => text.push(other),
                None => {}
            },
            (Some(text), c) => text.push(c),
            (None, _) => {}
        }
    }
    strings
}

#[test]
fn bank_diagram() {
    insta::assert_snapshot!("bank", plain(&fixtures::bank()));
}

#[test]
fn every_kind_diagram_with_findings() {
    let model = fixtures::every_kind();
    let options = DiagramOptions {
        findings: Some(vec![finding(&model)]),
    };
    insta::assert_snapshot!("every_kind", render(&model, &options));
}

#[test]
fn empty_model_gives_an_empty_digraph() {
    let dot = plain(&Model::empty());
    assert!(dot.starts_with("digraph threatmodel {\n"), "{dot}");
    assert!(dot.ends_with("}\n"), "{dot}");
    assert!(node_ids(&dot).is_empty(), "{dot}");
    assert!(!dot.contains("->") && !dot.contains("subgraph"), "{dot}");
}

#[test]
fn hostile_labels_cannot_break_out() {
    let model = fixtures::hostile();
    let dot = plain(&model);
    // Quotes balance on every line; braces balance outside strings.
    let statements = statements(&dot);
    let mut depth = 0i32;
    for statement in &statements {
        let outside = outside_strings(statement);
        depth += outside.matches('{').count() as i32;
        depth -= outside.matches('}').count() as i32;
        assert!(depth >= 0, "{statement}");
        // Outside strings there are only ids, keywords, numbers and punctuation.
        assert!(
            outside
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || " _-=>[],;{}.".contains(c)),
            "unexpected text outside strings: {statement}"
        );
    }
    assert_eq!(depth, 0);
    // Every label reads back as the raw text (cut to length): nothing was lost or added.
    let labels: Vec<String> = statements.iter().flat_map(|s| strings(s)).collect();
    assert!(
        labels
            .iter()
            .any(|l| l.contains("%%{init: {\"theme\":\"dark\"}}%%")),
        "{dot}"
    );
    assert!(labels.iter().any(|l| l.contains("<script>")), "{dot}");
    assert!(
        labels
            .iter()
            .any(|l| l.contains("Счёт клиента 客户账户 حساب")),
        "{dot}"
    );
    assert!(labels.iter().any(|l| l.contains("\\n \\N")), "{dot}");
    // No raw control or bidirectional override character reaches the file.
    assert!(!dot.contains('\u{202E}') && !dot.contains('\r'), "{dot}");
    assert!(dot.lines().all(|l| !l.contains('\t')));
}

#[test]
fn a_flow_without_from_starts_at_the_crate_service() {
    let model = fixtures::every_kind();
    let dot = plain(&model);
    let service = threatmodel::export::ids::token("component", "bank_api::infra::BankApi");
    let postgres = threatmodel::export::ids::token("component", "bank_api::infra::Postgres");
    assert!(dot.contains(&format!("{service} -> {postgres} [")), "{dot}");
    // Without a service component, a synthetic node named after the crate stands in.
    let dot = plain(&fixtures::bank());
    let krate = threatmodel::export::ids::token("crate", "bank_api");
    assert!(dot.contains(&format!("{krate} -> {postgres} [")), "{dot}");
    assert!(
        dot.contains(&format!("{krate} [label=\"bank_api\\n«crate»\"")),
        "{dot}"
    );
}

#[test]
fn boundaries_nest_through_parent() {
    let dot = plain(&fixtures::bank());
    let internal = threatmodel::export::ids::token("boundary", "bank_api::zones::Internal");
    let vpc = threatmodel::export::ids::token("boundary", "bank_api::zones::PaymentsVpc");
    let outer = dot
        .find(&format!("subgraph cluster_{internal} {{"))
        .unwrap();
    let inner = dot.find(&format!("  subgraph cluster_{vpc} {{")).unwrap();
    assert!(outer < inner);
    let line = dot
        .lines()
        .find(|l| l.contains(&format!("subgraph cluster_{vpc} {{")))
        .unwrap();
    assert!(line.starts_with("    subgraph"), "nested one level: {line}");
}

#[test]
fn unencrypted_flows_are_dashed_and_red_and_open_and_accepted_threats_flag_nodes() {
    let dot = plain(&fixtures::bank());
    let webhook = dot
        .lines()
        .find(|l| l.contains("unencrypted"))
        .expect("the http flow");
    assert!(
        webhook.contains("style=dashed") && webhook.contains("color=\"red\""),
        "{webhook}"
    );
    let transfers = dot
        .lines()
        .find(|l| l.contains("POST /transfers"))
        .expect("the endpoint");
    assert!(transfers.contains("⚠ 1 open, 2 accepted"), "{transfers}");
    assert!(transfers.contains("penwidth=2"), "{transfers}");
    assert!(
        transfers.contains("transfer limits are enforced downstream"),
        "{transfers}"
    );
    assert!(
        transfers.contains("open: Mass Assignment: the request body is bound whole"),
        "{transfers}"
    );
    assert!(transfers.contains("(ticket SEC-142)"), "{transfers}");
}

#[test]
fn adding_an_unrelated_endpoint_changes_no_node_id() {
    let model = fixtures::every_kind();
    let before = node_ids(&plain(&model));
    let grown = fixtures::with_unrelated_endpoint(&model);
    let after = node_ids(&plain(&grown));
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

/// Runs `dot -Tsvg` on `source`; `None` when Graphviz is not installed outside CI.
fn dot_svg(source: &str) -> Option<String> {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but Graphviz `dot` is not on PATH: install Graphviz (.ci/run does)"
            );
            eprintln!("skipped: Graphviz `dot` is not on PATH");
            return None;
        }
        Err(error) => panic!("cannot run dot: {error}"),
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "dot failed: {stderr}\n{source}");
    assert!(
        !stderr.contains("Error") && !stderr.contains("syntax"),
        "dot complained: {stderr}"
    );
    Some(String::from_utf8(output.stdout).expect("UTF-8 SVG"))
}

#[test]
fn graphviz_renders_every_fixture() {
    let model = fixtures::every_kind();
    let with_findings = DiagramOptions {
        findings: Some(vec![finding(&model)]),
    };
    let cases = [
        (Model::empty(), DiagramOptions::default()),
        (fixtures::bank(), DiagramOptions::default()),
        (model, with_findings),
        (fixtures::hostile(), DiagramOptions::default()),
        (fixtures::crowded(), DiagramOptions::default()),
    ];
    for (model, options) in cases {
        let source = render(&model, &options);
        let Some(svg) = dot_svg(&source) else {
            return;
        };
        // Graphviz drew exactly the nodes, clusters and edges written: no label swallowed a
        // statement.
        let statements = statements(&source);
        let nodes = statements
            .iter()
            .filter(|s| {
                let outside = outside_strings(s);
                !outside.contains("->")
                    && node_ids(s).len() == 1
                    && !outside.starts_with("subgraph")
            })
            .count();
        let edges = statements
            .iter()
            .filter(|s| outside_strings(s).contains("->"))
            .count();
        let clusters = statements
            .iter()
            .filter(|s| s.starts_with("subgraph cluster_"))
            .count();
        assert_eq!(svg.matches("class=\"node\"").count(), nodes, "{source}");
        assert_eq!(svg.matches("class=\"edge\"").count(), edges, "{source}");
        assert_eq!(
            svg.matches("class=\"cluster\"").count(),
            clusters,
            "{source}"
        );
        assert_eq!(clusters, model.trust_boundaries.len());
    }
}

#[test]
fn graphviz_renders_the_hostile_text_as_text() {
    let Some(svg) = dot_svg(&plain(&fixtures::hostile())) else {
        return;
    };
    // Graphviz escapes for XML itself; the hostile text arrives as text.
    assert!(svg.contains("&lt;script&gt;"), "{svg}");
    assert!(!svg.contains("<script"), "{svg}");
    assert!(svg.contains("客户账户"));
}

/// What a real service's diagram needs (issue 11): parallel flows to one database drawn once
/// with their count, a served route no endpoint describes drawn dashed as `«unmodelled»` next
/// to the service, an actor nothing connects left out; the JSON export keeps every flow.
#[test]
fn crowded_diagram_draws_parallel_flows_once_and_unmodelled_routes() {
    use threatmodel::export::ids::token;
    let model = fixtures::crowded();
    let dot = plain(&model);
    insta::assert_snapshot!("crowded", dot);
    let service = token("component", "bank_api::infra::BankApi");
    let postgres = token("component", "bank_api::infra::Postgres");
    let to_postgres: Vec<String> = statements(&dot)
        .into_iter()
        .filter(|s| s.starts_with(&format!("{service} -> {postgres} ")))
        .collect();
    assert_eq!(to_postgres.len(), 1, "{dot}");
    assert!(
        to_postgres[0].contains("label=\"Account, Customer\\npostgres+tls\\n3 flows\""),
        "{}",
        to_postgres[0]
    );
    for name in ["load_account", "load_balance", "load_customer"] {
        assert!(to_postgres[0].contains(name), "the tooltip names {name}");
    }
    let json = threatmodel::export::json::render(&model).expect("JSON");
    for id in [
        "bank_api::db::load_account",
        "bank_api::db::load_balance",
        "bank_api::db::load_customer",
    ] {
        assert!(json.contains(&format!("\"{id}\"")), "JSON keeps {id}");
    }

    let dump = token("unmodelled", "GET /admin/dump bank_api::admin::dump");
    let node = statements(&dot)
        .into_iter()
        .find(|s| s.starts_with(&format!("{dump} [")))
        .unwrap_or_else(|| panic!("no unmodelled node in:\n{dot}"));
    assert!(
        node.contains("label=\"GET /admin/dump\\n«unmodelled»\""),
        "{node}"
    );
    assert!(node.contains("style=\"dashed\""), "{node}");
    assert!(
        dot.contains(&format!("{dump} -> {service} [style=dotted")),
        "{dot}"
    );
    // Without facts, nothing is drawn for it.
    let mut no_facts = model.clone();
    no_facts.facts = None;
    assert!(!plain(&no_facts).contains("unmodelled"));

    // The customer is the callers of the Internet's endpoints; the auditor connects to nothing.
    assert!(dot.contains("Customer\\n«actor»"), "{dot}");
    assert!(!dot.contains("Auditor"), "{dot}");
    assert!(!dot.contains(&token("component", "bank_api::infra::Auditor")));
}
