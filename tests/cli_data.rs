//! The command line over user data files: `events --data F --json` for each
//! format, and `check` (exit 1 with located problems on bad files, 0 on clean ones).

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly"
)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

/// Runs the binary in the fixtures folder, so file names print as given.
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

fn events_json(file: &str) -> Vec<Value> {
    let out = chronomap(&["events", "--data", file, "--json"]);
    assert!(
        out.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn by_id<'a>(rows: &'a [Value], id: &str) -> &'a Value {
    rows.iter().find(|r| r["id"] == id).unwrap()
}

#[test]
fn events_json_from_ucdp() {
    let rows = events_json("ucdp_ged_sample.csv");
    assert_eq!(rows.len(), 7);
    let r = by_id(&rows, "ucdp-350001");
    assert_eq!(r["start"], "2020-09-27");
    assert_eq!(r["end"], "2020-09-27");
    assert_eq!(r["precision"], "day");
    assert_eq!(r["approximate"], false);
    assert_eq!(r["date_text"], "27 Sep 2020 (UCDP date_prec 1: exact)");
    assert_eq!(r["casualties"]["low"], 2);
    assert_eq!(r["casualties"]["best"], 2);
    assert_eq!(r["casualties"]["high"], 4);
    assert_eq!(
        r["region_ids"],
        serde_json::json!(["azerbaijan", "nagorno-karabakh"])
    );
    assert_eq!(
        r["regions"],
        serde_json::json!(["Azerbaijan", "Nagorno-Karabakh"])
    );
    assert_eq!(r["location"]["type"], "point");
    assert_eq!(r["location"]["anchor"], serde_json::json!([46.7528, 39.8177]));
    assert_eq!(r["source"]["publisher"], "UCDP GED");
    let month = by_id(&rows, "ucdp-350004");
    assert_eq!(month["edtf"], "2020-10~");
    assert_eq!(month["precision"], "month");
    assert_eq!(month["approximate"], true);
    // Sorted by start date: the whole-year 2020 row comes first.
    assert_eq!(rows[0]["id"], "ucdp-350005");
}

#[test]
fn events_json_from_acled_current_and_legacy() {
    let rows = events_json("acled_current.csv");
    assert_eq!(rows.len(), 4);
    let r = by_id(&rows, "acled-ARM3001");
    assert_eq!(r["kind"], "Battles");
    assert_eq!(r["title"], "Armed clash in Jermuk");
    assert_eq!(r["casualties"]["text"], "12 killed");
    assert_eq!(r["region_ids"], serde_json::json!(["armenia"]));
    let week = by_id(&rows, "acled-ARM3002");
    assert_eq!(
        (week["start"].as_str(), week["end"].as_str()),
        (Some("2023-01-28"), Some("2023-02-03"))
    );
    assert!(week["casualties"].is_null());

    let legacy = events_json("acled_legacy.csv");
    assert_eq!(legacy.len(), 3);
    assert_eq!(by_id(&legacy, "acled-ARM1001")["start"], "2022-09-14");
    assert_eq!(by_id(&legacy, "acled-AZE2345")["start"], "2020-10-28");
}

#[test]
fn events_json_from_timelinejs_and_geojson() {
    let rows = events_json("timeline.json");
    assert_eq!(rows.len(), 5);
    let first = by_id(&rows, "war-1991");
    assert_eq!(
        (
            first["start"].as_str(),
            first["end"].as_str(),
            first["precision"].as_str()
        ),
        (Some("1991-01-01"), Some("1991-12-31"), Some("year"))
    );
    assert_eq!(first["location"]["type"], "unknown");
    let war = by_id(&rows, "war-2020");
    assert_eq!(
        war["region_ids"],
        serde_json::json!(["azerbaijan", "nagorno-karabakh"])
    );

    let rows = events_json("events.geojson");
    assert_eq!(rows.len(), 4);
    let border = by_id(&rows, "fx-border-2021");
    assert_eq!(border["location"]["type"], "border");
    assert_eq!(border["precision"], "year");
}

#[test]
fn events_from_several_formats_at_once() {
    let out = chronomap(&[
        "events",
        "--data",
        "ucdp_ged_sample.csv",
        "--data",
        "acled_current.csv",
        "--data",
        "timeline.json",
        "--at",
        "2022-09-13",
        "--json",
    ]);
    assert!(out.status.success());
    let rows: Vec<Value> = serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let mut ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["acled-ARM3001", "clash-2022-09", "ucdp-350006"]);
}

