//! Text on the map, placed so that no two labels overlap and none covers a
//! marker, a chip or an overlay. Labels are placed in order of priority;
//! what finds no free spot is not drawn (zooming in makes room).

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Vec2, vec2};

/// How important a label is: lower places first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// The selected (or hovered) event's annotation.
    Selected,
    /// Active events' casualty annotations.
    Annotation,
    /// Region names (countries, disputed territories).
    Region,
    /// Towns, by population.
    Town,
}

/// Where a label may go.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Anchor {
    /// Centred on the point, or nudged a little off it.
    Center(Pos2),
    /// Beside a point drawn with radius `gap` (a marker, a town's dot).
    Beside { point: Pos2, gap: f32 },
}

/// A label to place: its box's size, where it may go, how important it is.
#[derive(Clone, Copy, Debug)]
pub struct LabelSpec {
    pub anchor: Anchor,
    pub size: Vec2,
    pub priority: Priority,
    /// A mark that shows with the label and only with it (a town's dot):
    /// it too must be free, and is kept clear once placed.
    pub mark: Option<Rect>,
}

/// Places the labels in order of priority (ties in the given order), each at
/// its first free spot inside `clip`: clear of `obstacles` and of the labels
/// placed before it. Returns each label's box, or `None` where none was free.
pub fn place_labels(specs: &[LabelSpec], obstacles: &[Rect], clip: Rect) -> Vec<Option<Rect>> {
    let mut order: Vec<usize> = (0..specs.len()).collect();
    order.sort_by_key(|&k| specs[k].priority);
    let mut taken = Taken::new(clip);
    for r in obstacles {
        taken.push(*r);
    }
    let mut placed = vec![None; specs.len()];
    for k in order {
        let spec = specs[k];
        // Towns keep a little air around their names: a map of towns
        // packed edge to edge does not read.
        let air = if spec.priority == Priority::Town { 3.0 } else { 0.0 };
        // A mark may be reserved already (see `Dot::reserved`): by itself.
        if spec.mark.is_some_and(|m| taken.hits(m, Some(m))) {
            continue;
        }
        let spot = candidates(spec.anchor, spec.size)
            .into_iter()
            .find(|r| clip.contains_rect(*r) && !taken.hits(r.expand(air), None));
        if let Some(rect) = spot {
            taken.push(rect);
            if let Some(m) = spec.mark {
                taken.push(m);
            }
            placed[k] = Some(rect);
        }
    }
    placed
}

/// The boxes taken so far, in a grid of cells: a box is tested against
/// the few boxes of the cells it touches, not all the map's.
struct Taken {
    origin: Pos2,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<Rect>>,
}

/// The side of a cell of [`Taken`], in points.
const TAKEN_CELL: f32 = 48.0;

impl Taken {
    fn new(area: Rect) -> Self {
        let cols = ((area.width() / TAKEN_CELL).ceil() as usize).clamp(1, 256);
        let rows = ((area.height() / TAKEN_CELL).ceil() as usize).clamp(1, 256);
        Self {
            origin: area.min,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        }
    }

    /// The cells a box touches (clamped to the grid: outside boxes land on its edge).
    fn cells_of(&self, r: Rect) -> impl Iterator<Item = usize> + '_ {
        let cell = |v: f32, o: f32, n: usize| (((v - o) / TAKEN_CELL).floor().max(0.0) as usize).min(n - 1);
        let (c0, c1) = (
            cell(r.min.x, self.origin.x, self.cols),
            cell(r.max.x, self.origin.x, self.cols),
        );
        let (r0, r1) = (
            cell(r.min.y, self.origin.y, self.rows),
            cell(r.max.y, self.origin.y, self.rows),
        );
        (r0..=r1).flat_map(move |row| (c0..=c1).map(move |col| row * self.cols + col))
    }

    fn push(&mut self, r: Rect) {
        let cells: Vec<usize> = self.cells_of(r).collect();
        for c in cells {
            if let Some(cell) = self.cells.get_mut(c) {
                cell.push(r);
            }
        }
    }

    /// Whether `r` overlaps a box taken (other than `except`).
    fn hits(&self, r: Rect, except: Option<Rect>) -> bool {
        self.cells_of(r).any(|c| {
            self.cells
                .get(c)
                .is_some_and(|cell| cell.iter().any(|t| Some(*t) != except && t.intersects(r)))
        })
    }
}

