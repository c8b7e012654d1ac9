//! Where an annotation is: file, line and column from rustc, crate and module from cargo's
//! environment and the file's place in the package.

use std::path::{Component, Path, PathBuf};

use threatmodel_core::SourceSpan;

/// The package, crate and module of the code being compiled.
pub(crate) struct CrateContext {
    pub(crate) package: String,
    pub(crate) krate: String,
    manifest_dir: Option<PathBuf>,
}

impl CrateContext {
    /// Reads `CARGO_PKG_NAME`, `CARGO_CRATE_NAME` and `CARGO_MANIFEST_DIR`, which cargo sets for
    /// every rustc invocation; outside cargo they fall back to `unknown`.
    pub(crate) fn from_env() -> Self {
        let var = |name| std::env::var(name).ok();
        CrateContext {
            package: var("CARGO_PKG_NAME").unwrap_or_else(|| "unknown".to_owned()),
            krate: var("CARGO_CRATE_NAME").unwrap_or_else(|| "unknown".to_owned()),
            manifest_dir: var("CARGO_MANIFEST_DIR").map(PathBuf::from),
        }
    }

    /// The module path of the file `span` is in, relative to the crate root.
    pub(crate) fn module_of(&self, span: proc_macro2::Span) -> Vec<String> {
        let Some(file) = span.unwrap().local_file() else {
            return Vec::new();
        };
        let file = if file.is_absolute() {
            file
        } else {
            std::env::current_dir()
                .map(|dir| dir.join(&file))
                .unwrap_or(file)
        };
        // A file outside the package (trybuild's cases, `#[path = "/abs/x.rs"]`) has no place in
        // its module tree to read; it is taken as the crate root rather than as a module named
        // after every directory of its absolute path.
        match &self.manifest_dir {
            Some(dir) => file.strip_prefix(dir).map(module_path).unwrap_or_default(),
            None => Vec::new(),
        }
    }
}

/// The source range from the start of `start` to the end of `end`, as rustc reports it.
pub(crate) fn source_span(start: proc_macro2::Span, end: proc_macro2::Span) -> SourceSpan {
    let start = start.unwrap();
    let end = end.unwrap().end();
    SourceSpan {
        file: start.file().replace('\\', "/"),
        line: u32::try_from(start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(start.column()).unwrap_or(u32::MAX),
        end_line: u32::try_from(end.line()).unwrap_or(u32::MAX),
        end_column: u32::try_from(end.column()).unwrap_or(u32::MAX),
    }
}

/// Module path of a source file given relative to its package: `src/db/mod.rs` → `["db"]`,
/// `src/api/accounts.rs` → `["api", "accounts"]`; crate roots (`src/lib.rs`, `src/main.rs`,
/// `src/bin/x.rs`, `tests/x.rs`, ...) → `[]`.
pub(crate) fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.len() <= 1 {
        return Vec::new();
    }
    let top = parts.remove(0);
    if top == "src" && parts.first().is_some_and(|p| p == "bin") {
        // src/bin/name.rs and src/bin/name/main.rs are crate roots; deeper files are modules.
        parts.remove(0);
        if !parts.is_empty() {
            parts.remove(0);
        }
    } else if top != "src" {
        // tests/, examples/, benches/: the first file is the root, like src/bin.
        if parts.len() > 1 {
            parts.remove(0);
        } else {
            return Vec::new();
        }
    }
    if let Some(last) = parts.last_mut()
        && let Some(stem) = last.strip_suffix(".rs")
    {
        *last = stem.to_owned();
    }
    let is_root_file = parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main");
    if is_root_file || parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::module_path;
    use std::path::Path;

    fn module(path: &str) -> Vec<String> {
        module_path(Path::new(path))
    }

    #[test]
    fn crate_roots_have_no_module() {
        assert!(module("src/lib.rs").is_empty());
        assert!(module("src/main.rs").is_empty());
        assert!(module("src/bin/tool.rs").is_empty());
        assert!(module("tests/e2e.rs").is_empty());
    }

    #[test]
    fn nested_files_map_to_modules() {
        assert_eq!(module("src/db.rs"), ["db"]);
        assert_eq!(module("src/db/mod.rs"), ["db"]);
        assert_eq!(module("src/api/accounts.rs"), ["api", "accounts"]);
        assert_eq!(module("src/bin/tool/cli.rs"), ["cli"]);
        assert_eq!(module("tests/common/mod.rs"), Vec::<String>::new());
    }
}
