//! The window's behaviour, driven through egui_kittest without a GPU: find
//! widgets by label, click, drag, press keys, and check the state.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly"
)]

use chrono::NaiveDate;
use chronomap::embedded;
use chronomap::model::Catalog;
use chronomap::model::region::Holder;
use chronomap::ui::command::Command;
use chronomap::ui::map::base::control_shade;
use chronomap::ui::settings::{Settings, ThemeChoice};
use chronomap::ui::state::AppState;
use chronomap::ui::timeline::TimelineView;
use chronomap::ui::{ChronomapApp, StartOptions};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[path = "support/files.rs"]
mod files;
mod support;
use files::{Dropped, temp_file, wait_for_loads};
use support::{click_at, day, event_pos, harness, harness_of};

fn selected_id(h: &Harness<'_, ChronomapApp>) -> Option<String> {
    let s = &h.state().state;
    s.selected_event.map(|i| s.catalog().event(i).id().to_string())
}

#[test]
fn dragging_the_slider_to_13_september_2022_highlights_the_artillery_exchange() {
    let mut h = harness();
    // Zoom the timeline to autumn 2022, as a user would with the wheel.
    h.state_mut().timeline.set_view(TimelineView {
        start: day("2022-08-01"),
        end: day("2022-11-30"),
    });
    h.run();
    let track = h.get_by_role_and_label(Role::Slider, "Date").rect();
    let view = h.state().timeline.view();
    let x_from = view.x_for(track, day("2022-10-20")) + 2.0;
    let x_to = view.x_for(track, day("2022-09-13"))
        + 0.5 * (view.x_for(track, day("2022-09-14")) - view.x_for(track, day("2022-09-13")));
    let y = track.bottom() - 8.0; // on the axis, away from the event bars
    h.drag_at(egui::pos2(x_from, y));
    h.run();
    h.hover_at(egui::pos2(x_to, y));
    h.run();
    h.drop_at(egui::pos2(x_to, y));
    h.run();
    assert_eq!(h.state().state.day(), day("2022-09-13"));
    let sept = event_pos(&h, "artillery-2022-09");
    assert!(h.state().state.is_active(sept));
    assert!(!h.state().state.is_active(event_pos(&h, "talks-washington")));
    // The list shows it, with its casualty figure.
    h.get_by_label("Artillery fire across the border");
    h.get_by_label_contains("280+ killed");
}

#[test]
fn clicking_stepanakert_selects_nagorno_karabakh_and_lists_the_2020_war() {
    let mut h = harness();
    let town = h
        .state()
        .state
        .atlas
        .places
        .best("Stepanakert", None)
        .unwrap()
        .clone();
    let p = h.state().map.projector().unwrap().project(town.lon, town.lat);
    click_at(&mut h, p);
    assert_eq!(h.state().state.selected_region(), Some("nagorno-karabakh"));
    let listed = h.state().state.listed().to_vec();
    assert!(listed.contains(&(event_pos(&h, "war-2020") as u32)));
    assert!(!listed.contains(&(event_pos(&h, "talks-washington") as u32)));
    h.get_by_label("Second Nagorno-Karabakh war: six weeks of fighting");
    // Clear the filter with its button.
    h.get_by_label("Clear filter").click();
    h.run();
    assert_eq!(h.state().state.selected_region(), None);
    assert_eq!(h.state().state.listed().len(), 10);
}

#[test]
fn a_click_on_the_sea_clears_the_selection() {
    let mut h = harness();
    h.state_mut().state.select_region(Some("armenia".into()));
    h.run();
    let map = h.state().map.projector().unwrap();
    let sea = map.project(50.6, 39.2); // the Caspian
    assert!(map.screen().contains(sea));
    click_at(&mut h, sea);
    assert_eq!(h.state().state.selected_region(), None);
}

#[test]
fn selecting_an_event_shows_its_quote_and_source() {
    let mut h = harness();
    h.get_by_label("Putin hosts Pashinyan and Aliyev; they agree not to use force")
        .click();
    h.run();
    assert_eq!(selected_id(&h).as_deref(), Some("summit-2022-10"));
    h.get_by_label_contains("A week ago, Russian President Vladimir Putin hosted a summit");
    h.get_by_label_contains("The summit was held in Sochi");
    h.get_by_label("Armenia, Azerbaijan hold peace talks with US mediating");
    // The slider moved into the event's interval.
    let interval = h
        .state()
        .state
        .catalog()
        .event(event_pos(&h, "summit-2022-10"))
        .time()
        .interval();
    assert!(interval.contains(h.state().state.day()));
}

