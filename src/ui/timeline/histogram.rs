//! The histogram of events and deaths over time, under the track's bars
//! and along the overview strip.

use super::view::TimelineView;
use crate::ui::state::AppState;
use crate::ui::style::Palette;
use chrono::NaiveDate;
use egui::{Color32, Mesh, Rect, pos2};
use std::sync::Arc;

/// Bar width, in points.
const BIN_WIDTH: f32 = 4.0;

/// The histogram's bars for one view, counted and turned into a mesh only
/// when the view, the data or the filter change: scrubbing redraws it as is.
/// Counting goes by [`DayTotals`] made once per data and filter, so a zoom
/// or pan costs the days in view, not the events.
#[derive(Default)]
pub struct HistogramCache {
    key: Option<(TimelineView, Rect, u64, Color32, f32)>,
    mesh: Arc<Mesh>,
}

impl HistogramCache {
    fn update(
        &mut self,
        (state, days): (&AppState, &[DayTotal]),
        view: &TimelineView,
        rect: Rect,
        (fill, pixels_per_point): (Color32, f32),
    ) {
        let key = (*view, rect, state.generation(), fill, pixels_per_point);
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        let bins = ((rect.width() / BIN_WIDTH).ceil() as usize).max(1);
        let mut counts = vec![0u32; bins];
        let mut deaths = vec![0u64; bins];
        let from = days.partition_point(|d| d.day < view.start);
        let to = days.partition_point(|d| d.day <= view.end);
        for total in days.get(from..to).unwrap_or_default() {
            let k = (((view.x_for(rect, total.day) - rect.left()) / BIN_WIDTH) as usize).min(bins - 1);
            counts[k] += total.events;
            deaths[k] += total.dead;
        }
        self.mesh = Arc::new(histogram_mesh(&counts, &deaths, rect, fill, pixels_per_point));
    }
}

/// The shown events that start on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayTotal {
    pub day: NaiveDate,
    pub events: u32,
    /// Their casualties' lower bounds, summed.
    pub dead: u64,
}

/// The shown events' totals per start day, in day order: made once per data
/// and filter, for both the track's and the overview's histograms.
#[derive(Default)]
pub struct DayTotals {
    generation: Option<u64>,
    days: Arc<[DayTotal]>,
}

impl DayTotals {
    /// The totals for `state`, made again only when its data or filter changed.
    pub fn update(&mut self, state: &AppState) -> Arc<[DayTotal]> {
        if self.generation != Some(state.generation()) {
            self.days = start_day_totals(state).into();
            self.generation = Some(state.generation());
        }
        Arc::clone(&self.days)
    }
}

/// The shown events' totals per start day, in day order.
fn start_day_totals(state: &AppState) -> Vec<DayTotal> {
    let mut days: Vec<DayTotal> = Vec::new();
    // Date order: events of one start day are neighbours.
    for (i, interval) in state.catalog().dated() {
        if !state.is_shown(i) {
            continue;
        }
        let Some(event) = state.catalog().get(i) else {
            continue;
        };
        let dead = u64::from(event.casualties().map_or(0, |c| c.low));
        match days.last_mut() {
            Some(last) if last.day == interval.start => {
                last.events += 1;
                last.dead += dead;
            }
            _ => days.push(DayTotal {
                day: interval.start,
                events: 1,
                dead,
            }),
        }
    }
    days
}

/// Events starting in each bin (grey, square-root scale) and their casualties'
/// lower bounds (red, log scale), scaled to the busiest bin. Bars' sides fall on
/// whole pixels, so the gaps between them look even at any scale.
fn histogram_mesh(counts: &[u32], deaths: &[u64], rect: Rect, fill: Color32, pixels_per_point: f32) -> Mesh {
    let snap = |x: f32| (x * pixels_per_point).round() / pixels_per_point;
    let max_count = counts.iter().copied().max().unwrap_or(0).max(1) as f32;
    let max_deaths = deaths.iter().copied().max().unwrap_or(0).max(1) as f32;
    let death_fill = Color32::from_rgba_unmultiplied(200, 40, 40, 160);
    let mut mesh = Mesh::default();
    for (k, (&count, &dead)) in counts.iter().zip(deaths).enumerate() {
        let x = rect.left() + k as f32 * BIN_WIDTH;
        if count > 0 {
            let h = (rect.height() - 2.0) * (count as f32 / max_count).sqrt();
            let bar = Rect::from_min_max(
                pos2(snap(x), rect.bottom() - h),
                pos2(snap(x + BIN_WIDTH - 1.0), rect.bottom()),
            );
            mesh.add_colored_rect(bar, fill);
        }
        if dead > 0 {
            let h = (rect.height() - 2.0) * ((dead as f32).ln_1p() / max_deaths.ln_1p());
            let bar = Rect::from_min_max(
                pos2(snap(x + 1.0), rect.bottom() - h),
                pos2(snap(x + BIN_WIDTH - 2.0), rect.bottom()),
            );
            mesh.add_colored_rect(bar, death_fill);
        }
    }
    mesh
}

