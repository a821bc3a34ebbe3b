//! The timeline along the bottom: playback controls, the date, and a track
//! with a histogram, one bar per event (fuzzy where the date is uncertain)
//! and the slider's cursor. Drag to scrub, wheel to zoom, shift+wheel to pan.

use super::command::Command;
use super::state::{AppState, PlaySpeed};
use super::style::{Palette, event_color};
use crate::model::{FuzzyDate, Interval, Precision};
use chrono::{Datelike, Days, NaiveDate};
use egui::{Align2, Color32, FontId, Mesh, Pos2, Rect, Sense, Stroke, Ui, WidgetInfo, pos2, vec2};
use std::sync::Arc;

/// The span of days the track shows. Owned by the app, like the map's view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimelineView {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The shortest span the track zooms to, in days.
const MIN_SPAN_DAYS: i64 = 14;
const LANE_HEIGHT: f32 = 11.0;
const HISTOGRAM_HEIGHT: f32 = 26.0;
const AXIS_HEIGHT: f32 = 18.0;
const BIN_WIDTH: f32 = 4.0;
/// Above this many events in view, the track shows only the histogram.
const MAX_BARS: usize = 400;

impl TimelineView {
    /// The whole of `span`, with a little room at both ends.
    pub fn around(span: Interval) -> Self {
        let pad = Days::new((span.len_days() / 40).max(3) as u64);
        Self {
            start: span.start.checked_sub_days(pad).unwrap_or(span.start),
            end: span.end.checked_add_days(pad).unwrap_or(span.end),
        }
    }

    fn days(&self) -> f64 {
        (self.end - self.start).num_days().max(1) as f64
    }

    /// The x of the start of `day` in `rect`.
    pub fn x_for(&self, rect: Rect, day: NaiveDate) -> f32 {
        let d = (day - self.start).num_days() as f64;
        rect.left() + (d / self.days()) as f32 * rect.width()
    }

    /// The day at `x` in `rect`.
    pub fn day_at(&self, rect: Rect, x: f32) -> NaiveDate {
        let d = ((x - rect.left()) / rect.width().max(1.0)) as f64 * self.days();
        let d = d.floor().clamp(0.0, self.days());
        self.start
            .checked_add_days(Days::new(d as u64))
            .unwrap_or(self.end)
    }

    /// Zooms by `factor` (< 1 zooms in) keeping the day at `x` in place, within `limits`.
    pub fn zoom_about(&mut self, rect: Rect, x: f32, factor: f64, limits: TimelineView) {
        let frac = f64::from(((x - rect.left()) / rect.width().max(1.0)).clamp(0.0, 1.0));
        let anchor = self.start.num_days_from_ce() as f64 + frac * self.days();
        let max_days = (limits.end - limits.start).num_days() as f64;
        let days = (self.days() * factor).clamp(MIN_SPAN_DAYS as f64, max_days.max(MIN_SPAN_DAYS as f64));
        let start = (anchor - frac * days).round() as i32;
        self.set(start, days as i32, limits);
    }

    /// Moves by a fraction of its width, within `limits`.
    pub fn pan(&mut self, fraction: f64, limits: TimelineView) {
        let days = self.days() as i32;
        let start = self.start.num_days_from_ce() + (fraction * f64::from(days)).round() as i32;
        self.set(start, days, limits);
    }

    /// Zooms by `factor` with `day` in the middle, within `limits`.
    pub fn focus(&mut self, day: NaiveDate, factor: f64, limits: TimelineView) {
        let max_days = (limits.end - limits.start).num_days() as f64;
        let days =
            (self.days() * factor).clamp(MIN_SPAN_DAYS as f64, max_days.max(MIN_SPAN_DAYS as f64)) as i32;
        self.set(day.num_days_from_ce() - days / 2, days, limits);
    }

    /// Pans (without zooming) so that `day` is in view.
    pub fn reveal(&mut self, day: NaiveDate, limits: TimelineView) {
        if day < self.start || day > self.end {
            let days = self.days() as i32;
            self.set(day.num_days_from_ce() - days / 2, days, limits);
        }
    }

    fn set(&mut self, start: i32, days: i32, limits: TimelineView) {
        let lo = limits.start.num_days_from_ce();
        let hi = limits.end.num_days_from_ce();
        let start = start.clamp(lo, (hi - days).max(lo));
        let from = |n: i32| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(limits.start);
        self.start = from(start);
        self.end = from((start + days).min(hi.max(start + 1)));
    }
}

/// Draws the controls and the track; queues what the user did.
pub fn timeline_ui(
    ui: &mut Ui,
    state: &AppState,
    view: &mut TimelineView,
    histogram: &mut HistogramCache,
    go_to: &mut String,
    commands: &mut Vec<Command>,
) {
    controls_ui(ui, state, view, go_to, commands);
    track_ui(ui, state, view, histogram, commands);
}

