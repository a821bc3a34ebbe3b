//! One frame of an animation: the date large over the data's title and
//! source, the map as the window shows it (its active events, their casualty
//! annotations, the legend with the map data's credits), and a thin strip of
//! the rendered span with the day on it.

use crate::model::{FuzzyDate, Interval};
use crate::ui::map::MapPanel;
use crate::ui::state::AppState;
use crate::ui::timeline::TimelineView;
use crate::ui::timeline::axis::ticks;
use egui::{Align2, Color32, FontId, Rect, Stroke, Ui, pos2, vec2};

/// The strip's height, in points.
const STRIP_HEIGHT: f32 = 30.0;

/// Lays out the frame in all of `ui`: the header, the time strip, the map
/// between them (fitted to what is left, so nothing covers its subject).
/// `span` is the animation's whole range, shown by the strip.
pub fn frame_ui(ui: &mut Ui, state: &AppState, map: &mut MapPanel, title: &str, span: Interval) {
    let scale = (ui.max_rect().height() / 540.0).clamp(0.5, 2.0);
    egui::Panel::top("date and title")
        .frame(
            egui::Frame::NONE
                .fill(Color32::from_gray(18))
                .inner_margin(8.0 * scale),
        )
        .show(ui, |ui| header_ui(ui, state, title, scale));
    egui::Panel::bottom("time strip")
        .exact_size(STRIP_HEIGHT)
        .show(ui, |ui| strip_ui(ui, state, span));
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| {
            // A frame takes no input: what the map asks for is dropped.
            let mut ignored = Vec::new();
            map.ui(ui, state, &mut ignored);
        });
}

/// The date, large, then the data's title and what the map shows.
fn header_ui(ui: &mut Ui, state: &AppState, title: &str, scale: f32) {
    let mode = if state.cumulative() {
        "every event up to the day; older ones fainter"
    } else {
        "events under way on the day"
    };
    ui.horizontal(|ui| {
        let day = FuzzyDate::day(state.day()).human();
        ui.label(
            egui::RichText::new(day)
                .font(FontId::proportional(34.0 * scale))
                .color(Color32::WHITE),
        );
        ui.add_space(12.0 * scale);
        ui.vertical(|ui| {
            ui.spacing_mut().item_spacing.y = 1.0;
            let small = |size: f32| FontId::proportional((size * scale).max(10.0));
            ui.add(
                egui::Label::new(
                    egui::RichText::new(title)
                        .font(small(15.0))
                        .color(Color32::from_gray(230)),
                )
                .wrap(),
            );
            ui.label(
                egui::RichText::new(mode)
                    .font(small(12.0))
                    .color(Color32::from_gray(180)),
            );
        });
    });
}

/// The animation's span with the time gone by filled, the events' starts
/// as ticks, and the day.
fn strip_ui(ui: &mut Ui, state: &AppState, span: Interval) {
    let rect = ui.available_rect_before_wrap().shrink2(vec2(12.0, 4.0));
    let painter = ui.painter();
    let view = TimelineView::around(span);
    let faint = ui.visuals().weak_text_color();
    let bar = Rect::from_min_max(
        pos2(rect.left(), rect.top() + 2.0),
        pos2(rect.right(), rect.top() + 8.0),
    );
    painter.rect_filled(bar, 2.0, ui.visuals().extreme_bg_color);
    let gone_by = Rect::from_x_y_ranges(
        view.x_for(bar, span.start)..=view.x_for(bar, state.day()),
        bar.y_range(),
    );
    painter.rect_filled(gone_by, 2.0, ui.visuals().selection.bg_fill.gamma_multiply(0.35));
    let catalog = state.catalog();
    for i in state.listed().iter().map(|&i| i as usize) {
        if let Some(iv) = catalog
            .interval(i)
            .filter(|iv| view.interval().contains(iv.start))
        {
            let x = view.x_for(bar, iv.start);
            let color = if state.is_active(i) {
                Color32::from_rgb(230, 110, 20)
            } else {
                faint
            };
            painter.line_segment(
                [pos2(x, bar.top()), pos2(x, bar.bottom())],
                Stroke::new(1.0, color),
            );
        }
    }
    for tick in ticks(&view, rect.width()) {
        let x = view.x_for(rect, tick.day);
        if tick.major {
            painter.text(
                pos2(x, bar.bottom() + 2.0),
                Align2::CENTER_TOP,
                tick.label,
                FontId::proportional(10.0),
                faint,
            );
        }
    }
    let x = view.x_for(bar, state.day());
    let cursor = ui.visuals().selection.bg_fill;
    painter.line_segment(
        [pos2(x, bar.top() - 2.0), pos2(x, bar.bottom() + 2.0)],
        Stroke::new(2.5, cursor),
    );
    painter.circle_filled(pos2(x, bar.center().y), 4.0, cursor);
}
