//! What the window tests share: the article's window at 1280×800 in a
//! kittest harness, and real pointer clicks.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use chrono::NaiveDate;
use chronomap::embedded;
use chronomap::model::Catalog;
use chronomap::ui::settings::Settings;
use chronomap::ui::state::AppState;
use chronomap::ui::{ChronomapApp, StartOptions};
use egui_kittest::Harness;

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn app() -> ChronomapApp {
    let atlas = embedded::atlas().unwrap();
    let events = embedded::article_events(&atlas).unwrap().items;
    let catalog = Catalog::new(events, &atlas);
    let state = AppState::new(atlas, catalog, None);
    let start = StartOptions {
        builtin_article: true,
        ..StartOptions::default()
    };
    ChronomapApp::new(state, Settings::default(), start)
}

pub fn harness() -> Harness<'static, ChronomapApp> {
    harness_of(app())
}

/// A 1280×800 window around `app`, after its first frame.
pub fn harness_of(app: ChronomapApp) -> Harness<'static, ChronomapApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        // Data arriving from a background load takes a few frames to settle:
        // the list follows the day once its new length is laid out, and the
        // rows that scroll in are styled on their second frame.
        .with_max_steps(8)
        .build_ui_state(|ui, app: &mut ChronomapApp| app.frame_ui(ui), app);
    h.run();
    h
}

/// A real pointer click at a screen position.
pub fn click_at(h: &mut Harness<'_, ChronomapApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run();
}

pub fn event_pos(h: &Harness<'_, ChronomapApp>, id: &str) -> usize {
    h.state().state.catalog().position(id).unwrap()
}