fn controls_ui(
    ui: &mut Ui,
    state: &AppState,
    view: &mut TimelineView,
    go_to: &mut String,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        if ui.button("|< Start").on_hover_text("First day (Home)").clicked() {
            commands.push(Command::JumpToStart);
        }
        if ui
            .button("< Previous")
            .on_hover_text("Previous event (←)")
            .clicked()
        {
            commands.push(Command::StepEvent { forward: false });
        }
        let play = if state.playing { "Pause" } else { "Play" };
        if ui.button(play).clicked() {
            commands.push(Command::SetPlaying(!state.playing));
        }
        if ui.button("Next >").on_hover_text("Next event (→)").clicked() {
            commands.push(Command::StepEvent { forward: true });
        }
        if ui.button("End >|").on_hover_text("Last day (End)").clicked() {
            commands.push(Command::JumpToEnd);
        }
        let mut speed = state.speed;
        egui::ComboBox::from_label("Speed")
            .selected_text(speed.label())
            .show_ui(ui, |ui| {
                for s in PlaySpeed::ALL {
                    ui.selectable_value(&mut speed, s, s.label());
                }
            });
        if speed != state.speed {
            commands.push(Command::SetSpeed(speed));
        }
        ui.separator();
        ui.label(
            egui::RichText::new(FuzzyDate::day(state.day()).human())
                .strong()
                .size(16.0),
        );
        ui.label(format!("{} active", state.active().len()));
        ui.separator();
        let field = ui.add(
            egui::TextEdit::singleline(go_to)
                .hint_text("YYYY-MM-DD")
                .desired_width(90.0),
        );
        let field = field.labelled_by(ui.label("Go to date").id);
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            match crate::model::date::parse_day(go_to.trim()) {
                Ok(day) => {
                    commands.push(Command::SetDay(day));
                    go_to.clear();
                }
                Err(_) => go_to.insert_str(0, "? "),
            }
        }
        let limits = TimelineView::around(state.span());
        let zoom_hint = "Show a quarter of the current span around the date (or use the wheel)";
        if ui.button("Zoom in").on_hover_text(zoom_hint).clicked() {
            view.focus(state.day(), 0.25, limits);
        }
        let all_hint = "Zoom the timeline out to every event";
        if ui.button("Show all").on_hover_text(all_hint).clicked() {
            *view = limits;
        }
    });
}

fn track_ui(
    ui: &mut Ui,
    state: &AppState,
    view: &mut TimelineView,
    histogram: &mut HistogramCache,
    commands: &mut Vec<Command>,
) {
    let height = ui
        .available_height()
        .max(HISTOGRAM_HEIGHT + AXIS_HEIGHT + 3.0 * LANE_HEIGHT);
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click_and_drag());
    let day_number = (state.day() - state.span().start).num_days() as f64;
    response.widget_info(|| WidgetInfo::slider(true, day_number, "Date"));
    let limits = TimelineView::around(state.span());

    // Wheel: zoom; shift+wheel or sideways scroll: pan.
    if let Some(pointer) = response.hover_pos() {
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

    let palette = Palette::new(ui.visuals().dark_mode);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let hist_rect = Rect::from_min_size(rect.min, vec2(rect.width(), HISTOGRAM_HEIGHT));
    let axis_rect = Rect::from_min_max(pos2(rect.left(), rect.bottom() - AXIS_HEIGHT), rect.max);
    let lanes_rect = Rect::from_min_max(
        pos2(rect.left(), hist_rect.bottom() + 2.0),
        pos2(rect.right(), axis_rect.top() - 2.0),
    );

    paint_histogram(&painter, state, view, hist_rect, &palette, histogram);
    let bars = layout_bars(state, view, lanes_rect);
    let pointer = response.hover_pos();
    let hovered_bar = pointer.and_then(|p| {
        bars.iter()
            .find(|b| b.rect.expand(1.0).contains(p))
            .map(|b| b.event)
    });
    for bar in &bars {
        paint_bar(&painter, state, bar, &palette);
    }
    paint_axis(&painter, view, axis_rect, ui.visuals().text_color());

    // The cursor.
    let x = view.x_for(rect, state.day());
    let cursor = ui.visuals().selection.bg_fill;
    painter.line_segment(
        [pos2(x, rect.top()), pos2(x, rect.bottom())],
        Stroke::new(2.0, cursor),
    );
    painter.circle_filled(pos2(x, rect.top() + 5.0), 5.0, cursor);

    if let Some(i) = hovered_bar {
        commands.push(Command::HoverEvent(i));
    }
    if response.clicked()
        && let Some(i) = hovered_bar
    {
        commands.push(Command::SelectEvent(Some(i)));
    } else if (response.clicked() || response.dragged())
        && let Some(p) = response.interact_pointer_pos()
    {
        commands.push(Command::SetDay(view.day_at(rect, p.x)));
    }
    if let Some(i) = hovered_bar {
        let event = &state.catalog().events()[i];
        response.on_hover_ui_at_pointer(|ui| {
            ui.strong(event.title());
            ui.label(event.time.text().as_ref());
            if let Some(c) = event.casualty_text() {
                ui.label(c);
            }
        });
    }
}

