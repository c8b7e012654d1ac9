//! Route templates in the syntaxes of Rust web frameworks, normalised to `{param}`: one grammar
//! for the annotations, the model and the routes read from code.

/// Normalises a route and lists its path parameters.
///
/// Accepts `{id}` (axum 0.8, actix-web), `:id` and `*rest` (axum 0.7 and earlier), `<id>` and
/// `<path..>` (Rocket), and actix-web's `{id:regex}`, `{tail}*` and `{tail:.*}` (a parameter
/// whose pattern is `.*` or `.+` matches across `/`, so it is a catch-all). Parameters come out
/// as `{id}`; catch-alls as `{*rest}`. Rocket's `?<query>` part is dropped (it names query
/// parameters, not the path); a `/` or `?` inside a parameter's pattern does not split it.
pub fn normalise(route: &str) -> (String, Vec<String>) {
    let path = split_query(route).0;
    let mut params = Vec::new();
    let segments: Vec<String> = split_segments(path)
        .into_iter()
        .map(|segment| {
            let param = if let Some(name) = segment.strip_prefix(':') {
                Some((name, false))
            } else if let Some(name) = segment.strip_prefix('*') {
                Some((name, true))
            } else if let Some(inner) = segment.strip_prefix('<').and_then(|s| s.strip_suffix('>'))
            {
                match inner.strip_suffix("..") {
                    Some(name) => Some((name, true)),
                    None => Some((inner, false)),
                }
            } else if let Some(name) = segment
                .strip_prefix('{')
                .and_then(|s| s.strip_suffix("}*"))
                .filter(|name| !name.contains(['{', '}', ':']))
            {
                Some((name, true))
            } else if let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'))
            {
                match inner.strip_prefix('*') {
                    Some(name) => Some((name, true)),
                    None => match inner.split_once(':') {
                        Some((name, pattern)) => Some((name, matches_across_segments(pattern))),
                        None => Some((inner, false)),
                    },
                }
            } else {
                None
            };
            match param {
                Some((name, catch_all)) if !name.is_empty() => {
                    params.push(name.to_owned());
                    if catch_all {
                        format!("{{*{name}}}")
                    } else {
                        format!("{{{name}}}")
                    }
                }
                _ => segment.to_owned(),
            }
        })
        .collect();
    (segments.join("/"), params)
}

/// Why a route template is malformed: see [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    /// The route does not start with `/`.
    NoLeadingSlash,
    /// Two `/` in a row (`//i/`): an empty segment, which only a trailing `/` may leave.
    EmptySegment,
    /// A `{` or `<` that no `}` or `>` closes (`/c/{id`).
    Unclosed(char),
    /// A `}` or `>` that closes nothing (`/c/id}`).
    Unopened(char),
    /// A query part that is not Rocket's `<name>` query parameters (`/x?y=1`): the text after
    /// the `?`.
    Query(String),
}

impl std::fmt::Display for RouteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RouteError::NoLeadingSlash => f.write_str("does not start with `/`"),
            RouteError::EmptySegment => f.write_str("has an empty segment (`//`)"),
            RouteError::Unclosed(open) => write!(f, "has a `{open}` that is never closed"),
            RouteError::Unopened(close) => write!(f, "has a `{close}` that closes nothing"),
            RouteError::Query(query) => write!(f, "has a query part `?{query}`"),
        }
    }
}

impl RouteError {
    /// How to fix the route, for a `help:` line.
    pub fn help(&self) -> &'static str {
        match self {
            RouteError::NoLeadingSlash => "write the path from the root, starting with `/`",
            RouteError::EmptySegment => {
                "remove the doubled `/`: only a trailing `/` may end a route with an empty segment"
            }
            RouteError::Unclosed('<') | RouteError::Unopened('>') => {
                "a Rocket parameter is written `<name>`, or `<name..>` for the rest of the path"
            }
            RouteError::Unclosed(_) | RouteError::Unopened(_) => {
                "a path parameter is written `{name}`"
            }
            RouteError::Query(_) => {
                "a route names a path: only Rocket's query parameters `<name>` may follow `?` (`/search?<q>`); a query the route requires is not part of its template"
            }
        }
    }
}

