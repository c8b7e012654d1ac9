//! Data-flow diagram as a Mermaid flowchart, for Markdown renderers (GitHub, GitLab) and the
//! Mermaid tools.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::diagram::{self, Cluster, Diagram, Edge, EdgeKind, Node, Shape};
use crate::Model;
use crate::claims::Claims;

pub use super::diagram::DiagramOptions;

/// Renders `model` as a Mermaid flowchart (<https://mermaid.js.org/syntax/flowchart.html>).
///
/// Takes the model and the [`DiagramOptions`] (rule findings to flag, if any); returns
/// `flowchart LR` and one statement per line, ending with a newline, ready for a ```` ```mermaid ````
/// block. The content is that of the DOT export ([`super::diagram`] describes it); in Mermaid:
///
/// - each trust boundary is a `subgraph boundary_<hash>["name"]` ... `end`, nested through
///   `parent`;
/// - shapes: actor `["..."]`; external service `[["..."]]` (subroutine); service `(("..."))`
///   (circle, a process); datastore `[("...")]` (cylinder); cache a cylinder with a dashed
///   border (class `volatile`); queue `[/"..."/]` (parallelogram, data in transit); endpoint
///   `>"..."]` (a flag: the way in), and so is a served route no `#[endpoint]` describes,
///   labelled `«unmodelled»`; synthetic nodes have a dashed border (class `synthetic`);
/// - flows are links `-->|"assets<br>protocol"|` (`<-->` when bidirectional); unencrypted ones
///   are dotted (`-.->`) and red; an endpoint links to its service with `-.-`;
/// - flagged nodes (open or accepted threats, or findings) get class `flagged` (red, thick
///   border) and a label line such as `⚠ 1 open, 2 accepted, 1 finding`; flagged flows a thick
///   red line. Link styles are set with `linkStyle`, which numbers links in the order they are
///   written.
///
/// Node ids are synthetic ([`super::ids::token`]: ASCII letters, digits and `_`, derived from
/// model ids), never names. Every label is a double-quoted string in which everything that
/// could end the string or mean something to Mermaid is written as a Mermaid entity code
/// (`#quot;` for `"`, `#NNN;` with the decimal code point otherwise): `"`, `#`, `%` (so no
/// `%%` comment or `%%{init}%%` directive can appear), `&`, `<`, `>`, `|`, `` ` ``, `[`, `]`,
/// `(`, `)`, `{`, `}`, `:`, `;`, `\`, `=` and `*`. Line breaks become `<br>`, other control
/// characters a space, bidirectional override and isolate characters U+FFFD. No line of the
/// output starts with a backtick. The same model and options always give the same bytes; an
/// empty model gives just `flowchart LR`.
pub fn render(model: &Model, options: &DiagramOptions) -> String {
    let claims = Claims::new(model);
    render_with(model, options.findings.as_deref(), claims.as_ref())
}

/// [`render`] with the findings borrowed and the claims already matched (for the Markdown
/// report).
pub(crate) fn render_with(
    model: &Model,
    findings: Option<&[crate::rules::Finding]>,
    claims: Option<&Claims<'_>>,
) -> String {
    write(&diagram::build(model, findings, claims))
}

/// The classes the flowchart assigns, with their styles.
const CLASSES: [(&str, &str); 3] = [
    ("synthetic", "stroke-dasharray:4 3"),
    ("volatile", "stroke-dasharray:6 3"),
    ("flagged", "stroke:#d00,stroke-width:3px"),
];

fn write(diagram: &Diagram) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut classes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    write_contents(&mut out, &diagram.root, 1, &mut classes);
    let mut link_styles: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (index, edge) in diagram.edges.iter().enumerate() {
        write_edge(&mut out, edge);
        if let Some(style) = link_style(edge) {
            link_styles
                .entry(style)
                .or_default()
                .push(index.to_string());
        }
    }
    for (class, style) in CLASSES {
        if let Some(ids) = classes.get(class) {
            let _ = writeln!(out, "  classDef {class} {style}");
            let _ = writeln!(out, "  class {} {class}", ids.join(","));
        }
    }
    for (style, indices) in link_styles {
        let _ = writeln!(out, "  linkStyle {} {style}", indices.join(","));
    }
    out
}