/// One event's bar on the track.
struct Bar {
    event: usize,
    rect: Rect,
    /// Whether the ends are uncertain (approximate, or coarser than a day).
    fuzzy: bool,
}

/// Packs events into lanes, earliest first; events that do not fit are left
/// to the histogram.
fn layout_bars(state: &AppState, view: &TimelineView, rect: Rect) -> Vec<Bar> {
    let lanes = ((rect.height() / LANE_HEIGHT).floor() as usize).max(1);
    let mut lane_end = vec![f32::MIN; lanes];
    let visible = Interval {
        start: view.start,
        end: view.end,
    };
    // Bars only while they can be told apart; the histogram shows the rest.
    let in_view: Vec<usize> = state
        .catalog()
        .overlapping_unsorted(visible)
        .filter(|&i| state.is_shown(i))
        .take(MAX_BARS + 1)
        .collect();
    if in_view.len() > MAX_BARS {
        return Vec::new();
    }
    let mut bars = Vec::new();
    for i in state.catalog().sorted_by_date(in_view) {
        let event = &state.catalog().events()[i];
        let interval = event.time.interval();
        let x0 = view.x_for(rect, interval.start);
        let next_day = interval.end.succ_opt().unwrap_or(interval.end);
        let x1 = view.x_for(rect, next_day).max(x0 + 4.0);
        let Some(lane) = lane_end.iter().position(|&end| end + 2.0 <= x0) else {
            continue;
        };
        lane_end[lane] = x1;
        let top = rect.top() + lane as f32 * LANE_HEIGHT;
        bars.push(Bar {
            event: i,
            rect: Rect::from_min_max(pos2(x0, top + 1.0), pos2(x1, top + LANE_HEIGHT - 1.0)),
            fuzzy: event.time.is_approximate() || event.time.precision() != Precision::Day,
        });
    }
    bars
}

fn paint_bar(painter: &egui::Painter, state: &AppState, bar: &Bar, palette: &Palette) {
    let active = state.is_active(bar.event);
    let base = event_color(state, bar.event);
    let color = if active { base } else { base.gamma_multiply(0.35) };
    if bar.fuzzy {
        // Fade the ends: the source does not pin them down.
        let fade = (bar.rect.width() * 0.25).min(14.0);
        let r = bar.rect;
        let xs = [r.left(), r.left() + fade, r.right() - fade, r.right()];
        let alphas = [0.0, 1.0, 1.0, 0.0];
        let mut mesh = Mesh::default();
        for (x, a) in xs.iter().zip(alphas) {
            let c = color.gamma_multiply(a);
            mesh.colored_vertex(pos2(*x, r.top()), c);
            mesh.colored_vertex(pos2(*x, r.bottom()), c);
        }
        for k in 0..3u32 {
            let b = 2 * k;
            mesh.add_triangle(b, b + 1, b + 2);
            mesh.add_triangle(b + 1, b + 3, b + 2);
        }
        painter.add(mesh);
    } else {
        painter.rect_filled(bar.rect, 2.0, color);
    }
    let focus = state.selected_event == Some(bar.event) || state.hovered_event == Some(bar.event);
    if focus {
        painter.rect_stroke(
            bar.rect.expand(1.0),
            2.0,
            Stroke::new(2.0, palette.selection),
            egui::StrokeKind::Outside,
        );
    }
}

/// The histogram's bars for one view, counted and turned into a mesh only
/// when the view, the data or the filter change: scrubbing redraws it as is.
/// Counting goes by day totals made once per data and filter, so a zoom or
/// pan costs the days in view, not the events.
#[derive(Default)]
pub struct HistogramCache {
    key: Option<(TimelineView, Rect, u64, Color32, f32)>,
    mesh: Arc<Mesh>,
    /// Shown events by start day: (day, events, their casualties' lower bounds), in day order.
    days: Vec<(NaiveDate, u32, u64)>,
}