pub fn paint_histogram(
    painter: &egui::Painter,
    data: (&AppState, &[DayTotal]),
    view: &TimelineView,
    rect: Rect,
    palette: &Palette,
    cache: &mut HistogramCache,
) {
    cache.update(data, view, rect, (palette.faded, painter.pixels_per_point()));
    if !cache.mesh.is_empty() {
        painter.add(egui::Shape::mesh(cache.mesh.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

    #[test]
    fn day_totals_count_each_shown_event_once_on_its_start_day() {
        let atlas = crate::embedded::atlas().unwrap();
        let events = crate::embedded::article_events(&atlas).unwrap().items;
        let catalog = crate::model::Catalog::new(events, &atlas);
        let mut state = AppState::new(atlas, catalog, None);
        let days = start_day_totals(&state);
        assert!(
            days.windows(2).all(|w| w[0].day < w[1].day),
            "one entry a day, in order"
        );
        let events = state.catalog().events();
        assert_eq!(
            days.iter().map(|d| d.events as usize).sum::<usize>(),
            events.len()
        );
        let lows: u64 = events
            .map(|e| u64::from(e.casualties().map_or(0, |c| c.low)))
            .sum();
        assert_eq!(days.iter().map(|d| d.dead).sum::<u64>(), lows);
        // Two events start on 7 Nov 2022 (Washington, the Kremlin).
        let nov7 = NaiveDate::from_ymd_opt(2022, 11, 7).unwrap();
        assert_eq!(days.iter().find(|d| d.day == nov7).map(|d| d.events), Some(2));
        // Filtered out, not counted.
        state.set_filter(crate::model::EventFilter {
            text: "Kremlin".into(),
            ..Default::default()
        });
        let kremlin = DayTotal {
            day: nov7,
            events: 1,
            dead: 0,
        };
        assert_eq!(start_day_totals(&state), [kremlin]);
        // Shared totals are made again when the filter changes, not before.
        let mut shared = DayTotals::default();
        let first = shared.update(&state);
        assert!(Arc::ptr_eq(&first, &shared.update(&state)));
        state.set_filter(crate::model::EventFilter::default());
        assert_eq!(shared.update(&state).len(), days.len());
    }

    #[test]
    fn histogram_bars_scale_to_the_busiest_bin() {
        let rect = Rect::from_min_size(pos2(10.0, 0.0), vec2(3.0 * BIN_WIDTH, 42.0));
        let mesh = histogram_mesh(&[0, 4, 1], &[0, 10, 0], rect, Color32::GRAY, 1.0);
        // Two count bars and one death bar, four corners each.
        assert_eq!(mesh.vertices.len(), 12);
        let bar_height = |k: usize| {
            let v = &mesh.vertices[4 * k..4 * k + 4];
            v.iter().map(|v| v.pos.y).fold(f32::MIN, f32::max)
                - v.iter().map(|v| v.pos.y).fold(f32::MAX, f32::min)
        };
        // The busiest bin fills the height (less 2 points); a quarter of it, half (square root).
        assert_eq!(bar_height(0), 40.0);
        assert_eq!(bar_height(1), 40.0); // the most deaths
        assert_eq!(bar_height(2), 20.0);
        assert_eq!(mesh.vertices[8].pos.x, 10.0 + 2.0 * BIN_WIDTH);
        // At 1.5 pixels per point, sides on whole pixels.
        let rect = Rect::from_min_size(pos2(10.3, 0.0), vec2(3.0 * BIN_WIDTH, 42.0));
        let mesh = histogram_mesh(&[1, 1, 1], &[0, 0, 0], rect, Color32::GRAY, 1.5);
        assert!(mesh.vertices.iter().all(|v| (v.pos.x * 1.5).fract() == 0.0));
    }
}
