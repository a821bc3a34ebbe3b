//! Workbooks, Parquet, zipped GDELT and events over areas and routes in the
//! window, driven through egui_kittest: dropped on it, they load as their
//! CSV and point equivalents do, and the map draws the shapes of the events
//! shown.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly"
)]

#[path = "support/files.rs"]
mod files;
mod support;

use chronomap::ui::ChronomapApp;
use chronomap::ui::command::Command;
use egui_kittest::Harness;
use files::{Dropped, temp_file, wait_for_loads};
use support::{click_at, day, event_pos, harness};

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(name)
}

/// Each event of the dataset called `name`: id, days, place and regions, sorted.
fn dataset_events(h: &Harness<'static, ChronomapApp>, name: &str) -> Vec<String> {
    let catalog = h.state().state.catalog();
    let k = catalog.datasets().iter().position(|d| d.name == name).unwrap();
    let mut events: Vec<String> = (0..catalog.events().len())
        .filter(|&i| catalog.dataset_of(i) == k)
        .map(|i| {
            let e = catalog.event(i);
            format!(
                "{} {} {:?} {:?}",
                e.id(),
                e.time().interval(),
                e.location(),
                e.regions()
            )
        })
        .collect();
    events.sort();
    events
}

fn dropped(names: &[&str]) -> Harness<'static, ChronomapApp> {
    let mut h = harness();
    for name in names {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(fixture(name))));
    }
    h.run();
    wait_for_loads(&mut h);
    h.run();
    h
}

#[test]
fn a_workbook_dropped_on_the_window_loads_as_its_csv_does() {
    let h = dropped(&["acled_current.xlsx", "acled_current.csv"]);
    let catalog = h.state().state.catalog();
    let names: Vec<&str> = catalog.datasets().iter().map(|d| d.name.as_str()).collect();
    assert!(
        names.contains(&"acled_current.xlsx") && names.contains(&"acled_current.csv"),
        "{names:?}"
    );
    let of = |name: &str| dataset_events(&h, name);
    assert_eq!(of("acled_current.xlsx").len(), 4);
    assert_eq!(of("acled_current.xlsx"), of("acled_current.csv"));
}

#[test]
fn a_damaged_workbook_is_a_message_and_the_data_stays() {
    let mut h = harness();
    let path = temp_file("damaged.xlsx", "this is not a workbook");
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path)));
    h.run();
    wait_for_loads(&mut h);
    let messages = h.state().messages().join("\n");
    assert!(
        messages.contains("damaged.xlsx: not a readable workbook"),
        "{messages}"
    );
    assert_eq!(
        h.state().state.catalog().events().len(),
        10,
        "the article's events stay"
    );
}

#[test]
fn the_map_draws_the_shapes_of_the_events_shown() {
    let mut h = dropped(&["shapes.geojson"]);
    let ctx = egui::Context::default();
    h.state_mut().apply(&ctx, Command::SetDay(day("2022-09-13")));
    h.run();
    let drawn = h.state().map.drawn().shapes.clone();
    let (area, areas, route, front) = (
        event_pos(&h, "area-jermuk"),
        event_pos(&h, "areas-two"),
        event_pos(&h, "route-lachin"),
        event_pos(&h, "lines-front"),
    );
    assert!(
        drawn.contains(&area) && drawn.contains(&areas) && drawn.contains(&front),
        "{drawn:?}"
    );
    assert!(!drawn.contains(&route), "the blockade begins in December");
    // A click on the area's marker (a point inside it) selects it.
    let catalog = h.state().state.catalog().clone();
    let [lon, lat] = catalog.anchor(area).unwrap();
    let at = h.state().map.projector().unwrap().project(lon, lat);
    click_at(&mut h, at);
    assert_eq!(h.state().state.selected_event, Some(area));
    // Selected, the day moves into it, and its route is drawn.
    h.hover_at(egui::pos2(300.0, 480.0)); // off the area, which the pointer would keep drawn
    h.state_mut().apply(&ctx, Command::SelectEvent(Some(route)));
    h.state_mut().apply(&ctx, Command::SetDay(day("2023-05-01")));
    h.run();
    let drawn = &h.state().map.drawn().shapes;
    assert!(drawn.contains(&route), "{drawn:?}");
    assert!(!drawn.contains(&area));
}

#[test]
fn a_zipped_gdelt_export_dropped_on_the_window_loads_and_says_what_has_no_place() {
    let h = dropped(&["gdelt_sample.export.CSV.zip"]);
    let catalog = h.state().state.catalog();
    let k = catalog
        .datasets()
        .iter()
        .position(|d| d.name == "gdelt_sample.export.CSV.zip")
        .unwrap();
    let events = (0..catalog.events().len())
        .filter(|&i| catalog.dataset_of(i) == k)
        .count();
    assert_eq!(events, 5);
    let messages = h.state().messages().join("\n");
    assert!(
        messages
            .contains("gdelt_sample.export.CSV.zip: 1 row without an ActionGeo point: kept, not on the map"),
        "{messages}"
    );
}

#[test]
fn a_parquet_file_and_a_folder_of_parts_load_as_their_csv_does() {
    let h = dropped(&["ucdp_ged_sample.parquet", "ged_parts", "ucdp_ged_sample.csv"]);
    let of = |name: &str| dataset_events(&h, name);
    assert_eq!(of("ucdp_ged_sample.csv").len(), 7);
    assert_eq!(of("ucdp_ged_sample.parquet"), of("ucdp_ged_sample.csv"));
    assert_eq!(of("ged_parts"), of("ucdp_ged_sample.csv"));
}
