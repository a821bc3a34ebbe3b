//! The timeline along the bottom: the controls, an overview strip of every
//! date with a lens over the days shown, the track of those days (events in
//! lanes), and under it the chart of killed and events, all on one range of
//! days ([`TimelineView`]) that this panel owns, like the map its view.

pub mod axis;
pub mod chart;
mod controls;
mod histogram;
mod overview;
mod track;
pub mod view;

use super::command::Command;
use super::state::AppState;
use chart::ChartPanel;
use chrono::NaiveDate;
use egui::{Rect, Response, Ui};
use histogram::{DayTotals, HistogramCache};
pub use view::TimelineView;

/// The least width left of the strips, so that they line up with the
/// chart's plot (right of its count axis).
const MIN_GUTTER: f32 = 30.0;

/// The timeline's state between frames: its days, caches and toggles.
pub struct TimelinePanel {
    view: TimelineView,
    track_histogram: HistogramCache,
    overview_histogram: HistogramCache,
    /// What both histograms count, per start day.
    day_totals: DayTotals,
    pub chart: ChartPanel,
    /// The "go to date" field's text.
    go_to: String,
    /// Whether the chart is shown.
    pub show_chart: bool,
}

impl TimelinePanel {
    /// The panel over `state`'s events, on the stretch where most of them are.
    pub fn new(state: &AppState) -> Self {
        Self {
            view: opening_view(state),
            track_histogram: HistogramCache::default(),
            overview_histogram: HistogramCache::default(),
            day_totals: DayTotals::default(),
            chart: ChartPanel::default(),
            go_to: String::new(),
            show_chart: true,
        }
    }

    /// The days the track and the chart show.
    pub fn view(&self) -> TimelineView {
        self.view
    }

    /// Shows these days.
    pub fn set_view(&mut self, view: TimelineView) {
        self.view = view;
    }

    /// Shows every date of the data.
    pub fn show_all(&mut self, state: &AppState) {
        self.view = TimelineView::around(state.span());
    }

    /// Shows the stretch where most events are (as when the data opened).
    pub fn fit_events(&mut self, state: &AppState) {
        self.view = opening_view(state);
    }

    /// Zooms by `factor` about `day`.
    pub fn focus(&mut self, day: NaiveDate, factor: f64, state: &AppState) {
        self.view.focus(day, factor, TimelineView::around(state.span()));
    }

    /// Zooms by `factor` about the day at `x` of `rect`.
    pub fn zoom_about(&mut self, rect: Rect, x: f32, factor: f64, state: &AppState) {
        self.view
            .zoom_about(rect, x, factor, TimelineView::around(state.span()));
    }

    /// Pans so that `day` is in view.
    pub fn reveal(&mut self, day: NaiveDate, state: &AppState) {
        self.view.reveal(day, TimelineView::around(state.span()));
    }

    /// Draws the panel; queues what the user did.
    pub fn ui(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        controls::controls_ui(ui, state, self, commands);
        // The overview and the track keep their least height; the chart has
        // what is left (none in a very short panel: it returns as it grows).
        let strips = overview::OVERVIEW_HEIGHT + 2.0 + track::MIN_TRACK_HEIGHT + ui.spacing().item_spacing.y;
        let chart_room = ui.available_height() - strips;
        if self.show_chart && chart_room >= MIN_CHART_HEIGHT {
            egui::Panel::bottom("chart")
                .resizable(true)
                .default_size(150.0_f32.min(chart_room))
                .min_size(MIN_CHART_HEIGHT)
                .max_size(chart_room)
                .show(ui, |ui| {
                    chart::chart_ui(ui, &mut self.chart, state, &mut self.view, commands)
                });
        }
        // The strips line up with the chart's plot, right of its count axis.
        let left = ui.available_rect_before_wrap().left();
        let chart_shown = self.show_chart && chart_room >= MIN_CHART_HEIGHT;
        let gutter = match (chart_shown, self.chart.frame()) {
            (true, Some(frame)) => (frame.left() - left).max(MIN_GUTTER),
            _ => MIN_GUTTER,
        };
        let days = self.day_totals.update(state);
        let overview_histogram = (&mut self.overview_histogram, &days[..]);
        overview::overview_ui(ui, state, &mut self.view, overview_histogram, gutter);
        ui.add_space(2.0);
        let track_histogram = (&mut self.track_histogram, &days[..]);
        track::track_ui(ui, state, &mut self.view, track_histogram, gutter, commands);
    }
}

/// The chart's least height: its controls and a few bars.
const MIN_CHART_HEIGHT: f32 = 80.0;

/// Where the timeline opens: the stretch holding most events' starts.
fn opening_view(state: &AppState) -> TimelineView {
    let catalog = state.catalog();
    let starts: Vec<NaiveDate> = catalog.dated().map(|(_, iv)| iv.start).collect();
    TimelineView::densest(&starts, state.span())
}

/// The wheel over the track or the chart: zoom about the pointer; with shift,
/// or scrolled sideways, pan.
fn wheel_ui(ui: &Ui, response: &Response, rect: Rect, view: &mut TimelineView, state: &AppState) {
    let Some(pointer) = response.hover_pos() else {
        return;
    };
    let limits = TimelineView::around(state.span());
    let (delta, shift) = ui.input(|i| (i.smooth_scroll_delta, i.modifiers.shift));
    if shift || delta.x.abs() > delta.y.abs() {
        let d = if shift { delta.y + delta.x } else { delta.x };
        if d.abs() > 0.0 {
            view.pan(-f64::from(d) / f64::from(rect.width()), limits);
        }
    } else if delta.y.abs() > 0.0 {
        view.zoom_about(rect, pointer.x, (-f64::from(delta.y) * 0.003).exp(), limits);
    }
}