#[test]
fn arrow_keys_step_between_events() {
    let mut h = harness();
    h.key_press(Key::Home);
    h.run();
    assert_eq!(h.state().state.day(), h.state().state.span().start);
    let order: Vec<String> = {
        let s = &h.state().state;
        s.catalog()
            .by_date()
            .iter()
            .map(|&i| s.catalog().event(i as usize).id().to_string())
            .collect()
    };
    // Home lands on the first event's start; → goes through the rest in order.
    for want in order.iter().skip(1) {
        h.key_press(Key::ArrowRight);
        h.run();
        assert_eq!(selected_id(&h).as_ref(), Some(want));
    }
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_eq!(selected_id(&h).as_ref(), order.get(order.len() - 2));
    h.get_by_label("Next >").click();
    h.run();
    assert_eq!(selected_id(&h).as_ref(), order.last());
}

#[test]
fn crossing_25_november_2020_changes_kalbajars_shading() {
    let mut h = harness();
    h.get_by_label("Go to date").focus();
    h.get_by_label("Go to date").type_text("2020-11-24");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().state.day(), day("2020-11-24"));
    let shade = |h: &Harness<'_, ChronomapApp>| {
        let s = &h.state().state;
        control_shade(&s.atlas, s.atlas.find("Kalbajar").unwrap(), s.day())
    };
    assert_eq!(shade(&h), Some(Holder::Armenian));
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    assert_eq!(h.state().state.day(), day("2020-11-25"));
    assert_eq!(shade(&h), None);
    // Before the 2020 war the 1994 line is drawn and the held area shades the ground.
    h.state_mut().state.set_day(day("2019-06-01"));
    h.run();
    assert_eq!(h.state().state.atlas.lines_at(day("2019-06-01")).count(), 1);
}

#[test]
fn hovering_a_list_row_highlights_the_event_everywhere() {
    let mut h = harness();
    let label = "Foreign ministers meet Blinken in Washington";
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).hover();
    h.run();
    assert_eq!(
        h.state().state.hovered_event,
        Some(event_pos(&h, "talks-washington"))
    );
}

#[test]
fn play_advances_and_pause_stops() {
    let mut h = harness();
    h.key_press(Key::Home);
    h.run();
    let before = h.state().state.day();
    h.get_by_label("Play").click();
    h.run_steps(5);
    assert!(h.state().state.playing);
    assert!(h.state().state.day() > before);
    h.get_by_label("Pause").click();
    h.run();
    assert!(!h.state().state.playing);
}

#[test]
fn the_theme_toggle_cycles_and_is_kept_in_settings() {
    let mut h = harness();
    assert_eq!(h.state().theme(), ThemeChoice::System);
    h.get_by_label("System theme").click();
    h.run();
    assert_eq!(h.state().theme(), ThemeChoice::Light);
    assert_eq!(h.state().settings().theme, ThemeChoice::Light);
    assert_eq!(h.state().settings().last_day, Some(h.state().state.day()));
}

#[test]
fn zoom_buttons_change_the_map_scale() {
    let mut h = harness();
    let before = h.state().map.view().points_per_deg;
    h.get_by_label("+").click();
    h.run();
    assert!(h.state().map.view().points_per_deg > before * 1.4);
    h.get_by_label("Fit").click();
    h.run();
    assert!((h.state().map.view().points_per_deg - before).abs() < 1e-6);
}

/// A file dropped on the window, as the platform would hand it over.
const TWO_EVENTS: &str = r#"{"type": "FeatureCollection", "features": [
 {"type": "Feature", "geometry": {"type": "Point", "coordinates": [45.67, 39.84]},
  "properties": {"id": "x1", "title": "Shelling near Jermuk", "kind": "shelling", "start": "2022-09-13", "end": "2022-09-14", "casualties": 12}},
 {"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.34, 39.51]},
  "properties": {"id": "x2", "title": "Drone strike near Goris", "kind": "shelling", "start": "2022-09"}},
 {"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.34, 95.0]},
  "properties": {"id": "bad", "title": "Off the globe", "start": "2022-09-13"}}
]}"#;

