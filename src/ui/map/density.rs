//! Many events on the map: past a few hundred, events are counted into
//! screen-space cells instead of drawn one by one. The counting is cached
//! and redone only when the view, the events or the filter change, so
//! scrubbing the slider costs nothing here.

use super::places::Places;
use super::projector::Projector;
use super::raster::{BaseLayer, Disc};
use super::sprites::DiscSprites;
use super::trays::{TrayChip, chips};
use crate::model::catalog::ExactLen;
use crate::ui::state::AppState;
use crate::ui::style::Palette;
use egui::epaint::Mesh;
use egui::{Align2, Color32, Context, FontId, Painter, Pos2, Rect, Shape, Stroke, pos2};
use std::sync::Arc;

/// Above this many events, the map draws counted cells, not a marker each.
pub const MAX_MARKERS: usize = 300;
/// The side of a cell, in points.
pub const CELL: f32 = 22.0;

/// One cell's events.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cell {
    /// Mean position of its events on screen.
    pub pos: Pos2,
    pub count: u32,
    /// Sum of the lower casualty bounds.
    pub deaths: u64,
}

/// What the cells and chips were made for.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    generation: u64,
    /// The view (centre, scale and screen rectangle).
    projector: Projector,
    pixels_per_point: f32,
    fill: Color32,
    /// Where the chips must not go.
    obstacles: Vec<Rect>,
}

/// Cells and trays for the current view, kept between frames.
#[derive(Default)]
pub struct DensityCache {
    key: Option<Key>,
    /// The shown events gathered by place for the trays, once per
    /// generation: it does not depend on the view.
    places: Places,
    gathered_for: Option<u64>,
    cells: Vec<Cell>,
    discs: Vec<Disc>,
    /// How many times the cells were counted: tells one set from another.
    counted: u64,
    chips: Vec<TrayChip>,
    /// The cells as disc sprites, built once per view: a thousand circles
    /// are neither tessellated nor copied in bulk every frame.
    background: Arc<Mesh>,
    sprites: Option<DiscSprites>,
}

impl DensityCache {
    /// Recounts if the view, events or filter changed since the last call.
    pub fn update(
        &mut self,
        state: &AppState,
        p: &Projector,
        obstacles: &[Rect],
        (ctx, palette): (&Context, &Palette),
    ) {
        let pixels_per_point = ctx.pixels_per_point();
        let key = Key {
            generation: state.generation(),
            projector: *p,
            pixels_per_point,
            fill: background_fill(palette),
            obstacles: obstacles.to_vec(),
        };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.counted += 1;
        if self.gathered_for != Some(state.generation()) {
            self.gather(state);
        }
        self.cells = count_shown(state, p);
        self.discs = self
            .cells
            .iter()
            .map(|c| Disc {
                center: c.pos,
                radius: cell_radius(c.count),
            })
            .collect();
        self.chips = chips(p, (state.catalog(), &state.atlas), &self.places, obstacles);
        let sprites = self.sprites.get_or_insert_with(|| DiscSprites::new(ctx));
        let mut mesh = sprites.mesh();
        for disc in &self.discs {
            sprites.add(&mut mesh, disc.center, disc.radius, pixels_per_point, key.fill);
        }
        self.background = Arc::new(mesh);
        self.key = Some(key);
    }

    fn gather(&mut self, state: &AppState) {
        let catalog = state.catalog();
        // In the order they are stored: their texts are read in that order.
        let shown = (0..catalog.len()).filter(|&i| state.is_shown(i));
        // Told how many: the places are given room for that many, not for
        // the whole catalog a filter leaves a few of.
        let shown = ExactLen::new(shown, state.shown_count());
        // The old places go first: at ten million events both would not fit.
        self.places = Places::default();
        self.places = Places::new(catalog, &state.atlas, shown);
        self.gathered_for = Some(state.generation());
    }

    /// Whether cells were counted for some view yet.
    pub fn has_counted(&self) -> bool {
        self.key.is_some()
    }

    /// The cells of the view last counted.
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// The chips of the view last counted.
    pub fn chips(&self) -> &[TrayChip] {
        &self.chips
    }

