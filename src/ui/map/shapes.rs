//! Events over areas, along routes, or at several points: their shapes,
//! drawn under the markers while the event is active, selected or hovered
//! (a light fill and an outline for areas, a line for routes, a ring at
//! each of several points). An area's triangles are made once per event.

use super::mesh::WorldMesh;
use super::projector::Projector;
use crate::model::Location;
use crate::model::shape::EventShape;
use crate::ui::state::AppState;
use crate::ui::style::{Palette, event_color};
use egui::{Painter, Shape, Stroke};
use geo::Geometry;
use std::collections::HashMap;

/// The most shapes drawn in one frame (the rest keep their markers).
const MAX_SHAPES: usize = 2_000;

/// Areas' triangles, made once per event and data version.
#[derive(Default)]
pub struct ShapeCache {
    generation: u64,
    areas: HashMap<usize, WorldMesh>,
}

impl ShapeCache {
    fn area(&mut self, generation: u64, pos: usize, shape: &EventShape) -> Option<&WorldMesh> {
        if generation != self.generation {
            self.areas.clear();
            self.generation = generation;
        }
        let polygons = match &shape.geometry {
            Geometry::Polygon(p) => geo::MultiPolygon(vec![p.clone()]),
            Geometry::MultiPolygon(m) => m.clone(),
            _ => return None,
        };
        Some(self.areas.entry(pos).or_insert_with(|| WorldMesh::new(&polygons)))
    }
}

/// Draws the shapes of the events shown with one; returns those events.
pub fn paint(
    painter: &Painter,
    p: &Projector,
    state: &AppState,
    cache: &mut ShapeCache,
    palette: &Palette,
) -> Vec<usize> {
    let catalog = state.catalog();
    let [w, s, e, n] = p.visible_bounds();
    let focus = |i: usize| state.selected_event == Some(i) || state.hovered_event == Some(i);
    let mut drawn = Vec::new();
    for &i in catalog.shaped() {
        if drawn.len() >= MAX_SHAPES {
            break;
        }
        if !(state.is_shown(i) && (state.is_active(i) || focus(i))) {
            continue;
        }
        let Some(Location::Shape(shape)) = catalog.get(i).map(|e| e.location()) else {
            continue;
        };
        let b = shape.bounds;
        if b.max().x < w || b.min().x > e || b.max().y < s || b.min().y > n {
            continue;
        }
        drawn.push(i);
        let color = event_color(state, i).gamma_multiply(state.recency(i));
        let stroke = if focus(i) {
            Stroke::new(2.5, palette.selection)
        } else {
            Stroke::new(1.5, color)
        };
        match &shape.geometry {
            Geometry::Polygon(_) | Geometry::MultiPolygon(_) => {
                if let Some(mesh) = cache.area(state.generation(), i, &shape) {
                    painter.extend(mesh.fill(p, color.gamma_multiply(0.22)));
                    painter.extend(mesh.outline(p, stroke));
                }
            }
            Geometry::LineString(line) => route(painter, p, line, stroke, palette),
            Geometry::MultiLineString(lines) => {
                for line in lines {
                    route(painter, p, line, stroke, palette);
                }
            }
            Geometry::MultiPoint(points) => {
                for pt in points {
                    painter.circle_stroke(p.project(pt.x(), pt.y()), 5.0, stroke);
                }
            }
            _ => {}
        }
    }
    drawn
}

/// A route: the line over a halo, so it reads on any fill.
fn route(painter: &Painter, p: &Projector, line: &geo::LineString<f64>, stroke: Stroke, palette: &Palette) {
    let points: Vec<egui::Pos2> = line.coords().map(|c| p.project(c.x, c.y)).collect();
    painter.add(Shape::line(
        points.clone(),
        Stroke::new(stroke.width + 2.5, palette.halo),
    ));
    painter.add(Shape::line(points, Stroke::new(stroke.width + 1.0, stroke.color)));
}
