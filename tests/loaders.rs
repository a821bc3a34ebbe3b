//! The data loaders against the fixtures in `tests/fixtures/`: the right events,
//! intervals, precision, casualties and regions from good files, and from bad
//! ones problems that name the exact line or feature and field.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly"
)]

use chrono::NaiveDate;
use chronomap::io::detect::{Format, load_events_file_as};
use chronomap::io::{LoadError, Loaded, Place, load_events_file, load_events_text};
use chronomap::model::{Atlas, Casualties, Event, EventStore, Interval, Location, Precision};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| chronomap::embedded::atlas().unwrap())
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(name: &str) -> (Format, Loaded<Vec<Event>>) {
    let (format, loaded) = load_events_file_as(&fixture(name), atlas(), &mut |_| {}).unwrap();
    (format, loaded.into_events())
}

fn load_clean(name: &str, format: Format) -> Vec<Event> {
    let (found, loaded) = load(name);
    assert_eq!(found, format, "{name}");
    assert!(loaded.problems.is_empty(), "{name}: {:?}", loaded.problems);
    loaded.items
}

fn load_error(name: &str) -> String {
    match load_events_file(&fixture(name), atlas()) {
        Err(e) => e.to_string(),
        Ok(l) => panic!("{name} loaded {} events", l.items.len()),
    }
}