#[test]
fn dropping_a_file_adds_a_dataset_and_keeps_the_article() {
    let mut h = harness();
    let path = temp_file("dropped.geojson", TWO_EVENTS);
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path)));
    h.run();
    wait_for_loads(&mut h);
    let s = &h.state().state;
    assert_eq!(s.catalog().datasets().len(), 2);
    assert_eq!(s.catalog().events().len(), 12);
    let x1 = s.catalog().position("x1").unwrap();
    assert_eq!(*s.catalog().event(x1).regions(), ["armenia"]);
    // The bad feature is reported, with its place and field.
    let messages = h.state().messages().join("\n");
    assert!(
        messages.contains("feature 2") && messages.contains("latitude 95"),
        "{messages}"
    );
    // The chart stacks its bars by dataset, a legend entry each.
    h.run();
    assert_eq!(h.state().timeline.chart.groups().len(), 2);
    h.get_by_label("dropped.geojson (low bound)");
    // Each dataset has a legend entry with a visibility toggle.
    h.get_by_label("Filter").click();
    h.run();
    h.get_by_label("dropped.geojson (2)").click();
    h.run();
    assert!(!h.state().state.is_shown(x1));
    assert_eq!(h.state().state.listed().len(), 10);
}

/// The map with no events yet, as a window started with `--data` opens.
fn state_without_events() -> AppState {
    let atlas = embedded::atlas().unwrap();
    AppState::new(atlas.clone(), Catalog::new(Vec::new(), &atlas), None)
}

#[test]
fn data_from_the_command_line_loads_after_the_window_opens_and_keeps_at() {
    let state = state_without_events();
    let start = StartOptions {
        day: Some(day("2022-09-20")),
        load: vec![temp_file("startup.geojson", TWO_EVENTS)],
        ..StartOptions::default()
    };
    let app = ChronomapApp::new(state, Settings::default(), start);
    let mut h = harness_of(app);
    // The window is up before the data is: the load runs in the background.
    assert!(h.state().is_loading() || h.state().state.catalog().events().len() == 2);
    wait_for_loads(&mut h);
    let s = &h.state().state;
    assert_eq!(s.catalog().events().len(), 2);
    assert_eq!(s.day(), day("2022-09-20"));
    assert_eq!(s.active().len(), 1); // the September 2022 strike
}

#[test]
fn the_remembered_day_waits_for_data_from_the_command_line() {
    let state = state_without_events();
    let settings = Settings {
        last_day: Some(day("2022-09-13")),
        ..Settings::default()
    };
    let start = StartOptions {
        load: vec![temp_file("remembered.geojson", TWO_EVENTS)],
        ..StartOptions::default()
    };
    let app = ChronomapApp::new(state, settings, start);
    // Before the data is in, the day to remember is still the remembered one.
    assert_eq!(app.settings().last_day, Some(day("2022-09-13")));
    let mut h = harness_of(app);
    wait_for_loads(&mut h);
    assert_eq!(h.state().state.day(), day("2022-09-13"));
    assert_eq!(h.state().state.active().len(), 2);
}

#[test]
fn two_files_opened_together_both_join_the_article() {
    let mut h = harness();
    let paths = vec![
        temp_file("first.geojson", TWO_EVENTS),
        temp_file(
            "second.geojson",
            &TWO_EVENTS.replace("\"x1\"", "\"y1\"").replace("\"x2\"", "\"y2\""),
        ),
    ];
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, chronomap::ui::command::Command::OpenFiles(paths));
    wait_for_loads(&mut h);
    // Whichever finished first, the catalog shown holds both, after the article.
    let s = &h.state().state;
    assert_eq!(s.catalog().datasets().len(), 3);
    assert_eq!(s.catalog().events().len(), 14);
    for id in ["x1", "x2", "y1", "y2"] {
        assert!(s.catalog().position(id).is_some_and(|p| p >= 10), "{id}");
    }
}