impl HistogramCache {
    fn update(
        &mut self,
        state: &AppState,
        view: &TimelineView,
        rect: Rect,
        (fill, pixels_per_point): (Color32, f32),
    ) {
        let key = (*view, rect, state.generation(), fill, pixels_per_point);
        if self.key == Some(key) {
            return;
        }
        // The per-day totals change with the data and filter only.
        if self.key.is_none_or(|k| k.2 != state.generation()) {
            self.days = start_day_totals(state);
        }
        self.key = Some(key);
        let bins = ((rect.width() / BIN_WIDTH).ceil() as usize).max(1);
        let mut counts = vec![0u32; bins];
        let mut deaths = vec![0u64; bins];
        let from = self.days.partition_point(|d| d.0 < view.start);
        let to = self.days.partition_point(|d| d.0 <= view.end);
        for &(day, count, dead) in &self.days[from..to] {
            let k = (((view.x_for(rect, day) - rect.left()) / BIN_WIDTH) as usize).min(bins - 1);
            counts[k] += count;
            deaths[k] += dead;
        }
        self.mesh = Arc::new(histogram_mesh(&counts, &deaths, rect, fill, pixels_per_point));
    }
}

/// The shown events' totals per start day, in day order (see [`HistogramCache`]).
fn start_day_totals(state: &AppState) -> Vec<(NaiveDate, u32, u64)> {
    let mut days: Vec<(NaiveDate, u32, u64)> = Vec::new();
    // Date order: events of one start day are neighbours.
    for &i in state.catalog().by_date() {
        let (Some(interval), Some(event)) = (state.catalog().interval(i), state.catalog().events().get(i))
        else {
            continue;
        };
        if !state.is_shown(i) {
            continue;
        }
        let dead = u64::from(event.casualties.as_ref().map_or(0, |c| c.low));
        match days.last_mut() {
            Some(last) if last.0 == interval.start => {
                last.1 += 1;
                last.2 += dead;
            }
            _ => days.push((interval.start, 1, dead)),
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

fn paint_histogram(
    painter: &egui::Painter,
    state: &AppState,
    view: &TimelineView,
    rect: Rect,
    palette: &Palette,
    cache: &mut HistogramCache,
) {
    cache.update(state, view, rect, (palette.faded, painter.pixels_per_point()));
    if !cache.mesh.is_empty() {
        painter.add(egui::Shape::mesh(cache.mesh.clone()));
    }
}

/// Year ticks, or month ticks when zoomed in.
fn paint_axis(painter: &egui::Painter, view: &TimelineView, rect: Rect, color: Color32) {
    let days = view.days();
    let px_per_year = rect.width() as f64 / (days / 365.25);
    let year_step = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|s| px_per_year * f64::from(*s) >= 40.0)
        .unwrap_or(100);
    let months = px_per_year >= 12.0 * 28.0;
    let mut tick = NaiveDate::from_ymd_opt(view.start.year(), 1, 1).unwrap_or(view.start);
    while tick <= view.end {
        let x = view.x_for(rect, tick);
        if tick >= view.start {
            let (label, strong) = if tick.month() == 1 {
                (tick.year().to_string(), true)
            } else {
                (tick.format("%b").to_string(), false)
            };
            let h = if strong { 6.0 } else { 3.0 };
            painter.line_segment(
                [pos2(x, rect.top()), pos2(x, rect.top() + h)],
                Stroke::new(1.0, color),
            );
            painter.text(
                Pos2::new(x + 2.0, rect.top() + 2.0),
                Align2::LEFT_TOP,
                label,
                FontId::proportional(11.0),
                color.gamma_multiply(if strong { 1.0 } else { 0.7 }),
            );
        }
        tick = if months {
            tick.checked_add_months(chrono::Months::new(1))
        } else {
            NaiveDate::from_ymd_opt((tick.year().div_euclid(year_step) + 1) * year_step, 1, 1)
        }
        .unwrap_or(NaiveDate::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_totals_count_each_shown_event_once_on_its_start_day() {
        let atlas = crate::embedded::atlas().unwrap();
        let events = crate::embedded::article_events(&atlas).unwrap().items;
        let catalog = crate::model::Catalog::new(events, &atlas);
        let mut state = AppState::new(atlas, catalog, None);
        let days = start_day_totals(&state);
        assert!(
            days.windows(2).all(|w| w[0].0 < w[1].0),
            "one entry a day, in order"
        );
        let events = state.catalog().events();
        assert_eq!(days.iter().map(|d| d.1 as usize).sum::<usize>(), events.len());
        let lows: u64 = events
            .iter()
            .map(|e| u64::from(e.casualties.as_ref().map_or(0, |c| c.low)))
            .sum();
        assert_eq!(days.iter().map(|d| d.2).sum::<u64>(), lows);
        // Two events start on 7 Nov 2022 (Washington, the Kremlin).
        let nov7 = NaiveDate::from_ymd_opt(2022, 11, 7).unwrap();
        assert_eq!(days.iter().find(|d| d.0 == nov7).map(|d| d.1), Some(2));
        // Filtered out, not counted.
        state.set_filter(crate::model::EventFilter {
            text: "Kremlin".into(),
            ..Default::default()
        });
        assert_eq!(start_day_totals(&state), [(nov7, 1, 0)]);
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