/// Checks that `route` is a well-formed template (the path of one, without the method): it
/// starts with `/`; it has no empty segment but a trailing `/` (`//i/` is malformed); every
/// `{` and `<` is closed (an actix-web pattern may nest braces: `{id:\d{4}}`); and a `?` outside
/// a parameter starts Rocket's query parameters, each `<name>` or `<name..>`, joined by `&`.
///
/// # Errors
/// The first fault found, in that order.
pub fn check(route: &str) -> Result<(), RouteError> {
    if !route.starts_with('/') {
        return Err(RouteError::NoLeadingSlash);
    }
    let mut depth = 0u32;
    let mut angle = false;
    for c in route.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Err(RouteError::Unopened('}')),
            '}' => depth -= 1,
            '<' if depth == 0 && angle => return Err(RouteError::Unclosed('<')),
            '<' if depth == 0 => angle = true,
            '>' if depth == 0 && !angle => return Err(RouteError::Unopened('>')),
            '>' if depth == 0 => angle = false,
            _ => {}
        }
    }
    if depth > 0 {
        return Err(RouteError::Unclosed('{'));
    }
    if angle {
        return Err(RouteError::Unclosed('<'));
    }
    let (path, query) = split_query(route);
    let segments = split_segments(path);
    // The first segment is the empty text before the leading `/`; the last may be empty (a
    // trailing slash).
    if segments.len() > 2 && segments[1..segments.len() - 1].iter().any(|s| s.is_empty()) {
        return Err(RouteError::EmptySegment);
    }
    if let Some(query) = query {
        let is_parameter = |part: &str| {
            part.strip_prefix('<')
                .and_then(|p| p.strip_suffix('>'))
                .map(|name| name.strip_suffix("..").unwrap_or(name))
                .is_some_and(|name| !name.is_empty())
        };
        if !query.split('&').all(is_parameter) {
            return Err(RouteError::Query(query.to_owned()));
        }
    }
    Ok(())
}

/// `route` split at its first `?` outside a `{...}` parameter (whose regex may hold `?`): the
/// path, and the query part after the `?` if there is one.
fn split_query(route: &str) -> (&str, Option<&str>) {
    let mut depth = 0u32;
    for (i, c) in route.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '?' if depth == 0 => return (&route[..i], Some(&route[i + 1..])),
            _ => {}
        }
    }
    (route, None)
}

/// `path` split at each `/` that is not inside a `{...}` parameter (whose regex may hold `/`).
fn split_segments(path: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut depth = 0u32;
    let mut start = 0;
    for (i, c) in path.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => {
                segments.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    segments.push(&path[start..]);
    segments
}

/// Whether an actix-web parameter pattern matches any rest of the path (`.*`, `.+`, lazy or
/// not), which makes the parameter a catch-all.
fn matches_across_segments(pattern: &str) -> bool {
    matches!(pattern, ".*" | ".+" | ".*?" | ".+?")
}

#[cfg(test)]
mod tests {
    use super::{RouteError, check, normalise};

    #[test]
    fn framework_syntaxes_normalise_to_braces() {
        let axum08 = normalise("/accounts/{id}/transfers");
        assert_eq!(
            axum08,
            ("/accounts/{id}/transfers".to_owned(), vec!["id".to_owned()])
        );
        assert_eq!(normalise("/accounts/:id").0, "/accounts/{id}");
        assert_eq!(normalise("/files/<path..>").0, "/files/{*path}");
        assert_eq!(normalise("/users/<id>?<q>").0, "/users/{id}");
        assert_eq!(normalise("/assets/*rest").1, ["rest"]);
        assert_eq!(normalise("/items/{id:\\d+}").0, "/items/{id}");
    }

    #[test]
    fn actix_tails_and_patterns() {
        assert_eq!(
            normalise("/static/{tail}*"),
            ("/static/{*tail}".to_owned(), vec!["tail".to_owned()])
        );
        assert_eq!(normalise("/swagger-ui/{_:.*}").0, "/swagger-ui/{*_}");
        assert_eq!(normalise("/files/{path:.+}").0, "/files/{*path}");
        assert_eq!(normalise("/u/{id:[0-9]+}/x").0, "/u/{id}/x");
        assert_eq!(
            normalise("/d/{date:\\d{4}/\\d{2}}/post"),
            ("/d/{date}/post".to_owned(), vec!["date".to_owned()])
        );
    }

    #[test]
    fn regex_patterns_keep_their_question_marks() {
        assert_eq!(normalise("/u/{id:\\d?}/x").0, "/u/{id}/x");
    }

    #[test]
    fn well_formed_templates_pass_the_check() {
        for route in [
            "/",
            "/accounts/{id}/",
            "/users/<id>?<q>&<rest..>",
            "/d/{date:\\d{4}/\\d{2}}/post",
            "/u/{id:\\d?}",
            "/files/<path..>",
            "/assets/*rest",
        ] {
            assert_eq!(check(route), Ok(()), "{route}");
        }
    }

    #[test]
    fn malformed_templates_fail_the_check() {
        assert_eq!(check("accounts"), Err(RouteError::NoLeadingSlash));
        assert_eq!(check("//i/"), Err(RouteError::EmptySegment));
        assert_eq!(check("/a//b"), Err(RouteError::EmptySegment));
        assert_eq!(check("/c/{id"), Err(RouteError::Unclosed('{')));
        assert_eq!(check("/c/id}"), Err(RouteError::Unopened('}')));
        assert_eq!(check("/c/<id"), Err(RouteError::Unclosed('<')));
        assert_eq!(check("/c/id>"), Err(RouteError::Unopened('>')));
        assert_eq!(check("/x?y=1"), Err(RouteError::Query("y=1".to_owned())));
        assert_eq!(
            check("/x?<y>&z"),
            Err(RouteError::Query("<y>&z".to_owned()))
        );
        assert_eq!(check("/x?"), Err(RouteError::Query(String::new())));
    }

    #[test]
    fn static_routes_have_no_params() {
        assert_eq!(normalise("/health"), ("/health".to_owned(), vec![]));
    }
}