fn event<'a>(events: &'a [Event], id: &str) -> &'a Event {
    events
        .iter()
        .find(|e| e.id() == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn days(a: (i32, u32, u32), b: (i32, u32, u32)) -> Interval {
    Interval::new(d(a.0, a.1, a.2), d(b.0, b.1, b.2)).unwrap()
}

/// Each problem as (place, field, the start of its message).
fn problems<C>(loaded: &Loaded<C>) -> Vec<(Place, Option<String>, String)> {
    loaded
        .problems
        .iter()
        .map(|p| (p.place.clone(), p.field.clone(), p.message.clone()))
        .collect()
}

/// Asserts the problems, in order: place, field, and a part of the message.
fn assert_problems<C>(loaded: &Loaded<C>, expected: &[(Place, Option<&str>, &str)]) {
    let got = problems(loaded);
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for ((place, field, message), (e_place, e_field, e_part)) in got.iter().zip(expected) {
        assert_eq!(place, e_place, "{got:#?}");
        assert_eq!(field.as_deref(), *e_field, "at {place}: {message}");
        assert!(
            message.contains(e_part),
            "at {place}: '{message}' lacks '{e_part}'"
        );
    }
}

// ---- UCDP GED ----

#[test]
fn ucdp_sample_keeps_dates_precision_casualties_and_regions() {
    let events = load_clean("ucdp_ged_sample.csv", Format::Ucdp);
    assert_eq!(events.len(), 7);

    let stepanakert = event(&events, "ucdp-350001");
    assert_eq!(
        stepanakert.title(),
        "Government of Armenia - Government of Azerbaijan: Stepanakert town"
    );
    assert_eq!(stepanakert.kind, "state-based");
    assert_eq!(stepanakert.time.interval(), Interval::day(d(2020, 9, 27)));
    assert_eq!(stepanakert.time.precision(), Precision::Day);
    assert!(!stepanakert.time.is_approximate());
    assert_eq!(stepanakert.time.text(), "27 Sep 2020 (UCDP date_prec 1: exact)");
    assert_eq!(
        stepanakert.casualties.as_deref(),
        Some(&Casualties::from_counts(2, Some(2), Some(4)).unwrap())
    );
    assert_eq!(stepanakert.regions, ["azerbaijan", "nagorno-karabakh"]);
    assert_eq!(
        stepanakert.actors,
        ["Government of Armenia", "Government of Azerbaijan"]
    );
    assert_eq!(
        stepanakert.quotes().collect::<Vec<_>>(),
        ["Shelling hits Stepanakert as fighting breaks out"]
    );
    assert_eq!(stepanakert.source().publisher, "UCDP GED");
    assert_eq!(
        stepanakert.source().title,
        "Agence France-Presse,\"Shelling hits Stepanakert\",2020-09-27"
    );
    assert_eq!(
        stepanakert.location,
        Location::Point {
            lon: 46.7528,
            lat: 39.8177,
        }
    );
    assert_eq!(stepanakert.place(), Some("Stepanakert town"));

    // date_prec 2..5: the days as given, hedged; whole months and years kept as such.
    let cases = [
        ("ucdp-350002", days((2020, 10, 4), (2020, 10, 8)), Precision::Day),
        (
            "ucdp-350003",
            days((2020, 10, 12), (2020, 10, 18)),
            Precision::Day,
        ),
        (
            "ucdp-350004",
            days((2020, 10, 1), (2020, 10, 31)),
            Precision::Month,
        ),
        ("ucdp-350005", days((2020, 1, 1), (2020, 12, 31)), Precision::Year),
    ];
    for (id, interval, precision) in cases {
        let e = event(&events, id);
        assert_eq!(e.time.interval(), interval, "{id}");
        assert_eq!(e.time.precision(), precision, "{id}");
        assert!(e.time.is_approximate(), "{id}");
    }
    assert_eq!(
        event(&events, "ucdp-350004").time.text(),
        "Oct 2020 (UCDP date_prec 4: within 8–30 days or the month)"
    );
    assert_eq!(event(&events, "ucdp-350004").time.when.to_string(), "2020-10~");
    let year = event(&events, "ucdp-350005");
    assert_eq!(year.time.when.to_string(), "2020~");
    let c = year.casualties.as_ref().unwrap();
    assert_eq!((c.low, c.best, c.high), (100, Some(150), Some(300)));

    // In Armenia, dates without a time of day.
    let jermuk = event(&events, "ucdp-350006");
    assert_eq!(jermuk.regions, ["armenia"]);
    assert_eq!(jermuk.time.interval(), Interval::day(d(2022, 9, 13)));
    assert_eq!(jermuk.casualties.as_ref().unwrap().text, "10 killed (8–15)");

    let shusha = event(&events, "ucdp-350007");
    assert_eq!(shusha.kind, "one-sided");
    assert_eq!(shusha.actors, ["Government of Azerbaijan", "Civilians"]);
    assert_eq!(shusha.casualties.as_deref(), Some(&Casualties::exact(1)));
    assert_eq!(shusha.regions, ["azerbaijan", "nagorno-karabakh"]);
}

#[test]
fn ucdp_bad_rows_name_their_line_and_field() {
    let (format, loaded) = load("ucdp_ged_bad.csv");
    assert_eq!(format, Format::Ucdp);
    let ids: Vec<&str> = loaded.items.iter().map(|e| e.id()).collect();
    assert_eq!(ids, ["ucdp-350001", "ucdp-350002", "ucdp-350006"]);
    // The good row on lines 11-12 has a line break in a quoted field.
    assert!(event(&loaded.items, "ucdp-350002").source().title.contains('\n'));
    assert_problems(
        &loaded,
        &[
            (
                Place::Line(3),
                Some("date_start"),
                "'2022-02-30' is not a real calendar date",
            ),
            (Place::Line(4), Some("best"), "-3 is negative"),
            (Place::Line(5), Some("low"), "12 is greater than high (5)"),
            (Place::Line(6), Some("id"), "is empty"),
            (Place::Line(7), Some("latitude"), "95.2 is outside -90..90"),
            (
                Place::Line(8),
                Some("date_end"),
                "2020-09-20 is before date_start 2020-09-27",
            ),
            (Place::Line(9), Some("date_prec"), "found '7'"),
            (
                Place::Line(10),
                None,
                "has 5 fields, but the header has 49 columns",
            ),
            (Place::Line(13), Some("longitude"), "200.5 is outside -180..180"),
        ],
    );
    assert_eq!(
        loaded.problems[4].to_string(),
        format!(
            "{}: line 7: field 'latitude': 95.2 is outside -90..90",
            fixture("ucdp_ged_bad.csv").display()
        )
    );
}

#[test]
fn crlf_line_ends_do_not_move_line_numbers() {
    let text = std::fs::read_to_string(fixture("ucdp_ged_bad.csv")).unwrap();
    let crlf = text.replace('\n', "\r\n");
    let loaded = load_events_text("crlf.csv", &crlf, atlas()).unwrap();
    let lf = load_events_text("lf.csv", &text, atlas()).unwrap();
    assert_eq!(loaded.items.len(), 3);
    let places =
        |l: &Loaded<EventStore>| -> Vec<Place> { l.problems.iter().map(|p| p.place.clone()).collect() };
    assert_eq!(places(&loaded), places(&lf));
}

// ---- ACLED ----

#[test]
fn acled_current_export() {
    let events = load_clean("acled_current.csv", Format::Acled);
    assert_eq!(events.len(), 4);

    let jermuk = event(&events, "acled-ARM3001");
    assert_eq!(jermuk.title(), "Armed clash in Jermuk");
    assert_eq!(jermuk.kind, "Battles");
    assert_eq!(jermuk.time.interval(), Interval::day(d(2022, 9, 13)));
    assert!(!jermuk.time.is_approximate());
    assert_eq!(jermuk.casualties.as_deref(), Some(&Casualties::exact(12)));
    assert_eq!(jermuk.regions, ["armenia"]);
    assert_eq!(
        jermuk.actors,
        [
            "Military Forces of Azerbaijan (2003-)",
            "Military Forces of Armenia (2018-)"
        ]
    );
    assert_eq!(jermuk.quotes().len(), 1);
    assert!(
        jermuk
            .quotes()
            .next()
            .unwrap()
            .starts_with("On 13 September 2022, Azerbaijani forces shelled")
    );
    assert_eq!(jermuk.source().publisher, "ACLED");
    assert_eq!(jermuk.source().title, "Armenpress; Azatutyun");

    // time_precision 2: the week around the coded day, hedged; no fatalities, no figure.
    let protest = event(&events, "acled-ARM3002");
    assert_eq!(protest.time.interval(), days((2023, 1, 28), (2023, 2, 3)));
    assert!(protest.time.is_approximate());
    assert_eq!(protest.casualties, None);
    assert_eq!(protest.actors, ["Protesters (Armenia)"]);

    let offensive = event(&events, "acled-AZE4001");
    assert_eq!(offensive.regions, ["azerbaijan", "nagorno-karabakh"]);
    assert_eq!(offensive.casualties.as_deref(), Some(&Casualties::exact(27)));
    assert!(
        offensive
            .quotes()
            .next()
            .unwrap()
            .contains("\"anti-terrorist operation\"")
    );

    // time_precision 3: the month; sub-event "Other" gives way to the event type.
    let month = event(&events, "acled-AZE4002");
    assert_eq!(month.time.interval(), days((2023, 5, 1), (2023, 5, 31)));
    assert_eq!(month.time.precision(), Precision::Month);
    assert!(month.time.is_approximate());
    assert_eq!(month.title(), "Strategic developments in Kalbajar");
    assert_eq!(month.regions, ["azerbaijan"]);
}

#[test]
fn acled_legacy_export_with_written_out_dates() {
    let events = load_clean("acled_legacy.csv", Format::Acled);
    assert_eq!(events.len(), 3);
    let barda = event(&events, "acled-AZE2345");
    assert_eq!(barda.time.interval(), Interval::day(d(2020, 10, 28)));
    assert_eq!(barda.casualties.as_deref(), Some(&Casualties::exact(21)));
    assert_eq!(barda.regions, ["azerbaijan"]);
    let vardenis = event(&events, "acled-ARM1001");
    assert_eq!(vardenis.time.interval(), Interval::day(d(2022, 9, 14)));
    assert_eq!(vardenis.regions, ["armenia"]);
    let tartar = event(&events, "acled-AZE2101");
    assert_eq!(tartar.time.interval(), days((2020, 9, 30), (2020, 10, 6)));
    assert!(tartar.time.is_approximate());
    assert_eq!(tartar.casualties, None);
}

#[test]
fn acled_bad_rows_name_their_line_and_field() {
    let (_, loaded) = load("acled_bad.csv");
    let ids: Vec<&str> = loaded.items.iter().map(|e| e.id()).collect();
    assert_eq!(ids, ["acled-ARM3001", "acled-AZE4001"]);
    assert_problems(
        &loaded,
        &[
            (Place::Line(3), Some("fatalities"), "-3 is negative"),
            (Place::Line(4), Some("fatalities"), "2.5 is not a whole number"),
            (
                Place::Line(5),
                Some("event_date"),
                "'2022-02-30' is not a real calendar date",
            ),
            (Place::Line(6), Some("latitude"), "95.2 is outside -90..90"),
            (Place::Line(7), Some("event_date"), "is empty"),
            (Place::Line(8), Some("time_precision"), "found '4'"),
            (Place::Line(9), Some("event_type"), "is empty"),
            (Place::Line(10), Some("event_date"), "'2022/13/01' is not a date"),
        ],
    );
}

#[test]
fn an_enormous_field_fails_its_row_only() {
    let text = std::fs::read_to_string(fixture("acled_current.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Row 2 (line 3) gets notes of 2 MiB.
    lines[2] = lines[2].replacen("Around the week of 31 January 2023", &"x".repeat(2 << 20), 1);
    let big = lines.join("\n");
    let dir = tempdir("enormous");
    let path = dir.join("acled_enormous.csv");
    std::fs::write(&path, &big).unwrap();
    let loaded = load_events_file(&path, atlas()).unwrap();
    assert_eq!(loaded.items.len(), 3);
    assert_problems(
        &loaded,
        &[(Place::Line(3), Some("notes"), "fields over 1 MiB are refused")],
    );
    std::fs::remove_dir_all(dir).unwrap();
}

// ---- TimelineJS ----

#[test]
fn timelinejs_events_with_each_precision() {
    let events = load_clean("timeline.json", Format::TimelineJs);
    // The title slide and the era are not events.
    assert_eq!(events.len(), 5);

    let first = event(&events, "war-1991");
    assert_eq!(first.time.precision(), Precision::Year);
    assert_eq!(first.time.interval(), days((1991, 1, 1), (1991, 12, 31)));
    assert_eq!(first.kind, "war");
    assert_eq!(first.location, Location::Unknown);
    assert!(first.regions.is_empty());
    assert_eq!(
        first.quotes().collect::<Vec<_>>(),
        ["Armenia and Azerbaijan go to war over Nagorno-Karabakh."]
    );
    assert_eq!(first.source().publisher, "TimelineJS");
    assert_eq!(first.source().title, "Nagorno-Karabakh, 1991–2023");

    let war = event(&events, "war-2020");
    assert_eq!(war.time.interval(), days((2020, 9, 27), (2020, 11, 10)));
    assert_eq!(war.time.precision(), Precision::Day);
    assert_eq!(war.regions, ["azerbaijan", "nagorno-karabakh"]);
    assert_eq!(
        war.quotes().collect::<Vec<_>>(),
        ["Six weeks of fighting end with a Russian-brokered ceasefire. More than 6,500 people are killed."]
    );

    let clashes = event(&events, "clash-2022-09");
    assert_eq!(clashes.time.precision(), Precision::Month);
    assert_eq!(clashes.time.interval(), days((2022, 9, 1), (2022, 9, 30)));
    assert_eq!(clashes.time.text(), "September 2022 (Sep 2022)");
    assert_eq!(clashes.regions, ["armenia"]);
    assert_eq!(clashes.kind, "clash");

    let talks = event(&events, "talks-2022-11-07");
    assert_eq!(talks.time.interval(), Interval::day(d(2022, 11, 7)));
    assert_eq!(talks.regions, ["united-states"], "Washington, on the world map");
    assert_eq!(talks.notes.len(), 1);
    assert_eq!(talks.notes[0].source, "US Department of State");

    // No unique_id: named by file and index; no group: "event".
    let offensive = events
        .iter()
        .find(|e| e.id().ends_with("timeline.json#4"))
        .unwrap();
    assert_eq!(offensive.kind, "event");
    assert_eq!(offensive.time.interval(), days((2023, 9, 19), (2023, 9, 20)));
}

#[test]
fn timelinejs_bad_events_name_their_index_and_field() {
    let (_, loaded) = load("timeline_bad.json");
    assert_eq!(loaded.items.len(), 1);
    assert_eq!(loaded.items[0].title(), "Good event");
    assert_problems(
        &loaded,
        &[
            (
                Place::Feature(1),
                Some("start_date"),
                "2022-13 is not a real calendar date",
            ),
            (
                Place::Feature(2),
                Some("start_date"),
                "2022-02-30 is not a real calendar date",
            ),
            (Place::Feature(3), Some("start_date"), "is missing"),
            (
                Place::Feature(4),
                Some("end_date"),
                "Sep 2022 is before the start date Nov 2022",
            ),
            (
                Place::Feature(5),
                Some("location"),
                "latitude 95.2 is outside -90..90",
            ),
            (
                Place::Feature(6),
                Some("start_date"),
                "'year' must be a whole number",
            ),
            (Place::Feature(7), Some("text.headline"), "is missing"),
            (Place::Feature(8), None, "expected an event object"),
        ],
    );
}

// ---- chronomap's own GeoJSON ----

#[test]
fn events_geojson_with_start_and_end() {
    let events = load_clean("events.geojson", Format::EventGeoJson);
    assert_eq!(events.len(), 4);
    let shelling = event(&events, "fx-stepanakert-2020");
    assert_eq!(shelling.time.interval(), days((2020, 9, 27), (2020, 11, 9)));
    assert_eq!(shelling.regions, ["azerbaijan", "nagorno-karabakh"]);
    let c = shelling.casualties.as_ref().unwrap();
    assert_eq!((c.low, c.best, c.high), (20, Some(25), Some(40)));
    let jermuk = event(&events, "fx-jermuk-2022");
    assert_eq!(jermuk.time.precision(), Precision::Month);
    assert_eq!(jermuk.regions, ["armenia"]);
    assert_eq!(jermuk.casualties.as_deref(), Some(&Casualties::exact(12)));
    let border = event(&events, "fx-border-2021");
    assert_eq!(border.time.precision(), Precision::Year);
    assert_eq!(
        border.location,
        Location::Border("armenia".into(), "azerbaijan".into())
    );
    let offensive = event(&events, "fx-offensive-2023");
    let c = offensive.casualties.as_ref().unwrap();
    assert_eq!((c.low, c.high), (200, Some(999)));
}

#[test]
fn events_geojson_blank_place_and_address_are_none() {
    let text = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
        "geometry": {"type": "Point", "coordinates": [46.75, 39.82]},
        "properties": {"id": "e", "title": "T", "start": "2020-09-27",
            "location": {"place": " ", "place_source": "a map"},
            "source": {"publisher": "P", "title": "S", "url": ""}}}]}"#;
    let loaded = chronomap::io::event_geojson::parse_events("e.geojson", text, atlas()).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let e = &loaded.items[0];
    assert_eq!(e.place(), None);
    assert_eq!(e.source().url, None);
    assert_eq!(e.source().title, "S");
    assert!(e.notes.is_empty(), "{:?}", e.notes);
}

