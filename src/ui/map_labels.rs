//! Text on the map with a halo, placed so that labels do not overlap.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Vec2, vec2};

/// Labels placed so far this frame.
#[derive(Default)]
pub struct LabelPlacer {
    taken: Vec<Rect>,
}

impl LabelPlacer {
    /// Marks an area (e.g. a marker) as taken.
    pub fn reserve(&mut self, rect: Rect) {
        self.taken.push(rect);
    }

    /// Draws `text` centred on `pos` whether or not it overlaps (for names
    /// that must show), and reserves its box.
    pub fn force(
        &mut self,
        painter: &Painter,
        pos: Pos2,
        text: &str,
        font: FontId,
        color: Color32,
        halo: Color32,
    ) {
        let rect = draw(painter, pos, Align2::CENTER_CENTER, text, font, color, halo);
        self.taken.push(rect);
    }

    /// Draws `text` beside a point of radius `gap`: right, left, above or
    /// below, the first that is free; nothing if none is. Returns whether it drew.
    #[expect(clippy::too_many_arguments, reason = "a drawing call with its style")]
    pub fn beside(
        &mut self,
        painter: &Painter,
        pos: Pos2,
        gap: f32,
        text: &str,
        font: FontId,
        color: Color32,
        halo: Color32,
    ) -> bool {
        let galley = painter.layout_no_wrap(text.to_string(), font.clone(), color);
        let size = galley.size() + vec2(4.0, 2.0);
        // Right, left, above, below; then the diagonals; then farther out.
        let mut candidates = Vec::with_capacity(16);
        for extra in [0.0, 12.0] {
            let g = gap + 2.0 + extra;
            candidates.extend([
                (pos + vec2(g, 0.0), Align2::LEFT_CENTER),
                (pos - vec2(g, 0.0), Align2::RIGHT_CENTER),
                (pos - vec2(0.0, g), Align2::CENTER_BOTTOM),
                (pos + vec2(0.0, g), Align2::CENTER_TOP),
                (pos + vec2(g, -g) * 0.75, Align2::LEFT_BOTTOM),
                (pos + vec2(g, g) * 0.75, Align2::LEFT_TOP),
                (pos + vec2(-g, -g) * 0.75, Align2::RIGHT_BOTTOM),
                (pos + vec2(-g, g) * 0.75, Align2::RIGHT_TOP),
            ]);
        }
        let clip = painter.clip_rect();
        for (anchor, align) in candidates {
            let rect = align.anchor_size(anchor, size);
            if clip.contains_rect(rect) && !self.taken.iter().any(|t| t.intersects(rect)) {
                draw(painter, anchor, align, text, font, color, halo);
                self.taken.push(rect);
                return true;
            }
        }
        false
    }
}

fn draw(
    painter: &Painter,
    anchor: Pos2,
    align: Align2,
    text: &str,
    font: FontId,
    color: Color32,
    halo: Color32,
) -> Rect {
    let galley = painter.layout_no_wrap(text.to_string(), font, color);
    let rect = align.anchor_size(anchor, galley.size() + Vec2::new(4.0, 2.0));
    painter.rect_filled(rect, 3.0, halo);
    painter.galley(rect.min + vec2(2.0, 1.0), galley, color);
    rect
}
