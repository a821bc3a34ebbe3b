//! The timeline and its chart, driven through egui_kittest: where it opens,
//! the chart's bins, a click in the chart, the filter, the cumulative mode.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly"
)]

mod support;

use chrono::NaiveDate;
use chronomap::model::EventFilter;
use chronomap::model::series::{Bin, BinUnit};
use chronomap::ui::ChronomapApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use support::{click_at, day, event_pos, harness};

/// The chart's bin holding `d`, as last drawn.
fn bin_at(h: &Harness<'_, ChronomapApp>, d: NaiveDate) -> Bin {
    let (bins, _) = h.state().timeline.chart.bins().unwrap();
    bins.iter()
        .find(|b| b.start <= d && d <= b.end)
        .cloned()
        .unwrap_or_else(|| panic!("no bin holds {d}"))
}

/// Picks the chart's bar width from its menu, as a user would.
fn choose_bars(h: &mut Harness<'_, ChronomapApp>, label: &str) {
    h.get_by_role_and_label(Role::ComboBox, "Bars").click();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn the_article_opens_on_its_2020_to_2022_events_with_1991_one_click_away() {
    let mut h = harness();
    let view = h.state().timeline.view();
    assert!(
        view.start >= day("2019-06-01") && view.start <= day("2020-01-01"),
        "opens on {view:?}"
    );
    assert!(view.end >= day("2022-11-08"));
    h.get_by_label("Show all").click();
    h.run();
    assert!(h.state().timeline.view().start <= day("1991-01-01"));
    // And back to where the events are.
    h.get_by_label("Fit events").click();
    h.run();
    assert_eq!(h.state().timeline.view(), view);
}

#[test]
fn a_click_on_the_overview_strip_shows_that_stretch() {
    let mut h = harness();
    let strip = h.get_by_label("All dates").rect();
    // 1991, near the strip's left end: the track moves there.
    click_at(&mut h, egui::pos2(strip.left() + 8.0, strip.center().y));
    let view = h.state().timeline.view();
    assert!(view.start <= day("1992-01-01"), "{view:?}");
}

#[test]
fn the_charts_september_2022_bin_holds_the_artillery_toll_as_its_low_bound() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Figure, "Chart of killed and events");
    choose_bars(&mut h, "per month");
    let (_, unit) = h.state().timeline.chart.bins().unwrap();
    assert_eq!(unit, BinUnit::Month);
    let sept = bin_at(&h, day("2022-09-15"));
    assert_eq!((sept.start, sept.end), (day("2022-09-01"), day("2022-09-30")));
    // 280+ from the artillery, plus September's share of "hundreds" since May.
    assert!(sept.total_low() >= 280.0, "{}", sept.total_low());
    assert!(sept.total_low() < 330.0, "{}", sept.total_low());
    assert!(sept.open > 0.0, "280+ is open-ended");
    // The 2020 war's 6,500+ is known to the year: spread over it, not a spike in January.
    let jan_2020 = bin_at(&h, day("2020-01-15"));
    assert!(jan_2020.total_low() < 6500.0 / 6.0, "{}", jan_2020.total_low());
}

#[test]
fn a_click_in_the_chart_moves_the_day() {
    let mut h = harness();
    let view = h.state().timeline.view();
    let chart = &h.state().timeline.chart;
    let target = day("2021-03-10");
    let x = chart.x_for(&view, target).unwrap()
        + 0.5 * (chart.x_for(&view, day("2021-03-11")).unwrap() - chart.x_for(&view, target).unwrap());
    let frame = chart.frame().unwrap();
    assert_ne!(h.state().state.day(), target);
    click_at(&mut h, egui::pos2(x, frame.center().y));
    assert_eq!(h.state().state.day(), target);
}

#[test]
fn the_filter_changes_the_charts_bars() {
    let mut h = harness();
    choose_bars(&mut h, "per month");
    let before = bin_at(&h, day("2022-09-15")).total_low();
    let war = bin_at(&h, day("2020-10-15")).total_low();
    assert!(war > 0.0);
    h.state_mut().state.set_filter(EventFilter {
        text: "artillery".into(),
        ..Default::default()
    });
    h.run();
    let after = bin_at(&h, day("2022-09-15"));
    assert!(
        after.total_low() < before,
        "{} then {}",
        before,
        after.total_low()
    );
    assert!((after.total_low() - 280.0).abs() < 1e-6, "{}", after.total_low());
    let (bins, _) = h.state().timeline.chart.bins().unwrap();
    assert!(
        bins.iter()
            .filter(|b| b.end < day("2022-09-01"))
            .all(|b| b.total_low() == 0.0)
    );
}

#[test]
fn the_cumulative_mode_keeps_past_events_fading_and_the_chart_runs_totals() {
    let mut h = harness();
    let war = event_pos(&h, "war-2020");
    assert_eq!(h.state().state.day(), day("2022-11-08"));
    assert!(!h.state().state.is_active(war));
    h.get_by_label("Cumulative").click();
    h.run();
    let state = &h.state().state;
    assert!(state.cumulative());
    assert!(state.is_active(war), "the 2020 war is shown up to the day");
    assert!(state.recency(war) < 1.0, "and faded with its age");
    // Still under way on the day: full strength.
    let recent = state
        .catalog()
        .events()
        .position(|e| e.title().starts_with("Hundreds killed"));
    assert_eq!(state.recency(recent.unwrap()), 1.0);
    let (bins, _) = h.state().timeline.chart.bins().unwrap();
    let lows: Vec<f64> = bins.iter().map(Bin::total_low).collect();
    assert!(
        lows.windows(2).all(|w| w[0] <= w[1] + 1e-9),
        "running totals never fall"
    );
    assert!(*lows.last().unwrap() >= 6500.0 + 280.0);
}

#[test]
fn frame_timings_are_a_view_menu_toggle_off_by_default() {
    let mut h = harness();
    assert!(!h.state().show_frame_times);
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Frame timings").click();
    h.run();
    assert!(h.state().show_frame_times);
}

#[test]
fn the_chart_can_be_hidden_and_the_track_takes_its_room() {
    let mut h = harness();
    let track = h.get_by_role_and_label(Role::Slider, "Date").rect();
    h.get_by_label("Chart").click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Figure, "Chart of killed and events")
            .is_none()
    );
    let taller = h.get_by_role_and_label(Role::Slider, "Date").rect();
    assert!(taller.height() > track.height() + 50.0);
}

#[test]
fn hovering_the_chart_shows_the_bins_figures_and_events() {
    let mut h = harness();
    choose_bars(&mut h, "per month");
    let view = h.state().timeline.view();
    let chart = &h.state().timeline.chart;
    let x = chart.x_for(&view, day("2022-09-15")).unwrap();
    let y = chart.frame().unwrap().center().y;
    h.hover_at(egui::pos2(x, y));
    h.run();
    h.hover_at(egui::pos2(x + 1.0, y));
    h.run();
    h.get_by_label("September 2022");
    h.get_by_label_contains("killed: at least");
    h.get_by_label_contains("Artillery fire across the border · 280+ killed");
}