#[test]
fn events_geojson_bad_features_name_their_index_and_field() {
    let (_, loaded) = load("events_bad.geojson");
    assert_eq!(loaded.items.len(), 1);
    assert_problems(
        &loaded,
        &[
            (
                Place::Feature(1),
                Some("geometry"),
                "latitude 95.2 is outside -90..90",
            ),
            (
                Place::Feature(2),
                Some("start"),
                "'2022-02-30' is not a real calendar date",
            ),
            (
                Place::Feature(3),
                Some("casualties"),
                "'low' must be a whole number ≥ 0, found -5",
            ),
            (
                Place::Feature(4),
                Some("casualties"),
                "casualty range 12-5 is reversed",
            ),
            (Place::Feature(5), Some("title"), "is missing"),
            (Place::Feature(6), Some("end"), "is before the start"),
            (Place::Feature(7), Some("geometry"), "does not close"),
            (
                Place::Feature(8),
                None,
                "A position must contain two or more elements",
            ),
        ],
    );
}

// ---- files that cannot be read at all ----

#[test]
fn unreadable_files_are_load_errors_with_a_reason() {
    let name = |f: &str| fixture(f).display().to_string();
    assert_eq!(
        load_error("utf16_bad.csv"),
        format!("{}: UTF-16 text; save it as UTF-8", name("utf16_bad.csv"))
    );
    assert_eq!(
        load_error("binary_bad.csv"),
        format!(
            "{}: binary data (a NUL byte at offset 8), not a CSV or JSON text file",
            name("binary_bad.csv")
        )
    );
    assert_eq!(
        load_error("empty_bad.csv"),
        format!("{}: the file is empty", name("empty_bad.csv"))
    );
    assert!(load_error("regions_bad.geojson").contains("holds regions"));
    assert!(load_error("missing.csv").contains("cannot read the file"));
    // The fixtures folder holds Parquet files of several formats: not one dataset.
    assert!(load_error("").contains("rows, but the folder's first part holds"));
}

