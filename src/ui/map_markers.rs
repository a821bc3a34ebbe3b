//! Event markers on the map, sized by casualties and bright while active,
//! and the tray of events that happened off the map.

use super::disc_sprites::DiscSprites;
use super::map_density::{within, world_bounds};
use super::map_labels::LabelPlacer;
use super::mesh_cache::Transform;
use super::state::AppState;
use super::style::{Palette, event_color};
use egui::{Align2, FontId, Painter, Pos2, Rect, Stroke, Vec2, vec2};
use geo::Rect as GeoRect;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One event's marker on screen.
#[derive(Clone, Debug)]
pub struct Marker {
    pub event: usize,
    pub pos: Pos2,
    pub radius: f32,
}

/// Events that happened off the map, shown at its edge toward their place.
#[derive(Clone, Debug)]
pub struct TrayChip {
    pub place: String,
    /// Events there, by date (shared with the [`FarPlace`] it shows).
    pub events: Arc<[usize]>,
    pub rect: Rect,
    /// Unit vector from the map's centre toward the place.
    pub direction: Vec2,
}

/// What the pointer is over.
#[derive(Clone, Debug, PartialEq)]
pub enum MarkerHit {
    Event(usize),
    Tray(usize),
}

/// Marker radius: grows with the casualties' lower bound (log scale).
pub fn radius_for(low: Option<u32>) -> f32 {
    match low {
        Some(n) => 6.0 + 2.6 * (1.0 + n as f32).log10(),
        None => 6.0,
    }
}

/// Places the events `positions` (by date): markers inside `map_extent`
/// (degrees), tray chips for the rest. Events sharing a position fan out
/// in a small ring.
pub fn layout(
    state: &AppState,
    t: &Transform,
    map_extent: Option<GeoRect<f64>>,
    positions: &[usize],
) -> (Vec<Marker>, Vec<TrayChip>) {
    let catalog = &state.catalog();
    let world = catalog.world_points();
    let bounds = world_bounds(map_extent);
    let mut groups: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    let mut off_map = Vec::new();
    for &i in positions {
        let Some(&w) = world.get(i).filter(|w| !w[0].is_nan()) else {
            continue;
        };
        if within(bounds, w) {
            let at = |x: f32| (f64::from(x) * 1e4) as i64;
            groups.entry((at(w[0]), at(w[1]))).or_default().push(i);
        } else {
            off_map.push((i, w));
        }
    }
    let mut markers = Vec::new();
    for events in groups.values() {
        let Some(&w) = world.get(events[0]) else {
            continue;
        };
        let centre = t.apply(w);
        let n = events.len();
        let low = |i: usize| catalog.events()[i].casualties.as_ref().map(|c| c.low);
        // The ring clears its centre, so the place itself stays visible and clickable.
        let widest = events.iter().map(|&i| radius_for(low(i))).fold(0.0, f32::max);
        for (k, &i) in events.iter().enumerate() {
            let offset = if n == 1 || n > 12 {
                Vec2::ZERO // one event, or too many to fan out: stack them
            } else {
                let ring = widest + 14.0 + n as f32;
                let angle = -std::f32::consts::FRAC_PI_2 + k as f32 * std::f32::consts::TAU / n as f32;
                vec2(angle.cos(), angle.sin()) * ring
            };
            markers.push(Marker {
                event: i,
                pos: centre + offset,
                radius: radius_for(low(i)),
            });
        }
    }
    let chips = place_chips(t, &group_by_place(catalog, off_map));
    (markers, chips)
}

/// At most this many tray chips; the places with fewest events share the last.
pub const MAX_CHIPS: usize = 8;

/// Places off the map and their events, as the tray chips show them.
#[derive(Clone, Debug)]
pub struct FarPlace {
    pub place: String,
    /// By date.
    pub events: Arc<[usize]>,
    /// (lon, Mercator y) the chip points toward.
    pub world: [f32; 2],
}

