//! The track: the histogram of the days in view, one bar per event in lanes
//! (fuzzy where the date is uncertain), the date axis and the slider's
//! cursor. Drag to scrub, wheel to zoom, shift+wheel to pan.

use super::histogram::{DayTotal, HistogramCache, paint_histogram};
use super::view::TimelineView;
use crate::model::{Interval, Precision};
use crate::ui::command::Command;
use crate::ui::state::AppState;
use crate::ui::style::{Palette, event_color};
use egui::{Align2, Color32, FontId, Mesh, Pos2, Rect, Sense, Stroke, Ui, WidgetInfo, pos2, vec2};

const LANE_HEIGHT: f32 = 11.0;
const HISTOGRAM_HEIGHT: f32 = 26.0;
const AXIS_HEIGHT: f32 = 18.0;
/// Above this many events in view, the track shows only the histogram.
const MAX_BARS: usize = 400;
/// The track's least height: the histogram, three lanes and the axis.
pub const MIN_TRACK_HEIGHT: f32 = HISTOGRAM_HEIGHT + AXIS_HEIGHT + 3.0 * LANE_HEIGHT;

pub fn track_ui(
    ui: &mut Ui,
    state: &AppState,
    view: &mut TimelineView,
    (histogram, days): (&mut HistogramCache, &[DayTotal]),
    gutter: f32,
    commands: &mut Vec<Command>,
) {
    let height = ui.available_height().max(MIN_TRACK_HEIGHT);
    let free = ui.available_rect_before_wrap();
    let rect = Rect::from_min_max(
        pos2(free.left() + gutter, free.top()),
        pos2(free.right(), free.top() + height),
    );
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    let day_number = (state.day() - state.span().start).num_days() as f64;
    response.widget_info(|| WidgetInfo::slider(true, day_number, "Date"));
    super::wheel_ui(ui, &response, rect, view, state);

    let palette = Palette::new(ui.visuals().dark_mode);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let hist_rect = Rect::from_min_size(rect.min, vec2(rect.width(), HISTOGRAM_HEIGHT));
    let axis_rect = Rect::from_min_max(pos2(rect.left(), rect.bottom() - AXIS_HEIGHT), rect.max);
    let lanes_rect = Rect::from_min_max(
        pos2(rect.left(), hist_rect.bottom() + 2.0),
        pos2(rect.right(), axis_rect.top() - 2.0),
    );

    paint_histogram(&painter, (state, days), view, hist_rect, &palette, histogram);
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
        let event = state.catalog().event(i);
        response.on_hover_ui_at_pointer(|ui| {
            ui.strong(event.title());
            ui.label(crate::ui::style::readable(ui, &event.time().text()));
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
        let event = state.catalog().event(i);
        let interval = event.time().interval();
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
            fuzzy: event.time().is_approximate() || event.time().precision() != Precision::Day,
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

/// The date ticks along the bottom of the track.
fn paint_axis(painter: &egui::Painter, view: &TimelineView, rect: Rect, color: Color32) {
    for tick in super::axis::ticks(view, rect.width()) {
        let x = view.x_for(rect, tick.day);
        let h = if tick.major { 6.0 } else { 3.0 };
        painter.line_segment(
            [pos2(x, rect.top()), pos2(x, rect.top() + h)],
            Stroke::new(1.0, color),
        );
        painter.text(
            Pos2::new(x + 2.0, rect.top() + 2.0),
            Align2::LEFT_TOP,
            tick.label,
            FontId::proportional(11.0),
            color.gamma_multiply(if tick.major { 1.0 } else { 0.7 }),
        );
    }
}
