//! Many events on the map: past a few thousand, events are counted into
//! screen-space cells instead of drawn one by one. The counting is cached
//! and redone only when the view, the events or the filter change, so
//! scrubbing the slider costs nothing here.

use super::disc_sprites::DiscSprites;
use super::map_markers::{FarPlace, TrayChip, group_by_place, place_chips};
use super::map_raster::BaseLayer;
use super::mesh_cache::Transform;
use super::state::AppState;
use super::style::Palette;
use crate::model::projection::mercator_y;
use egui::epaint::Mesh;
use egui::{Align2, Color32, Context, FontId, Painter, Pos2, Shape, Stroke, pos2};
use geo::Rect as GeoRect;
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

/// What the cells were counted (and their mesh built) for.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Key {
    generation: u64,
    bounds: WorldBounds,
    /// The view (centre, scale and screen rectangle).
    transform: Transform,
    pixels_per_point: f32,
    fill: Color32,
}

/// Cells and off-map trays for the current view, kept between frames.
#[derive(Default)]
pub struct DensityCache {
    key: Option<Key>,
    /// Shown events outside the map extent, by place and date; and the shown
    /// ones inside it as (position, casualties' lower bound), packed so that a
    /// recount for a new view streams 12 bytes an event, not the events. Both
    /// made once per generation and extent: neither depends on the view.
    far: Vec<FarPlace>,
    inside: Vec<([f32; 2], u32)>,
    split_for: Option<(u64, WorldBounds)>,
    pub cells: Vec<Cell>,
    /// How many times the cells were counted: tells one set from another.
    counted: u64,
    pub chips: Vec<TrayChip>,
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
        t: &Transform,
        map_extent: Option<GeoRect<f64>>,
        (ctx, palette): (&Context, &Palette),
    ) {
        let pixels_per_point = ctx.pixels_per_point();
        let bounds = world_bounds(map_extent);
        let key = Key {
            generation: state.generation(),
            bounds,
            transform: *t,
            pixels_per_point,
            fill: background_fill(palette),
        };
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        self.counted += 1;
        let world = state.catalog().world_points();
        if self.split_for != Some((state.generation(), bounds)) {
            self.far = group_far_events(state, world, bounds);
            self.inside = (0..world.len())
                .filter(|&i| state.is_shown(i))
                .filter_map(|i| on_map(state, world, bounds, i))
                .collect();
            self.split_for = Some((state.generation(), bounds));
        }
        self.cells = count_cells(self.inside.iter().copied(), t);
        self.chips = place_chips(t, &self.far);
        let sprites = self.sprites.get_or_insert_with(|| DiscSprites::new(ctx));
        let mut mesh = sprites.mesh();
        for cell in &self.cells {
            sprites.add(
                &mut mesh,
                cell.pos,
                cell_radius(cell.count),
                pixels_per_point,
                key.fill,
            );
        }
        self.background = Arc::new(mesh);
    }

    /// Whether cells were counted for some view yet.
    pub fn has_counted(&self) -> bool {
        self.key.is_some()
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
        let key = self.key?;
        Some(BaseLayer::Discs {
            cells: &self.cells,
            mesh: &self.background,
            color: key.fill,
            version: self.counted,
            counted_for: key.transform,
        })
    }

    /// Counts `positions` (e.g. the active events) into cells for this frame.
    pub fn count(
        &self,
        state: &AppState,
        positions: &[usize],
        t: &Transform,
        map_extent: Option<GeoRect<f64>>,
    ) -> Vec<Cell> {
        let bounds = world_bounds(map_extent);
        let points = positions
            .iter()
            .filter_map(|&i| on_map(state, state.catalog().world_points(), bounds, i));
        count_cells(points, t)
    }
}

/// (lower left, upper right) in (longitude, Mercator y).
pub type WorldBounds = ([f32; 2], [f32; 2]);

/// Whether `w` (longitude, Mercator y) lies within `bounds`.
pub fn within((lo, hi): WorldBounds, w: [f32; 2]) -> bool {
    lo[0] <= w[0] && w[0] <= hi[0] && lo[1] <= w[1] && w[1] <= hi[1]
}

/// The shown events outside `bounds`, grouped by place (see
/// [`group_by_place`]); visited in date order, so that each place's events
/// are in date order.
fn group_far_events(state: &AppState, world: &[[f32; 2]], bounds: WorldBounds) -> Vec<FarPlace> {
    let outside = state.catalog().by_date().iter().filter_map(|&i| {
        let w = *world.get(i)?;
        (!w[0].is_nan() && !within(bounds, w) && state.is_shown(i)).then_some((i, w))
    });
    group_by_place(state.catalog(), outside)
}