/// Events off the map, by the place they name: each place's events in the
/// order given, its chip pointing toward the first one's position (world);
/// then as [`far_places`] keeps them.
pub fn group_by_place(
    catalog: &crate::model::Catalog,
    events: impl IntoIterator<Item = (usize, [f32; 2])>,
) -> Vec<FarPlace> {
    let mut by_place: BTreeMap<&str, (Vec<usize>, [f32; 2])> = BTreeMap::new();
    for (i, w) in events {
        let place = place_name(&catalog.events()[i]);
        by_place.entry(place).or_insert_with(|| (Vec::new(), w)).0.push(i);
    }
    let places = by_place
        .into_iter()
        .map(|(place, (events, w))| (place.to_string(), events, w))
        .collect();
    far_places(catalog, places)
}

/// The place a tray chip names for an event off the map.
pub fn place_name(event: &crate::model::Event) -> &str {
    event.place().unwrap_or("elsewhere")
}

/// At most [`MAX_CHIPS`] places: past that, the busiest, and the rest
/// together as "N other places". Does not depend on the view.
fn far_places(
    catalog: &crate::model::Catalog,
    mut places: Vec<(String, Vec<usize>, [f32; 2])>,
) -> Vec<FarPlace> {
    if places.len() > MAX_CHIPS {
        // Imported data can name thousands of far places: keep the busiest.
        places.sort_by_key(|(_, events, _)| std::cmp::Reverse(events.len()));
        let rest = places.split_off(MAX_CHIPS - 1);
        let n = rest.len() as f32;
        let world = rest
            .iter()
            .fold([0.0, 0.0], |a, (_, _, w)| [a[0] + w[0] / n, a[1] + w[1] / n]);
        let events = catalog.sorted_by_date(rest.iter().flat_map(|(_, e, _)| e.iter().copied()).collect());
        places.push((format!("{} other places", rest.len()), events, world));
    }
    places
        .into_iter()
        .map(|(place, events, world)| FarPlace {
            place,
            events: events.into(),
            world,
        })
        .collect()
}

/// The chips for `places` at the map's edge, each toward its place.
pub fn place_chips(t: &Transform, places: &[FarPlace]) -> Vec<TrayChip> {
    let inner = t.screen.shrink2(vec2(70.0, 26.0));
    let centre = t.screen.center();
    let mut chips: Vec<TrayChip> = Vec::new();
    for far in places {
        let target = t.apply(far.world);
        let direction = (target - centre).normalized();
        let pos = edge_point(inner, centre, direction);
        let size = vec2(16.0 + 7.5 * (far.place.chars().count() as f32 + 4.0), 22.0);
        let mut rect = Rect::from_center_size(pos, size);
        // Keep chips apart when places lie in similar directions.
        while chips.iter().any(|c| c.rect.intersects(rect)) {
            rect = rect.translate(vec2(0.0, 26.0));
        }
        chips.push(TrayChip {
            place: far.place.clone(),
            events: far.events.clone(),
            rect,
            direction,
        });
    }
    chips
}

/// Where a ray from `centre` along `direction` leaves `rect`.
fn edge_point(rect: Rect, centre: Pos2, direction: Vec2) -> Pos2 {
    let tx = if direction.x.abs() < 1e-6 {
        f32::INFINITY
    } else {
        (if direction.x > 0.0 {
            rect.right()
        } else {
            rect.left()
        } - centre.x)
            / direction.x
    };
    let ty = if direction.y.abs() < 1e-6 {
        f32::INFINITY
    } else {
        (if direction.y > 0.0 {
            rect.bottom()
        } else {
            rect.top()
        } - centre.y)
            / direction.y
    };
    centre + direction * tx.min(ty).max(0.0)
}