#[test]
fn a_file_that_fails_never_replaces_the_data() {
    let mut h = harness();
    let path = temp_file("broken.geojson", "{ not json");
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, chronomap::ui::command::Command::OpenFiles(vec![path]));
    wait_for_loads(&mut h);
    assert_eq!(h.state().state.catalog().events().len(), 10);
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.contains("broken.geojson") && m.contains("not valid JSON"))
    );
}

#[test]
fn the_search_filter_narrows_list_and_map() {
    let mut h = harness();
    h.get_by_label("Filter").click();
    h.run();
    h.get_by_label("Search").focus();
    h.get_by_label("Search").type_text("artillery");
    h.run();
    let s = &h.state().state;
    assert_eq!(
        s.listed(),
        &[s.catalog().position("artillery-2022-09").unwrap() as u32]
    );
    assert!(!s.is_shown(s.catalog().position("war-2020").unwrap()));
    h.get_by_label("Reset filter").click();
    h.run();
    assert_eq!(h.state().state.listed().len(), 10);
}

#[test]
fn exports_write_the_listed_events() {
    use chronomap::ui::command::{Command, ExportKind};
    let mut h = harness();
    h.state_mut().state.select_region(Some("nagorno-karabakh".into()));
    h.run();
    let dir = std::env::temp_dir().join(format!("chronomap-export-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (gj, csv) = (dir.join("nk.geojson"), dir.join("nk.csv"));
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, Command::ExportTo(ExportKind::GeoJson, gj.clone()));
    h.state_mut()
        .apply(&ctx, Command::ExportTo(ExportKind::Csv, csv.clone()));
    let text = std::fs::read_to_string(&gj).unwrap();
    let atlas = embedded::atlas().unwrap();
    let back = chronomap::io::event_geojson::parse_events("nk.geojson", &text, &atlas).unwrap();
    assert_eq!(back.items.len(), h.state().state.listed().len());
    assert!(back.items.iter().all(|e| e.concerns("nagorno-karabakh")));
    let rows = std::fs::read_to_string(&csv).unwrap().lines().count();
    assert_eq!(rows, 1 + back.items.len());
}

#[test]
fn dropping_a_regions_file_adds_to_the_map() {
    let mut h = harness();
    let path = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/regions_syunik.geojson"
    ));
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path)));
    h.run();
    wait_for_loads(&mut h);
    assert!(h.state().state.atlas.get("syunik-south").is_some());
    assert_eq!(
        h.state().state.catalog().datasets().len(),
        1,
        "regions are not a dataset"
    );
    assert!(h.state().messages().iter().any(|m| m.contains("added 1 regions")));
}

/// 400 one-day events, one every 3 days from 1 Jan 2000, titled "Raid 0" …,
/// and a siege that lasts the whole time.
fn many_events_state() -> AppState {
    many_events_state_titled(|k| format!("Raid {k}"))
}

/// As [`many_events_state`], with other titles.
fn many_events_state_titled(title: impl Fn(u64) -> String) -> AppState {
    let atlas = embedded::atlas().unwrap();
    let start = day("2000-01-01");
    let features: Vec<String> = (0..400)
        .map(|k| {
            let when = start + chrono::Days::new(3 * k);
            format!(
                r#"{{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [45.5, 40.0]}},
                  "properties": {{"id": "r{k}", "title": "{}", "start": "{when}"}}}}"#,
                title(k)
            )
        })
        .collect();
    let text = format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features.join(",")
    );
    let events = chronomap::io::event_geojson::parse_events("many.geojson", &text, &atlas)
        .unwrap()
        .items;
    AppState::new(atlas.clone(), Catalog::new(events, &atlas), Some(start))
}

#[test]
fn a_long_list_follows_the_slider() {
    let app = ChronomapApp::new(many_events_state(), Settings::default(), StartOptions::default());
    let mut h = harness_of(app);
    assert!(h.query_by_label("Raid 0").is_some());
    // Raid 300 is on 2000-01-01 + 900 days.
    let raid_300 = day("2000-01-01") + chrono::Days::new(900);
    h.state_mut()
        .apply(&egui::Context::default(), Command::SetDay(raid_300));
    h.run();
    assert!(
        h.query_by_label("Raid 300").is_some(),
        "the active event is scrolled into view"
    );
    assert!(h.query_by_label("Raid 0").is_none());
    assert!(h.query_by_label("Siege").is_none(), "active too, but years back");
    // Scrolling by hand stands while the day does not change.
    h.get_by_label("Raid 300").hover();
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, 2000.0),
        modifiers: egui::Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    h.run_steps(10); // the scroll is animated
    assert!(
        h.query_by_label("Raid 300").is_none(),
        "the wheel scrolled the list up"
    );
    // A day with no event: the list shows the next one.
    h.state_mut().apply(
        &egui::Context::default(),
        Command::SetDay(raid_300 + chrono::Days::new(1)),
    );
    h.run();
    assert!(h.query_by_label("Raid 301").is_some());
}

