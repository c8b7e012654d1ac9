//! The known name closest to a misspelt one, for `help: a ... with a similar name exists` lines.

/// The candidate most like `input`: equal but for case and `-`/`_`, containing it, or close by
/// Jaro-Winkler similarity (at least 0.85, the threshold that keeps unrelated names out).
/// `None` when no candidate is close enough.
pub(crate) fn similar_name<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let normalize = |s: &str| s.to_ascii_lowercase().replace('-', "_");
    let wanted = normalize(input);
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let known = normalize(candidate);
        let score = if known == wanted {
            2.0
        } else if wanted.len() >= 4 && known.contains(&wanted) {
            1.0
        } else {
            strsim::jaro_winkler(&wanted, &known)
        };
        if score >= 0.85 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::similar_name;

    #[test]
    fn finds_misspellings_and_ignores_unrelated_names() {
        let keys = ["fail-on", "rules"];
        assert_eq!(similar_name("fial-on", keys), Some("fail-on"));
        assert_eq!(similar_name("fail_on", keys), Some("fail-on"));
        assert_eq!(similar_name("rule", keys), Some("rules"));
        assert_eq!(similar_name("severity", keys), None);
        let rules = ["missing_rate_limiting", "unconsidered_ssrf"];
        assert_eq!(
            similar_name("rate_limiting", rules),
            Some("missing_rate_limiting")
        );
        assert_eq!(
            similar_name("missing-rate-limit", rules),
            Some("missing_rate_limiting")
        );
        assert_eq!(similar_name("ssrf", rules), Some("unconsidered_ssrf"));
        assert_eq!(similar_name("xyz", rules), None);
    }
}