/// The marker or chip under `pos`, preferring active events and the smallest marker.
pub fn hit(state: &AppState, markers: &[Marker], chips: &[TrayChip], pos: Pos2) -> Option<MarkerHit> {
    if let Some(k) = chips.iter().position(|c| c.rect.contains(pos)) {
        return Some(MarkerHit::Tray(k));
    }
    markers
        .iter()
        .filter(|m| m.pos.distance(pos) <= m.radius + 3.0)
        .min_by(|a, b| {
            let key = |m: &Marker| (!state.is_active(m.event), m.pos.distance(pos));
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        })
        .map(|m| MarkerHit::Event(m.event))
}

/// Reserves the markers' space so that labels avoid them.
pub fn reserve(markers: &[Marker], chips: &[TrayChip], placer: &mut LabelPlacer) {
    for m in markers {
        placer.reserve(Rect::from_center_size(m.pos, Vec2::splat(2.0 * m.radius)));
    }
    for c in chips {
        placer.reserve(c.rect);
    }
}

/// Casualty labels of the active events ("6,500+ killed").
pub fn paint_annotations(
    painter: &Painter,
    state: &AppState,
    markers: &[Marker],
    palette: &Palette,
    placer: &mut LabelPlacer,
) {
    for m in markers.iter().filter(|m| state.is_active(m.event)) {
        let event = &state.catalog().events()[m.event];
        let emphasised = state.selected_event == Some(m.event) || state.hovered_event == Some(m.event);
        let text = match (event.casualty_text(), emphasised) {
            (Some(c), true) => format!("{} · {c}", event.title()),
            (Some(c), false) => c.to_string(),
            (None, true) => event.title().to_string(),
            (None, false) => continue,
        };
        let font = FontId::proportional(if emphasised { 13.0 } else { 12.0 });
        let color = event_color(state, m.event);
        if !placer.beside(
            painter,
            m.pos,
            m.radius,
            &text,
            font.clone(),
            palette.text,
            palette.halo,
        ) {
            // The figure matters more than a tidy layout: draw it anyway.
            placer.force(
                painter,
                m.pos + vec2(0.0, m.radius + 8.0),
                &text,
                font,
                color,
                palette.halo,
            );
        }
    }
}

