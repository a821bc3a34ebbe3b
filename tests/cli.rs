//! The command line over the embedded dataset: the real binary, its output
//! and its exit codes.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly"
)]

use serde_json::Value;
use std::process::{Command, Output};

fn chronomap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> Vec<Value> {
    let out = chronomap(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn day_offset(date: &str, days: i64) -> String {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    (d + chrono::Duration::days(days)).to_string()
}

#[test]
fn events_json_has_the_contract_fields() {
    let rows = json(&["events", "--json"]);
    assert_eq!(rows.len(), 10);
    for r in &rows {
        for key in [
            "id",
            "title",
            "start",
            "end",
            "date_text",
            "precision",
            "casualties",
            "regions",
            "quote",
            "source",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
    let war = rows.iter().find(|r| r["id"] == "war-2020").unwrap();
    assert_eq!(war["casualties"]["low"], 6500);
    assert!(war["casualties"]["high"].is_null());
    assert_eq!(war["casualties"]["text"], "6,500+ killed");
    assert!(
        war["regions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "Nagorno-Karabakh")
    );
}

#[test]
fn each_event_is_found_inside_its_interval_and_not_outside() {
    let rows = json(&["events", "--json"]);
    for r in &rows {
        let id = r["id"].as_str().unwrap();
        let (start, end) = (r["start"].as_str().unwrap(), r["end"].as_str().unwrap());
        for inside in [start, end] {
            assert!(
                ids(&json(&["events", "--json", "--at", inside])).contains(&id.to_string()),
                "{id} at {inside}"
            );
        }
        for outside in [day_offset(start, -1), day_offset(end, 1)] {
            assert!(
                !ids(&json(&["events", "--json", "--at", &outside])).contains(&id.to_string()),
                "{id} at {outside}"
            );
        }
    }
}

#[test]
fn at_13_september_2022_finds_the_artillery_exchange() {
    let found = ids(&json(&["events", "--json", "--at", "2022-09-13"]));
    assert!(found.contains(&"artillery-2022-09".to_string()));
    assert!(!found.contains(&"talks-washington".to_string()));
}

#[test]
fn range_and_region_filters() {
    let nov = ids(&json(&[
        "events",
        "--json",
        "--from",
        "2022-11-01",
        "--to",
        "2022-11-30",
    ]));
    assert!(nov.contains(&"talks-washington".to_string()) && nov.contains(&"summit-2022-10".to_string()));
    assert!(!nov.contains(&"war-2020".to_string()));
    let nk = ids(&json(&["events", "--json", "--region", "NAGORNO-KARABAKH"]));
    assert!(nk.contains(&"war-2020".to_string()));
    assert!(!nk.contains(&"talks-washington".to_string()));
}

#[test]
fn regions_at_towns() {
    let at = |point: &str| ids(&json(&["regions", "--json", "--point", point]));
    let stepanakert = at("39.8177,46.7528");
    assert!(stepanakert.contains(&"nagorno-karabakh".into()) && stepanakert.contains(&"azerbaijan".into()));
    assert!(at("39.83948,45.67112").contains(&"armenia".into())); // Jermuk
    assert!(at("39.51111,46.34168").contains(&"armenia".into())); // Goris
    assert!(at("39.20889,45.41222").contains(&"azerbaijan".into())); // Nakhchivan
    let tbilisi = at("41.6941,44.8337");
    assert!(!tbilisi.contains(&"armenia".into()) && !tbilisi.contains(&"azerbaijan".into()));
}

#[test]
fn regions_report_control_on_a_day() {
    let rows = json(&[
        "regions",
        "--json",
        "--point",
        "40.11,46.04",
        "--at",
        "2020-11-24",
    ]);
    let kalbajar = rows.iter().find(|r| r["id"] == "az-kalbajar").unwrap();
    assert_eq!(kalbajar["control"]["holder"], "held by Armenian forces");
    let rows = json(&[
        "regions",
        "--json",
        "--point",
        "40.11,46.04",
        "--at",
        "2020-11-25",
    ]);
    let kalbajar = rows.iter().find(|r| r["id"] == "az-kalbajar").unwrap();
    assert_eq!(kalbajar["control"]["holder"], "held by Azerbaijan");
}

#[test]
fn table_output_is_readable() {
    let out = chronomap(&["events", "--at", "2022-09-13"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("280+ killed"), "{text}");
    assert!(text.contains("Artillery fire across the border"));
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    for (args, expect) in [
        (vec!["events", "--at", "2022-13-01"], "2022-13-01"),
        (vec!["events", "--at", "yesterday"], "yesterday"),
        (
            vec!["events", "--region", "Atlantis"],
            "unknown region 'Atlantis'",
        ),
        (
            vec!["events", "--data", "/nonexistent/events.geojson"],
            "/nonexistent/events.geojson",
        ),
        (
            vec!["events", "--from", "2022-12-01", "--to", "2022-01-01"],
            "after --to",
        ),
        (vec!["regions", "--point", "95,10"], "latitude 95"),
        (vec!["regions", "--point", "abc"], "LAT,LON"),
    ] {
        let out = chronomap(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_regions_file_adds_regions_that_events_are_linked_to() {
    let regions = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/regions_syunik.geojson"
    );
    let goris = ids(&json(&[
        "regions",
        "--json",
        "--regions",
        regions,
        "--point",
        "39.51111,46.34168",
    ]));
    assert!(goris.contains(&"syunik-south".to_string()), "{goris:?}");
    assert!(goris.contains(&"armenia".to_string()));

    let dir = std::env::temp_dir().join(format!("chronomap-cli-regions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let events = dir.join("goris.geojson");
    std::fs::write(
        &events,
        r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.34, 39.51]},
           "properties": {"id": "g", "title": "Shelling near Goris", "start": "2022-09-13"}},
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.51, 40.18]},
           "properties": {"id": "y", "title": "Protest in Yerevan", "start": "2022-09-14"}}]}"#,
    )
    .unwrap();
    let events = events.to_str().unwrap();
    let found = ids(&json(&[
        "events",
        "--json",
        "--regions",
        regions,
        "--data",
        events,
        "--region",
        "Southern Syunik (test area)",
    ]));
    assert_eq!(found, vec!["g".to_string()]);
}

#[test]
fn regions_name_the_country_on_every_continent() {
    let country = |point: &str| -> Vec<String> {
        json(&["regions", "--json", "--point", point])
            .iter()
            .filter(|r| r["kind"] == "country")
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    for (point, name) in [
        ("15.5007,32.5599", "Sudan"),         // Khartoum
        ("48.7233,37.5563", "Ukraine"),       // Kramatorsk
        ("-25.7449,28.1878", "South Africa"), // Pretoria
        ("-15.7939,-47.8828", "Brazil"),      // Brasília
        ("45.4215,-75.6972", "Canada"),       // Ottawa
        ("-35.2809,149.13", "Australia"),     // Canberra
        ("39.9042,116.4074", "China"),        // Beijing
        ("48.8566,2.3522", "France"),         // Paris
        ("-80.0,0.0", "Antarctica"),
    ] {
        assert_eq!(country(point), [name], "{point}");
    }
    // A first-level division too, and nothing at sea.
    let khartoum = json(&["regions", "--json", "--point", "15.5007,32.5599"]);
    assert!(
        khartoum
            .iter()
            .any(|r| r["kind"] == "district" && r["name"] == "Khartoum")
    );
    assert!(country("0.0,-30.0").is_empty(), "the Atlantic");
}

#[test]
fn places_finds_towns_by_name_and_by_alias_anywhere() {
    let places = |args: &[&str]| {
        let mut all = vec!["places", "--json"];
        all.extend(args);
        json(&all)
    };
    // One town, three names, with and without diacritics.
    for query in ["Khankendi", "Xankandi", "Stepanakert", "xankəndi"] {
        let found = places(&[query]);
        assert_eq!(found[0]["name"], "Khankendi", "{query}");
        assert_eq!(found[0]["country"], "AZ");
        assert!(found[0]["lat"].as_f64().unwrap() > 39.0);
    }
    assert_eq!(places(&["Stepanakert"])[0]["matched"], "Stepanakert");
    for query in ["El Fasher", "Al Fashir", "al-fashir"] {
        let found = places(&[query]);
        assert_eq!(found[0]["name"], "El Fasher", "{query}");
        assert_eq!(found[0]["admin1"], "North Darfur");
        assert!(found[0]["population"].as_u64().unwrap() > 100_000);
    }
    let kramatorsk = places(&["Kramatorsk", "--country", "ua"]);
    assert_eq!(kramatorsk[0]["name"], "Kramatorsk");
    // Best first: the whole name before a longer one that begins with it.
    let goris = places(&["Goris"]);
    assert_eq!(
        (goris[0]["name"].as_str(), goris[0]["country"].as_str()),
        (Some("Goris"), Some("AM"))
    );
    // Nothing found is an empty answer, not an error.
    let out = chronomap(&["places", "--json", "Atlantisville"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    assert!(out.stderr.is_empty());
}

fn seed_article() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/dw-2022-11-08-armenia-azerbaijan-talks.txt"
    )
    .to_string()
}

#[test]
fn extract_turns_the_seed_article_into_events_with_or_without_the_date() {
    let with = json(&["extract", &seed_article(), "--json"]);
    let given = json(&["extract", &seed_article(), "--json", "--published", "2022-11-08"]);
    assert_eq!(
        ids(&with),
        ids(&given),
        "the date found under the headline is the one given"
    );
    assert!(with.len() >= 11, "{}", with.len());
    for row in &with {
        for field in [
            "id",
            "title",
            "kind",
            "start",
            "end",
            "edtf",
            "date_text",
            "precision",
            "approximate",
            "casualties",
            "regions",
            "location",
            "quote",
            "source",
            "notes",
            "places",
        ] {
            assert!(row.get(field).is_some(), "{field} missing in {row}");
        }
        assert_eq!(row["source"]["date"], "2022-11-08");
    }
    let talks = with
        .iter()
        .find(|r| r["quote"][0].as_str().unwrap().contains("peace talks on Monday"))
        .unwrap();
    assert_eq!(
        (talks["start"].as_str(), talks["end"].as_str()),
        (Some("2022-11-07"), Some("2022-11-07"))
    );
    assert!(talks["date_text"].as_str().unwrap().contains("'on Monday'"));
    assert_eq!(talks["location"]["place"], "Washington");
    let places: Vec<&str> = talks["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        places.contains(&"Washington") && places.contains(&"Armenia"),
        "{places:?}"
    );
    let toll = with
        .iter()
        .find(|r| r["quote"][0].as_str().unwrap().contains("over 280 people"))
        .unwrap();
    assert_eq!(toll["casualties"]["low"], 280);
    assert!(toll["casualties"]["high"].is_null(), "open-ended");
    assert_eq!(toll["edtf"], "2022-09~");
    // A readable table without a flag.
    let out = chronomap(&["extract", &seed_article()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("280+ killed") && text.contains("event(s)"),
        "{text}"
    );
}

#[test]
fn extracted_geojson_reads_back_as_the_same_events() {
    let out = chronomap(&["extract", &seed_article(), "--geojson"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = std::env::temp_dir().join(format!("chronomap-extract-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("seed.geojson");
    std::fs::write(&file, &out.stdout).unwrap();
    let back = json(&["events", "--json", "--data", file.to_str().unwrap()]);
    let direct = json(&["extract", &seed_article(), "--json"]);
    assert_eq!(back.len(), direct.len());
    let key = |r: &Value| {
        (
            r["id"].clone(),
            r["start"].clone(),
            r["end"].clone(),
            r["edtf"].clone(),
            r["date_text"].clone(),
            r["casualties"].clone(),
            r["quote"].clone(),
            r["region_ids"].clone(),
        )
    };
    let mut a: Vec<_> = back.iter().map(key).collect();
    let mut b: Vec<_> = direct.iter().map(key).collect();
    a.sort_by_key(|k| k.0.to_string());
    b.sort_by_key(|k| k.0.to_string());
    assert_eq!(a, b);
}

#[test]
fn extract_says_what_is_wrong_in_one_line() {
    let one_line_2 = |args: &[&str], says: &str| {
        let out = chronomap(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(says), "{err}");
    };
    one_line_2(&["extract", "/nonexistent/article.txt"], "article.txt");
    let undated = std::env::temp_dir().join(format!("chronomap-undated-{}.txt", std::process::id()));
    std::fs::write(
        &undated,
        "Rebels seize a town\n\nRebels seized the town on Monday, killing five soldiers.",
    )
    .unwrap();
    one_line_2(&["extract", undated.to_str().unwrap()], "--published");
    one_line_2(
        &["extract", undated.to_str().unwrap(), "--published", "2024-02-30"],
        "2024-02-30",
    );
    let dated = json(&[
        "extract",
        undated.to_str().unwrap(),
        "--json",
        "--published",
        "2024-03-06",
    ]);
    assert_eq!(dated[0]["start"], "2024-03-04");
    assert_eq!(dated[0]["casualties"]["low"], 5);
}