#[test]
fn at_the_smallest_window_a_long_file_name_leaves_the_theme_button_in_view() {
    let atlas = embedded::atlas().unwrap();
    let events = embedded::article_events(&atlas).unwrap().items;
    let state = AppState::new(atlas.clone(), Catalog::new(events, &atlas), None);
    let start = StartOptions {
        data_label: "/home/someone/Documents/research/exports/ucdp/GEDEvent_v25_1_all_countries_1989_2024_final_version.csv".into(),
        messages: vec!["skipped line 7: 'best' is empty".into()],
        ..StartOptions::default()
    };
    let app = ChronomapApp::new(state, Settings::default(), start);
    // The window's minimum size (see main.rs).
    let mut h = Harness::builder()
        .with_size(egui::vec2(820.0, 540.0))
        .with_max_steps(8)
        .build_ui_state(|ui, app: &mut ChronomapApp| app.frame_ui(ui), app);
    h.run();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(820.0, 540.0));
    for label in ["System theme", "Open…", "1 message(s) about the data"] {
        let rect = h.get_by_label(label).rect();
        assert!(screen.contains_rect(rect), "{label} at {rect:?} is cut off");
    }
    h.get_by_label("System theme").click();
    h.run();
    assert_eq!(h.state().theme(), ThemeChoice::Light);
}

#[test]
fn selecting_an_event_out_of_view_scrolls_the_list_to_it() {
    let app = ChronomapApp::new(many_events_state(), Settings::default(), StartOptions::default());
    let mut h = harness_of(app);
    let raid_300 = day("2000-01-01") + chrono::Days::new(900);
    h.state_mut()
        .apply(&egui::Context::default(), Command::SetDay(raid_300));
    h.run();
    assert!(h.query_by_label("Raid 5").is_none());
    let r5 = event_pos(&h, "r5");
    h.state_mut()
        .apply(&egui::Context::default(), Command::SelectEvent(Some(r5)));
    h.run();
    // Its details take the list's place; back to the list, its row is in view.
    assert_eq!(h.query_all_by_label("Raid 5").count(), 1);
    h.get_by_label("< Back to the list").click();
    h.run();
    assert_eq!(h.state().state.selected_event, None);
    assert_eq!(
        h.query_all_by_label("Raid 5").count(),
        1,
        "the row of the event just shown is scrolled into view"
    );
}

/// A title too long for the list's width.
fn long_title(k: u64) -> String {
    format!("Raid {k} on the villages along the southern border, reported by both sides")
}

/// 400 events with long titles, the slider on the last one's day (the list at its end).
fn long_titles_at_the_end() -> (Harness<'static, ChronomapApp>, NaiveDate) {
    let app = ChronomapApp::new(
        many_events_state_titled(long_title),
        Settings::default(),
        StartOptions::default(),
    );
    let mut h = harness_of(app);
    let last_day = day("2000-01-01") + chrono::Days::new(3 * 399);
    h.state_mut()
        .apply(&egui::Context::default(), Command::SetDay(last_day));
    h.run();
    (h, last_day)
}

#[test]
fn a_list_of_long_titles_lets_the_user_scroll_away_from_the_day() {
    let (mut h, last_day) = long_titles_at_the_end();
    // The list is at its end.
    let last = long_title(399);
    assert!(h.query_by_label(&last).is_some());
    let day_before = last_day - chrono::Days::new(3);
    h.state_mut()
        .apply(&egui::Context::default(), Command::SetDay(day_before));
    h.run();
    // (A row well inside the list: the last one may reach below it.)
    h.get_by_label(&long_title(396)).hover();
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, 3000.0),
        modifiers: egui::Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    h.run_steps(10);
    assert!(
        h.query_by_label(&last).is_none(),
        "the list stays where the user scrolled it"
    );
}