    /// Makes the disc sprites the map's markers and cells are drawn with, once.
    pub fn load_sprites(&mut self, ctx: &Context) {
        self.sprites.get_or_insert_with(|| DiscSprites::new(ctx));
    }

    /// The disc sprites, once [`Self::load_sprites`] or [`Self::update`] made them.
    pub fn sprites(&self) -> Option<&DiscSprites> {
        self.sprites.as_ref()
    }

    /// The cells of every shown event as a base-map layer (see [`Self::update`]).
    pub fn background_layer(&self) -> Option<BaseLayer<'_>> {
        let key = self.key.as_ref()?;
        Some(BaseLayer::Discs {
            discs: &self.discs,
            mesh: &self.background,
            color: key.fill,
            version: self.counted,
            placed_for: key.projector,
        })
    }

    /// Counts `positions` (e.g. the active events) into cells for this frame.
    pub fn count(&self, state: &AppState, positions: &[usize], p: &Projector) -> Vec<Cell> {
        let catalog = state.catalog();
        let world = catalog.world_points();
        let points = positions.iter().filter_map(|&i| {
            let w = *world.get(i)?;
            let low = catalog.get(i).and_then(|e| e.casualties()).map_or(0, |c| c.low);
            (!w[0].is_nan()).then_some((w, low))
        });
        count_cells(points, p)
    }
}

/// Counts every shown event with a point into screen cells (the casualties
/// are not summed: these cells are drawn without them). The anchors are
/// read where the catalog keeps them, 8 bytes an event, not copied.
fn count_shown(state: &AppState, p: &Projector) -> Vec<Cell> {
    let world = state.catalog().world_points();
    let points = world
        .iter()
        .enumerate()
        .filter(|&(i, w)| !w[0].is_nan() && state.is_shown(i))
        .map(|(_, &w)| (w, 0));
    count_cells(points, p)
}

/// Counts `points` (position, casualties' lower bound) into screen cells.
fn count_cells(points: impl Iterator<Item = ([f32; 2], u32)>, p: &Projector) -> Vec<Cell> {
    let screen = p.screen();
    let cols = (screen.width() / CELL).ceil().max(1.0) as usize;
    let rows = (screen.height() / CELL).ceil().max(1.0) as usize;
    let mut grid = vec![(0u32, 0u64, 0f32, 0f32); cols * rows];
    for (w, low) in points {
        let at = p.world_to_screen(w);
        if !screen.contains(at) {
            continue;
        }
        let cx = (((at.x - screen.left()) / CELL) as usize).min(cols - 1);
        let cy = (((at.y - screen.top()) / CELL) as usize).min(rows - 1);
        let cell = &mut grid[cy * cols + cx];
        cell.0 += 1;
        cell.1 += u64::from(low);
        cell.2 += at.x;
        cell.3 += at.y;
    }
    grid.into_iter()
        .filter(|c| c.0 > 0)
        .map(|(count, deaths, sx, sy)| Cell {
            pos: pos2(sx / count as f32, sy / count as f32),
            count,
            deaths,
        })
        .collect()
}

/// The radius a cell of `count` events is drawn with.
pub fn cell_radius(count: u32) -> f32 {
    // At most half a cell: neighbouring cells touch but do not cover each other.
    (3.0 + 2.2 * (count as f32).log2()).min(CELL * 0.5)
}

/// Where events are at other times: quiet (no outline, no count) so the map
/// and the active events read through it.
fn background_fill(palette: &Palette) -> Color32 {
    palette.faded.gamma_multiply(0.45)
}