fn write_contents<'d>(
    out: &mut String,
    cluster: &'d Cluster,
    depth: usize,
    classes: &mut BTreeMap<&'static str, Vec<&'d str>>,
) {
    let indent = "  ".repeat(depth);
    for node in &cluster.nodes {
        let _ = writeln!(out, "{indent}{}", node_statement(node));
        if node.shape.synthetic() {
            classes.entry("synthetic").or_default().push(&node.id);
        }
        if node.shape == Shape::Cache {
            classes.entry("volatile").or_default().push(&node.id);
        }
        if node.flags.is_flagged() {
            classes.entry("flagged").or_default().push(&node.id);
        }
    }
    for child in &cluster.clusters {
        let _ = writeln!(
            out,
            "{indent}subgraph {}[\"{}\"]",
            child.id,
            escape(&child.label)
        );
        write_contents(out, child, depth + 1, classes);
        let _ = writeln!(out, "{indent}end");
    }
}

fn node_statement(node: &Node) -> String {
    let mut lines: Vec<String> = node.label.iter().map(|line| escape(line)).collect();
    lines.extend(node.flags.summary().map(|line| escape(&line)));
    let label = lines.join("<br>");
    let (open, close) = match node.shape {
        Shape::Actor | Shape::Callers | Shape::Missing => ("[", "]"),
        Shape::ExternalService => ("[[", "]]"),
        Shape::Service | Shape::Crate => ("((", "))"),
        Shape::Datastore | Shape::Cache => ("[(", ")]"),
        Shape::Queue => ("[/", "/]"),
        Shape::Endpoint | Shape::Unmodelled => (">", "]"),
    };
    format!("{}{open}\"{label}\"{close}", node.id)
}

fn write_edge(out: &mut String, edge: &Edge) {
    let mut lines: Vec<String> = edge.label.iter().map(|line| escape(line)).collect();
    lines.extend(edge.flags.summary().map(|line| escape(&line)));
    let arrow = match edge.kind {
        EdgeKind::Flow {
            encrypted,
            bidirectional,
        } => match (bidirectional, encrypted) {
            (false, true) => "-->",
            (true, true) => "<-->",
            (false, false) => "-.->",
            (true, false) => "<-.->",
        },
        EdgeKind::Call => "-->",
        EdgeKind::Handles => "-.-",
    };
    if lines.is_empty() {
        let _ = writeln!(out, "  {} {arrow} {}", edge.from, edge.to);
    } else {
        let _ = writeln!(
            out,
            "  {} {arrow}|\"{}\"| {}",
            edge.from,
            lines.join("<br>"),
            edge.to
        );
    }
}

/// The `linkStyle` of an edge, when it is not the default.
fn link_style(edge: &Edge) -> Option<&'static str> {
    let unencrypted = matches!(
        edge.kind,
        EdgeKind::Flow {
            encrypted: false,
            ..
        }
    );
    match (edge.flags.is_flagged(), unencrypted) {
        (true, _) => Some("stroke:#d00,stroke-width:3px,color:#d00"),
        (false, true) => Some("stroke:#d00,color:#d00"),
        (false, false) => None,
    }
}

/// `text` escaped for the inside of a double-quoted Mermaid label (see [`render`]).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' | '%' | '&' | '<' | '>' | '|' | '`' | '[' | ']' | '(' | ')' | '{' | '}' | ':'
            | ';' | '\\' | '=' | '*' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => out.push('\u{FFFD}'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_writes_entity_codes() {
        assert_eq!(escape("a\"b"), "a#quot;b");
        assert_eq!(escape("%%{init}%%"), "#37;#37;#123;init#125;#37;#37;");
        assert_eq!(escape("<b>&|`"), "#60;b#62;#38;#124;#96;");
        assert_eq!(escape("]]>"), "#93;#93;#62;");
        assert_eq!(escape("#quot;"), "#35;quot#59;");
        assert_eq!(escape("a\r\nb\nc"), "a<br>b<br>c");
        assert_eq!(escape("x\u{202E}y\u{7}"), "x\u{FFFD}y ");
        assert_eq!(escape("Привет 你好"), "Привет 你好");
    }
}