#[test]
fn at_the_end_of_a_list_of_long_titles_the_last_row_is_in_view() {
    let (h, _) = long_titles_at_the_end();
    // The list ends where the timeline begins.
    let list_bottom = h.get_by_label("|< Start").rect().top();
    let row = h.get_by_label(&long_title(399)).rect();
    assert!(
        row.bottom() <= list_bottom,
        "the last row ends at {}, below the list's end at {list_bottom}",
        row.bottom()
    );
}

#[test]
fn dragging_the_map_over_many_events_picks_none_of_them() {
    let app = ChronomapApp::new(many_events_state(), Settings::default(), StartOptions::default());
    let mut h = harness_of(app);
    // All 400 events are at one place: a counted cell there.
    let place = h.state().map.projector().unwrap().project(45.5, 40.0);
    h.hover_at(place);
    h.run();
    assert!(
        h.state().state.hovered_event.is_some(),
        "hovering the cell picks an event"
    );
    // Press on it and drag: the map, the cell with it, follows the pointer.
    let start = place;
    h.event(egui::Event::PointerButton {
        pos: start,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    let view_before = h.state().map.view();
    for k in 1..=12 {
        h.hover_at(start + egui::vec2(10.0 * k as f32, 0.0));
        h.run();
    }
    assert_ne!(h.state().map.view(), view_before, "the map panned");
    assert_eq!(
        h.state().state.hovered_event,
        None,
        "nothing picked while dragging"
    );
}

/// Hovers the map at the first of `candidates` where a tooltip names `name`
/// (markers and labels may cover some), and returns that point.
fn hover_region_tooltip(
    h: &mut Harness<'_, ChronomapApp>,
    name: &str,
    candidates: &[egui::Pos2],
) -> Option<egui::Pos2> {
    for &p in candidates {
        h.hover_at(p);
        h.run();
        if h.query_by_label(name).is_some() {
            return Some(p);
        }
    }
    None
}

#[test]
fn at_start_up_each_regions_tooltip_counts_its_events_as_the_cli_does() {
    let mut h = harness();
    h.ctx.all_styles_mut(|s| s.interaction.tooltip_delay = 0.0);
    let map = h.state().map.projector().unwrap();
    let rect = map.screen();
    let atlas = h.state().state.atlas.clone();
    // Points of the map on a grid, tried in order for each region.
    let grid: Vec<egui::Pos2> = (0..40)
        .flat_map(|i| (0..30).map(move |j| (i, j)))
        .map(|(i, j)| rect.min + egui::vec2((i as f32 + 0.5) / 40.0, (j as f32 + 0.5) / 30.0) * rect.size())
        .collect();
    let mut counted = Vec::new();
    for region in atlas.regions().iter().filter(|r| r.linked) {
        let inside: Vec<egui::Pos2> = grid
            .iter()
            .copied()
            .filter(|&p| {
                let (lon, lat) = map.unproject(p);
                atlas.pick(lon, lat).is_some_and(|r| r.id == region.id)
            })
            .collect();
        if inside.is_empty() {
            continue; // not on screen
        }
        let want = {
            let s = &h.state().state;
            s.catalog()
                .query(&chronomap::model::Query {
                    region: Some(region.id.to_string()),
                    ..Default::default()
                })
                .len()
        };
        hover_region_tooltip(&mut h, &region.name, &inside)
            .unwrap_or_else(|| panic!("no tooltip for {}", region.name));
        assert!(
            h.query_by_label(&format!("{want} event(s)")).is_some(),
            "{}: the tooltip should count {want}",
            region.name
        );
        counted.push((region.id.to_string(), want));
    }
    // The article's own figures, as `chronomap events --region NAME` lists them.
    assert!(counted.contains(&("azerbaijan".into(), 10)), "{counted:?}");
    assert!(counted.contains(&("nagorno-karabakh".into(), 4)), "{counted:?}");
    assert!(counted.iter().any(|(id, _)| id == "armenia"), "{counted:?}");
}

#[test]
fn the_legend_names_only_the_layers_drawn_on_the_day() {
    let mut h = harness();
    let held = "Held by Armenian forces on this day";
    let contested = "Fought over on this day";
    let line = "Ceasefire Line 1994";
    let nk = "Nagorno-Karabakh (1991 oblast outline)";
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::SetDay(day("2022-09-13")));
    h.run();
    assert!(h.query_by_label(nk).is_some());
    for absent in [held, contested, line] {
        assert!(h.query_by_label(absent).is_none(), "{absent} on 13 Sep 2022");
    }
    h.state_mut().apply(&ctx, Command::SetDay(day("2020-10-15")));
    h.run();
    for present in [nk, held, contested] {
        assert!(
            h.query_by_label(present).is_some(),
            "{present} missing on 15 Oct 2020"
        );
    }
    assert!(h.query_by_label(line).is_none());
    // Before the war: the held ground and the 1994 line, nothing fought over.
    h.state_mut().apply(&ctx, Command::SetDay(day("2019-06-01")));
    h.run();
    for present in [held, line] {
        assert!(h.query_by_label(present).is_some(), "{present} missing in 2019");
    }
    assert!(h.query_by_label(contested).is_none());
}

/// Asserts that the last frame drew no label over another, over a marker,
/// a chip or an overlay, and no chip under an overlay.
fn assert_nothing_overlaps(h: &Harness<'_, ChronomapApp>, when: &str) {
    let drawn = h.state().map.drawn();
    for (k, (text, a)) in drawn.labels.iter().enumerate() {
        for (other, b) in &drawn.labels[k + 1..] {
            assert!(!a.intersects(*b), "{when}: '{text}' overlaps '{other}'");
        }
        for m in &drawn.markers {
            assert!(!a.intersects(*m), "{when}: '{text}' is over a marker");
        }
        for (place, c) in &drawn.chips {
            assert!(!a.intersects(*c), "{when}: '{text}' is over the chip '{place}'");
        }
        for o in &drawn.overlays {
            assert!(!a.intersects(*o), "{when}: '{text}' is under an overlay");
        }
    }
    for (place, c) in &drawn.chips {
        for o in &drawn.overlays {
            assert!(
                !c.intersects(*o),
                "{when}: the chip '{place}' is under an overlay"
            );
        }
    }
}

#[test]
fn on_every_day_of_the_article_no_label_covers_another_or_a_marker() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    for when in ["1991-06-15", "2020-10-15", "2022-09-13", "2022-11-07"] {
        h.state_mut().apply(&ctx, Command::SetDay(day(when)));
        h.run();
        assert_nothing_overlaps(&h, when);
        let labels: Vec<&str> = h
            .state()
            .map
            .drawn()
            .labels
            .iter()
            .map(|(t, _)| t.as_str())
            .collect();
        assert!(labels.contains(&"Nagorno-Karabakh"), "{when}: {labels:?}");
        assert!(
            labels.contains(&"Armenia") && labels.contains(&"Azerbaijan"),
            "{when}"
        );
        assert!(
            labels.contains(&"Yerevan") && labels.contains(&"Baku"),
            "{when}: {labels:?}"
        );
    }
    // The day's casualty annotations are among them.
    h.state_mut().apply(&ctx, Command::SetDay(day("2022-09-13")));
    h.run();
    let labels: Vec<String> = h
        .state()
        .map
        .drawn()
        .labels
        .iter()
        .map(|(t, _)| t.clone())
        .collect();
    assert!(labels.iter().any(|l| l == "280+ killed"), "{labels:?}");
    // Washington and Moscow are out of view: chips toward them.
    let chips: Vec<&str> = h
        .state()
        .map
        .drawn()
        .chips
        .iter()
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(chips, ["Moscow", "Washington"]);
}