#[test]
fn deep_json_nesting_is_an_error_not_a_stack_overflow() {
    let e = load_error("nested_bad.json");
    assert!(e.contains("recursion limit exceeded"), "{e}");
    let deeper = "{\"type\": \"FeatureCollection\", \"features\": ".to_string() + &"[".repeat(100_000);
    assert!(
        load_events_text("deep", &deeper, atlas())
            .unwrap_err()
            .to_string()
            .contains("recursion limit")
    );
}

#[test]
fn utf16_without_a_byte_order_mark_is_recognised() {
    let text = std::fs::read_to_string(fixture("acled_current.csv")).unwrap();
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let dir = tempdir("utf16");
    let path = dir.join("nobom.csv");
    std::fs::write(&path, bytes).unwrap();
    let e = load_events_file(&path, atlas()).unwrap_err();
    assert!(e.to_string().ends_with("UTF-16 text; save it as UTF-8"), "{e}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_utf8_byte_order_mark_is_skipped() {
    for name in ["acled_current.csv", "timeline.json", "events.geojson"] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let with_bom = format!("\u{feff}{text}");
        let loaded = load_events_text(name, &with_bom, atlas()).unwrap();
        assert!(loaded.problems.is_empty(), "{name}: {:?}", loaded.problems);
        assert!(!loaded.items.is_empty(), "{name}");
    }
}

