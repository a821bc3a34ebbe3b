//! The map's key (what each drawn colour means on this day) and the data's
//! credits, at the map's bottom left.

use super::base::LegendRow;
use crate::ui::style::Palette;
use egui::{Rect, Shape, Stroke};

/// The credits every map view carries (GeoNames asks for its credit wherever
/// its data is shown).
pub const CREDITS: &str = "Boundaries: Natural Earth · Places: GeoNames, geonames.org (CC-BY 4.0)";

/// Draws the key over the bottom left of `map_rect`; returns its rectangle
/// (chips and labels keep off it).
pub fn legend_ui(ui: &mut egui::Ui, map_rect: Rect, palette: &Palette, rows: &[LegendRow]) -> Rect {
    egui::Area::new(egui::Id::unique("map legend"))
        .fixed_pos(map_rect.left_bottom() + egui::vec2(8.0, -6.0))
        .pivot(egui::Align2::LEFT_BOTTOM)
        .constrain_to(map_rect)
        .order(egui::Order::Middle)
        .show(ui.ctx(), |ui| {
            egui::Frame::new()
                .fill(palette.halo)
                .corner_radius(4.0)
                .inner_margin(egui::Margin::symmetric(8, 5))
                .show(ui, |ui| {
                    ui.spacing_mut().item_spacing.y = 2.0;
                    for row in rows {
                        ui.horizontal(|ui| {
                            let (swatch, _) =
                                ui.allocate_exact_size(egui::vec2(16.0, 12.0), egui::Sense::hover());
                            let painter = ui.painter();
                            if row.line {
                                let y = swatch.center().y;
                                painter.extend(Shape::dashed_line(
                                    &[egui::pos2(swatch.left(), y), egui::pos2(swatch.right(), y)],
                                    Stroke::new(2.0, row.color),
                                    4.0,
                                    3.0,
                                ));
                            } else {
                                painter.rect_filled(swatch.shrink2(egui::vec2(0.0, 1.0)), 2.0, row.color);
                            }
                            ui.label(egui::RichText::new(&row.text).size(11.0).color(palette.text));
                        });
                    }
                    ui.label(
                        egui::RichText::new(CREDITS)
                            .size(10.0)
                            .color(palette.text.gamma_multiply(0.8)),
                    );
                });
        })
        .response
        .rect
}
