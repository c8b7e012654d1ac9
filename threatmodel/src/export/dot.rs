//! Data-flow diagram in the DOT language of Graphviz, for `dot -Tsvg` and other Graphviz tools.

use std::fmt::Write as _;

use super::diagram::{self, Cluster, Diagram, Edge, EdgeKind, Node, Shape};
use crate::Model;
use crate::claims::Claims;

pub use super::diagram::DiagramOptions;

/// Renders `model` as a Graphviz data-flow diagram in the DOT language
/// (<https://graphviz.org/doc/info/lang.html>), for `dot -Tsvg` or `dot -Tpng`.
///
/// Takes the model and the [`DiagramOptions`] (rule findings to flag, if any); returns one
/// `digraph threatmodel { ... }` ending with a newline. What is drawn is described in
/// [`super::diagram`]; in DOT:
///
/// - each trust boundary is a `subgraph cluster_boundary_<hash>`, nested through `parent`,
///   drawn with a dashed grey border, its description as the tooltip;
/// - shapes: actor `box`; external service `box3d`; service `ellipse`; datastore `cylinder`;
///   cache a dashed `cylinder` (a store whose content may vanish); queue `parallelogram` (data
///   in transit); endpoint a small `cds` (an arrow-like tag: the way in); synthetic nodes (the
///   callers of a boundary, a crate without a service component, a component missing from the
///   model, a served route no `#[endpoint]` describes, drawn as an endpoint labelled
///   `«unmodelled»`) are dashed;
/// - flows are edges labelled with asset names and protocol (`dir=both` when bidirectional); an
///   unencrypted flow is dashed and red; callers reach an endpoint over a solid edge labelled
///   with the exposed assets and the `auth` requirement; an endpoint points at its service over
///   a dotted edge;
/// - a flagged node (open or accepted threats, or findings) gets a red border of width 2, a
///   label line such as `⚠ 1 open, 2 accepted, 1 finding`, and the threats and findings in its
///   `tooltip` (shown on hover in SVG); a flagged flow gets a thick red line and the same label
///   line.
///
/// Node ids are [`super::ids::token`]s (ASCII letters, digits and `_`), so they need no
/// quoting and never collide with DOT keywords. Every other text is written as a DOT quoted
/// string: `"` becomes `\"` and `\` becomes `\\` (which Graphviz's escString reads back as one
/// backslash, so `\n`, `\l` or `\N` in a name stay literal), line breaks become `\n`, other
/// control characters a space, and bidirectional override and isolate characters U+FFFD. No
/// HTML-like labels are used, so `<`, `>` and `&` need no escaping. The output is the same
/// bytes for the same model and options, and an empty model gives an empty `digraph`.
pub fn render(model: &Model, options: &DiagramOptions) -> String {
    let claims = Claims::new(model);
    let diagram = diagram::build(model, options.findings.as_deref(), claims.as_ref());
    write(&diagram)
}

fn write(diagram: &Diagram) -> String {
    let mut out = String::new();
    out.push_str("digraph threatmodel {\n");
    out.push_str(
        "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, compound=true, \
         newrank=true];\n",
    );
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    write_contents(&mut out, &diagram.root, 1);
    for edge in &diagram.edges {
        write_edge(&mut out, edge);
    }
    out.push_str("}\n");
    out
}

fn write_contents(out: &mut String, cluster: &Cluster, depth: usize) {
    let indent = "  ".repeat(depth);
    for node in &cluster.nodes {
        let _ = writeln!(out, "{indent}{};", node_statement(node));
    }
    for child in &cluster.clusters {
        let _ = writeln!(out, "{indent}subgraph cluster_{} {{", child.id);
        let inner = "  ".repeat(depth + 1);
        let _ = writeln!(out, "{inner}label={};", quote(&child.label));
        if let Some(tooltip) = &child.tooltip {
            let _ = writeln!(out, "{inner}tooltip={};", quote(tooltip));
        }
        let _ = writeln!(
            out,
            "{inner}style=\"dashed,rounded\"; color=\"gray40\"; fontcolor=\"gray20\";"
        );
        write_contents(out, child, depth + 1);
        let _ = writeln!(out, "{indent}}}");
    }
}