#[test]
fn files_over_2_gib_are_refused_before_reading() {
    let dir = tempdir("huge");
    let path = dir.join("huge.csv");
    // A sparse file: no disk is used.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len((2 << 30) + 1).unwrap();
    let e = load_events_file(&path, atlas()).unwrap_err();
    assert!(
        matches!(&e, LoadError::Invalid { reason, .. } if reason.contains("files over 2 GiB are refused")),
        "{e}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn big_csv_streams_with_progress() {
    let sample = std::fs::read_to_string(fixture("ucdp_ged_sample.csv")).unwrap();
    let mut lines = sample.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let mut text = String::with_capacity(header.len() + 25_001 * (row.len() + 1));
    text.push_str(header);
    text.push('\n');
    for _ in 0..25_000 {
        text.push_str(row);
        text.push('\n');
    }
    let dir = tempdir("progress");
    let path = dir.join("big.csv");
    std::fs::write(&path, &text).unwrap();
    let mut calls = Vec::new();
    let (format, loaded) = load_events_file_as(&path, atlas(), &mut |b| calls.push(b)).unwrap();
    assert_eq!(format, Format::Ucdp);
    assert_eq!(loaded.items.len(), 25_000);
    assert!(loaded.problems.is_empty());
    // Every 10,000 rows, then once at the end.
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert!(calls.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(*calls.last().unwrap(), text.len() as u64);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn format_is_detected_from_content_not_the_name() {
    let dir = tempdir("renamed");
    for (from, to, format) in [
        ("ucdp_ged_sample.csv", "data.txt", Format::Ucdp),
        ("acled_legacy.csv", "data.json", Format::Acled),
        ("timeline.json", "data.csv", Format::TimelineJs),
        ("events.geojson", "data", Format::EventGeoJson),
    ] {
        let path = dir.join(to);
        std::fs::copy(fixture(from), &path).unwrap();
        let (found, loaded) = load_events_file_as(&path, atlas(), &mut |_| {}).unwrap();
        assert_eq!(found, format, "{from}");
        assert!(!loaded.items.is_empty());
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// A fresh directory for one test's files.
fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chronomap-loaders-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Regression: geojson's conversion to geo types indexed [1] of a one-number
/// position and panicked; user region files (`--regions`, drag and drop) reach it.
#[test]
fn region_positions_with_one_number_are_problems_not_panics() {
    let text = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Short"},
         "geometry": {"type": "Polygon", "coordinates": [[[46.5], [46.9, 39.7], [46.9, 40.0], [46.5]]]}},
        {"type": "Feature", "properties": {"name": "In a collection"},
         "geometry": {"type": "GeometryCollection", "geometries": [{"type": "LineString", "coordinates": [[1, 2], [3]]}]}},
        {"type": "Feature", "properties": {"name": "Good"},
         "geometry": {"type": "Polygon", "coordinates": [[[46.5, 39.7], [46.9, 39.7], [46.9, 40.0], [46.5, 39.7]]]}}
    ]}"#;
    let loaded = chronomap::io::region_geojson::parse_regions("r.geojson", text).unwrap();
    assert_eq!(loaded.items.len(), 1);
    assert_eq!(loaded.items[0].name, "Good");
    let got: Vec<(Place, Option<&str>, &str)> = loaded
        .problems
        .iter()
        .map(|p| (p.place.clone(), p.field.as_deref(), p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Place::Feature(0),
                Some("geometry"),
                "every position needs two coordinates [lon, lat]"
            ),
            (
                Place::Feature(1),
                Some("geometry"),
                "every position needs two coordinates [lon, lat]"
            ),
        ]
    );
}

#[test]
fn events_that_name_a_place_without_a_position_are_placed_by_the_gazetteer() {
    let geojson = r#"{"type": "FeatureCollection", "features": [
      {"type": "Feature", "geometry": null,
       "properties": {"id": "g", "title": "Shelling of Goris", "start": "2022-09-13", "location": {"place": "Goris"}}},
      {"type": "Feature", "geometry": null,
       "properties": {"id": "n", "title": "Somewhere", "start": "2022-09-13", "location": {"place": "Nowhereville-on-Sea"}}}
    ]}"#;
    let loaded = load_events_text("named.geojson", geojson, atlas())
        .unwrap()
        .into_events();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let goris = event(&loaded.items, "g");
    let Location::Point { lon, lat } = goris.location else {
        panic!("not placed: {:?}", goris.location);
    };
    assert!(
        (lon - 46.34).abs() < 0.05 && (lat - 39.51).abs() < 0.05,
        "{lon},{lat}"
    );
    assert_eq!(goris.regions, ["armenia"]);
    assert_eq!(goris.place(), Some("Goris"));
    assert_eq!(goris.notes[0].text, "placed by name: Goris, Syunik, Armenia");
    assert!(goris.notes[0].source.contains("GeoNames"));
    // An unknown name leaves the event off the map, and says so.
    let nowhere = event(&loaded.items, "n");
    assert_eq!(nowhere.location, Location::Unknown);
    assert!(nowhere.notes[0].text.contains("not in the gazetteer"));

    let timeline = r#"{"events": [{"start_date": {"year": 2024, "month": 5, "day": 11},
        "text": {"headline": "Fighting in El Fasher"}, "location": {"name": "Al Fashir"}}]}"#;
    let loaded = load_events_text("timeline.json", timeline, atlas())
        .unwrap()
        .into_events();
    let fasher = &loaded.items[0];
    assert!(matches!(fasher.location, Location::Point { lat, .. } if (lat - 13.63).abs() < 0.05));
    assert_eq!(fasher.regions, ["sudan"]);
    assert_eq!(
        fasher.notes.last().unwrap().text,
        "placed by name: El Fasher, North Darfur, Sudan"
    );
}
