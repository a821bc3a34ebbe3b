//! `chronomap events --format geojson|csv`: results out of chronomap with no
//! window, as GDAL (`ogrinfo`), pandas and polars expect them, and GeoJSON
//! that `--data` reads back to the same events.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly"
)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chronomap-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn chronomap(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `events [--data F] ARGS`, `data` empty for the built-in article.
fn events(data: &[&str], args: &[&str]) -> Vec<u8> {
    let mut all = vec!["events"];
    for d in data {
        all.extend(["--data", d]);
    }
    all.extend(args);
    chronomap(&all)
}

/// Every event's every field, in a comparable order.
fn essentials(json: &[u8]) -> Vec<String> {
    let rows: Vec<Value> = serde_json::from_slice(json).unwrap();
    let mut rows: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
    rows.sort();
    rows
}

fn exported(data: &[&str], name: &str) -> PathBuf {
    let path = temp(name);
    std::fs::write(&path, events(data, &["--format", "geojson"])).unwrap();
    path
}

#[test]
fn geojson_reads_back_to_the_same_events() {
    for data in [
        vec![],
        vec![fixture("ucdp_ged_sample.csv")],
        vec![fixture("shapes.geojson")],
    ] {
        let data: Vec<&str> = data.iter().map(String::as_str).collect();
        let name = format!(
            "back-{}.geojson",
            data.len() + data.first().map_or(0, |d| d.len())
        );
        let path = exported(&data, &name);
        let before = essentials(&events(&data, &["--json"]));
        let after = essentials(&events(&[path.to_str().unwrap()], &["--format", "json"]));
        assert!(!before.is_empty());
        assert_eq!(before, after, "{data:?}");
    }
}

/// GDAL's own reading of a file: its fields and their types.
fn ogrinfo(path: &Path, options: &[&str]) -> String {
    let out = Command::new("ogrinfo")
        .args(["-so", "-al"])
        .args(options)
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!("ogrinfo (GDAL, Debian's gdal-bin: see scripts/system-packages.txt): {e}")
        });
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn gdal_reads_the_geojson_with_typed_fields() {
    let path = exported(&[], "gdal.geojson");
    let info = ogrinfo(&path, &[]);
    for field in [
        "start: Date",
        "end: Date",
        "casualties_low: Integer",
        "casualties_high: Integer",
    ] {
        assert!(info.contains(field), "{field} in\n{info}");
    }
    assert!(info.contains("Feature Count: 10"), "{info}");
}

#[test]
fn gdal_reads_the_csv_with_typed_fields_and_geometry() {
    let path = temp("gdal.csv");
    std::fs::write(&path, events(&[&fixture("shapes.geojson")], &["--format", "csv"])).unwrap();
    let info = ogrinfo(&path, &["-oo", "AUTODETECT_TYPE=YES"]);
    for field in [
        "start: Date",
        "end: Date",
        "casualties_low: Integer",
        "latitude: Real",
    ] {
        assert!(info.contains(field), "{field} in\n{info}");
    }
    // The WKT column is each event's geometry: the layer has an extent.
    assert!(info.contains("Extent: ("), "{info}");
}

#[test]
fn csv_has_a_header_iso_dates_and_numeric_casualties() {
    let text = events(
        &[&fixture("ucdp_ged_sample.csv")],
        &["--format", "csv", "--at", "2020-10-01"],
    );
    let json = events(
        &[&fixture("ucdp_ged_sample.csv")],
        &["--json", "--at", "2020-10-01"],
    );
    let rows: Vec<Value> = serde_json::from_slice(&json).unwrap();
    let mut reader = csv::Reader::from_reader(&text[..]);
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rows.len());
    assert!(!records.is_empty());
    for (record, row) in records.iter().zip(&rows) {
        let start = chrono::NaiveDate::parse_from_str(&record[column("start")], "%Y-%m-%d").unwrap();
        assert_eq!(Value::from(start.to_string()), row["start"]);
        let low = &record[column("casualties_low")];
        assert_eq!(
            low.parse::<u64>().ok(),
            row["casualties"]["low"].as_u64(),
            "{low}"
        );
    }
}

#[test]
fn json_is_the_long_form_of_the_short_flag() {
    assert_eq!(events(&[], &["--json"]), events(&[], &["--format", "json"]));
    let out = Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .args(["events", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn csv_reads_back_to_the_same_events_at_points_and_shapes() {
    for data in [
        fixture("shapes.geojson"),
        fixture("ucdp_ged_sample.csv"),
        fixture("acled_current.csv"),
    ] {
        let path = temp(&format!("back-{}.csv", data.len()));
        std::fs::write(&path, events(&[&data], &["--format", "csv"])).unwrap();
        let before = essentials(&events(&[&data], &["--json"]));
        let after = essentials(&events(&[path.to_str().unwrap()], &["--json"]));
        assert!(!before.is_empty());
        assert_eq!(before, after, "{data}");
    }
}