/// The map extent in (longitude, Mercator y).
pub fn world_bounds(map_extent: Option<GeoRect<f64>>) -> WorldBounds {
    match map_extent {
        Some(r) => (
            [r.min().x as f32, mercator_y(r.min().y) as f32],
            [r.max().x as f32, mercator_y(r.max().y) as f32],
        ),
        None => ([f32::MIN; 2], [f32::MAX; 2]),
    }
}

/// Event `i`'s position and casualties' lower bound, if it lies within the map
/// extent `bounds` (those outside are the trays').
fn on_map(state: &AppState, world: &[[f32; 2]], bounds: WorldBounds, i: usize) -> Option<([f32; 2], u32)> {
    let w = *world.get(i)?;
    if w[0].is_nan() || !within(bounds, w) {
        return None;
    }
    let low = state.catalog().events()[i]
        .casualties
        .as_ref()
        .map_or(0, |c| c.low);
    Some((w, low))
}

/// Counts `points` (position, casualties' lower bound) into screen cells.
fn count_cells(points: impl Iterator<Item = ([f32; 2], u32)>, t: &Transform) -> Vec<Cell> {
    let screen = t.screen;
    let cols = (screen.width() / CELL).ceil().max(1.0) as usize;
    let rows = (screen.height() / CELL).ceil().max(1.0) as usize;
    let mut grid = vec![(0u32, 0u64, 0f32, 0f32); cols * rows];
    for (w, low) in points {
        let p = t.apply(w);
        if !screen.contains(p) {
            continue;
        }
        let cx = (((p.x - screen.left()) / CELL) as usize).min(cols - 1);
        let cy = (((p.y - screen.top()) / CELL) as usize).min(rows - 1);
        let cell = &mut grid[cy * cols + cx];
        cell.0 += 1;
        cell.1 += u64::from(low);
        cell.2 += p.x;
        cell.3 += p.y;
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
    for cell in cells {
        if cell_radius(cell.count) >= 10.0 {
            let text = if cell.count >= 10_000 {
                format!("{}k", cell.count / 1000)
            } else {
                cell.count.to_string()
            };
            painter.text(
                cell.pos,
                Align2::CENTER_CENTER,
                text,
                FontId::proportional(10.0),
                palette.text,
            );
        }
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

    #[test]
    fn far_places_hold_their_events_in_date_order() {
        let state = state();
        let bounds = world_bounds(state.atlas.full_extent());
        let far = group_far_events(&state, state.catalog().world_points(), bounds);
        assert_eq!(far.len(), 1);
        assert_eq!(far[0].place, "Washington");
        let titles: Vec<&str> = far[0]
            .events
            .iter()
            .map(|&i| state.catalog().events()[i].title())
            .collect();
        assert_eq!(titles, ["early", "middle", "late"]);
    }

    #[test]
    fn a_new_map_extent_regroups_the_trays_in_the_same_view() {
        let state = state();
        let view = crate::ui::map_view::MapView {
            center_lon: 45.5,
            center_lat: 40.0,
            points_per_deg: 100.0,
        };
        let t = Transform::new(
            &view,
            egui::Rect::from_min_size(Pos2::ZERO, egui::vec2(900.0, 600.0)),
        );
        let palette = Palette::new(true);
        let ctx = Context::default();
        let mut density = DensityCache::default();
        let mut chips_with = |extent| {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                density.update(&state, &t, extent, (ui.ctx(), &palette));
            });
            output.textures_delta.clear();
            density.chips.iter().map(|c| c.place.clone()).collect::<Vec<_>>()
        };
        assert_eq!(chips_with(state.atlas.full_extent()), ["Washington"]);
        // A world-wide extent (as after loading regions that reach America):
        // nothing is off the map any more.
        let world = geo::Rect::new(
            geo::coord! { x: -180.0, y: -80.0 },
            geo::coord! { x: 180.0, y: 80.0 },
        );
        assert!(chips_with(Some(world)).is_empty());
    }

    #[test]
    fn cells_count_points_and_sum_their_casualties() {
        let view = crate::ui::map_view::MapView {
            center_lon: 0.0,
            center_lat: 0.0,
            points_per_deg: CELL as f64, // a degree a cell
        };
        let t = Transform::new(
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
