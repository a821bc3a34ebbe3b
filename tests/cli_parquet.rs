//! Parquet as engines write it (DuckDB, pyarrow, a Hive-partitioned folder,
//! GeoParquet, a GDELT extract; see tools/parquet_fixtures.py): the same
//! events as the same rows in CSV, located problems, damaged files refused.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly"
)]

use std::path::Path;
use std::process::{Command, Output};

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn chronomap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .args(args)
        .current_dir(fixtures())
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn events(file: &str, query: &[&str]) -> String {
    let mut args = vec!["events", "--data", file, "--json"];
    args.extend(query);
    let out = chronomap(&args);
    assert!(
        out.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

#[test]
fn parquet_gives_the_same_events_as_the_same_rows_in_csv() {
    for (csv, parquet) in [
        ("ucdp_ged_sample.csv", "ucdp_ged_sample.parquet"),
        ("ucdp_ged_sample.csv", "ged_parts"),
        ("acled_current.csv", "acled_current.parquet"),
        ("acled_current.csv", "acled_geo.parquet"),
        ("gdelt_sample.export.CSV", "gdelt_sample.parquet"),
        ("chronomap_export.csv", "chronomap_export.parquet"),
    ] {
        for query in [
            &[][..],
            &["--at", "2022-09-13"],
            &["--at", "2020-10-10", "--region", "Azerbaijan"],
        ] {
            let (a, b) = (events(csv, query), events(parquet, query));
            assert_eq!(a, b, "{csv} and {parquet} with {query:?}");
        }
        assert!(events(csv, &[]).len() > 100, "{csv} has events");
    }
}

#[test]
fn check_names_the_parquet_format_and_its_parts() {
    let out = chronomap(&[
        "check",
        "ucdp_ged_sample.parquet",
        "ged_parts",
        "acled_geo.parquet",
        "gdelt_sample.parquet",
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for line in [
        "ucdp_ged_sample.parquet: UCDP GED Parquet: 7 events (7 Point), 0 problems",
        "ged_parts: 2 Parquet parts",
        "ged_parts: UCDP GED Parquet: 7 events (7 Point), 0 problems",
        "acled_geo.parquet: ACLED Parquet: 4 events (4 Point), 0 problems",
        "gdelt_sample.parquet: 1 row without an ActionGeo point: kept, not on the map",
        "gdelt_sample.parquet: GDELT 2.0 events (Parquet): 5 events (4 Point, 1 no place), 0 problems",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
}

#[test]
fn bad_rows_are_located_by_row_and_damaged_files_refused() {
    let out = chronomap(&["check", "acled_bad.parquet", "truncated_bad.parquet"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for line in [
        "acled_bad.parquet: row 5: field 'latitude': 95.2 is outside -90..90",
        "acled_bad.parquet: row 4: field 'event_date': '2022-02-30' is not a real calendar date",
        "acled_bad.parquet: ACLED Parquet: 2 events (2 Point), 8 problems",
        "truncated_bad.parquet: not a readable Parquet file:",
        "truncated_bad.parquet: not loaded",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    let out = chronomap(&["events", "--data", "truncated_bad.parquet"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn a_folder_without_parquet_is_refused_with_a_reason() {
    let out = chronomap(&["check", "articles"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("a folder with no Parquet file in it"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_page_that_makes_the_parquet_decoder_panic_is_a_damaged_file_not_a_crash() {
    // Found by the parquet fuzz target: a page that divides by zero inside
    // the parquet crate's byte-array reader.
    // And one whose footer claims more rows than memory could hold.
    let out = chronomap(&["check", "damaged_page_bad.parquet", "huge_claim_bad.parquet"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("damaged_page_bad.parquet: not loaded"), "{text}");
    assert!(text.contains("huge_claim_bad.parquet: not loaded"), "{text}");
    // The decoder's own panic message is not shown: one line says what was wrong.
    let out = chronomap(&["events", "--data", "damaged_page_bad.parquet"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}
