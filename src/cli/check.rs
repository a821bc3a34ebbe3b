//! `chronomap check FILE...`: load each data file as `--data` would and list
//! every problem, one line each, with a summary per file.

use super::CliError;
use crate::io::detect::load_events_file_as;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Options of `chronomap check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Data files to check (events GeoJSON, UCDP GED, ACLED or GDELT as CSV, a workbook,
    /// Parquet or a folder of Parquet parts, TimelineJS JSON; also zipped).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// Checks every file, writing its problems and a summary to `out`. Returns
/// whether all were clean (loaded, with no problems): the binary exits 0 when
/// they were, 1 when not.
pub fn run(args: &CheckArgs, out: &mut dyn Write) -> Result<bool, CliError> {
    let atlas = crate::embedded::atlas()?;
    let write_err = |e: std::io::Error| CliError::Usage(format!("cannot write the output: {e}"));
    let mut clean = true;
    for path in &args.files {
        let name = path.display();
        match load_events_file_as(path, &atlas, &mut |_| {}) {
            Ok((format, loaded)) => {
                for problem in &loaded.problems {
                    writeln!(out, "{problem}").map_err(write_err)?;
                }
                for note in &loaded.notes {
                    writeln!(out, "{name}: {note}").map_err(write_err)?;
                }
                // A table read from a workbook or Parquet says so.
                let container = if crate::io::workbook::is_workbook(path) {
                    Some("workbook")
                } else if crate::io::parquet::is_parquet(path) {
                    Some("Parquet")
                } else {
                    None
                };
                let format = match container {
                    Some(c) if format.name().ends_with(" CSV") => {
                        format.name().replace(" CSV", &format!(" {c}"))
                    }
                    Some(c) => format!("{} ({c})", format.name()),
                    None => format.name().to_string(),
                };
                writeln!(
                    out,
                    "{name}: {format}: {} ({}), {}",
                    count(loaded.items.len(), "event"),
                    geometry_counts(&loaded.items),
                    count(loaded.problems.len(), "problem")
                )
                .map_err(write_err)?;
                clean &= loaded.problems.is_empty();
            }
            Err(e) => {
                writeln!(out, "{e}").map_err(write_err)?;
                writeln!(out, "{name}: not loaded").map_err(write_err)?;
                clean = false;
            }
        }
    }
    Ok(clean)
}

/// How many events have each kind of geometry: "3 Point, 1 Polygon, 1 region".
fn geometry_counts(events: &crate::model::EventStore) -> String {
    use crate::model::Location;
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for e in events.iter() {
        let kind = match e.location() {
            Location::Point { .. } => "Point",
            Location::Shape(s) => s.kind.name(),
            Location::Region(_) => "region",
            Location::Border(..) => "border",
            Location::Unknown => "no place",
        };
        match counts.iter_mut().find(|(k, _)| *k == kind) {
            Some(c) => c.1 += 1,
            None => counts.push((kind, 1)),
        }
    }
    if counts.is_empty() {
        return "none".into();
    }
    let order = [
        "Point",
        "Polygon",
        "MultiPolygon",
        "LineString",
        "MultiLineString",
        "MultiPoint",
        "region",
        "border",
        "no place",
    ];
    counts.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
    counts
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "1 event", "3 events", "0 problems".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(files: &[&str]) -> (bool, String) {
        let args = CheckArgs {
            files: files.iter().map(PathBuf::from).collect(),
        };
        let mut out = Vec::new();
        let clean = run(&args, &mut out).unwrap();
        (clean, String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_clean_file_is_summarised() {
        let dir = std::env::temp_dir().join(format!("chronomap-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.csv");
        std::fs::write(
            &good,
            "event_id_cnty,event_date,event_type,latitude,longitude\nARM1,2022-09-13,Battles,39.84,45.67\n",
        )
        .unwrap();
        let bad = dir.join("bad.csv");
        std::fs::write(
            &bad,
            "event_id_cnty,event_date,event_type,latitude,longitude\nARM1,2022-09-13,Battles,95.2,45.67\nARM2,2022-09-13,Battles,39.84,45.67\n",
        )
        .unwrap();
        let (clean, out) = check(&[good.to_str().unwrap()]);
        assert!(clean);
        assert_eq!(
            out,
            format!("{}: ACLED CSV: 1 event (1 Point), 0 problems\n", good.display())
        );
        let missing = dir.join("missing.csv");
        let (clean, out) = check(&[bad.to_str().unwrap(), missing.to_str().unwrap()]);
        assert!(!clean);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            format!(
                "{}: line 2: field 'latitude': 95.2 is outside -90..90",
                bad.display()
            )
        );
        assert_eq!(
            lines[1],
            format!("{}: ACLED CSV: 1 event (1 Point), 1 problem", bad.display())
        );
        assert!(lines[2].starts_with(&format!("{}: cannot read the file", missing.display())));
        assert_eq!(lines[3], format!("{}: not loaded", missing.display()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