/// Draws the cells of the events active now, with their counts: each a disc
/// sprite on a slightly larger halo sprite, two quads where a tessellated
/// circle and its outline are some hundred triangles (a software rasteriser
/// pays for each).
pub fn paint_active_cells(painter: &Painter, sprites: &DiscSprites, cells: &[Cell], palette: &Palette) {
    let fill = Color32::from_rgb(230, 110, 20);
    let pixels_per_point = painter.ctx().pixels_per_point();
    let mut mesh = sprites.mesh();
    for cell in cells {
        let style = (fill, Stroke::new(1.0, palette.halo));
        sprites.add_outlined(
            &mut mesh,
            cell.pos,
            cell_radius(cell.count),
            pixels_per_point,
            style,
        );
    }
    painter.add(Shape::mesh(mesh));
    // A cell is drawn at its events' mean, so the cells around a hot spot
    // crowd together: the busiest keep their labels, the others go without.
    let mut labels: Vec<(u32, std::sync::Arc<egui::Galley>, Rect)> = cells
        .iter()
        .filter(|c| cell_radius(c.count) >= 10.0)
        .map(|c| {
            let galley =
                painter.layout_no_wrap(cell_label(c.count), FontId::proportional(10.0), palette.text);
            let rect = Align2::CENTER_CENTER.anchor_size(c.pos, galley.size());
            (c.count, galley, rect)
        })
        .collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.0));
    let kept = clear_of_each_other(labels.iter().map(|l| l.2));
    for (k, (_, galley, rect)) in labels.into_iter().enumerate() {
        if kept.get(k) == Some(&true) {
            painter.galley(rect.min, galley, palette.text);
        }
    }
}

/// Which of the `boxes` (the most important first) are kept: each one that
/// does not come within a point of one kept before it. Kept boxes are filed
/// by a coarse grid, so a box is tested only against those near it (a full
/// screen of cells is thousands of labels, every frame).
fn clear_of_each_other(boxes: impl Iterator<Item = Rect>) -> Vec<bool> {
    const BUCKET: f32 = 32.0;
    let mut placed: foldhash::HashMap<(i32, i32), Vec<Rect>> = foldhash::HashMap::default();
    let buckets = |r: Rect| {
        let k = |v: f32| (v / BUCKET).floor() as i32;
        let r = r.expand(1.0);
        (k(r.min.x)..=k(r.max.x)).flat_map(move |x| (k(r.min.y)..=k(r.max.y)).map(move |y| (x, y)))
    };
    boxes
        .map(|b| {
            let near = |key| {
                placed
                    .get(&key)
                    .is_some_and(|kept: &Vec<Rect>| kept.iter().any(|p| p.expand(1.0).intersects(b)))
            };
            let free = !buckets(b).any(near);
            if free {
                for key in buckets(b) {
                    placed.entry(key).or_default().push(b);
                }
            }
            free
        })
        .collect()
}

/// A cell's count as drawn on it: at most three digits and a point, so
/// that the labels of neighbouring cells, a cell apart, do not run into
/// each other ("1351" beside "5071" read as one number). Rounded down: a
/// label never claims more events than the cell has.
pub fn cell_label(count: u32) -> String {
    match count {
        0..1_000 => count.to_string(),
        1_000..10_000 => format!("{}.{}k", count / 1000, count % 1000 / 100),
        10_000..1_000_000 => format!("{}k", count / 1000),
        1_000_000..10_000_000 => format!("{}.{}M", count / 1_000_000, count % 1_000_000 / 100_000),
        _ => format!("{}M", count / 1_000_000),
    }
}