#[test]
fn events_with_bad_rows_warn_and_load_the_rest() {
    let out = chronomap(&["events", "--data", "ucdp_ged_bad.csv", "--json"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .contains("warning: skipped ucdp_ged_bad.csv: line 7: field 'latitude': 95.2 is outside -90..90"),
        "{stderr}"
    );
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 3);
    // The table's last line ends its line: warnings shown after it (a tool
    // joining the two streams) start on their own.
    let table = chronomap(&["events", "--data", "ucdp_ged_bad.csv"]);
    let text = stdout(&table);
    assert!(text.ends_with("3 event(s)\n"), "{text:?}");
    assert!(!table.stderr.is_empty() && table.stderr.ends_with(b"\n"));
}

#[test]
fn events_with_an_unreadable_file_exit_2() {
    let out = chronomap(&["events", "--data", "utf16_bad.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: utf16_bad.csv: UTF-16 text; save it as UTF-8\n"
    );
}

#[test]
fn check_passes_clean_files() {
    let out = chronomap(&[
        "check",
        "ucdp_ged_sample.csv",
        "acled_current.csv",
        "acled_legacy.csv",
        "timeline.json",
        "events.geojson",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "ucdp_ged_sample.csv: UCDP GED CSV: 7 events (7 Point), 0 problems\n\
         acled_current.csv: ACLED CSV: 4 events (4 Point), 0 problems\n\
         acled_legacy.csv: ACLED CSV: 3 events (3 Point), 0 problems\n\
         timeline.json: TimelineJS JSON: 5 events (3 Point, 2 no place), 0 problems\n\
         events.geojson: events GeoJSON: 4 events (2 Point, 1 region, 1 border), 0 problems\n"
    );
}

#[test]
fn check_lists_located_problems_and_exits_1() {
    let out = chronomap(&["check", "ucdp_ged_bad.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 10, "{text}");
    assert_eq!(
        lines[0],
        "ucdp_ged_bad.csv: line 3: field 'date_start': '2022-02-30' is not a real calendar date"
    );
    assert_eq!(
        lines[4],
        "ucdp_ged_bad.csv: line 7: field 'latitude': 95.2 is outside -90..90"
    );
    assert_eq!(
        lines[7],
        "ucdp_ged_bad.csv: line 10: has 5 fields, but the header has 49 columns"
    );
    assert_eq!(
        lines[8],
        "ucdp_ged_bad.csv: line 13: field 'longitude': 200.5 is outside -180..180"
    );
    assert_eq!(
        lines[9],
        "ucdp_ged_bad.csv: UCDP GED CSV: 3 events (3 Point), 9 problems"
    );

    for (file, first, summary) in [
        (
            "acled_bad.csv",
            "acled_bad.csv: line 3: field 'fatalities': -3 is negative; expected a whole number ≥ 0",
            "acled_bad.csv: ACLED CSV: 2 events (2 Point), 8 problems",
        ),
        (
            "timeline_bad.json",
            "timeline_bad.json: feature 1: field 'start_date': 2022-13 is not a real calendar date",
            "timeline_bad.json: TimelineJS JSON: 1 event (1 no place), 8 problems",
        ),
        (
            "events_bad.geojson",
            "events_bad.geojson: feature 1: field 'geometry': latitude 95.2 is outside -90..90",
            "events_bad.geojson: events GeoJSON: 1 event (1 Point), 8 problems",
        ),
    ] {
        let out = chronomap(&["check", file]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let text = stdout(&out);
        assert_eq!(text.lines().next(), Some(first), "{text}");
        assert_eq!(text.lines().last(), Some(summary), "{text}");
    }
}

#[test]
fn check_reports_unreadable_files_and_exits_1() {
    let out = chronomap(&[
        "check",
        "events.geojson",
        "utf16_bad.csv",
        "binary_bad.csv",
        "empty_bad.csv",
        "nested_bad.json",
        "regions_bad.geojson",
        "no-such-file.csv",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for line in [
        "events.geojson: events GeoJSON: 4 events (2 Point, 1 region, 1 border), 0 problems",
        "utf16_bad.csv: UTF-16 text; save it as UTF-8",
        "utf16_bad.csv: not loaded",
        "binary_bad.csv: binary data (a NUL byte at offset 8), not a CSV or JSON text file",
        "empty_bad.csv: the file is empty",
        "regions_bad.geojson: holds regions (Polygon features without 'title', 'start' or 'when'), not events",
        "no-such-file.csv: not loaded",
    ] {
        assert!(text.lines().any(|l| l == line), "no line '{line}' in:\n{text}");
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("nested_bad.json: not valid JSON: recursion limit exceeded")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("no-such-file.csv: cannot read the file:")),
        "{text}"
    );
}

#[test]
fn check_needs_a_file() {
    let out = chronomap(&["check"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn geojson_dated_as_other_tools_write_it() {
    let file = "events_other_tools.geojson";
    let out = chronomap(&["check", file]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the feature with no date is a problem"
    );
    let text = stdout(&out);
    for line in [
        "feature 5: field 'when': is missing",
        "dates from 'time' (1 feature)",
        "dates from 'EVENT_DATE' (1 feature)",
        "dates from 'start_date'/'end_date' (1 feature)",
        "dates from JSON-FG 'time' (2 features)",
        "events GeoJSON: 5 events (5 Point), 1 problem",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    let at = |day: &str| -> Vec<String> {
        let out = chronomap(&["events", "--data", file, "--at", day, "--json"]);
        let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        rows.iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect()
    };
    let on_13 = at("2022-09-13");
    assert_eq!(on_13.len(), 4, "{on_13:?}");
    assert!(on_13.iter().any(|t| t.contains("epoch milliseconds")));
    assert_eq!(at("2022-09-20"), ["Protest in Yerevan (JSON-FG date)"]);
    assert!(
        at("2022-09-14").iter().any(|t| t.contains("Kapan")),
        "the end_date counts"
    );
    let rows = events_json_lenient(file);
    let open = by_id(&rows, "events_other_tools.geojson#3");
    assert_eq!(open["end"], "2022-09-13");
    assert!(
        open["notes"][0]["text"]
            .as_str()
            .unwrap()
            .contains("leaves the end of this event open")
    );
}

/// `events --json` over a file with problems (warnings on stderr).
fn events_json_lenient(file: &str) -> Vec<Value> {
    let out = chronomap(&["events", "--data", file, "--json"]);
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn gdelt_exports_plain_and_zipped() {
    let out = chronomap(&["check", "gdelt_sample.export.CSV", "gdelt_sample.export.CSV.zip"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    for file in ["gdelt_sample.export.CSV", "gdelt_sample.export.CSV.zip"] {
        assert!(
            text.contains(&format!(
                "{file}: GDELT 2.0 events: 5 events (4 Point, 1 no place), 0 problems"
            )),
            "{text}"
        );
        assert!(text.contains(&format!(
            "{file}: 1 row without an ActionGeo point: kept, not on the map"
        )));
    }
    let plain = events_json("gdelt_sample.export.CSV");
    assert_eq!(
        plain,
        events_json("gdelt_sample.export.CSV.zip"),
        "the archive holds the same rows"
    );
    let fight = by_id(&plain, "gdelt-1058430211");
    assert_eq!(fight["kind"], "Fight");
    assert_eq!(fight["start"], "2022-09-13");
    assert_eq!(fight["precision"], "day");
    assert_eq!(fight["casualties"], Value::Null, "GDELT counts no deaths");
    assert_eq!(fight["source"]["url"], "https://example.org/news/jermuk-shelling");
    assert!(
        fight["region_ids"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "armenia")
    );
    let protest = by_id(&plain, "gdelt-1058430214");
    assert_eq!(protest["title"], "Protest by PROTESTER");
}

#[test]
fn gdelt_bad_rows_are_located() {
    let out = chronomap(&["check", "gdelt_bad.export.CSV"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for line in [
        "gdelt_bad.export.CSV: line 2: has 60 fields, but GDELT 2.0 rows have 61",
        "gdelt_bad.export.CSV: line 3: field 'sqldate': '20220931' is not a real calendar date",
        "gdelt_bad.export.CSV: line 4: field 'actiongeo_lat': 139.2076 is outside -90..90",
        "gdelt_bad.export.CSV: line 5: field 'eventrootcode': '27' is not a CAMEO root code (01 to 20)",
        "gdelt_bad.export.CSV: GDELT 2.0 events: 1 event (1 Point), 4 problems",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
}

#[test]
fn events_named_by_place_are_placed_from_the_command_line() {
    // The command reads the map without the gazetteer only for Parquet
    // tables: GeoJSON's named places still need it.
    let dir = std::env::temp_dir().join(format!("chronomap-named-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("named.geojson");
    std::fs::write(
        &file,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null,
           "properties": {"id": "g", "title": "Shelling of Goris", "start": "2022-09-13",
                          "location": {"place": "Goris"}}}]}"#,
    )
    .unwrap();
    let parquet = fixtures().join("ucdp_ged_sample.parquet");
    let out = chronomap(&[
        "events",
        "--data",
        file.to_str().unwrap(),
        "--data",
        parquet.to_str().unwrap(),
        "--region",
        "armenia",
        "--json",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let goris = by_id(&rows, "g");
    assert_eq!(goris["region_ids"][0], "armenia", "{goris}");
    assert_eq!(
        goris["notes"][0]["text"],
        "placed by name: Goris, Syunik, Armenia"
    );
}