#[test]
fn a_file_about_sudan_moves_the_map_to_sudan() {
    let mut h = harness_of(ChronomapApp::new(
        state_without_events(),
        Settings::default(),
        StartOptions {
            day: Some(day("2024-05-11")),
            load: vec![std::path::PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/acled_sudan.csv"
            ))],
            ..StartOptions::default()
        },
    ));
    wait_for_loads(&mut h);
    h.run();
    let map = h.state().map.projector().unwrap();
    for (town, lon, lat) in [
        ("El Fasher", 25.3494, 13.6279),
        ("Khartoum", 32.5324, 15.5518),
        ("El Geneina", 22.4472, 13.4525),
        ("Nyala", 24.8807, 12.0489),
    ] {
        assert!(map.screen().contains(map.project(lon, lat)), "{town} out of view");
    }
    let drawn = h.state().map.drawn();
    assert_eq!(drawn.markers.len(), 5, "a marker for each event");
    assert!(drawn.chips.is_empty(), "nothing out of view");
    assert_nothing_overlaps(&h, "Sudan");
    // The country is a region like any other: a click lists its events.
    let khartoum = map.project(30.0, 16.5); // north of Khartoum, in the desert
    click_at(&mut h, khartoum);
    assert_eq!(h.state().state.selected_region(), Some("sudan"));
    assert_eq!(h.state().state.listed().len(), 5);
}