/// The boxes a label may take, best first.
fn candidates(anchor: Anchor, size: Vec2) -> Vec<Rect> {
    match anchor {
        Anchor::Center(at) => {
            // On the point, then nudged ever farther: up and down first (a
            // name reads as belonging to what is just above or below it).
            let (dx, dy) = (size.x * 0.6, size.y + 2.0);
            let mut offsets = vec![vec2(0.0, 0.0)];
            for ring in 1..=3 {
                let r = ring as f32;
                offsets.extend([
                    vec2(0.0, -r * dy),
                    vec2(0.0, r * dy),
                    vec2(-r * dx, 0.0),
                    vec2(r * dx, 0.0),
                    vec2(-r * dx, -r * dy),
                    vec2(r * dx, -r * dy),
                    vec2(-r * dx, r * dy),
                    vec2(r * dx, r * dy),
                ]);
            }
            offsets
                .into_iter()
                .map(|d| Rect::from_center_size(at + d, size))
                .collect()
        }
        Anchor::Beside { point, gap } => {
            // Right, left, above, below; then the diagonals; then farther out.
            let mut boxes = Vec::with_capacity(24);
            for extra in [0.0, 12.0, 28.0] {
                let g = gap + 2.0 + extra;
                boxes.extend(
                    [
                        (point + vec2(g, 0.0), Align2::LEFT_CENTER),
                        (point - vec2(g, 0.0), Align2::RIGHT_CENTER),
                        (point - vec2(0.0, g), Align2::CENTER_BOTTOM),
                        (point + vec2(0.0, g), Align2::CENTER_TOP),
                        (point + vec2(g, -g) * 0.75, Align2::LEFT_BOTTOM),
                        (point + vec2(g, g) * 0.75, Align2::LEFT_TOP),
                        (point + vec2(-g, -g) * 0.75, Align2::RIGHT_BOTTOM),
                        (point + vec2(-g, g) * 0.75, Align2::RIGHT_TOP),
                    ]
                    .map(|(at, align)| align.anchor_size(at, size)),
                );
            }
            boxes
        }
    }
}

/// A dot drawn with its label (a town).
#[derive(Clone, Copy, Debug)]
pub struct Dot {
    pub center: Pos2,
    pub radius: f32,
    pub fill: Color32,
    pub stroke: egui::Stroke,
    /// Kept clear of labels placed before its own (a capital: a region's
    /// name moves aside rather than hide it).
    pub reserved: bool,
}

impl Dot {
    /// The box the dot takes.
    pub fn rect(&self) -> Rect {
        Rect::from_center_size(self.center, Vec2::splat(2.0 * self.radius + 2.0))
    }
}

/// A label's text and look.
#[derive(Clone, Debug)]
pub struct MapLabel {
    pub text: String,
    pub font: FontId,
    pub color: Color32,
    pub halo: Color32,
    pub anchor: Anchor,
    pub priority: Priority,
    /// Drawn with the label, if it is placed.
    pub dot: Option<Dot>,
}

/// Padding around a label's text inside its halo.
const PAD: Vec2 = vec2(4.0, 2.0);