/// `id [attributes]` of a node.
fn node_statement(node: &Node) -> String {
    let mut label = node.label.clone();
    label.extend(node.flags.summary());
    let mut attributes = vec![format!("label={}", quote(&label.join("\n")))];
    let (shape, mut styles): (&str, Vec<&str>) = match node.shape {
        Shape::Actor => ("box", vec![]),
        Shape::ExternalService => ("box3d", vec![]),
        Shape::Service => ("ellipse", vec![]),
        Shape::Datastore => ("cylinder", vec![]),
        Shape::Cache => ("cylinder", vec!["dashed"]),
        Shape::Queue => ("parallelogram", vec![]),
        Shape::Endpoint | Shape::Unmodelled => ("cds", vec![]),
        Shape::Callers | Shape::Missing => ("box", vec![]),
        Shape::Crate => ("ellipse", vec![]),
    };
    if node.shape.synthetic() {
        styles.push("dashed");
    }
    attributes.push(format!("shape={shape}"));
    if !styles.is_empty() {
        attributes.push(format!("style=\"{}\"", styles.join(",")));
    }
    if matches!(node.shape, Shape::Endpoint | Shape::Unmodelled) {
        attributes.push("fontsize=9".to_owned());
        attributes.push("height=0.3".to_owned());
    }
    if node.flags.is_flagged() {
        attributes.push("color=\"red\"".to_owned());
        attributes.push("penwidth=2".to_owned());
    }
    let tooltip: Vec<&String> = node.tooltip.iter().chain(node.flags.details()).collect();
    if !tooltip.is_empty() {
        let tooltip: Vec<&str> = tooltip.into_iter().map(String::as_str).collect();
        attributes.push(format!("tooltip={}", quote(&tooltip.join("\n"))));
    }
    format!("{} [{}]", node.id, attributes.join(", "))
}

fn write_edge(out: &mut String, edge: &Edge) {
    let mut label = edge.label.clone();
    label.extend(edge.flags.summary());
    let mut attributes = Vec::new();
    if !label.is_empty() {
        attributes.push(format!("label={}", quote(&label.join("\n"))));
    }
    match edge.kind {
        EdgeKind::Flow {
            encrypted,
            bidirectional,
        } => {
            if bidirectional {
                attributes.push("dir=both".to_owned());
            }
            if !encrypted {
                attributes.push("style=dashed".to_owned());
                attributes.push("fontcolor=\"red\"".to_owned());
            }
            if !encrypted || edge.flags.is_flagged() {
                attributes.push("color=\"red\"".to_owned());
            }
        }
        EdgeKind::Call => {}
        EdgeKind::Handles => {
            attributes.push("style=dotted".to_owned());
            attributes.push("arrowhead=none".to_owned());
        }
    }
    if edge.flags.is_flagged() {
        attributes.push("penwidth=2.5".to_owned());
    }
    let tooltip: Vec<&str> = edge
        .tooltip
        .iter()
        .chain(edge.flags.details())
        .map(String::as_str)
        .collect();
    if !tooltip.is_empty() {
        attributes.push(format!("tooltip={}", quote(&tooltip.join("\n"))));
    }
    if attributes.is_empty() {
        let _ = writeln!(out, "  {} -> {};", edge.from, edge.to);
    } else {
        let _ = writeln!(
            out,
            "  {} -> {} [{}];",
            edge.from,
            edge.to,
            attributes.join(", ")
        );
    }
}

/// `text` as a DOT quoted string, escaped for Graphviz's escString reading of labels and
/// tooltips (see [`render`]).
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => out.push('\u{FFFD}'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quote_escapes_quotes_backslashes_and_breaks() {
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        assert_eq!(quote("a\\"), "\"a\\\\\"");
        assert_eq!(quote("\\N\\n"), "\"\\\\N\\\\n\"");
        assert_eq!(quote("one\r\ntwo\nthree"), "\"one\\ntwo\\nthree\"");
        assert_eq!(quote("x\u{202E}y\u{7}"), "\"x\u{FFFD}y \"");
        assert_eq!(quote("<b>&amp;"), "\"<b>&amp;\"");
    }
}
