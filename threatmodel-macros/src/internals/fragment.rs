//! Export fragments: one JSON file per annotation, written when `cargo threatmodel` asks for them
//! by setting `THREATMODEL_EXPORT_DIR`.

use std::path::PathBuf;

use threatmodel_core::Record;

/// Environment variable naming the directory fragments are written to.
pub(crate) const EXPORT_DIR_ENV: &str = "THREATMODEL_EXPORT_DIR";

/// Writes `json` (the serialized `records` of one expansion, a JSON array) into the export
/// directory, if one is set.
///
/// The file name is a hash of crate, file, line and column of the first record (the expanding
/// attribute), so each expansion has one file; it is written to a temporary name first and
/// renamed, so readers never see half a file. Returns the I/O error as text for a
/// `compile_error!`.
pub(crate) fn write(records: &[Record], json: &str) -> Result<(), String> {
    let Some(dir) = std::env::var_os(EXPORT_DIR_ENV).map(PathBuf::from) else {
        return Ok(());
    };
    let Some(first) = records.first() else {
        return Ok(());
    };
    let key = format!(
        "{}\0{}\0{}\0{}",
        first.krate, first.span.file, first.span.line, first.span.column
    );
    let name = format!("{:016x}.json", fnv1a64(key.as_bytes()));
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        std::fs::write(&tmp, format!("{json}\n"))?;
        std::fs::rename(&tmp, dir.join(&name))
    };
    write().map_err(|err| {
        format!(
            "cannot write threat-model fragment into `{}`: {err}",
            dir.display()
        )
    })
}

/// 64-bit FNV-1a: a small, stable hash (Fowler, Noll and Vo), the same on every platform and
/// Rust version, unlike `std`'s `DefaultHasher`.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::fnv1a64;

    #[test]
    fn fnv1a64_matches_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
