//! Route templates in the syntaxes of Rust web frameworks, normalised to `{param}`: one grammar
//! for the annotations, the model and the routes read from code.

/// Normalises a route and lists its path parameters.
///
/// Accepts `{id}` (axum 0.8, actix-web), `:id` and `*rest` (axum 0.7 and earlier), `<id>` and
/// `<path..>` (Rocket), and actix-web's `{id:regex}`, `{tail}*` and `{tail:.*}` (a parameter
/// whose pattern is `.*` or `.+` matches across `/`, so it is a catch-all). Parameters come out
/// as `{id}`; catch-alls as `{*rest}`. A trailing `?query` part is dropped; a `/` inside a
/// parameter's pattern does not split the segment.
pub fn normalise(route: &str) -> (String, Vec<String>) {
    let path = route.split('?').next().unwrap_or(route);
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
    use super::normalise;

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
    fn static_routes_have_no_params() {
        assert_eq!(normalise("/health"), ("/health".to_owned(), vec![]));
    }
}
