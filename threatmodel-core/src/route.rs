//! Route templates in the syntaxes of Rust web frameworks, normalised to `{param}`: one grammar
//! for the annotations, the model and the routes read from code.

/// Normalises a route and lists its path parameters.
///
/// Accepts `{id}` (axum 0.8, actix-web), `:id` and `*rest` (axum 0.7 and earlier), `<id>` and
/// `<path..>` (Rocket). Parameters come out as `{id}`; catch-alls as `{*rest}`. A trailing
/// `?query` part is dropped.
pub fn normalise(route: &str) -> (String, Vec<String>) {
    let path = route.split('?').next().unwrap_or(route);
    let mut params = Vec::new();
    let segments: Vec<String> = path
        .split('/')
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
            } else if let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'))
            {
                match inner.strip_prefix('*') {
                    Some(name) => Some((name, true)),
                    None => Some((inner.split(':').next().unwrap_or(inner), false)),
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
    fn static_routes_have_no_params() {
        assert_eq!(normalise("/health"), ("/health".to_owned(), vec![]));
    }
}
