//! Stable identifiers for formats that restrict or reuse ids (OTM, Threat Dragon, DOT, Mermaid).
//!
//! Model ids are Rust paths with spaces, `::`, `#` and route braces
//! (`bank_api::auth::login POST /auth/login`). Exports derive their ids from them with
//! deterministic functions of the model id alone, so exporting twice gives the same ids and
//! adding an element changes no existing id (unlike numbering elements in order). The hash is
//! 64-bit FNV-1a (Fowler–Noll–Vo, the published offset basis and prime), which is fixed forever,
//! unlike `std`'s hasher.

use std::fmt::Write as _;

const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a of `text`'s UTF-8 bytes.
pub fn fnv1a64(text: &str) -> u64 {
    fnv1a64_continue(OFFSET_BASIS, text.as_bytes())
}

/// FNV-1a of `bytes`, continuing from `hash`.
fn fnv1a64_continue(hash: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    bytes.iter().fold(hash, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
    })
}

/// `fnv1a64` of `kind`, a NUL and `id`, without building that text.
fn kind_id_hash(kind: &str, id: &str) -> u64 {
    let hash = fnv1a64_continue(OFFSET_BASIS, kind.as_bytes());
    fnv1a64_continue(fnv1a64_continue(hash, &[0]), id.as_bytes())
}

/// An opaque token for model id `id` in namespace `kind` (`asset`, `endpoint`, ...): `kind`,
/// an underscore and the 16 hex digits of the FNV-1a hash of `kind` and `id`. Only ASCII
/// letters, digits and `_` — safe as a Mermaid or DOT node id.
pub fn token(kind: &str, id: &str) -> String {
    let mut token = String::with_capacity(kind.len() + 17);
    token.push_str(kind);
    // Writing to a `String` cannot fail.
    let _ = write!(token, "_{:016x}", kind_id_hash(kind, id));
    token
}

/// A readable, stable id for model id `id` in namespace `kind`: `kind`, a slug of the id
/// (ASCII letters, digits and `_` kept, other runs turned into one `-`, at most 48 characters)
/// and 12 hex digits of the hash, e.g. `endpoint-bank_api-auth-login-POST-auth-login-5c1d0e9a2b3f`.
/// The hash keeps ids distinct where slugs collide (`a::b` and `a-b`).
pub fn readable(kind: &str, id: &str) -> String {
    let mut slug = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    // The slug is ASCII: 48 characters are 48 bytes.
    let slug = slug.trim_matches('-');
    let slug = slug[..slug.len().min(48)].trim_end_matches('-');
    let hash = kind_id_hash(kind, id) >> 16;
    let mut readable = String::with_capacity(kind.len() + slug.len() + 14);
    readable.push_str(kind);
    readable.push('-');
    if !slug.is_empty() {
        readable.push_str(slug);
        readable.push('-');
    }
    // Writing to a `String` cannot fail.
    let _ = write!(readable, "{hash:012x}");
    readable
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        assert_eq!(fnv1a64(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn ids_hash_kind_nul_and_id() {
        for (kind, id) in [
            ("flow", "shop::a::b"),
            ("", ""),
            ("endpoint", "x GET /é/{id}"),
        ] {
            let hash = fnv1a64(&format!("{kind}\u{0}{id}"));
            assert_eq!(token(kind, id), format!("{kind}_{hash:016x}"));
            assert!(readable(kind, id).ends_with(&format!("-{:012x}", hash >> 16)));
        }
        assert_eq!(
            readable("flow", "--a::b--"),
            format!("flow-a-b-{:012x}", fnv1a64("flow\u{0}--a::b--") >> 16)
        );
        let long = format!("{}::{}", "a".repeat(47), "b".repeat(10));
        assert_eq!(
            readable("k", &long),
            format!(
                "k-{}-{:012x}",
                "a".repeat(47),
                fnv1a64(&format!("k\u{0}{long}")) >> 16
            )
        );
    }

    #[test]
    fn ids_are_stable_distinct_and_safe() {
        let a = readable("flow", "shop::a::b");
        assert_eq!(a, readable("flow", "shop::a::b"));
        assert_ne!(a, readable("flow", "shop::a-b"));
        assert_ne!(a, readable("asset", "shop::a::b"));
        assert!(a.starts_with("flow-shop-a-b-"), "{a}");
        let t = token("endpoint", "x GET /a/{id}");
        assert!(
            t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{t}"
        );
        assert_eq!(
            readable("x", "::"),
            format!("x-{:012x}", fnv1a64("x\u{0}::") >> 16)
        );
        let long = readable(
            "endpoint",
            &"é".repeat(10).to_string().replace('é', "segment/"),
        );
        assert!(long.len() <= "endpoint-".len() + 48 + 1 + 12, "{long}");
    }
}