/// Lays the labels out, places them (see [`place_labels`]) and draws those
/// that found room, with a halo. Returns the texts and boxes drawn.
pub fn paint_labels(painter: &Painter, labels: &[MapLabel], obstacles: &[Rect]) -> Vec<(String, Rect)> {
    let galleys: Vec<_> = labels
        .iter()
        .map(|l| painter.layout_no_wrap(drawable(painter, &l.text, &l.font), l.font.clone(), l.color))
        .collect();
    let specs: Vec<LabelSpec> = labels
        .iter()
        .zip(&galleys)
        .map(|(l, g)| LabelSpec {
            anchor: l.anchor,
            size: g.size() + PAD,
            priority: l.priority,
            mark: l.dot.map(|d| d.rect()),
        })
        .collect();
    let reserved = labels
        .iter()
        .filter_map(|l| l.dot.filter(|d| d.reserved))
        .map(|d| d.rect());
    let obstacles: Vec<Rect> = obstacles.iter().copied().chain(reserved).collect();
    let placed = place_labels(&specs, &obstacles, painter.clip_rect());
    let mut drawn = Vec::new();
    for ((label, galley), rect) in labels.iter().zip(galleys).zip(placed) {
        if let Some(rect) = rect {
            if let Some(dot) = label.dot {
                painter.circle(dot.center, dot.radius, dot.fill, dot.stroke);
            }
            painter.rect_filled(rect, 3.0, label.halo);
            drawn.push((galley.text().to_string(), rect));
            painter.galley(rect.min + PAD / 2.0, galley, label.color);
        }
    }
    drawn
}

/// `text`, or its letters without diacritics (other scripts transliterated)
/// where the fonts cannot draw it all: a place's name from anywhere in the
/// world should read, not show boxes.
fn drawable(painter: &Painter, text: &str, font: &FontId) -> String {
    crate::ui::style::drawable(painter.ctx(), text, font).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn spec(anchor: Anchor, priority: Priority) -> LabelSpec {
        LabelSpec {
            anchor,
            size: vec2(60.0, 14.0),
            priority,
            mark: None,
        }
    }

    /// A crowded corner: a marker, and more labels around one point than fit.
    #[test]
    fn crowded_labels_never_overlap_and_the_important_ones_win() {
        let clip = Rect::from_min_size(Pos2::ZERO, vec2(300.0, 200.0));
        let at = pos2(150.0, 100.0);
        let marker = Rect::from_center_size(at, vec2(16.0, 16.0));
        let mut specs = Vec::new();
        // Forty towns first in the list: the list order must not decide.
        for k in 0..40 {
            let p = at + vec2((k % 7) as f32 * 3.0, (k / 7) as f32 * 3.0);
            specs.push(spec(Anchor::Beside { point: p, gap: 3.0 }, Priority::Town));
        }
        specs.push(spec(Anchor::Center(at), Priority::Region));
        specs.push(spec(Anchor::Beside { point: at, gap: 8.0 }, Priority::Annotation));
        specs.push(spec(Anchor::Beside { point: at, gap: 8.0 }, Priority::Selected));
        let placed = place_labels(&specs, &[marker], clip);
        let boxes: Vec<Rect> = placed.iter().flatten().copied().collect();
        for (k, a) in boxes.iter().enumerate() {
            assert!(!a.intersects(marker), "a label on the marker: {a:?}");
            assert!(clip.contains_rect(*a));
            for b in &boxes[k + 1..] {
                assert!(!a.intersects(*b), "{a:?} overlaps {b:?}");
            }
        }
        let n = specs.len();
        assert!(placed[n - 1].is_some(), "the selected event's annotation");
        assert!(placed[n - 2].is_some(), "the active event's annotation");
        assert!(
            placed[n - 3].is_some(),
            "the region's name, nudged off the marker"
        );
        let towns = placed[..40].iter().flatten().count();
        assert!(
            towns > 0 && towns < 40,
            "some towns fit, the rest are hidden: {towns}"
        );
    }

    #[test]
    fn a_centred_label_stays_on_its_point_when_free() {
        let clip = Rect::from_min_size(Pos2::ZERO, vec2(300.0, 200.0));
        let placed = place_labels(
            &[spec(Anchor::Center(pos2(100.0, 100.0)), Priority::Region)],
            &[],
            clip,
        );
        assert_eq!(placed[0].map(|r| r.center()), Some(pos2(100.0, 100.0)));
    }
}
