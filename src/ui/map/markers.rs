//! Event markers on the map, sized by casualties and bright while active,
//! with their casualty annotations.

use super::labels::{Anchor, MapLabel, Priority};
use super::projector::Projector;
use super::sprites::DiscSprites;
use super::trays::TrayChip;
use crate::model::Catalog;
use crate::ui::state::AppState;
use crate::ui::style::{Palette, event_color};
use egui::{FontId, Painter, Pos2, Rect, Stroke, Vec2, vec2};
use std::collections::BTreeMap;

/// One event's marker on screen.
#[derive(Clone, Debug)]
pub struct Marker {
    pub event: usize,
    pub pos: Pos2,
    pub radius: f32,
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

/// Markers for the events `positions` (by date) whose place is in view (or
/// near enough to show part of a marker); events sharing a place fan out in
/// a small ring. Also returns those out of view, with their world points,
/// in the order given (for the trays).
pub fn layout(
    catalog: &Catalog,
    p: &Projector,
    positions: &[usize],
) -> (Vec<Marker>, Vec<(usize, [f32; 2])>) {
    let world = catalog.world_points();
    let near = p.screen().expand(MAX_RADIUS);
    let mut groups: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    let mut out_of_view = Vec::new();
    for &i in positions {
        let Some(&w) = world.get(i).filter(|w| !w[0].is_nan()) else {
            continue;
        };
        if near.contains(p.world_to_screen(w)) {
            let at = |x: f32| (f64::from(x) * 1e4) as i64;
            groups.entry((at(w[0]), at(w[1]))).or_default().push(i);
        } else {
            out_of_view.push((i, w));
        }
    }
    let mut markers = Vec::new();
    for events in groups.values() {
        let Some(&w) = world.get(events[0]) else {
            continue;
        };
        let centre = p.world_to_screen(w);
        let n = events.len();
        let low = |i: usize| catalog.get(i).and_then(|e| e.casualties()).map(|c| c.low);
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
    (markers, out_of_view)
}

/// The largest marker radius (see [`radius_for`]): a marker this far off
/// screen still shows.
const MAX_RADIUS: f32 = 6.0 + 2.6 * 10.0;

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

/// The boxes of the markers: labels keep off them.
pub fn obstacles(markers: &[Marker]) -> impl Iterator<Item = Rect> + '_ {
    markers
        .iter()
        .map(|m| Rect::from_center_size(m.pos, Vec2::splat(2.0 * m.radius)))
}

/// The casualty labels of the active events ("6,500+ killed"), and the
/// selected or hovered event's title with it, as labels to place.
pub fn annotations(state: &AppState, markers: &[Marker], palette: &Palette) -> Vec<MapLabel> {
    let mut labels = Vec::new();
    for m in markers.iter().filter(|m| state.is_active(m.event)) {
        let Some(event) = state.catalog().get(m.event) else {
            continue;
        };
        let emphasised = state.selected_event == Some(m.event) || state.hovered_event == Some(m.event);
        let text = match (event.casualty_text(), emphasised) {
            (Some(c), true) => format!("{} · {c}", event.title()),
            (Some(c), false) => c.to_string(),
            (None, true) => event.title().to_string(),
            (None, false) => continue,
        };
        labels.push(MapLabel {
            text,
            font: FontId::proportional(if emphasised { 13.0 } else { 12.0 }),
            color: palette.text,
            halo: palette.halo,
            anchor: Anchor::Beside {
                point: m.pos,
                gap: m.radius,
            },
            priority: if emphasised {
                Priority::Selected
            } else {
                Priority::Annotation
            },
            dot: None,
        });
    }
    labels
}

/// Markers themselves, faded unless active (and active ones by age in the
/// cumulative mode).
///
/// A marker with an opaque fill is two disc sprites, its outline's colour
/// under its fill's: two quads where a tessellated circle and outline are
/// some hundred triangles (a software rasteriser pays for each). A see-through
/// fill would show the disc under it, so faded markers stay circles.
pub fn paint(
    painter: &Painter,
    state: &AppState,
    markers: &[Marker],
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
            // Cumulative mode: the longer ago an event ended, the fainter.
            let fill = if active {
                base.gamma_multiply(state.recency(m.event))
            } else {
                base.gamma_multiply(0.25)
            };
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
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Catalog;
    use crate::ui::map::projector::MapView;
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
        let p = Projector::new(&view, Rect::from_min_size(Pos2::ZERO, vec2(900.0, 600.0)));
        let shown: Vec<usize> = (0..state.catalog().events().len()).collect();
        let (markers, out_of_view) = layout(state.catalog(), &p, &shown);
        assert_eq!(out_of_view.len(), 3, "Washington and twice Moscow");
        let active = markers.iter().filter(|m| state.is_active(m.event)).count();
        let ctx = Context::default();
        let sprites = DiscSprites::new(&ctx);
        let texture = sprites.mesh().texture_id;
        let palette = Palette::new(true);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            paint(ui.painter(), &state, &markers, &palette, &sprites);
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