/// Markers and chips themselves, faded unless active.
///
/// A marker with an opaque fill is two disc sprites, its outline's colour
/// under its fill's: two quads where a tessellated circle and outline are
/// some hundred triangles (a software rasteriser pays for each). A see-through
/// fill would show the disc under it, so faded markers stay circles.
pub fn paint(
    painter: &Painter,
    state: &AppState,
    markers: &[Marker],
    chips: &[TrayChip],
    palette: &Palette,
    sprites: &DiscSprites,
) {
    let pixels_per_point = painter.ctx().pixels_per_point();
    let mut discs = sprites.mesh();
    let style = |i: usize| {
        let base = event_color(state, i);
        let active = state.is_active(i);
        let focus = state.selected_event == Some(i) || state.hovered_event == Some(i);
        (base, active, focus)
    };
    // Inactive first so that active markers sit on top.
    for pass_active in [false, true] {
        for m in markers {
            let (base, active, focus) = style(m.event);
            if active != pass_active {
                continue;
            }
            let fill = if active { base } else { base.gamma_multiply(0.25) };
            let stroke = if focus {
                Stroke::new(3.0, palette.selection)
            } else if active {
                Stroke::new(1.5, palette.halo)
            } else {
                Stroke::new(1.0, palette.faded)
            };
            if fill.is_opaque() {
                sprites.add_outlined(&mut discs, m.pos, m.radius, pixels_per_point, (fill, stroke));
            } else {
                // In drawing order: the discs so far first.
                if !discs.is_empty() {
                    painter.add(std::mem::replace(&mut discs, sprites.mesh()));
                }
                painter.circle(m.pos, m.radius, fill, stroke);
            }
        }
    }
    if !discs.is_empty() {
        painter.add(discs);
    }
    for chip in chips {
        // A chip can hold most of a big import's events: plain lookups per
        // event here, no colours (this runs every frame).
        let any_active = chip.events.iter().any(|&i| state.is_active(i));
        let focus = [state.selected_event, state.hovered_event]
            .into_iter()
            .flatten()
            .any(|s| chip.events.contains(&s));
        let base = chip.events.first().map_or(palette.faded, |&i| style(i).0);
        let fill = if any_active {
            base
        } else {
            base.gamma_multiply(0.3)
        };
        let stroke = Stroke::new(
            if focus { 3.0 } else { 1.0 },
            if focus { palette.selection } else { palette.halo },
        );
        painter.rect(chip.rect, 6.0, fill, stroke, egui::StrokeKind::Inside);
        let text = format!("{} · {}", chip.place, chip.events.len());
        let text_color = if any_active {
            egui::Color32::WHITE
        } else {
            palette.text
        };
        painter.text(
            chip.rect.center(),
            Align2::CENTER_CENTER,
            text,
            FontId::proportional(12.0),
            text_color,
        );
        let start = edge_point(chip.rect, chip.rect.center(), chip.direction);
        painter.arrow(
            start,
            chip.direction * 16.0,
            Stroke::new(2.0, fill.gamma_multiply(1.5)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Catalog;
    use crate::ui::map_view::MapView;
    use egui::epaint::{ClippedShape, Mesh};
    use egui::{Color32, Context, Shape};

    /// The shapes `paint` makes for the article's markers on 8 Nov 2022.
    fn painted() -> (Vec<Marker>, usize, Vec<Shape>, egui::TextureId) {
        let atlas = crate::embedded::atlas().unwrap();
        let events = crate::embedded::article_events(&atlas).unwrap().items;
        let day = chrono::NaiveDate::from_ymd_opt(2022, 11, 8).unwrap();
        let state = AppState::new(atlas.clone(), Catalog::new(events, &atlas), Some(day));
        let view = MapView {
            center_lon: 45.5,
            center_lat: 40.0,
            points_per_deg: 100.0,
        };
        let t = Transform::new(&view, Rect::from_min_size(Pos2::ZERO, vec2(900.0, 600.0)));
        let shown: Vec<usize> = (0..state.catalog().events().len()).collect();
        let (markers, _) = layout(&state, &t, None, &shown);
        let active = markers.iter().filter(|m| state.is_active(m.event)).count();
        let ctx = Context::default();
        let sprites = DiscSprites::new(&ctx);
        let texture = sprites.mesh().texture_id;
        let palette = Palette::new(true);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            paint(ui.painter(), &state, &markers, &[], &palette, &sprites);
        });
        output.textures_delta.clear();
        let shapes = output.shapes.into_iter().map(|ClippedShape { shape, .. }| shape);
        (markers, active, shapes.collect(), texture)
    }

    #[test]
    fn active_markers_are_two_disc_sprites_and_faded_ones_circles() {
        let (markers, active, shapes, texture) = painted();
        assert!(
            active > 0 && active < markers.len(),
            "{active} of {}",
            markers.len()
        );
        let sprite_quads: usize = shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Mesh(m) if m.texture_id == texture => Some(m.vertices.len() / 4),
                _ => None,
            })
            .sum();
        assert_eq!(sprite_quads, 2 * active);
        let circles = shapes.iter().filter(|s| matches!(s, Shape::Circle(_))).count();
        assert_eq!(circles, markers.len() - active);
        // Each sprite marker: its outline's colour first, the fill over it.
        let sprite_meshes: Vec<&Mesh> = shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Mesh(m) if m.texture_id == texture => Some(&**m),
                _ => None,
            })
            .collect();
        let halo = Palette::new(true).halo;
        assert_eq!(sprite_meshes[0].vertices[0].color, halo);
        assert_ne!(sprite_meshes[0].vertices[4].color, halo);
        assert_ne!(sprite_meshes[0].vertices[4].color, Color32::TRANSPARENT);
    }
}
