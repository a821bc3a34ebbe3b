//! Files as people keep them, through the command line: workbooks (Excel,
//! OpenDocument) read as the CSV they hold, and events over areas, routes
//! and several points.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly"
)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn chronomap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .args(args)
        .current_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")))
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn events_json(args: &[&str]) -> Value {
    let mut all = vec!["events"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = chronomap(&all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_workbook_gives_the_same_events_as_its_csv() {
    for (csv, book) in [
        ("acled_current.csv", "acled_current.xlsx"),
        // Dates kept as bare serial day numbers.
        ("acled_current.csv", "acled_serial.xlsx"),
        ("ucdp_ged_sample.csv", "ucdp_ged_sample.ods"),
    ] {
        let from_csv = events_json(&["--data", csv]);
        assert!(!from_csv.as_array().unwrap().is_empty());
        assert_eq!(events_json(&["--data", book]), from_csv, "{book}");
        // And with a day and a region.
        let at = ["--at", "2022-09-13", "--region", "armenia"];
        let mut a = vec!["--data", csv];
        a.extend_from_slice(&at);
        let mut b = vec!["--data", book];
        b.extend_from_slice(&at);
        assert_eq!(events_json(&b), events_json(&a), "{book}");
    }
}

#[test]
fn a_workbooks_bad_rows_are_named_by_sheet_and_row() {
    let out = chronomap(&["check", "acled_bad.xlsx", "acled_current.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "acled_bad.xlsx: sheet 'Data', row 3: field 'event_date': '2022-13-45' is not a real calendar date\n\
         acled_bad.xlsx: sheet 'Data', row 4: field 'latitude': 95.2 is outside -90..90\n\
         acled_bad.xlsx: ACLED workbook: 1 event (1 Point), 2 problems\n\
         acled_current.xlsx: ACLED workbook: 4 events (4 Point), 0 problems\n"
    );
}

#[test]
fn a_workbook_with_no_known_table_names_its_sheets() {
    let out = chronomap(&["events", "--data", "no_table.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no sheet has a UCDP GED header"), "{err}");
    assert!(
        err.contains("'Budget' (item, cost, …)") && err.contains("'Empty' (empty)"),
        "{err}"
    );
    // Not a workbook at all, though named one.
    let out = chronomap(&["check", "events.geojson", "acled_current.csv"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn events_over_areas_routes_and_points_load_and_link_to_their_regions() {
    let rows = events_json(&["--data", "shapes.geojson"]);
    let rows = rows.as_array().unwrap();
    let by_id = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap();
    let area = by_id("area-jermuk");
    assert_eq!(area["location"]["type"], "Polygon");
    let [lon, lat] = [0, 1].map(|k| area["location"]["anchor"][k].as_f64().unwrap());
    assert!(
        (45.55..45.80).contains(&lon) && (39.78..39.92).contains(&lat),
        "{lon} {lat}"
    );
    let ids: Vec<&str> = area["region_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(ids.contains(&"armenia"), "{ids:?}");
    // The road through Lachin crosses from Armenia into Azerbaijan.
    let route = by_id("route-lachin");
    assert_eq!(route["location"]["type"], "LineString");
    let ids: Vec<&str> = route["region_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(ids.contains(&"azerbaijan"), "{ids:?}");
    assert_eq!(by_id("strikes-syunik")["location"]["type"], "MultiPoint");
    // The same day and region as points give the same answer.
    let at = events_json(&[
        "--data",
        "shapes.geojson",
        "--at",
        "2022-09-13",
        "--region",
        "armenia",
    ]);
    let ids: Vec<&str> = at
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"area-jermuk") && ids.contains(&"point-jermuk"),
        "{ids:?}"
    );
}

#[test]
fn bad_shapes_are_located_problems_and_check_counts_the_kinds() {
    let out = chronomap(&["check", "shapes.geojson", "shapes_bad.geojson"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "shapes.geojson: events GeoJSON: 6 events (1 Point, 1 Polygon, 1 MultiPolygon, 1 LineString, \
         1 MultiLineString, 1 MultiPoint), 0 problems"
    );
    assert!(lines[1].starts_with(
        "shapes_bad.geojson: feature 0: field 'geometry': the polygon's outer ring does not close"
    ));
    assert!(lines[2].contains("feature 1: field 'geometry'") && lines[2].contains("self-intersection"));
    assert!(lines[3].contains("feature 2") && lines[3].contains("two positions or more"));
    assert!(lines[4].contains("feature 3") && lines[4].contains("latitude 95 is outside -90..90"));
    assert!(lines[5].contains("feature 4") && lines[5].contains("GeometryCollection"));
    assert_eq!(
        lines[6],
        "shapes_bad.geojson: events GeoJSON: 1 event (1 Point), 5 problems"
    );
}

#[test]
fn shapes_export_as_geojson_unchanged_and_as_wkt_in_csv() {
    // `extract --geojson` is not the way here: the window's export writes the
    // same GeoJSON; the library's writer is what both use.
    let atlas = chronomap::embedded::atlas().unwrap();
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/shapes.geojson"
    ));
    let loaded = chronomap::io::load_events_file(path, &atlas).unwrap();
    let mut out = Vec::new();
    chronomap::io::export::write_geojson(&loaded.items, &mut out).unwrap();
    let written: Value = serde_json::from_slice(&out).unwrap();
    let given: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for (w, g) in written["features"]
        .as_array()
        .unwrap()
        .iter()
        .zip(given["features"].as_array().unwrap())
    {
        assert_eq!(w["geometry"], g["geometry"], "{}", g["properties"]["id"]);
    }
    let back = chronomap::io::event_geojson::parse_events(
        "back.geojson",
        std::str::from_utf8(&out).unwrap(),
        &atlas,
    )
    .unwrap();
    assert!(back.problems.is_empty());
    assert_eq!(
        back.items.iter().map(|e| e.location.clone()).collect::<Vec<_>>(),
        loaded.items.iter().map(|e| e.location()).collect::<Vec<_>>()
    );
    let mut csv = Vec::new();
    chronomap::io::export::write_csv(&loaded.items, &atlas, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",WKT"));
    assert!(
        csv.contains("LINESTRING(46.55 39.48,46.62 39.56,46.7 39.65,46.75 39.81)"),
        "{csv}"
    );
    assert!(csv.contains("POINT(45.67 39.84)"), "{csv}");
}
