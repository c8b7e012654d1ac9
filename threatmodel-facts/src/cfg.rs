//! `#[cfg(...)]` predicates, evaluated against the configuration the build used.

use std::collections::BTreeSet;

use syn::punctuated::Punctuated;
use syn::{Meta, Token};

/// The configuration of one build of a crate: its enabled features (from cargo's
/// `compiler-artifact` messages) and the target's `cfg` values (from `rustc --print cfg`).
/// `test` is always off: the reader describes the build that serves requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cfg {
    /// Enabled cargo features.
    pub features: BTreeSet<String>,
    /// Name-only options (`unix`, `debug_assertions`, `panic = "unwind"` is a pair).
    pub names: BTreeSet<String>,
    /// `key = "value"` options (`target_os = "linux"`).
    pub pairs: BTreeSet<(String, String)>,
    /// Whether `names` and `pairs` were read from the compiler; when not, any predicate other
    /// than `feature` and `test` is unknown.
    pub target_known: bool,
}

impl Cfg {
    /// Parses the output of `rustc --print cfg` (one `name` or `name="value"` per line) into
    /// a configuration with `features` enabled.
    pub fn from_rustc_print(text: &str, features: BTreeSet<String>) -> Cfg {
        let mut cfg = Cfg {
            features,
            target_known: true,
            ..Cfg::default()
        };
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match line.split_once('=') {
                Some((key, value)) => {
                    cfg.pairs
                        .insert((key.to_owned(), value.trim_matches('"').to_owned()));
                }
                None => {
                    cfg.names.insert(line.to_owned());
                }
            }
        }
        cfg
    }

    /// Whether the `#[cfg]` attributes among `attrs` all hold: `Some(true)` when there is none
    /// or each holds, `Some(false)` when one does not, `None` when one cannot be decided.
    pub fn holds_for(&self, attrs: &[syn::Attribute]) -> Option<bool> {
        let mut result = Some(true);
        for attr in attrs.iter().filter(|a| a.path().is_ident("cfg")) {
            let Ok(predicate) = attr.parse_args::<Meta>() else {
                return None;
            };
            match self.eval(&predicate) {
                Some(false) => return Some(false),
                Some(true) => {}
                None => result = None,
            }
        }
        result
    }

    /// Evaluates one predicate (`all(...)`, `any(...)`, `not(...)`, `feature = "x"`, a name or
    /// pair); `None` when it cannot be decided.
    pub fn eval(&self, predicate: &Meta) -> Option<bool> {
        match predicate {
            Meta::Path(path) => {
                let name = path.get_ident()?.to_string();
                match name.as_str() {
                    "test" => Some(false),
                    _ if self.target_known => Some(self.names.contains(&name)),
                    _ => None,
                }
            }
            Meta::NameValue(pair) => {
                let key = pair.path.get_ident()?.to_string();
                let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(value),
                    ..
                }) = &pair.value
                else {
                    return None;
                };
                let value = value.value();
                if key == "feature" {
                    Some(self.features.contains(&value))
                } else if self.target_known {
                    Some(self.pairs.contains(&(key, value)))
                } else {
                    None
                }
            }
            Meta::List(list) => {
                let name = list.path.get_ident()?.to_string();
                let inner = list
                    .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                    .ok()?;
                let values: Vec<Option<bool>> = inner.iter().map(|m| self.eval(m)).collect();
                match name.as_str() {
                    "all" => fold(&values, false),
                    "any" => fold(&values, true),
                    "not" if values.len() == 1 => values[0].map(|v| !v),
                    _ => None,
                }
            }
        }
    }
}

/// `all` (`short = false`: any false decides) or `any` (`short = true`: any true decides);
/// unknown unless decided by a known value or every value is known.
fn fold(values: &[Option<bool>], short: bool) -> Option<bool> {
    if values.contains(&Some(short)) {
        return Some(short);
    }
    if values.iter().all(Option::is_some) {
        Some(!short)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(cfg: &Cfg, item: &str) -> Option<bool> {
        let item: syn::Item = syn::parse_str(item).expect("an item");
        let syn::Item::Fn(f) = item else {
            panic!("a fn")
        };
        cfg.holds_for(&f.attrs)
    }

    #[test]
    fn features_test_and_target_options() {
        let cfg = Cfg::from_rustc_print(
            "unix\ntarget_os=\"linux\"\ndebug_assertions\n",
            ["tls".to_owned()].into(),
        );
        assert_eq!(holds(&cfg, "fn f() {}"), Some(true));
        assert_eq!(
            holds(&cfg, "#[cfg(feature = \"tls\")] fn f() {}"),
            Some(true)
        );
        assert_eq!(
            holds(&cfg, "#[cfg(feature = \"dev\")] fn f() {}"),
            Some(false)
        );
        assert_eq!(holds(&cfg, "#[cfg(test)] fn f() {}"), Some(false));
        assert_eq!(holds(&cfg, "#[cfg(not(test))] fn f() {}"), Some(true));
        assert_eq!(
            holds(&cfg, "#[cfg(all(unix, target_os = \"linux\"))] fn f() {}"),
            Some(true)
        );
        assert_eq!(holds(&cfg, "#[cfg(windows)] fn f() {}"), Some(false));
        assert_eq!(
            holds(&cfg, "#[cfg(any(windows, feature = \"tls\"))] fn f() {}"),
            Some(true)
        );
    }

    #[test]
    fn target_options_are_unknown_without_the_compilers_answer() {
        let cfg = Cfg::default();
        assert_eq!(holds(&cfg, "#[cfg(unix)] fn f() {}"), None);
        assert_eq!(
            holds(&cfg, "#[cfg(all(unix, test))] fn f() {}"),
            Some(false)
        );
        assert_eq!(holds(&cfg, "#[cfg(any(unix, test))] fn f() {}"), None);
        assert_eq!(
            holds(&cfg, "#[cfg(feature = \"x\")] fn f() {}"),
            Some(false)
        );
    }
}