#[test]
fn a_window_opened_on_the_caucasus_alone_adds_the_world_after_its_first_frame() {
    let atlas = embedded::caucasus_atlas().unwrap();
    assert!(atlas.get("sudan").is_none());
    let events = embedded::article_events(&atlas).unwrap().items;
    let state = AppState::new(atlas.clone(), Catalog::new(events, &atlas), None);
    let mut h = harness_of(ChronomapApp::new(
        state,
        Settings::default(),
        StartOptions::default(),
    ));
    for _ in 0..300 {
        if h.state().state.atlas.get("sudan").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    let atlas = &h.state().state.atlas;
    assert!(atlas.get("sudan").is_some(), "the world's countries");
    assert!(atlas.has_places(), "the gazetteer");
    assert_eq!(
        atlas.get("armenia").map(|r| r.style),
        Some(chronomap::model::RegionStyle::Subject(0)),
        "the article's subjects keep their colours"
    );
}

#[test]
fn at_the_smallest_window_the_chart_leaves_the_timeline_strips_their_room() {
    let atlas = embedded::atlas().unwrap();
    let events = embedded::article_events(&atlas).unwrap().items;
    let state = AppState::new(atlas.clone(), Catalog::new(events, &atlas), None);
    let app = ChronomapApp::new(state, Settings::default(), StartOptions::default());
    let mut h = Harness::builder()
        .with_size(egui::vec2(820.0, 540.0))
        .with_max_steps(8)
        .build_ui_state(|ui, app: &mut ChronomapApp| app.frame_ui(ui), app);
    h.run();
    let overview = h.get_by_label("All dates").rect();
    let track = h.get_by_label("Date").rect();
    assert!(
        overview.height() >= 20.0 && track.height() >= 60.0,
        "{overview:?} {track:?}"
    );
    assert!(overview.max.y <= track.min.y, "{overview:?} above {track:?}");
    // Whatever the chart shows sits below the strips, not over them.
    if let Some(killed) = h.query_by_label("Killed") {
        assert!(
            killed.rect().min.y >= track.max.y,
            "{:?} under {track:?}",
            killed.rect()
        );
    }
}

#[test]
fn go_to_date_keeps_its_label_beside_its_field_at_any_width() {
    for (width, height) in [(820.0, 540.0), (1024.0, 700.0), (1280.0, 800.0)] {
        let atlas = embedded::atlas().unwrap();
        let events = embedded::article_events(&atlas).unwrap().items;
        let state = AppState::new(atlas.clone(), Catalog::new(events, &atlas), None);
        let app = ChronomapApp::new(state, Settings::default(), StartOptions::default());
        let mut h = Harness::builder()
            .with_size(egui::vec2(width, height))
            .with_max_steps(8)
            .build_ui_state(|ui, app: &mut ChronomapApp| app.frame_ui(ui), app);
        h.run();
        let field = h.get_by_label("Go to date").rect();
        let label = h.get_all_by_value("Go to date").next().unwrap().rect();
        // On one row, the label just before the field, neither cut off
        // (a narrow window once split "Go to" from "date" across rows).
        assert!(
            (label.center().y - field.center().y).abs() < field.height() / 2.0,
            "{width}: {label:?} and {field:?}"
        );
        assert!(
            label.right() <= field.left() && field.left() - label.right() < 20.0,
            "{width}: {label:?} then {field:?}"
        );
        assert!(
            field.right() <= width,
            "{width}: the field at {field:?} is cut off"
        );
        h.run();
    }
}
