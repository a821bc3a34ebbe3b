//! A folder of Parquet parts as Spark, DuckDB and pyarrow write it: the
//! parts, and the `key=value` folders above each.

use std::path::{Path, PathBuf};

/// The Parquet parts under `dir`, in path order: files ending in `.parquet`
/// or named `part-*`, skipping hidden and `_`-prefixed ones (`_SUCCESS`, `.crc`).
pub fn parts(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            // The entry's own type: a link to a folder is not followed (it
            // could lead back up and never end).
            let kind = entry.file_type()?;
            let path = entry.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with(['.', '_']) {
                continue;
            }
            if kind.is_dir() {
                stack.push(path);
            } else if name.ends_with(".parquet") || name.starts_with("part-") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The `key=value` folders between `root` and `part`, keys in lower case,
/// values with Hive's `%XX` escapes undone.
pub fn partition_values(root: &Path, part: &Path) -> Vec<(String, String)> {
    let Ok(rel) = part.strip_prefix(root) else {
        return Vec::new();
    };
    rel.parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| {
            let c = c.as_os_str().to_string_lossy();
            let (k, v) = c.split_once('=')?;
            Some((k.trim().to_lowercase(), unescape(v)))
        })
        .collect()
}

/// Hive's path escaping: `%3A` is ':'; `__HIVE_DEFAULT_PARTITION__` is empty.
fn unescape(v: &str) -> String {
    if v == "__HIVE_DEFAULT_PARTITION__" {
        return String::new();
    }
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hive_partitions_and_their_escapes() {
        let root = Path::new("/data/ged");
        let part = Path::new("/data/ged/Region=Europe/country=Armenia%20%28AM%29/part-0.parquet");
        assert_eq!(
            partition_values(root, part),
            [
                ("region".to_string(), "Europe".to_string()),
                ("country".to_string(), "Armenia (AM)".to_string())
            ]
        );
        assert_eq!(unescape("__HIVE_DEFAULT_PARTITION__"), "");
        assert_eq!(unescape("100%"), "100%");
    }
}