/// The cell under `pos`, if any.
pub fn cell_at(cells: &[Cell], pos: Pos2) -> Option<&Cell> {
    cells
        .iter()
        .filter(|c| c.pos.distance(pos) <= cell_radius(c.count) + 2.0)
        .min_by(|a, b| a.pos.distance(pos).total_cmp(&b.pos.distance(pos)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Catalog;

    /// Events at a far place, in the file out of date order, and one on the map.
    fn state() -> AppState {
        let atlas = crate::embedded::atlas().unwrap();
        let feature = |id: &str, lon: f64, lat: f64, start: &str| {
            format!(
                r#"{{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [{lon}, {lat}]}},
                  "properties": {{"id": "{id}", "title": "{id}", "start": "{start}", "location": {{"place": "Washington"}}}}}}"#
            )
        };
        let features = [
            feature("late", -77.0, 38.9, "2022-11-07"),
            feature("early", -77.0, 38.9, "2020-01-01"),
            feature("on the map", 45.5, 40.0, "2021-01-01"),
            feature("middle", -77.0, 38.9, "2021-06-01"),
        ];
        let text = format!(
            r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
            features.join(",")
        );
        let events = crate::io::event_geojson::parse_events("far.geojson", &text, &atlas)
            .unwrap()
            .items;
        AppState::new(atlas.clone(), Catalog::new(events, &atlas), None)
    }

    fn projector(lon: f64, points_per_deg: f64) -> Projector {
        let view = crate::ui::map::projector::MapView {
            center_lon: lon,
            center_lat: 40.0,
            points_per_deg,
        };
        Projector::new(
            &view,
            egui::Rect::from_min_size(Pos2::ZERO, egui::vec2(900.0, 600.0)),
        )
    }

    #[test]
    fn events_out_of_view_go_to_a_chip_in_date_order() {
        let state = state();
        let palette = Palette::new(true);
        let ctx = Context::default();
        let mut density = DensityCache::default();
        let mut chips_at = |p: Projector| {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                density.update(&state, &p, &[], (ui.ctx(), &palette));
            });
            output.textures_delta.clear();
            density.chips().to_vec()
        };
        let chips = chips_at(projector(45.5, 100.0));
        assert_eq!(chips.len(), 1);
        assert_eq!(chips[0].place, "Washington");
        let titles: Vec<&str> = chips[0]
            .events
            .iter()
            .map(|&i| state.catalog().event(i as usize).title())
            .collect();
        assert_eq!(titles, ["early", "middle", "late"]);
        // The whole world in view: nothing is out of it.
        assert!(chips_at(projector(0.0, 2.0)).is_empty());
    }

    #[test]
    fn crowded_labels_give_way_to_those_before_them() {
        let at = |x: f32, y: f32| Rect::from_center_size(pos2(x, y), egui::vec2(16.0, 10.0));
        // Four cells' labels around one hot spot, and one a cell away.
        let kept = clear_of_each_other(
            [
                at(0.0, 0.0),
                at(6.0, 2.0),
                at(-5.0, 4.0),
                at(2.0, -6.0),
                at(22.0, 0.0),
            ]
            .into_iter(),
        );
        assert_eq!(kept, [true, false, false, false, true]);
    }

    #[test]
    fn the_grid_keeps_the_labels_a_plain_comparison_of_all_would() {
        let mut numbers = crate::test_numbers::Numbers::new(11);
        let mut next = |m: f32| numbers.unit() as f32 * m;
        let boxes: Vec<Rect> = (0..600)
            .map(|_| {
                Rect::from_min_size(
                    pos2(next(900.0) - 100.0, next(600.0) - 50.0),
                    egui::vec2(8.0 + next(30.0), 10.0),
                )
            })
            .collect();
        let mut kept: Vec<Rect> = Vec::new();
        let plain: Vec<bool> = boxes
            .iter()
            .map(|&b| {
                let free = !kept.iter().any(|p| p.expand(1.0).intersects(b));
                if free {
                    kept.push(b);
                }
                free
            })
            .collect();
        assert_eq!(clear_of_each_other(boxes.into_iter()), plain);
        assert!(plain.iter().filter(|&&k| k).count() > 100 && plain.contains(&false));
    }

    #[test]
    fn cell_labels_stay_short_and_never_round_up() {
        let labels: Vec<String> = [
            7, 999, 1_000, 1_351, 9_999, 10_000, 123_456, 999_999, 1_234_567, 12_345_678,
        ]
        .into_iter()
        .map(cell_label)
        .collect();
        let want = [
            "7", "999", "1.0k", "1.3k", "9.9k", "10k", "123k", "999k", "1.2M", "12M",
        ];
        assert_eq!(labels, want);
    }

    #[test]
    fn cells_count_points_and_sum_their_casualties() {
        let view = crate::ui::map::projector::MapView {
            center_lon: 0.0,
            center_lat: 0.0,
            points_per_deg: CELL as f64, // a degree a cell
        };
        let t = Projector::new(
            &view,
            egui::Rect::from_min_size(Pos2::ZERO, egui::vec2(4.0 * CELL, 4.0 * CELL)),
        );
        let points = [
            ([0.1, 0.1], 5),
            ([0.2, 0.3], 7),
            ([-1.5, 0.5], 1),
            ([9.0, 9.0], 100),
        ];
        let mut cells = count_cells(points.into_iter(), &t);
        cells.sort_by_key(|c| c.count);
        // The far point is off screen; the first two share a cell.
        let summary: Vec<(u32, u64)> = cells.iter().map(|c| (c.count, c.deaths)).collect();
        assert_eq!(summary, [(1, 1), (2, 12)]);
    }
}
