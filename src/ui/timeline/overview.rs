//! The overview strip: every date of the data, its histogram, and a lens
//! over the days the track shows. Click or drag on it to move the lens there.

use super::histogram::{DayTotal, HistogramCache, paint_histogram};
use super::view::TimelineView;
use crate::ui::state::AppState;
use crate::ui::style::Palette;
use egui::{Rect, Role, Sense, Stroke, StrokeKind, Ui, WidgetInfo, pos2, vec2};

/// The strip's height, in points.
pub const OVERVIEW_HEIGHT: f32 = 22.0;

/// Draws the strip over `rect`'s width from `left`; moves `view` when clicked or dragged.
pub fn overview_ui(
    ui: &mut Ui,
    state: &AppState,
    view: &mut TimelineView,
    (histogram, days): (&mut HistogramCache, &[DayTotal]),
    gutter: f32,
) {
    let free = ui.available_rect_before_wrap();
    let full = Rect::from_min_size(free.min, vec2(free.width(), OVERVIEW_HEIGHT));
    let rect = Rect::from_min_max(pos2(full.left() + gutter, full.top()), full.max);
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    response.widget_info(|| WidgetInfo::labeled(Role::ScrollBar, true, "All dates"));
    let limits = TimelineView::around(state.span());
    if (response.clicked() || response.dragged())
        && let Some(p) = response.interact_pointer_pos()
    {
        view.center_on(limits.day_at(rect, p.x), limits);
    }
    response.on_hover_text("Every date of the data: click or drag to show that stretch below");

    let palette = Palette::new(ui.visuals().dark_mode);
    let painter = ui.painter_at(full);
    if gutter > 30.0 {
        painter.text(
            pos2(full.left() + 2.0, full.center().y),
            egui::Align2::LEFT_CENTER,
            "All",
            egui::FontId::proportional(11.0),
            ui.visuals().weak_text_color(),
        );
    }
    painter.rect_filled(rect, 3.0, ui.visuals().extreme_bg_color);
    paint_histogram(
        &painter,
        (state, days),
        &limits,
        rect.shrink2(vec2(0.0, 2.0)),
        &palette,
        histogram,
    );
    // The lens: the track's days.
    let lens = Rect::from_min_max(
        pos2(limits.x_for(rect, view.start), rect.top()),
        pos2(
            limits
                .x_for(rect, view.end)
                .max(limits.x_for(rect, view.start) + 3.0),
            rect.bottom(),
        ),
    );
    let selection = ui.visuals().selection.bg_fill;
    painter.rect_filled(lens, 2.0, selection.gamma_multiply(0.25));
    painter.rect_stroke(lens, 2.0, Stroke::new(1.5, selection), StrokeKind::Inside);
    let x = limits.x_for(rect, state.day());
    painter.line_segment(
        [pos2(x, rect.top()), pos2(x, rect.bottom())],
        Stroke::new(1.5, selection),
    );
    // Where the strip begins and ends, in years.
    let weak = ui.visuals().weak_text_color();
    let font = egui::FontId::proportional(10.0);
    painter.text(
        rect.left_center() + vec2(3.0, 0.0),
        egui::Align2::LEFT_CENTER,
        limits.start.format("%Y").to_string(),
        font.clone(),
        weak,
    );
    painter.text(
        rect.right_center() - vec2(3.0, 0.0),
        egui::Align2::RIGHT_CENTER,
        limits.end.format("%Y").to_string(),
        font,
        weak,
    );
}
